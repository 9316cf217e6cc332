package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// BenchmarkMiddlewareGetMe is signed-in GET /me through the real Echo
// application in process, 64 callers, logging (text) to io.Discard, as a
// browser asks (gzip accepted). Its CPU profile (-cpuprofile) gives each
// middleware's share of a request: the README's "Middleware costs" reads
// cum(middleware) − cum(the next one).
func BenchmarkMiddlewareGetMe(b *testing.B) {
	st := storagetest.Open(b)
	svc, err := service.New(service.Options{Store: st, Tokens: auth.NewTokens([]byte(strings.Repeat("s", 32)), "http://bench.test", time.Now),
		Argon2: auth.CheapArgon2, PublicURL: "http://bench.test"})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); svc.AuthCache().Run(ctx) }()
	b.Cleanup(func() { cancel(); <-done })
	e, err := New(Options{Service: svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	sess, err := svc.Register(ctx, service.RegisterInput{Email: "bench@example.test", Password: "correct horse battery", DisplayName: "Bench"}, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	for !svc.AuthCache().Fresh() {
		time.Sleep(10 * time.Millisecond)
	}
	b.ReportAllocs()
	b.SetParallelism(32) // × GOMAXPROCS 2 = 64 callers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+sess.AccessToken)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}
