package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"closedset/api"
	"closedset/internal/auth"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
	"closedset/internal/testclock"
)

// testServer is the real Echo app over HTTP on a real SQLite file.
type testServer struct {
	t     testing.TB
	URL   string
	Clock *testclock.Clock
	Store *storage.Store
	Svc   *service.Service
	Logs  *syncBuffer
	// Metrics is the server's registry, served only by Metrics.Handler (the
	// separate CLOSEDSET_METRICS_ADDR listener in production).
	Metrics *api.Metrics
	// Handler is the Echo application itself (benchmarks call it in process).
	Handler http.Handler
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const testPublicURL = "http://closedset.test"

// testPushHosts is the push allow-list of test servers and their push worker.
var testPushHosts = []string{".example.test", "127.0.0.1"}

// The VAPID key pair of test servers (base64url, uncompressed P-256).
const (
	testVAPIDPublic  = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
	testVAPIDPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
)

// newTestServer builds the real application on a fresh database (a SQLite file
// in t.TempDir(), or a PostgreSQL schema with CLOSEDSET_TEST_POSTGRES) with a fixed clock (2026-11-22 09:00 UTC) and cheap argon2.
func newTestServer(t testing.TB) *testServer {
	t.Helper()
	return newTestServerOn(t, storagetest.Open(t), nil)
}

// newTestServerOn builds the application on an existing store (another
// instance of the app on the same database), with its options changed by
// tweak when not nil.
func newTestServerOn(t testing.TB, store *storage.Store, tweak func(*service.Options)) *testServer {
	t.Helper()
	clock := testclock.New(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	opts := service.Options{
		Store:     store,
		Tokens:    auth.NewTokens([]byte(strings.Repeat("s", 32)), testPublicURL, clock.Now),
		Argon2:    auth.CheapArgon2,
		Now:       clock.Now,
		PublicURL: testPublicURL,
		Secret:    []byte(strings.Repeat("i", 32)),

		VAPIDPublicKey:   testVAPIDPublic,
		PushAllowedHosts: testPushHosts,
	}
	if tweak != nil {
		tweak(&opts)
	}
	svc, err := service.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	runAuthCache(t, svc)
	logs := &syncBuffer{}
	metrics := api.NewMetrics()
	e, err := api.New(api.Options{Service: svc, Logger: slog.New(slog.NewTextHandler(logs, nil)), SecureCookies: true, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(e)
	hs.Config.MaxHeaderBytes = 64 << 10 // as internal/app/run.go
	hs.Start()
	t.Cleanup(hs.Close)
	return &testServer{t: t, URL: hs.URL, Clock: clock, Store: store, Svc: svc, Logs: logs, Metrics: metrics, Handler: e}
}

// runAuthCache runs the service's auth cache poller (as app.Run does) until
// the test ends, stopped before the store is closed.
func runAuthCache(t testing.TB, svc *service.Service) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		svc.AuthCache().Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// response is a decoded HTTP answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map (objects) — fails the test otherwise.
func (r response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// List decodes a JSON array body.
func (r response) List(t testing.TB) []map[string]any {
	t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(r.Body, &l); err != nil {
		t.Fatalf("body is not a JSON array: %v\n%s", err, r.Body)
	}
	return l
}

// Cookie returns the value of a Set-Cookie of that name, and whether it was set.
func (r response) Cookie(name string) (*http.Cookie, bool) {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// request is one HTTP call; body may be a string (sent raw) or any value (sent
// as JSON).
type request struct {
	Method, Path string
	Token        string
	Body         any
	Header       map[string]string
}

func (s *testServer) Do(r request) response {
	s.t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	req, err := http.NewRequest(r.Method, s.URL+r.Path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	out := response{Status: res.StatusCode, Header: res.Header, Body: b}
	checkResponseAgainstSpec(s.t, req, out)
	return out
}

var specRouter = sync.OnceValues(func() (routers.Router, error) {
	// Text bodies the validator has no decoder for.
	for _, ct := range []string{"text/calendar", "text/csv", "text/event-stream"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
	spec, err := api.GetSpec()
	if err != nil {
		return nil, err
	}
	spec.Servers = nil
	return gorillamux.NewRouter(spec)
})

// checkResponseAgainstSpec fails the test when an API answer is not what
// openapi.yaml documents for that operation and status.
func checkResponseAgainstSpec(t testing.TB, req *http.Request, res response) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	router, err := specRouter()
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		return // unknown routes and methods: the error tests check those
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  res.Status,
		Header:  res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.yaml: %v\n%s", req.Method, req.URL.Path, res.Status, err, res.Body)
	}
}

// account is a signed-up user of a test server.
type account struct {
	ID, Email, Token, Refresh string
}

// signUp registers a user with password "correct horse battery".
func (s *testServer) signUp(name string) account {
	s.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.test"
	res := s.Do(request{Method: "POST", Path: "/api/v1/auth/register",
		Body: map[string]any{"email": email, "password": "correct horse battery", "displayName": name}})
	if res.Status != http.StatusCreated {
		s.t.Fatalf("sign up %s: %d %s", name, res.Status, res.Body)
	}
	m := res.JSON(s.t)
	c, _ := res.Cookie("closedset_refresh")
	return account{ID: m["user"].(map[string]any)["id"].(string), Email: email, Token: m["accessToken"].(string), Refresh: c.Value}
}

// createProduction creates a production as a (who becomes its producer).
func (s *testServer) createProduction(a account, title string) string {
	s.t.Helper()
	res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
		Body: map[string]any{"title": title, "kind": "film", "timezone": "Europe/London"}})
	if res.Status != http.StatusCreated {
		s.t.Fatalf("create production: %d %s", res.Status, res.Body)
	}
	return res.JSON(s.t)["id"].(string)
}

// join invites a to production p with role (as inviter) and accepts as a.
func (s *testServer) join(inviter account, p string, a account, role string) {
	s.t.Helper()
	res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + p + "/invites", Token: inviter.Token,
		Body: map[string]any{"email": a.Email, "role": role}})
	if res.Status != http.StatusCreated {
		s.t.Fatalf("invite %s as %s: %d %s", a.Email, role, res.Status, res.Body)
	}
	tok := res.JSON(s.t)["token"].(string)
	res = s.Do(request{Method: "POST", Path: "/api/v1/invites/" + tok + "/accept", Token: a.Token})
	if res.Status != http.StatusOK {
		s.t.Fatalf("accept invite: %d %s", res.Status, res.Body)
	}
}

// assertProblem checks a problem+json answer with status and code.
func assertProblem(t *testing.T, res response, status int, code string) map[string]any {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d: %s", res.Status, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q, want application/problem+json", ct)
	}
	p := res.JSON(t)
	if p["code"] != code {
		t.Fatalf("code %v, want %s: %s", p["code"], code, res.Body)
	}
	if int(p["status"].(float64)) != status || p["title"] == "" || p["type"] == "" || p["detail"] == "" {
		t.Fatalf("incomplete problem: %s", res.Body)
	}
	return p
}
