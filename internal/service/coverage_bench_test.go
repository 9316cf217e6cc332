package service_test

import (
	"context"
	"testing"
	"time"

	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// BenchmarkCoverage1000x20 measures one full coverage computation for a
// production of 1,000 tagged scenes × 20 cast members with consents, riders,
// steps, check-ins and debriefs: the membership check, the three reads and
// the readiness of every scene (the budget: well under 50 ms).
func BenchmarkCoverage1000x20(b *testing.B) {
	st := storagetest.Open(b)
	seeded := time.Now()
	f := storagetest.SeedCoverage(b, st, 1000, 20, covStart)
	b.Logf("seeded 1000 scenes × 20 cast in %v", time.Since(seeded).Round(time.Millisecond))
	svc := covService(b, st)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cov, err := svc.GetCoverage(ctx, f.ProducerID, f.ProductionID, service.CoverageQuery{})
		if err != nil || len(cov.Scenes) != 1000 {
			b.Fatalf("%d scenes, %v", len(cov.Scenes), err)
		}
	}
}
