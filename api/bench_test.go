package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkGetMe measures an authenticated read through the whole stack:
// HTTP, middleware, spec validation, JWT check, SQLite.
func BenchmarkGetMe(b *testing.B) {
	s := newTestServer(b)
	a := s.signUp("Bench Mark")
	s.createProduction(a, "Bench Production")
	b.ReportAllocs()
	for b.Loop() {
		if res := s.Do(request{Method: "GET", Path: "/api/v1/me", Token: a.Token}); res.Status != http.StatusOK {
			b.Fatalf("status %d", res.Status)
		}
	}
}

// BenchmarkCreateProduction measures a write use case: validation, one
// transaction with the production, the membership and an audit event.
func BenchmarkCreateProduction(b *testing.B) {
	s := newTestServer(b)
	a := s.signUp("Bench Writer")
	body := map[string]any{"title": "Bench", "kind": "film", "timezone": "Europe/London"}
	b.ReportAllocs()
	for b.Loop() {
		if res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: body}); res.Status != http.StatusCreated {
			b.Fatalf("status %d", res.Status)
		}
	}
}

// BenchmarkGetMeInProcess is GET /me with 64 goroutines through the Echo
// application in process (no network), as a browser asks (gzip accepted):
// its CPU profile gives each middleware's share (README, "Middleware
// costs").
func BenchmarkGetMeInProcess(b *testing.B) {
	s := newTestServer(b)
	a := s.signUp("Bench Mark")
	s.createProduction(a, "Bench Production")
	b.ReportAllocs()
	b.SetParallelism(32) // × GOMAXPROCS 2 = 64 callers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+a.Token)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			rec := httptest.NewRecorder()
			s.Handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}
