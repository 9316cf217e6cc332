package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestCommitGuard: an outermost transaction runs the guard of its context once,
// inside the transaction, just before committing (nested ones do not); a
// guard's error rolls everything back.
func TestCommitGuard(t *testing.T) {
	s := storagetest.Open(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	user := func(id string) domain.User {
		return domain.User{ID: id, Email: id + "@example.test", DisplayName: id, CreatedAt: now}
	}
	exists := func(id string) bool {
		_, _, err := s.FindUserByEmail(context.Background(), id+"@example.test")
		return err == nil
	}
	var runs int
	var sawWrite bool
	refuse := errors.New("lease lost")
	guard := func(fail bool) context.Context {
		return storage.WithCommitGuard(context.Background(), func(ctx context.Context, tx *storage.Store) error {
			runs++
			_, _, err := tx.FindUserByEmail(ctx, "inner@example.test") // sees the transaction's writes
			sawWrite = err == nil
			if fail {
				return refuse
			}
			return nil
		})
	}

	ctx := guard(false)
	err := s.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.CreateUser(ctx, user("outer"), "h"); err != nil {
			return err
		}
		return tx.Tx(ctx, func(tx *storage.Store) error { return tx.CreateUser(ctx, user("inner"), "h") })
	})
	if err != nil || runs != 1 || !sawWrite || !exists("outer") || !exists("inner") {
		t.Fatalf("passing guard: err %v, %d runs, saw the write %v", err, runs, sawWrite)
	}

	runs = 0
	ctx = guard(true)
	err = s.Tx(ctx, func(tx *storage.Store) error { return tx.CreateUser(ctx, user("refused"), "h") })
	if !errors.Is(err, refuse) || runs != 1 || exists("refused") {
		t.Fatalf("refusing guard: err %v, %d runs, committed %v", err, runs, exists("refused"))
	}

	runs = 0
	err = s.Tx(ctx, func(tx *storage.Store) error { return errors.New("use case failed") })
	if err == nil || runs != 0 {
		t.Fatalf("a failed transaction ran the guard: %v, %d runs", err, runs)
	}
}
