// Package api is Closed Set's HTTP adapter: the Echo server, its middleware,
// the route table generated from openapi.yaml, one file of handlers per
// resource and the single error handler. It never touches the database.
package api

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"closedset/internal/service"
)

// Options configures the HTTP server.
type Options struct {
	Service        *service.Service
	Logger         *slog.Logger
	TrustedProxies []*net.IPNet
	// SecureCookies marks the refresh cookie Secure (always, except in tests
	// that speak plain HTTP through a client without a cookie exception).
	SecureCookies bool
	// Metrics counts every request (nil: a registry of its own). It is served
	// by Metrics.Handler on a separate listener, never by this server.
	Metrics *Metrics
	// Stopping, when closed, ends long-lived responses (the live board
	// stream) so a graceful shutdown does not wait for them.
	Stopping <-chan struct{}
	// BodyTimeout is how long after its start a request's body may take to
	// arrive before the answer is 408 request_timeout (0: DefaultBodyTimeout,
	// 10 s; tests shorten it). The http.Server's ReadTimeout must be longer.
	BodyTimeout time.Duration
}

// Server implements the generated ServerInterface.
type Server struct {
	svc           *service.Service
	log           *slog.Logger
	secureCookies bool
	stopping      <-chan struct{}
}

// New builds the Echo application: middleware, validated API routes, ops
// endpoints and the embedded PWA.
func New(o Options) (*echo.Echo, error) {
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	if o.BodyTimeout <= 0 {
		o.BodyTimeout = DefaultBodyTimeout
	}
	s := &Server{svc: o.Service, log: o.Logger, secureCookies: o.SecureCookies, stopping: o.Stopping}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(o.Logger)
	e.IPExtractor = ipExtractor(o.TrustedProxies)

	spec, err := GetSpec()
	if err != nil {
		return nil, err
	}
	spec.Servers = nil // paths carry their full /api/v1 prefix
	openapi3filter.RegisterBodyDecoder(echo.MIMEApplicationJSON, strictJSONBodyDecoder)
	validate, err := validateRequests(spec)
	if err != nil {
		return nil, err
	}

	// The order matters: the caller is authenticated before the body is
	// read, so a missing token never costs reading a large body; the body is
	// read whole, within BodyTimeout, before the validator and the handlers
	// see it, so they never meet a network error; a database slot is taken
	// only once the body is in (a slow upload holds none).
	e.Use(
		middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: newRequestID}),
		securityHeaders,
		observe(o.Logger, o.Metrics),
		recoverer(o.Logger),
		headerLimit,
		middleware.BodyLimit("1M"),
		rejectNUL,
		s.authenticateFirst(securityModes(spec)),
		readBody(o.BodyTimeout),
		admit(o.Service),
		compress(func(c echo.Context) bool { return strings.HasSuffix(c.Path(), "/events") }),
		validate,
		idempotency(o.Service, o.Logger),
	)
	RegisterHandlers(e, s)
	// Metrics are served only on their own listener (Metrics.Handler); here
	// /metrics is neither metrics nor the app.
	e.Any("/metrics", func(echo.Context) error { return echo.ErrNotFound })
	mountPWA(e)
	return e, nil
}

// requestIDPrefix makes this process's request ids unlike another's.
var requestIDPrefix = func() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()

var requestSeq atomic.Uint64

// newRequestID is a request's X-Request-Id: the process's random prefix and a
// counter (32 hex characters), unique without asking the random source on
// every request as echo's generator does.
func newRequestID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[8:], requestSeq.Add(1))
	return requestIDPrefix + hex.EncodeToString(b[8:])
}

// ipExtractor trusts X-Forwarded-For only from the configured proxies; with
// none configured the client is the TCP peer.
func ipExtractor(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range proxies {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
