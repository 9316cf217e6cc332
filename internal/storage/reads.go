package storage

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"gorm.io/gorm"
)

// Reads and writes take separate paths. On SQLite the store writes through
// exactly one connection, so writers queue in Go (database/sql hands the
// connection over in turn) instead of sleeping in SQLite's busy handler, and
// reads go to a pool of query-only connections that, in WAL mode, never wait
// for the writer. PostgreSQL keeps one pool for both.

type readOnlyKey struct{}

// ReadOnly marks ctx as a read: outside a transaction, what the store runs
// with it goes to the read pool (query-only connections on SQLite; a write
// there fails). Requests that change nothing (GET, HEAD, the token check) use
// it, so they never queue behind writers.
func ReadOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, readOnlyKey{}, true)
}

// IsReadOnly reports whether ctx was marked by ReadOnly.
func IsReadOnly(ctx context.Context) bool {
	ro, _ := ctx.Value(readOnlyKey{}).(bool)
	return ro
}

// pick is the database a statement run with ctx goes to: the transaction when
// s is bound to one, else the transaction ctx carries (WithTx), else the read
// pool for a read-only ctx, else the writer.
func (s *Store) pick(ctx context.Context) *gorm.DB {
	if s.inTx {
		return s.db
	}
	if tx := ambient(ctx); tx != nil {
		return tx.db
	}
	if s.read != nil && IsReadOnly(ctx) {
		return s.read
	}
	return s.db
}

// readDSN is a SQLite DSN for the read pool: the same file and settings, but
// query-only connections with deferred transactions (a read never takes the
// write lock). The journal mode is the writer's (WAL is kept in the file).
func readDSN(dsn string) (string, error) { return sideDSN(dsn, true) }

// sideDSN is the writer's DSN for another connection to its file (the read
// pool's, query-only; the checkpointer's): deferred transactions, and the
// journal mode left to the writer.
func sideDSN(dsn string, queryOnly bool) (string, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("storage: bad database URL query: %w", err)
	}
	q.Del("_journal_mode")
	q.Set("_txlock", "deferred")
	if queryOnly {
		q.Set("_query_only", "1")
	}
	return "file:" + path + "?" + q.Encode(), nil
}

// inMemory reports whether a SQLite DSN names an in-memory database, which
// a second pool would not share: it then gets no read pool.
func inMemory(dsn string) bool {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	return path == ":memory:" || strings.Contains(query, "mode=memory")
}
