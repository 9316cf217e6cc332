package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// BenchmarkCoverageHTTP1000x20 measures GET /coverage and /coverage.csv
// through the whole stack (HTTP, middleware, request validation, JWT, the
// service, SQLite, encoding 1,000 scenes × 20 cast: about 2 MB of JSON) for
// a production seeded directly through storage: warm (the coverage cache is
// up to date; the usual case) and cold (a second instance of the app, on the
// same database, without the cache: every request computes everything). The
// response is read but not validated against the spec (that would dominate).
func BenchmarkCoverageHTTP1000x20(b *testing.B) {
	s := newTestServer(b)
	f := storagetest.SeedCoverage(b, s.Store, 1000, 20, time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC))
	cold := newTestServerOn(b, s.Store, func(o *service.Options) { o.CoverageCacheSize = -1 })
	token, _, err := auth.NewTokens([]byte(strings.Repeat("s", 32)), testPublicURL, s.Clock.Now).Issue(f.ProducerID)
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/coverage", "/coverage.csv"} {
		for _, srv := range []struct {
			name string
			s    *testServer
		}{{"warm", s}, {"cold", cold}} {
			b.Run(strings.TrimPrefix(path, "/")+"/"+srv.name, func(b *testing.B) {
				req, _ := http.NewRequest("GET", srv.s.URL+"/api/v1/productions/"+f.ProductionID+path, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				get := func() {
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					n, _ := io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK || n < 1_000_000 {
						b.Fatalf("status %d, %d bytes", res.StatusCode, n)
					}
				}
				get() // warms the cache (of the warm server)
				b.ReportAllocs()
				for b.Loop() {
					get()
				}
			})
		}
	}
}
