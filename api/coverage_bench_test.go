package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/storage/storagetest"
)

// BenchmarkCoverageHTTP1000x20 measures GET /coverage through the whole stack
// (HTTP, middleware, request validation, JWT, the service, SQLite, JSON
// encoding of 1,000 scenes × 20 cast: about 2 MB) for a production seeded
// directly through storage. The response is read but not validated against
// the spec (that would dominate).
func BenchmarkCoverageHTTP1000x20(b *testing.B) {
	s := newTestServer(b)
	f := storagetest.SeedCoverage(b, s.Store, 1000, 20, time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC))
	token, _, err := auth.NewTokens([]byte(strings.Repeat("s", 32)), testPublicURL, s.Clock.Now).Issue(f.ProducerID)
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/coverage", "/coverage.csv"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			req, _ := http.NewRequest("GET", s.URL+"/api/v1/productions/"+f.ProductionID+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			b.ReportAllocs()
			for b.Loop() {
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
		})
	}
}
