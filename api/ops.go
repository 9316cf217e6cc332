package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"closedset/internal/domain"
)

// Metrics is the Prometheus registry of one server.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	handler  http.Handler
	series   sync.Map // seriesKey → *series: the children, found once
}

// seriesKey names one request series; the method is one of httpMethods or
// "OTHER", the route a template, so the set stays small whatever clients send.
type seriesKey struct {
	method, route string
	status        int
}

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// httpMethods are the methods counted under their own name.
var httpMethods = map[string]string{http.MethodGet: http.MethodGet, http.MethodHead: http.MethodHead,
	http.MethodPost: http.MethodPost, http.MethodPut: http.MethodPut, http.MethodPatch: http.MethodPatch,
	http.MethodDelete: http.MethodDelete, http.MethodOptions: http.MethodOptions}

// NewMetrics returns a registry with HTTP, Go runtime and process metrics.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closedset_http_requests_total", Help: "HTTP requests by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "closedset_http_request_duration_seconds", Help: "HTTP request latency by method and route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
	}
	m.Registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	return m
}

// observe counts a request. The series of a method, route and status is
// looked up in the vectors once (hashing the labels), then kept.
func (m *Metrics) observe(method, route string, status int, d time.Duration) {
	k := seriesKey{method: httpMethods[method], route: route, status: status}
	if k.method == "" {
		k.method = "OTHER"
	}
	v, ok := m.series.Load(k)
	if !ok {
		v, _ = m.series.LoadOrStore(k, &series{
			requests: m.requests.WithLabelValues(k.method, route, strconv.Itoa(status)),
			duration: m.duration.WithLabelValues(k.method, route)})
	}
	s := v.(*series)
	s.requests.Inc()
	s.duration.Observe(d.Seconds())
}

// Healthz answers 200 while the process is up.
func (s *Server) Healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// Readyz answers 200 when the database is reachable and fully migrated, else
// 503 problem+json.
func (s *Server) Readyz(c echo.Context) error {
	if err := s.svc.Ready(c.Request().Context()); err != nil {
		s.log.Warn("not ready", "err", err)
		return domain.E(domain.KindUnavailable, "unavailable", "The database is not ready.")
	}
	return c.String(http.StatusOK, "ready\n")
}

// Handler serves GET /metrics (the Prometheus text format) and nothing
// else: it is mounted only on the separate CLOSEDSET_METRICS_ADDR listener,
// never on the public one.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler)
	return mux
}
