package storage_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestGroupCommit (SQLite): transactions queued while one runs share its
// successor's one SQLite transaction, each in a savepoint: a later one sees
// an earlier one's write before anyone has been acknowledged (and readers do
// not), a failing one rolls back only its own writes, and every caller
// returns only after the commit.
func TestGroupCommit(t *testing.T) {
	if os.Getenv(storagetest.PostgresEnv) != "" {
		t.Skip("group commit is SQLite's; PostgreSQL commits each transaction")
	}
	s := storagetest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	var wg sync.WaitGroup
	release := holdCommitter(s, &wg)

	a, failed, b := newUser(now), newUser(now), newUser(now)
	var aReturned atomic.Bool
	errFail := errors.New("refused")
	results := make([]error, 3)
	var sawA, readerSawA, aHadReturned bool
	start := func(i int, fn func(tx *storage.Store) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.Tx(ctx, fn)
			if i == 0 {
				aReturned.Store(true)
			}
		}()
		time.Sleep(200 * time.Millisecond) // queued in this order
	}
	start(0, func(tx *storage.Store) error { return tx.CreateUser(ctx, a, "h") })
	start(1, func(tx *storage.Store) error {
		if err := tx.CreateUser(ctx, failed, "h"); err != nil {
			return err
		}
		return errFail
	})
	start(2, func(tx *storage.Store) error {
		_, err := tx.FindUser(ctx, a.ID)
		sawA = err == nil
		_, err = s.FindUser(storage.ReadOnly(ctx), a.ID)
		readerSawA = err == nil
		aHadReturned = aReturned.Load()
		return tx.CreateUser(ctx, b, "h")
	})
	release()
	wg.Wait()
	if results[0] != nil || results[2] != nil || !errors.Is(results[1], errFail) {
		t.Fatalf("results %v, want nil, refused, nil", results)
	}
	if !sawA || readerSawA || aHadReturned {
		t.Fatalf("not one group: the later transaction saw the earlier write %v, a reader saw it %v, "+
			"the earlier caller had returned %v (want true, false, false)", sawA, readerSawA, aHadReturned)
	}
	for _, u := range []domain.User{a, b} {
		if _, err := s.FindUser(storage.ReadOnly(ctx), u.ID); err != nil {
			t.Fatalf("committed user %s: %v", u.ID, err)
		}
	}
	if _, err := s.FindUser(ctx, failed.ID); !domain.IsCode(err, "not_found") {
		t.Fatalf("the failed transaction's write survived: %v", err)
	}
}

// TestGroupCommitPanic (SQLite): a transaction that panics rolls back its
// savepoint and panics in its caller; the others of its group commit.
func TestGroupCommitPanic(t *testing.T) {
	if os.Getenv(storagetest.PostgresEnv) != "" {
		t.Skip("group commit is SQLite's")
	}
	s := storagetest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	p, ok := newUser(now), newUser(now)
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_ = s.Tx(ctx, func(tx *storage.Store) error {
			if err := tx.CreateUser(ctx, p, "h"); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	if recovered != "boom" {
		t.Fatalf("recovered %v, want boom", recovered)
	}
	if err := s.Tx(ctx, func(tx *storage.Store) error { return tx.CreateUser(ctx, ok, "h") }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindUser(ctx, p.ID); !domain.IsCode(err, "not_found") {
		t.Fatalf("the panicking transaction's write survived: %v", err)
	}
}

// TestGroupCommitDetachesStatements (SQLite): once a transaction of a group
// runs, its caller's cancellation no longer reaches its statements — through
// the transaction's store or through the request's context (storage.WithTx)
// alike. Were it passed on, the driver would interrupt the one writer
// connection, and SQLite rolls back the whole group's transaction when a
// write inside it is interrupted. The others of the group commit either way.
func TestGroupCommitDetachesStatements(t *testing.T) {
	if os.Getenv(storagetest.PostgresEnv) != "" {
		t.Skip("group commit is SQLite's")
	}
	s := storagetest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	var wg sync.WaitGroup
	release := holdCommitter(s, &wg)

	a, b, c, d := newUser(now), newUser(now), newUser(now), newUser(now)
	results := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		results[0] = s.Tx(ctx, func(tx *storage.Store) error { return tx.CreateUser(ctx, a, "h") })
	}()
	time.Sleep(100 * time.Millisecond)
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		defer wg.Done()
		results[1] = s.Tx(cctx, func(tx *storage.Store) error {
			if err := tx.CreateUser(cctx, b, "h"); err != nil {
				return err
			}
			cancel() // the caller goes away mid-transaction
			if err := tx.CreateUser(cctx, c, "h"); err != nil {
				return err
			}
			return s.CreateUser(storage.WithTx(cctx, tx), d, "h") // the request's context, the same transaction
		})
	}()
	time.Sleep(100 * time.Millisecond)
	release()
	wg.Wait()
	if results[0] != nil {
		t.Fatalf("the other transaction of the group: %v", results[0])
	}
	// Its statements all ran; the caller is told its context ended, or that
	// it committed.
	if results[1] != nil && !errors.Is(results[1], context.Canceled) {
		t.Fatalf("the canceled caller: %v", results[1])
	}
	for _, u := range []domain.User{a, b, c, d} {
		if _, err := s.FindUser(ctx, u.ID); err != nil {
			t.Fatalf("user %s: %v (a canceled caller's statements failed or rolled back the group)", u.DisplayName, err)
		}
	}
}

// holdCommitter occupies SQLite's committer with a transaction that waits
// until release is called, so that the transactions started meanwhile queue
// for one group; wg waits for it too.
func holdCommitter(s *storage.Store, wg *sync.WaitGroup) (release func()) {
	hold := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = s.Tx(context.Background(), func(*storage.Store) error { <-hold; return nil })
	}()
	time.Sleep(100 * time.Millisecond)
	return func() { close(hold) }
}
