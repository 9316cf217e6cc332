package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
	echomw "github.com/oapi-codegen/echo-middleware"
)

// validateRequests checks a request against the operation Echo routed it to
// (openapi.yaml: parameters, body, security), with echo-middleware's checks
// and answers. Echo has already found the operation, from the same spec
// (RegisterHandlers), so the validator is handed it instead of finding it
// again with a router of its own: that second routing cost about half of
// the validation of a consent PUT.
//
// Skipped: what is not under /api/, and operations with no parameter and no
// body, which have nothing to check (their caller was authenticated before,
// by authenticateFirst). A request under /api/ that Echo did not route to an
// operation (an unknown path: 404; a method the path does not have: 405) is
// answered by echo-middleware's own router, as before.
func validateRequests(spec *openapi3.T) (echo.MiddlewareFunc, error) {
	routes := specRoutes(spec)
	fallback, err := gorillamux.NewRouter(spec)
	if err != nil {
		return nil, err
	}
	opts := &echomw.Options{
		MultiErrorHandler: func(me openapi3.MultiError) *echo.HTTPError {
			return &echo.HTTPError{Code: http.StatusBadRequest, Internal: me}
		},
		Options: openapi3filter.Options{
			MultiError:         true,
			AuthenticationFunc: confirmAuthenticated,
		},
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if !strings.HasPrefix(req.URL.Path, "/api/") {
				return next(c)
			}
			route, declared := routes[req.Method+" "+c.Path()]
			switch {
			case !declared:
				if err := echomw.ValidateRequestFromContext(c, fallback, opts); err != nil {
					return err
				}
				return next(c) // not reached for an operation of the spec
			case route == nil:
				return next(c) // nothing to validate
			}
			names, values := c.ParamNames(), c.ParamValues()
			params := make(map[string]string, len(names))
			for i, name := range names {
				v := values[i] // as sent: Echo routes on the escaped path
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
				params[name] = v
			}
			if err := echomw.ValidateRequestFromContext(c, routed{route, params}, opts); err != nil {
				return err
			}
			return next(c)
		}
	}, nil
}

// specRoutes is each operation of spec by "METHOD /echo/route/:param" (the
// form of Echo's c.Path()); nil for one with nothing to validate.
func specRoutes(spec *openapi3.T) map[string]*routers.Route {
	out := map[string]*routers.Route{}
	for path, item := range spec.Paths.Map() {
		echoPath := specParam.ReplaceAllString(path, ":$1")
		for method, op := range item.Operations() {
			key := method + " " + echoPath
			if len(item.Parameters) == 0 && len(op.Parameters) == 0 && op.RequestBody == nil {
				out[key] = nil
				continue
			}
			out[key] = &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return out
}

// routed is the operation Echo found for one request, as the validator asks
// a router for it.
type routed struct {
	route  *routers.Route
	params map[string]string
}

func (r routed) FindRoute(*http.Request) (*routers.Route, map[string]string, error) {
	return r.route, r.params, nil
}
