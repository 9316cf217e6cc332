package api_test

import (
	"net/http"
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
