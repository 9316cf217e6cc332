package api

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"
	echomw "github.com/oapi-codegen/echo-middleware"

	"closedset/internal/domain"
)

const userIDKey = "closedset.userID"

// authenticate is the OpenAPI security handler for bearerAuth: it verifies the
// access token and stores the caller's id on the Echo context.
func (s *Server) authenticate(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
	c := echomw.GetEchoContext(ctx)
	header := in.RequestValidationInput.Request.Header.Get(echo.HeaderAuthorization)
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return &echo.HTTPError{Code: 401, Internal: domain.Unauthorized("unauthorized", "Sign in to continue.")}
	}
	id, err := s.svc.Authenticate(c.Request().Context(), strings.TrimSpace(token))
	if domain.IsCode(err, "invalid_token") {
		return &echo.HTTPError{Code: 401, Internal: err}
	}
	if err != nil {
		return err
	}
	c.Set(userIDKey, id)
	return nil
}

// userID is the authenticated caller of an operation that requires bearerAuth.
func userID(c echo.Context) string {
	id, _ := c.Get(userIDKey).(string)
	return id
}

// observe renders the error of a request (so the final status is known), then
// counts it in the metrics and logs one line: method, route template (never the
// raw path, which can hold invite tokens), status, duration, size, client IP,
// request id. Never bodies, headers, tokens or query strings.
func observe(log *slog.Logger, m *Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "/*" || route == "" {
				route = "(static)"
				if strings.HasPrefix(c.Request().URL.Path, "/api/") {
					route = "(unmatched)"
				}
			}
			status := c.Response().Status
			m.observe(c.Request().Method, route, status, time.Since(start))
			level := slog.LevelInfo
			if status >= 500 && status != 501 {
				level = slog.LevelError
			}
			log.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", c.Request().Method),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.Int64("bytes", c.Response().Size),
				slog.String("ip", c.RealIP()),
				slog.String("requestId", c.Response().Header().Get(echo.HeaderXRequestID)),
			)
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
