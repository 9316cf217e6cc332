package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestEachCoverageSceneStopsOnError: an error from the callback ends the read
// and is returned; a panic there becomes an error instead of ending the
// process (the callback runs on a goroutine the server's recovery does not
// reach).
func TestEachCoverageSceneStopsOnError(t *testing.T) {
	st := storagetest.Open(t)
	f := storagetest.SeedCoverage(t, st, 30, 2, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()

	calls := 0
	boom := errors.New("boom")
	err := st.EachCoverageScene(ctx, f.ProductionID, storage.CoverageFilter{}, func(storage.CoverageScene) error {
		calls++
		return boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("err %v after %d calls, want boom after 1", err, calls)
	}

	err = st.EachCoverageScene(ctx, f.ProductionID, storage.CoverageFilter{}, func(storage.CoverageScene) error {
		var lines map[string][]int
		lines["x"][3]++ // a nil map and an index out of range: a bug in a caller
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("a panic in the callback gave %v, want an error", err)
	}

	n := 0
	if err := st.EachCoverageScene(ctx, f.ProductionID, storage.CoverageFilter{}, func(storage.CoverageScene) error { n++; return nil }); err != nil || n != 30 {
		t.Fatalf("the store after the errors: %d scenes, %v", n, err)
	}
}
