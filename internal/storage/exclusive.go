package storage

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for the lock connections
)

// locks holds the PostgreSQL connections Exclusively takes its advisory
// locks on: a small pool of its own, so that a lock never waits for (or
// holds) one of the request pool's connections.
type locks struct {
	url  string
	once sync.Once
	db   *sql.DB
	err  error
}

func (l *locks) open() (*sql.DB, error) {
	l.once.Do(func() {
		l.db, l.err = sql.Open("pgx", withApplicationName(l.url))
		if l.err == nil {
			l.db.SetMaxOpenConns(4)
			l.db.SetMaxIdleConns(2)
		}
	})
	return l.db, l.err
}

func (l *locks) close() error {
	if l == nil || l.db == nil {
		return nil
	}
	return l.db.Close()
}

// Exclusively runs fn unless another caller — in this process or in another
// instance on the same PostgreSQL database — is running the job of the same
// name; it reports whether fn ran. Scheduled jobs (sweeps, expiries,
// reminders) use it so that several instances do not run them at once.
//
// On PostgreSQL the job holds a transaction-level advisory lock (keyed by the
// schema and the name) on a connection of its own for as long as fn runs;
// the lock goes with the transaction, even when the process dies. On SQLite
// (one instance) fn just runs.
func (s *Store) Exclusively(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	if !s.postgres {
		return true, fn(ctx)
	}
	if s.locks == nil {
		return false, errors.New("storage: Exclusively needs the store Open returned, not a transaction")
	}
	db, err := s.locks.open()
	if err != nil {
		return false, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback() }() // nothing was written: ending it frees the lock
	var got bool
	if err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || $1))", name).Scan(&got); err != nil {
		return false, err
	}
	if !got {
		return false, nil
	}
	return true, fn(ctx)
}
