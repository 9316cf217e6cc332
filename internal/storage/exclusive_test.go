package storage_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestExclusively: on PostgreSQL, of callers running the same job at once —
// through two stores, as two instances would — exactly one runs it; the
// others return at once without running it; a job of another name runs
// meanwhile; once it is done the next caller runs it again. On SQLite every
// call runs.
func TestExclusively(t *testing.T) {
	ctx := context.Background()
	url := storagetest.URL(t)
	open := func() *storage.Store {
		s, err := storage.Open(url, storage.Options{MaxConns: 1}) // the lock takes no pool connection
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	if err := a.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	job := func(ctx context.Context) error { runs.Add(1); return nil }
	if ran, err := a.Exclusively(ctx, "sweep", job); !ran || err != nil || runs.Load() != 1 {
		t.Fatalf("alone: ran %v, err %v, runs %d", ran, err, runs.Load())
	}
	if !storage.IsPostgres(url) {
		return
	}

	const callers = 8
	release := make(chan struct{})
	skipped := make(chan struct{}, callers)
	runs.Store(0)
	blocking := func(ctx context.Context) error {
		runs.Add(1)
		if _, err := a.CountUsers(ctx); err != nil { // the pool of one is free for the job itself
			return err
		}
		<-release
		return nil
	}
	var wg sync.WaitGroup
	var ranCount atomic.Int32
	for i := range callers {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Go(func() {
			ran, err := st.Exclusively(ctx, "sweep", blocking)
			if err != nil {
				t.Error(err)
			}
			if ran {
				ranCount.Add(1)
			} else {
				skipped <- struct{}{}
			}
		})
	}
	deadline := time.After(20 * time.Second)
	for range callers - 1 {
		select {
		case <-skipped:
		case <-deadline:
			t.Errorf("the other callers did not return while the job ran (runs %d)", runs.Load())
		}
	}
	// Another job is not held up by this one.
	if ran, err := b.Exclusively(ctx, "reminders", job); !ran || err != nil {
		t.Errorf("another job: ran %v, err %v", ran, err)
	}
	close(release)
	wg.Wait()
	if ranCount.Load() != 1 || runs.Load() != 2 { // 1 blocking run + the other job
		t.Fatalf("ran %d times at once (runs %d), want once", ranCount.Load(), runs.Load())
	}
	if ran, err := b.Exclusively(ctx, "sweep", job); !ran || err != nil {
		t.Fatalf("after the job ended: ran %v, err %v", ran, err)
	}
}
