package storage

import "context"

// A request handled in one transaction (a keyed mutation: its Idempotency-Key
// claim, its use case and its stored answer commit together) carries that
// transaction in its context: whatever the store runs with that context joins
// it — Tx nests as a savepoint, single statements run in it — instead of
// taking another connection (on SQLite the one writer connection is the
// transaction's: anything else would wait for it forever).

type ambientKey struct{}

// WithTx returns ctx whose store calls join tx (a store bound to a
// transaction by Tx).
func WithTx(ctx context.Context, tx *Store) context.Context {
	if !tx.inTx {
		return ctx
	}
	return context.WithValue(ctx, ambientKey{}, tx)
}

// ambient is the transaction ctx carries, if any.
func ambient(ctx context.Context) *Store {
	tx, _ := ctx.Value(ambientKey{}).(*Store)
	return tx
}

// join runs fn in the transaction s is bound to, or ctx carries, without a
// savepoint of its own; else in a transaction of its own (Tx).
func (s *Store) join(ctx context.Context, fn func(tx *Store) error) error {
	if s.inTx {
		return fn(s)
	}
	if tx := ambient(ctx); tx != nil {
		return fn(tx)
	}
	return s.Tx(ctx, fn)
}
