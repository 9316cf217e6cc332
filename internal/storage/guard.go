package storage

import "context"

// CommitGuard runs inside a transaction just before it commits; an error rolls
// the transaction back (and is what Tx returns).
type CommitGuard func(ctx context.Context, tx *Store) error

type guardKey struct{}

// WithCommitGuard returns a context whose outermost transactions (Store.Tx
// called outside a transaction) run guard just before they commit, in the
// same transaction. Nested transactions (savepoints) do not run it; their
// outermost transaction does. A guard already in ctx runs first.
func WithCommitGuard(ctx context.Context, guard CommitGuard) context.Context {
	if prev, ok := ctx.Value(guardKey{}).(CommitGuard); ok {
		next := guard
		guard = func(ctx context.Context, tx *Store) error {
			if err := prev(ctx, tx); err != nil {
				return err
			}
			return next(ctx, tx)
		}
	}
	return context.WithValue(ctx, guardKey{}, guard)
}

// runCommitGuard runs the guard of ctx, if any, in tx.
func runCommitGuard(ctx context.Context, tx *Store) error {
	if g, ok := ctx.Value(guardKey{}).(CommitGuard); ok && g != nil {
		return g(ctx, tx)
	}
	return nil
}
