package api

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

const (
	// maxHeaderBytes is the most request headers may hold before the API
	// answers 431 headers_too_large. The http.Server refuses headers over 64
	// KiB itself, before routing (text/plain).
	maxHeaderBytes = 16 << 10
	// DefaultBodyTimeout is how long after its headers a request body may take
	// to arrive before the answer is 408 request_timeout.
	DefaultBodyTimeout = 10 * time.Second
	// streamRoute is the live board's server-sent events: it lasts for hours
	// and needs no database once open, so it takes no request slot.
	streamRoute = "/api/v1/productions/:productionId/events"
	// meRoute (GET) is served from the auth cache when it can be; the
	// service takes a request slot only when it must read the database.
	meRoute  = "/api/v1/me"
	startKey = "closedset.start"
)

// headerLimit refuses requests whose header fields (names, values and their
// separators, Host included) exceed maxHeaderBytes with 431 problem+json.
func headerLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		n := len("Host: \r\n") + len(req.Host)
		for k, vs := range req.Header {
			for _, v := range vs {
				n += len(k) + len(v) + len(": \r\n")
			}
		}
		if n > maxHeaderBytes {
			c.Response().Header().Set(echo.HeaderConnection, "close")
			return echo.NewHTTPError(http.StatusRequestHeaderFieldsTooLarge)
		}
		return next(c)
	}
}

// admit holds one of the database's request slots for the length of an API
// request, so that at most as many requests as the pool has connections work
// at once and the others wait (up to 5 s, then 503 with Retry-After: 1)
// instead of failing for want of a connection. Reads (GET, HEAD) change
// nothing: they run on the read pool and take read slots, admitted apart from
// writes, so that a producer's coverage never waits behind performers'
// decisions. The event stream takes none; GET /me takes one only when the
// auth cache cannot answer (service.Me).
func admit(svc *service.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if !strings.HasPrefix(req.URL.Path, "/api/") ||
				req.Method == http.MethodGet && c.Path() == streamRoute { // it spends its ticket: a write
				return next(c)
			}
			if req.Method == http.MethodGet || req.Method == http.MethodHead {
				c.SetRequest(req.WithContext(service.ReadOnly(req.Context())))
				if c.Path() == meRoute {
					return next(c)
				}
			}
			release, err := svc.Admit(c.Request().Context())
			if err != nil {
				return err
			}
			defer release()
			return next(c)
		}
	}
}

var errBodyIncomplete = domain.E(domain.KindBadRequest, "body_incomplete",
	"The request body ended before its announced length. Send it again.")

var errBodyUnreadable = domain.E(domain.KindBadRequest, "bad_request", "The request body could not be read.")

// readBody reads the whole request body into memory (at most the body limit)
// before anything validates or decodes it, within timeout of the request's
// start: a body not complete by then is 408 request_timeout, one that ends
// early (the connection closed before Content-Length bytes) 400
// body_incomplete, one over the limit 413. Either way the connection is
// closed after the answer. No network error text reaches the caller.
func readBody(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
				return next(c)
			}
			start, ok := c.Get(startKey).(time.Time)
			if !ok {
				start = time.Now()
			}
			rc := http.NewResponseController(c.Response().Writer)
			deadline := rc.SetReadDeadline(start.Add(timeout)) == nil
			var buf bytes.Buffer
			if req.ContentLength > 0 && req.ContentLength <= 1<<20 {
				buf.Grow(int(req.ContentLength))
			}
			_, err := buf.ReadFrom(req.Body)
			if deadline && err == nil {
				// Only the body had a deadline; the rest of the request does not
				// (the server still watches the connection for a client gone).
				// After a failure it stays, so that net/http, discarding what is
				// left of the body, does not wait on a stalled client.
				_ = rc.SetReadDeadline(time.Time{})
			}
			if err != nil {
				c.Response().Header().Set(echo.HeaderConnection, "close")
				var ne net.Error
				switch {
				case isTooLarge(err):
					return tooLarge
				case errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
					return echo.NewHTTPError(http.StatusRequestTimeout)
				case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.As(err, &ne):
					return errBodyIncomplete // the connection ended or broke
				default: // a malformed chunk
					return errBodyUnreadable
				}
			}
			data := buf.Bytes()
			req.Body = io.NopCloser(bytes.NewReader(data))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
			req.ContentLength = int64(len(data))
			return next(c)
		}
	}
}
