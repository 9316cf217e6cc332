package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"
	echomw "github.com/oapi-codegen/echo-middleware"

	"closedset/internal/domain"
	"closedset/internal/service"
)

const userIDKey = "closedset.userID"

// authMode is what an operation's security asks of the caller.
type authMode uint8

const (
	authNone     authMode = iota // security: [] (or no bearerAuth alternative)
	authOptional                 // bearerAuth or anonymous
	authRequired                 // bearerAuth in every alternative
)

// securityModes maps "METHOD /echo/route/:param" of every operation of the
// spec to what its security (or the spec's default) asks, so the caller can
// be authenticated before the body is read.
func securityModes(spec *openapi3.T) map[string]authMode {
	modes := map[string]authMode{}
	for path, item := range spec.Paths.Map() {
		route := specParam.ReplaceAllString(path, ":$1")
		for method, op := range item.Operations() {
			reqs := spec.Security
			if op.Security != nil {
				reqs = *op.Security
			}
			with, without := 0, 0
			for _, r := range reqs {
				if _, ok := r["bearerAuth"]; ok {
					with++
				} else {
					without++
				}
			}
			switch {
			case with > 0 && without == 0:
				modes[method+" "+route] = authRequired
			case with > 0:
				modes[method+" "+route] = authOptional
			}
		}
	}
	return modes
}

var specParam = regexp.MustCompile(`\{([^}/]+)\}`)

var errSignIn = domain.Unauthorized("unauthorized", "Sign in to continue.")

// authenticateFirst verifies the access token of operations whose security
// requires bearerAuth before anything reads the body: a missing or invalid
// token is 401 at once (a large body is never read), a database failure 503
// unavailable with Retry-After (never 401). With optional security a valid
// token identifies the caller and anything else leaves it anonymous.
func (s *Server) authenticateFirst(modes map[string]authMode) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			mode := modes[c.Request().Method+" "+c.Path()]
			if mode == authNone {
				return next(c)
			}
			id, err := s.authenticateRequest(c)
			switch {
			case err == nil:
				c.Set(userIDKey, id)
			case mode == authOptional && domain.As(err).Kind == domain.KindUnauthorized:
			default:
				return err
			}
			return next(c)
		}
	}
}

// authenticateRequest checks the bearer token of a request. Errors are domain
// errors: unauthorized or invalid_token (401), or unavailable (503, logged
// here without the token) when the database could not answer.
func (s *Server) authenticateRequest(c echo.Context) (string, error) {
	header := c.Request().Header.Get(echo.HeaderAuthorization)
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", errSignIn
	}
	ctx := c.Request().Context()
	// When it must ask the database the check holds a read slot only for
	// itself: the body is read after it, without one, so a slow upload never
	// keeps others waiting. It is a read: the read pool answers it, never
	// behind writers. A user whose state is cached costs none.
	id, err := s.svc.Authenticate(service.ReadOnly(ctx), token)
	if err == nil {
		return id, nil
	}
	if de := domain.As(err); de != nil {
		return "", de
	}
	level := slog.LevelError
	if ctx.Err() != nil { // the client went away; not the database's fault
		level = slog.LevelWarn
	}
	s.log.LogAttrs(ctx, level, "authentication failed: the database did not answer",
		slog.String("err", err.Error()), slog.String("route", c.Path()),
		slog.String("requestId", c.Response().Header().Get(echo.HeaderXRequestID)))
	return "", errAuthUnavailable()
}

// errAuthUnavailable is the answer when a token could not be checked for our
// own failure: the caller is still signed in and should retry.
func errAuthUnavailable() error {
	e := domain.E(domain.KindUnavailable, "unavailable", "The service is briefly unavailable. Try again in a moment.")
	e.Extra = map[string]any{"retryAfter": authRetryAfter}
	return e
}

// authRetryAfter is the Retry-After (seconds) of a failed authentication.
const authRetryAfter = 2

// confirmAuthenticated is the request validator's bearerAuth handler: the
// token was verified by authenticateFirst before the body was read; this only
// confirms it found a caller (and fails the bearerAuth alternative of an
// operation with optional security for an anonymous one).
func confirmAuthenticated(ctx context.Context, _ *openapi3filter.AuthenticationInput) error {
	if userID(echomw.GetEchoContext(ctx)) != "" {
		return nil
	}
	return errSignIn
}

// userID is the authenticated caller of an operation that requires bearerAuth.
func userID(c echo.Context) string {
	id, _ := c.Get(userIDKey).(string)
	return id
}

// observe renders the error of a request (so the final status is known), then
// counts it in the metrics and logs one line: method, route template (never the
// raw path, which can hold invite tokens), status, duration, size, client IP,
// request id. Never bodies, headers, tokens or query strings. The line goes
// straight to the logger's handler, as slog's own wrappers do: the caller's
// program counter, which the line never shows, is not looked up.
func observe(log *slog.Logger, m *Metrics) echo.MiddlewareFunc {
	h := log.Handler()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			c.Set(startKey, start)
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			req, res := c.Request(), c.Response()
			route := c.Path()
			if route == "/*" || route == "" {
				route = "(static)"
				if strings.HasPrefix(req.URL.Path, "/api/") {
					route = "(unmatched)"
				}
			}
			end := time.Now()
			status := res.Status
			m.observe(req.Method, route, status, end.Sub(start))
			level := slog.LevelInfo
			switch {
			case status == http.StatusServiceUnavailable:
				// Busy, or the client went away: the cause, when it is a
				// failure of ours (the database), is logged at ERROR where
				// it happened.
				level = slog.LevelWarn
			case status >= 500 && status != 501:
				level = slog.LevelError
			}
			ctx := req.Context()
			if !h.Enabled(ctx, level) {
				return nil
			}
			r := slog.NewRecord(end, level, "request", 0)
			r.AddAttrs(
				slog.String("method", req.Method),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Duration("duration", end.Sub(start)),
				slog.Int64("bytes", res.Size),
				slog.String("ip", c.RealIP()),
				slog.String("requestId", res.Header().Get(echo.HeaderXRequestID)),
			)
			_ = h.Handle(ctx, r) // a log that cannot be written is not the caller's failure
			return nil
		}
	}
}

// recoverer turns a panic into a logged internal error.
func recoverer(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					buf := make([]byte, 4<<10)
					buf = buf[:runtime.Stack(buf, false)]
					log.Error("panic", "panic", fmt.Sprint(r), "route", c.Path(), "stack", string(buf))
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return next(c)
		}
	}
}

// rejectNUL answers requests whose path or query holds a NUL character: no id
// contains one (404), and no parameter may (400). Bodies are checked by the
// JSON decoder.
func rejectNUL(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := c.Request().URL
		if strings.ContainsRune(u.Path, 0) {
			return domain.NotFound("Resource")
		}
		if strings.Contains(u.RawQuery, "%00") || strings.ContainsRune(u.RawQuery, 0) {
			return domain.E(domain.KindBadRequest, "invalid_parameter", "Parameters must not contain NUL characters.")
		}
		return next(c)
	}
}
