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
// through the whole stack (HTTP, gzip and the other middleware, request
// validation, JWT, internal/coverage, SQLite, encoding 1,000 scenes × 20
// cast: about 2 MB of JSON) for a production seeded directly through
// storage: warm (the coverage cache is up to date; the usual case) and cold
// (a second instance of the app, on the same database, without the cache:
// every request computes everything). The JSON is the producer's (and, in
// warm-coordinator, the coordinator's, with each cast member's consent); the
// CSV is the coordinator's, one row per scene × cast member (the producer's
// has one per scene). The response is read but not validated against the
// spec (that would dominate).
func BenchmarkCoverageHTTP1000x20(b *testing.B) {
	s := newTestServer(b)
	f := storagetest.SeedCoverage(b, s.Store, 1000, 20, time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC))
	cold := newTestServerOn(b, s.Store, func(o *service.Options) { o.CoverageCacheSize = -1 })
	tokens := auth.NewTokens([]byte(strings.Repeat("s", 32)), testPublicURL, s.Clock.Now)
	producer, _, err := tokens.Issue(f.ProducerID)
	if err != nil {
		b.Fatal(err)
	}
	coordinator, _, err := tokens.Issue(f.CoordinatorID)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, path, token string
		s                 *testServer
	}{
		{"coverage/warm", "/coverage", producer, s}, {"coverage/cold", "/coverage", producer, cold},
		{"coverage/warm-coordinator", "/coverage", coordinator, s},
		{"coverage.csv/warm", "/coverage.csv", coordinator, s}, {"coverage.csv/cold", "/coverage.csv", coordinator, cold},
	} {
		b.Run(c.name, func(b *testing.B) {
			req, _ := http.NewRequest("GET", c.s.URL+"/api/v1/productions/"+f.ProductionID+c.path, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
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
