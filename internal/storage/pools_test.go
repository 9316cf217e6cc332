package storage_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

func newUser(now time.Time) domain.User {
	id := uuid.Must(uuid.NewV7()).String()
	return domain.User{ID: id, Email: id + "@pools.test", DisplayName: "Pool", CreatedAt: now}
}

// TestConcurrentWritesQueue: many goroutines writing at once all succeed —
// on SQLite they queue in Go for the one writer connection, never in
// SQLite's busy handler ("database is locked") — and reads see every
// committed write.
func TestConcurrentWritesQueue(t *testing.T) {
	s := storagetest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	const writers, each = 32, 20
	ids := make(chan string, writers*each)
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				u := newUser(now)
				err := s.Tx(ctx, func(tx *storage.Store) error {
					if _, err := tx.FindUser(ctx, u.ID); !domain.IsCode(err, "not_found") {
						return fmt.Errorf("find before create: %v", err)
					}
					return tx.CreateUser(ctx, u, "not a hash")
				})
				if err != nil {
					errs <- err
					continue
				}
				ids <- u.ID
			}
		}()
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Errorf("write failed: %v", err)
	}
	n := 0
	for id := range ids {
		n++
		if _, err := s.FindUser(storage.ReadOnly(ctx), id); err != nil {
			t.Fatalf("read of a committed user %s: %v", id, err)
		}
	}
	if n != writers*each {
		t.Fatalf("%d writes committed, want %d", n, writers*each)
	}
}

// TestReadOnlyContextReadsFromTheReadPool: on SQLite a ReadOnly context goes
// to the query-only read pool — it reads what was committed, and a write
// through it fails instead of taking the writer.
func TestReadOnlyContextReadsFromTheReadPool(t *testing.T) {
	if os.Getenv(storagetest.PostgresEnv) != "" {
		t.Skip("PostgreSQL keeps one pool for reads and writes")
	}
	s := storagetest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	u := newUser(now)
	if err := s.CreateUser(ctx, u, "not a hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindUser(storage.ReadOnly(ctx), u.ID); err != nil {
		t.Fatalf("read pool does not see the commit: %v", err)
	}
	if err := s.CreateUser(storage.ReadOnly(ctx), newUser(now), "not a hash"); err == nil {
		t.Fatal("a write through the read pool succeeded")
	}
}

// TestCloseReleasesEverything: after Close no goroutine of the store is left
// (connection openers, statement caches), on SQLite and PostgreSQL.
func TestCloseReleasesEverything(t *testing.T) {
	dbURL := storagetest.URL(t) // its schema helper lives until the test ends
	before := runtime.NumGoroutine()
	ctx := context.Background()
	s, err := storage.Open(dbURL, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	u := newUser(time.Now().UTC())
	if err := s.CreateUser(ctx, u, "not a hash"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := s.FindUser(storage.ReadOnly(ctx), u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
