package coverage_test

import (
	"context"
	"testing"

	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/storage/storagetest"
)

// BenchmarkCoverage1000x20 measures coverage reads of a production of 1,000
// tagged scenes × 20 cast members with consents, riders, steps, check-ins and
// debriefs, encoded as the producer's JSON (the HTTP figure, with gzip, is
// api's BenchmarkCoverageHTTP1000x20):
//   - cold: nothing cached (emptied before each read) — the membership, the
//     names, the audit head, the per-table reads and every line;
//   - warm: nothing changed since the last read — the membership, the names
//     and an empty read of the audit events since, then the encoding;
//   - one_change: one performer's consent changed (outside the timer) since
//     the last read — the warm read, plus that scene read and recomputed;
//   - csv_coordinator: a warm read as the coordinator's CSV (20,000 rows).
func BenchmarkCoverage1000x20(b *testing.B) {
	st := storagetest.Open(b)
	f := storagetest.SeedCoverage(b, st, 1000, 20, covStart)
	svc := covService(b, st)
	ctx := context.Background()
	read := func(b *testing.B) {
		body, err := svc.Coverage().JSON(ctx, f.ProducerID, f.ProductionID, coverage.Query{})
		if err != nil || len(body) < 1_000_000 {
			b.Fatalf("%d bytes, %v", len(body), err)
		}
	}
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			svc.Coverage().Forget()
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
	b.Run("csv_coordinator", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, body, err := svc.Coverage().CSV(ctx, f.CoordinatorID, f.ProductionID, coverage.Query{}); err != nil || len(body) < 1_000_000 {
				b.Fatalf("%d bytes, %v", len(body), err)
			}
		}
	})
}
