package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"closedset/internal/service"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listenRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

// start runs the real binary's Run on port 0 and returns its base URL and a
// stop function that returns Run's error.
func start(t *testing.T, vars map[string]string) (string, *lockedBuffer, func() error) {
	t.Helper()
	out := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, []string{"closedset"}, func(k string) string { return vars[k] }, out) }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenRE.FindStringSubmatch(out.String()); m != nil {
			return "http://" + m[1], out, func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(20 * time.Second):
					t.Fatal("Run did not return after its context ended")
					return nil
				}
			}
		}
		select {
		case err := <-done:
			t.Fatalf("Run returned early: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("server did not start:\n%s", out.String())
	return "", nil, nil
}

func TestRunServesAndShutsDown(t *testing.T) {
	db := "file:" + filepath.Join(t.TempDir(), "run.db")
	vars := map[string]string{"CLOSEDSET_ADDR": "127.0.0.1:0", "CLOSEDSET_DATABASE": db, "CLOSEDSET_DEMO": "true"}
	url, out, stop := start(t, vars)

	for _, p := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(url + p)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v %v", p, res, err)
		}
		res.Body.Close()
	}
	_, port, _ := strings.Cut(strings.TrimPrefix(url, "http://"), ":")
	if err := Run(context.Background(), []string{"closedset", "healthcheck"},
		func(k string) string { return map[string]string{"CLOSEDSET_ADDR": ":" + port}[k] }, &lockedBuffer{}); err != nil {
		t.Fatalf("healthcheck: %v", err)
	}
	logs := out.String()
	for _, a := range service.DemoAccounts {
		if !strings.Contains(logs, a.Email) {
			t.Fatalf("demo account %s not printed:\n%s", a.Email, logs)
		}
	}
	// The printed demo account signs in.
	body := `{"email":"` + service.DemoAccounts[0].Email + `","password":"` + service.DemoPassword + `"}`
	res, err := http.Post(url+"/api/v1/auth/login", "application/json", strings.NewReader(body))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("demo login: %v %v", res, err)
	}
	var login struct{ AccessToken string }
	if err := json.NewDecoder(res.Body).Decode(&login); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if strings.Contains(out.String(), login.AccessToken) {
		t.Fatal("an access token was logged")
	}

	// A restart on the same database keeps the generated JWT key (the token
	// still works) and does not load the demo again.
	url, out, stop = start(t, vars)
	req, _ := http.NewRequest("GET", url+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+login.AccessToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("token after restart: %v %v", res, err)
	}
	res.Body.Close()
	if strings.Contains(out.String(), "password: "+service.DemoPassword) {
		t.Fatal("demo data loaded twice")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	err := Run(context.Background(), []string{"closedset"}, func(k string) string {
		if k == "CLOSEDSET_LOG_FORMAT" {
			return "xml"
		}
		return ""
	}, &lockedBuffer{})
	if err == nil || !strings.Contains(err.Error(), "CLOSEDSET_LOG_FORMAT") {
		t.Fatalf("err = %v", err)
	}
	if err := Run(context.Background(), []string{"closedset", "extra"}, func(string) string { return "" }, &lockedBuffer{}); err == nil {
		t.Fatal("extra arguments accepted")
	}
}

var metricsRE = regexp.MustCompile(`msg=metrics addr=(\S+)`)

// TestRunServesMetricsOnlyOnItsOwnListener: with CLOSEDSET_METRICS_ADDR set,
// /metrics is served there (and stops with Run); the public listener never
// serves it, set or not.
func TestRunServesMetricsOnlyOnItsOwnListener(t *testing.T) {
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	db := "file:" + filepath.Join(t.TempDir(), "metrics.db")
	vars := map[string]string{"CLOSEDSET_ADDR": "127.0.0.1:0", "CLOSEDSET_DATABASE": db, "CLOSEDSET_METRICS_ADDR": "127.0.0.1:0"}
	url, out, stop := start(t, vars)
	m := metricsRE.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no metrics listener logged:\n%s", out.String())
	}
	metricsURL := "http://" + m[1]
	if status, _ := get(url + "/healthz"); status != http.StatusOK {
		t.Fatalf("healthz: %d", status)
	}
	if status, body := get(url + "/metrics"); status != http.StatusNotFound || strings.Contains(body, "closedset_http") {
		t.Errorf("public /metrics: %d %.200s", status, body)
	}
	status, body := get(metricsURL + "/metrics")
	if status != http.StatusOK || !strings.Contains(body, `closedset_http_requests_total{method="GET",route="/healthz",status="200"} 1`) {
		t.Errorf("metrics listener: %d %.2000s", status, body)
	}
	if status, _ := get(metricsURL + "/healthz"); status != http.StatusNotFound {
		t.Errorf("the metrics listener serves /healthz: %d", status)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if status, _ := get(metricsURL + "/metrics"); status != 0 {
		t.Errorf("the metrics listener outlived Run: %d", status)
	}

	// Unset: no metrics anywhere.
	delete(vars, "CLOSEDSET_METRICS_ADDR")
	url, out, stop = start(t, vars)
	if metricsRE.MatchString(out.String()) {
		t.Errorf("a metrics listener without CLOSEDSET_METRICS_ADDR:\n%s", out.String())
	}
	if status, body := get(url + "/metrics"); status != http.StatusNotFound || strings.Contains(body, "closedset_http") {
		t.Errorf("public /metrics: %d %.200s", status, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
