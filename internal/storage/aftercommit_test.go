package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestAfterCommit: what a transaction registers runs once the outermost
// transaction has committed, in order; nothing runs after a rollback, and a
// nested transaction (a savepoint) that rolls back takes its own away.
func TestAfterCommit(t *testing.T) {
	s := storagetest.Open(t)
	ctx := context.Background()
	var ran []string
	add := func(name string) func() { return func() { ran = append(ran, name) } }
	fail := errors.New("refused")

	err := s.Tx(ctx, func(tx *storage.Store) error {
		tx.AfterCommit(add("outer"))
		if err := tx.Tx(ctx, func(in *storage.Store) error {
			in.AfterCommit(add("kept savepoint"))
			return nil
		}); err != nil {
			return err
		}
		_ = tx.Tx(ctx, func(in *storage.Store) error {
			in.AfterCommit(add("rolled-back savepoint"))
			return fail
		})
		if len(ran) != 0 {
			t.Errorf("ran before the commit: %v", ran)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"outer", "kept savepoint"}; !slices.Equal(ran, want) {
		t.Errorf("after commit ran %v, want %v", ran, want)
	}

	ran = nil
	if err := s.Tx(ctx, func(tx *storage.Store) error {
		tx.AfterCommit(add("rolled back"))
		return fail
	}); !errors.Is(err, fail) {
		t.Fatal(err)
	}
	s.AfterCommit(add("outside a transaction"))
	if want := []string{"outside a transaction"}; !slices.Equal(ran, want) {
		t.Errorf("ran %v, want %v", ran, want)
	}
}
