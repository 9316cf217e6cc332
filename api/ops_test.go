package api_test

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"testing"

	"closedset/frontend"
)

// Operations endpoints (api.md "Operations") and the embedded PWA.

func TestHealthz(t *testing.T) {
	s := newTestServer(t)
	res := s.Do(request{Method: "GET", Path: "/healthz"})
	if res.Status != http.StatusOK {
		t.Fatalf("healthz: %d %s", res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); strings.Contains(ct, "html") {
		t.Errorf("healthz content type %q", ct)
	}
}

func TestReadyz(t *testing.T) {
	s := newTestServer(t)
	res := s.Do(request{Method: "GET", Path: "/readyz"})
	if res.Status != http.StatusOK {
		t.Fatalf("readyz: %d %s", res.Status, res.Body)
	}

	t.Run("store closed", func(t *testing.T) {
		s := newTestServer(t)
		if err := s.Store.Close(); err != nil {
			t.Fatal(err)
		}
		res := s.Do(request{Method: "GET", Path: "/readyz"})
		assertProblem(t, res, http.StatusServiceUnavailable, "unavailable")
		// Liveness does not depend on the database.
		if res := s.Do(request{Method: "GET", Path: "/healthz"}); res.Status != http.StatusOK {
			t.Errorf("healthz with the store closed: %d %s", res.Status, res.Body)
		}
	})
}

// metricSample returns the value of the sample line that starts with series
// (metric name and labels exactly as exposed), and whether it was found.
func metricSample(t *testing.T, exposition []byte, series string) (float64, bool) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(exposition))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || name != series {
			continue
		}
		v, err := strconv.ParseFloat(strings.Fields(value)[0], 64)
		if err != nil {
			t.Fatalf("sample %q: %v", sc.Text(), err)
		}
		return v, true
	}
	return 0, false
}

func TestMetrics(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Met Rics")
	production := s.createProduction(a, "Counted")
	if res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + production, Token: a.Token}); res.Status != http.StatusOK {
		t.Fatalf("get production: %d %s", res.Status, res.Body)
	}
	for range 2 {
		s.Do(request{Method: "GET", Path: "/api/v1/productions/" + unknownID, Token: a.Token})
	}
	s.Do(request{Method: "POST", Path: "/api/v1/invites/secret-invite-token-123/accept", Token: a.Token})
	s.Do(request{Method: "GET", Path: "/api/v1/no-such-route-xyz"})
	// Methods no route knows count as OTHER: a client cannot add series.
	for _, m := range []string{"BREW", "XYZZY-1", "BREW"} {
		s.Do(request{Method: m, Path: "/api/v1/productions/" + production, Token: a.Token})
	}

	// Never on the public listener: not metrics, not the app.
	for _, p := range []string{"/metrics", "/metrics/", "/metrics?x=1", "/Metrics"} {
		res := s.Do(request{Method: "GET", Path: p})
		if bytes.Contains(res.Body, []byte("closedset_http")) || bytes.Contains(res.Body, []byte("# TYPE")) ||
			p == "/metrics" && res.Status != http.StatusNotFound {
			t.Fatalf("public GET %s: %d %.300s", p, res.Status, res.Body)
		}
	}
	// Only on the metrics listener (CLOSEDSET_METRICS_ADDR), which serves nothing else.
	ms := httptest.NewServer(s.Metrics.Handler())
	defer ms.Close()
	for _, p := range []string{"/", "/api/v1/me", "/healthz"} {
		if r, err := http.Get(ms.URL + p); err != nil || r.StatusCode != http.StatusNotFound {
			t.Errorf("metrics listener GET %s: %v %v", p, r, err)
		} else {
			r.Body.Close()
		}
	}
	hr, err := http.Get(ms.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(hr.Body)
	hr.Body.Close()
	if err != nil || hr.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d %s %v", hr.StatusCode, body, err)
	}
	if ct := hr.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("metrics content type %q, want the Prometheus text format", ct)
	}
	if !bytes.Contains(body, []byte("# TYPE closedset_http_requests_total counter")) {
		t.Fatalf("no closedset_http_requests_total counter:\n%.2000s", body)
	}
	for series, want := range map[string]float64{
		`closedset_http_requests_total{method="GET",route="/api/v1/productions/:productionId",status="200"}`:   1,
		`closedset_http_requests_total{method="GET",route="/api/v1/productions/:productionId",status="404"}`:   2,
		`closedset_http_requests_total{method="POST",route="/api/v1/productions",status="201"}`:                1,
		`closedset_http_requests_total{method="POST",route="/api/v1/invites/:token/accept",status="404"}`:      1,
		`closedset_http_requests_total{method="OTHER",route="/api/v1/productions/:productionId",status="405"}`: 3,
	} {
		got, ok := metricSample(t, body, series)
		if !ok {
			t.Errorf("no sample %s", series)
		} else if got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if !bytes.Contains(body, []byte("closedset_http_request_duration_seconds_bucket{")) {
		t.Error("no request duration histogram")
	}
	if bytes.Contains(body, []byte("BREW")) || bytes.Contains(body, []byte("XYZZY")) {
		t.Error("a client's own method became a metric series")
	}
	// Route templates, never raw paths: no ids, tokens or arbitrary paths.
	for _, raw := range []string{production, unknownID, "secret-invite-token-123", "no-such-route-xyz"} {
		if bytes.Contains(body, []byte(raw)) {
			t.Errorf("metrics contain the raw path segment %q", raw)
		}
	}
	if bytes.Contains(body, []byte(`route="/api/v1/productions/0`)) {
		t.Error("metrics are labelled by raw path")
	}
}

func TestPWA(t *testing.T) {
	s := newTestServer(t)
	built := frontend.Built()
	t.Logf("embedded PWA built: %v", built)

	html := func(t *testing.T, p string) response {
		t.Helper()
		res := s.Do(request{Method: "GET", Path: p})
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %.200s", p, res.Status, res.Body)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: content type %q, want text/html", p, ct)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", p, cc)
		}
		return res
	}

	t.Run("app shell and client routes", func(t *testing.T) {
		root := html(t, "/")
		for _, p := range []string{"/productions/abc", "/invite/some-token", "/scenes/1/choreography", "/index.html"} {
			if res := html(t, p); !bytes.Equal(res.Body, root.Body) {
				t.Errorf("GET %s is not the app shell", p)
			}
		}
		if built {
			index, err := fs.ReadFile(frontend.Dist(), "index.html")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(root.Body, index) {
				t.Error("GET / is not the embedded index.html")
			}
		}
	})

	t.Run("API paths never serve HTML", func(t *testing.T) {
		for _, p := range []string{"/api/v1/nope", "/api/v1/productions/x/nope", "/api/v1/", "/api/", "/api/v1/assets/index.js"} {
			res := s.Do(request{Method: "GET", Path: p, Header: map[string]string{"Accept": "text/html"}})
			if strings.Contains(res.Header.Get("Content-Type"), "html") || bytes.Contains(bytes.ToLower(res.Body), []byte("<html")) {
				t.Errorf("GET %s served HTML: %d", p, res.Status)
			}
			assertProblem(t, res, http.StatusNotFound, "not_found")
		}
	})

	t.Run("missing files are 404", func(t *testing.T) {
		for _, p := range []string{"/assets/nope.js", "/assets/nope-12345678.css", "/nope.png", "/icons/nope.svg"} {
			res := s.Do(request{Method: "GET", Path: p})
			if res.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d %s, want 404", p, res.Status, res.Header.Get("Content-Type"))
			}
		}
	})

	if !built {
		t.Log("PWA not built: hashed asset and service worker caching not checked")
		return
	}

	t.Run("hashed assets are immutable", func(t *testing.T) {
		entries, err := fs.ReadDir(frontend.Dist(), "assets")
		if err != nil || len(entries) == 0 {
			t.Fatalf("built PWA without assets/: %v", err)
		}
		checked := 0
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			p := "/assets/" + e.Name()
			res := s.Do(request{Method: "GET", Path: p})
			if res.Status != http.StatusOK {
				t.Errorf("GET %s: %d", p, res.Status)
				continue
			}
			if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=") {
				t.Errorf("GET %s: Cache-Control %q, want long-lived immutable", p, cc)
			}
			if ct := res.Header.Get("Content-Type"); path.Ext(p) == ".js" && !strings.Contains(ct, "javascript") {
				t.Errorf("GET %s: content type %q", p, ct)
			}
			checked++
		}
		if checked == 0 {
			t.Error("no asset checked")
		}
	})

	t.Run("service worker and manifest are revalidated", func(t *testing.T) {
		for _, p := range []string{"/sw.js", "/manifest.webmanifest"} {
			if _, err := fs.Stat(frontend.Dist(), strings.TrimPrefix(p, "/")); err != nil {
				t.Errorf("built PWA lacks %s", p)
				continue
			}
			res := s.Do(request{Method: "GET", Path: p})
			if res.Status != http.StatusOK {
				t.Errorf("GET %s: %d", p, res.Status)
				continue
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("GET %s: Cache-Control %q, want no-cache", p, cc)
			}
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("GET %s served as HTML", p)
			}
		}
	})
}

// TestAPIAnswersAreNeverStored: every answer under /api/ — success, error,
// unmatched route, validation failure, idempotent replay, public or signed in
// — says Cache-Control: no-store; the app shell keeps its own caching.
func TestAPIAnswersAreNeverStored(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	key := map[string]string{"Idempotency-Key": "no-store-replay-1"}
	withdraw := request{Method: "POST", Path: "/api/v1/scenes/" + w.Scene + "/consent/withdraw", Token: w.PerformerA.Token, Body: map[string]any{}, Header: key}
	for _, tt := range []struct {
		name string
		req  request
		want int
	}{
		{"public", request{Method: "GET", Path: "/api/v1/push/vapid-public-key"}, http.StatusOK},
		{"signed in", request{Method: "GET", Path: "/api/v1/me", Token: w.Coordinator.Token}, http.StatusOK},
		{"scene", request{Method: "GET", Path: "/api/v1/scenes/" + w.Scene, Token: w.Coordinator.Token}, http.StatusOK},
		{"no token", request{Method: "GET", Path: "/api/v1/me"}, http.StatusUnauthorized},
		{"not a member", request{Method: "GET", Path: "/api/v1/scenes/" + w.Scene, Token: w.Outsider.Token}, http.StatusNotFound},
		{"unmatched route", request{Method: "GET", Path: "/api/v1/no-such-thing", Token: w.Coordinator.Token}, http.StatusNotFound},
		{"invalid body", request{Method: "POST", Path: "/api/v1/productions", Token: w.Producer.Token, Body: map[string]any{"title": 7}}, http.StatusUnprocessableEntity},
		{"write", withdraw, http.StatusOK},
		{"replay", withdraw, http.StatusOK},
		{"no content", request{Method: "DELETE", Path: "/api/v1/push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fx", Token: w.Producer.Token}, http.StatusNoContent},
	} {
		res := s.Do(tt.req)
		if res.Status != tt.want {
			t.Errorf("%s: %d %.200s, want %d", tt.name, res.Status, res.Body, tt.want)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s (%d): Cache-Control %q, want no-store", tt.name, res.Status, cc)
		}
	}
	if cc := s.Do(request{Method: "GET", Path: "/"}).Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("app shell: Cache-Control %q, want no-cache (revalidated, not no-store)", cc)
	}
}
