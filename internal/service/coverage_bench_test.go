package service_test

import (
	"context"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// BenchmarkCoverage1000x20 measures coverage reads of a production of 1,000
// tagged scenes × 20 cast members with consents, riders, steps, check-ins and
// debriefs (the budget: well under 50 ms):
//   - cold: nothing cached (emptied before each read) — the membership check,
//     the names, the audit head, the scenes read and every scene's readiness;
//   - warm: nothing changed since the last read — the membership, the names
//     and an empty read of the audit events since;
//   - one_change: one performer's consent changed (outside the timer) since
//     the last read — the warm read, plus that scene read and recomputed.
func BenchmarkCoverage1000x20(b *testing.B) {
	st := storagetest.Open(b)
	seeded := time.Now()
	f := storagetest.SeedCoverage(b, st, 1000, 20, covStart)
	b.Logf("seeded 1000 scenes × 20 cast in %v", time.Since(seeded).Round(time.Millisecond))
	svc := covService(b, st)
	ctx := context.Background()
	read := func(b *testing.B) {
		cov, err := svc.GetCoverage(ctx, f.ProducerID, f.ProductionID, service.CoverageQuery{})
		if err != nil || len(cov.Scenes) != 1000 {
			b.Fatalf("%d scenes, %v", len(cov.Scenes), err)
		}
	}
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			svc.ForgetCoverage()
			read(b)
		}
	})
	b.Run("warm", func(b *testing.B) {
		read(b)
		b.ReportAllocs()
		for b.Loop() {
			read(b)
		}
	})
	b.Run("one_change", func(b *testing.B) {
		performer, scene := f.PerformerIDs[3], f.SceneIDs[500]
		read(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			b.StopTimer()
			var err error
			if i++; i%2 == 1 {
				_, err = svc.WithdrawConsent(ctx, performer, scene, "")
			} else {
				_, err = svc.DecideConsent(ctx, performer, scene, 1, domain.ConsentConfirmed, "")
			}
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			read(b)
		}
	})
}
