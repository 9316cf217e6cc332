// Package storage is Closed Set's GORM adapter: it opens SQLite or PostgreSQL,
// applies the numbered SQL migrations, and persists domain records. Row structs
// are private to this package; callers get domain types. Driver errors are
// translated to domain errors here.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"closedset/internal/domain"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the database of one Closed Set deployment. Inside Tx it is bound to
// one transaction.
type Store struct {
	db       *gorm.DB // the writer (one connection on SQLite), or the transaction
	read     *gorm.DB // the read pool on SQLite (nil on PostgreSQL and inside Tx); see ReadOnly
	postgres bool
	admit    *admission   // request slots of writes (nil inside Tx); see Acquire
	readAdm  *admission   // request slots of reads (nil inside Tx)
	group    *groupCommit // SQLite's writer transactions (nil on PostgreSQL and inside Tx); see groupcommit.go
	inTx     bool         // bound to a transaction: Tx nests (a savepoint)
	// afterCommit collects what runs once the outermost transaction has
	// committed (nil outside a transaction); see AfterCommit.
	afterCommit *[]func()
	locks       *locks // PostgreSQL: Exclusively's connections (nil inside Tx)
	// hooks are told which users' auth state a commit changed (shared with
	// every transaction of the store); see OnAuthChange.
	hooks *authHooks
	// authPending collects the auth changes of a transaction, written just
	// before it commits (nil outside a transaction); see recordAuthChange.
	authPending *[]pendingAuthChange
	counters    *statementCounters // see CountStatements (shared by its transactions)
	// memo keeps scene access read inside SQLite's writer (access_memo.go):
	// on the store and on its transactions in the writer; nil on
	// PostgreSQL and in transactions of the read pool.
	memo *accessMemo
	// writer is the group commit whose transaction the store is bound to
	// (SQLite; nil elsewhere). Its statements keep the caller's context
	// values but never its cancellation (see with); a nested Tx is one of
	// its savepoints.
	writer *groupCommit
	// checkpoints copies SQLite's write-ahead log back in the background
	// (checkpointer.go; nil elsewhere and inside Tx).
	checkpoints *checkpointer
}

// IsPostgres reports whether a database URL selects PostgreSQL (postgres://
// or postgresql://); anything else is a SQLite file: URL.
func IsPostgres(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

// sqliteParams are the connection settings every SQLite connection gets: WAL,
// a busy timeout, foreign keys, NORMAL sync, immediate write locks so that
// read-then-write transactions do not fail with "database is locked", and a
// cache of prepared statements per connection (the driver's: a statement is
// prepared once per connection and reused; Close finalizes them with the
// connection). PostgreSQL's driver (pgx) caches prepared statements per
// connection by default.
var sqliteParams = map[string]string{
	"_journal_mode":    "WAL",
	"_busy_timeout":    "10000",
	"_foreign_keys":    "on",
	"_synchronous":     "NORMAL",
	"_txlock":          "immediate",
	"_stmt_cache_size": "256",
}

// sqliteDriver is mattn's SQLite driver with the one connection setting a
// DSN cannot carry: temporary storage in memory. A group commit runs each
// transaction in a savepoint (groupcommit.go), and SQLite keeps the page
// images a savepoint may roll back to in a sub-journal — a temporary file
// once it outgrows 64 KiB, as a group of consent decisions does, which cost
// the one writer system calls on every statement (G2: +25-40 % with it in
// memory). Sorts and temporary indexes of the reads go there too. And the
// writer's own checkpoint threshold (checkpointer.go).
const sqliteDriver = "closedset-sqlite3"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = "+strconv.Itoa(writerCheckpointPages), nil)
		return err
	}})
}

// openSQLite is GORM's SQLite dialector over sqliteDriver.
func openSQLite(dsn string) gorm.Dialector {
	return sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: dsn})
}

// SQLiteDSN completes a file: URL with the connection settings above (given
// values win) and creates the file's directory.
func SQLiteDSN(database string) (string, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(database, "file:"), "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("storage: bad database URL query: %w", err)
	}
	for k, v := range sqliteParams {
		if !q.Has(k) {
			q.Set(k, v)
		}
	}
	if dir := filepath.Dir(path); dir != "." && path != ":memory:" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", fmt.Errorf("storage: create database directory: %w", err)
		}
	}
	return "file:" + path + "?" + q.Encode(), nil
}

// Options tunes Open.
type Options struct {
	// MaxConns bounds the connection pool and the request slots of Acquire
	// (0: DefaultMaxConns).
	MaxConns int
	// AdmissionWait is how long Acquire waits for a free slot (0: 5 s).
	AdmissionWait time.Duration
	// WriteSlots is how many write requests Acquire admits at once (0:
	// MaxConns on PostgreSQL; on SQLite maxGroup, 64: writes queue for the
	// one writer connection in Go, and as many as one group commit takes
	// may wait there, so that one commit acknowledges many).
	WriteSlots int
}

// DefaultMaxConns is the pool size when Options.MaxConns is 0: PostgreSQL
// 10, SQLite 4 read connections (beside its one writer connection).
func DefaultMaxConns(database string) int {
	if IsPostgres(database) {
		return 10
	}
	return 4
}

// Open connects to the database named by a file: (SQLite) or postgres:// URL,
// with at most o.MaxConns connections. It does not migrate; call Migrate.
// PostgreSQL connections report application_name "closedset" unless the URL
// names another.
func Open(database string, o Options) (*Store, error) {
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns(database)
	}
	if o.AdmissionWait <= 0 {
		o.AdmissionWait = DefaultAdmissionWait
	}
	pg := IsPostgres(database)
	if o.WriteSlots <= 0 {
		o.WriteSlots = o.MaxConns
		if !pg {
			o.WriteSlots = maxGroup
		}
	}
	st := &Store{postgres: pg, admit: newAdmission(o.WriteSlots, o.AdmissionWait),
		readAdm: newAdmission(o.MaxConns, o.AdmissionWait), hooks: &authHooks{}, counters: &statementCounters{}}
	if st.postgres {
		db, err := openGorm(postgres.Open(withApplicationName(database)), o.MaxConns, st.counters)
		if err != nil {
			return nil, err
		}
		st.db = db
		st.locks = &locks{url: database}
		return st, nil
	}
	dsn, err := SQLiteDSN(database)
	if err != nil {
		return nil, err
	}
	// One writer connection: writes queue in Go, in database/sql.
	if st.db, err = openGorm(openSQLite(dsn), 1, st.counters); err != nil {
		return nil, err
	}
	st.memo = newAccessMemo()
	if err := st.memo.register(st.db); err != nil {
		_ = st.Close()
		return nil, err
	}
	var committed func() // tells the checkpointer (none in memory)
	if !inMemory(dsn) {
		if st.checkpoints, err = startCheckpointer(dsn); err != nil {
			_ = st.Close()
			return nil, err
		}
		committed = st.checkpoints.committed
	}
	if st.group, err = newGroupCommit(st.db, st.memo, committed); err != nil {
		_ = st.Close()
		return nil, err
	}
	if inMemory(dsn) {
		return st, nil
	}
	rdsn, err := readDSN(dsn)
	if err == nil {
		st.read, err = openGorm(openSQLite(rdsn), o.MaxConns, st.counters)
	}
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return st, nil
}

// openGorm opens one pool of at most n connections, its statements counted
// by c (CountStatements).
func openGorm(dialector gorm.Dialector, n int, c *statementCounters) (*gorm.DB, error) {
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:         logger.Discard,
		TranslateError: true,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: open: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	if err := c.register(db); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// withApplicationName names the connections in pg_stat_activity.
func withApplicationName(database string) string {
	u, err := url.Parse(database)
	if err != nil {
		return database // gorm reports the bad URL
	}
	q := u.Query()
	if q.Has("application_name") {
		return database
	}
	q.Set("application_name", "closedset")
	u.RawQuery = q.Encode()
	return u.String()
}

// Close closes the connection pools (the writer and the read pool) and
// Exclusively's connections.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.close()
	}
	errs := []error{s.checkpoints.close()}
	for _, db := range []*gorm.DB{s.read, s.db} {
		if db == nil {
			continue
		}
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		errs = append(errs, err)
	}
	errs = append(errs, s.locks.close())
	return errors.Join(errs...)
}

func (s *Store) provider() (*goose.Provider, *sql.DB, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, nil, err
	}
	dialect := goose.DialectSQLite3
	if s.postgres {
		dialect = goose.DialectPostgres
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, nil, err
	}
	p, err := goose.NewProvider(dialect, sqlDB, sub, goose.WithGoMigrations(goMigrations(s.postgres)...))
	return p, sqlDB, err
}

// Migrate applies every pending migration, or those up to version when
// version > 0 (tests use it to build an old database).
func (s *Store) Migrate(ctx context.Context, version int64) error {
	p, _, err := s.provider()
	if err != nil {
		return fmt.Errorf("storage: migrations: %w", err)
	}
	if version > 0 {
		_, err = p.UpTo(ctx, version)
	} else {
		_, err = p.Up(ctx)
	}
	s.memo.invalidate() // the migrations' statements bypass GORM
	if err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	return nil
}

// Ready reports whether the database answers and every migration is applied.
func (s *Store) Ready(ctx context.Context) error {
	p, sqlDB, err := s.provider()
	if err != nil {
		return err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("storage: ping: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("storage: versions: %w", err)
	}
	if current != target {
		return fmt.Errorf("storage: database at version %d, want %d", current, target)
	}
	return nil
}

// Tx runs fn in one transaction: everything fn writes is committed together,
// or nothing is when it returns an error. An outermost transaction runs the
// commit guard of ctx (WithCommitGuard) just before committing. With a ctx
// carrying a transaction (WithTx), it is a savepoint in that one.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	if tx := ambient(ctx); tx != nil && !s.inTx {
		return tx.Tx(ctx, fn) // a savepoint in the request's transaction
	}
	hooks := s.afterCommit
	if hooks == nil {
		hooks = new([]func())
	}
	registered := len(*hooks)
	pending := s.authPending
	if pending == nil {
		pending = new([]pendingAuthChange)
	}
	noted := len(*pending)
	db := s.pick(ctx)
	inWriter := s.group != nil && db == s.db
	memo := s.memo
	if !s.inTx && !inWriter {
		memo = nil // the read pool: its snapshot may be older than the memo
	}
	start := memo.generation()
	ok := false
	defer func() {
		if !ok && memo.generation() != start {
			memo.invalidate() // it wrote to what the memo keeps: what was read after is gone with it
		}
	}()
	writer := s.writer
	if inWriter {
		writer = s.group
	}
	run := func(tx *gorm.DB) error {
		if !s.inTx {
			// Already in a transaction: no statement needs GORM's own
			// (a no-op that still costs a session per statement).
			tx = tx.Session(&gorm.Session{SkipDefaultTransaction: true})
		}
		t := &Store{db: tx, postgres: s.postgres, inTx: true, afterCommit: hooks, hooks: s.hooks, authPending: pending, memo: memo,
			writer: writer, counters: s.counters}
		if err := fn(t); err != nil || s.inTx {
			return err
		}
		// Last, so that the auth_change_seq row lock is the last one taken.
		if err := t.writeAuthChanges(ctx, *pending); err != nil {
			return err
		}
		return runCommitGuard(ctx, t)
	}
	var err error
	switch {
	case inWriter:
		err = s.group.do(ctx, run) // a savepoint in the next group commit
	case s.writer != nil:
		err = s.writer.savepoint(s.db, run) // nested in a group's transaction
	default:
		err = s.with(ctx).Transaction(run)
	}
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// The caller went away: whatever failed because of it says so
		// (errors.Is(err, context.Canceled)), even when the driver only says
		// "driver: bad connection" (pgx's answer to a statement whose context
		// was done before it was sent, which database/sql does not retry in a
		// transaction) or "transaction has already been committed or rolled
		// back". The transaction was rolled back — or, cut during its COMMIT,
		// may have committed after all: callers that must know (idempotency
		// keys) find out from the database.
		err = fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	ok = err == nil
	switch {
	case err != nil:
		*hooks = (*hooks)[:registered] // a savepoint rolled back: its hooks go with it
		*pending = (*pending)[:noted]
	case !s.inTx:
		for _, f := range *hooks {
			f()
		}
	}
	return err
}

// AfterCommit runs f once the outermost transaction s is bound to has
// committed, and never if it rolls back; outside a transaction it runs f at
// once. Use cases wake workers this way after queueing jobs.
func (s *Store) AfterCommit(f func()) {
	if s.afterCommit == nil {
		f()
		return
	}
	*s.afterCommit = append(*s.afterCommit, f)
}

// with is the connection or transaction for ctx (see pick), bound to ctx.
// In a transaction of SQLite's group commit the statements keep ctx's values
// but not its cancellation. A canceled context makes the driver interrupt
// the connection, and SQLite answers an interrupted write inside a
// transaction by rolling the whole transaction back: every caller's of the
// group, not only this one's. Statements with a context that can be
// canceled also each run on a goroutine of the driver's, watched by another
// (a context switch per statement, in the one writer).
func (s *Store) with(ctx context.Context) *gorm.DB {
	db, ctx := s.bind(ctx)
	return db.WithContext(ctx)
}

// bind is with without the GORM session: the pool or transaction for ctx,
// and the context its statements run with.
func (s *Store) bind(ctx context.Context) (*gorm.DB, context.Context) {
	writer := s.writer
	if tx := ambient(ctx); tx != nil && !s.inTx {
		writer = tx.writer // pick binds the request's transaction
	}
	if writer != nil && ctx.Done() != nil {
		ctx = context.WithoutCancel(ctx)
	}
	return s.pick(ctx), ctx
}

// translate maps driver errors to domain errors at the storage edge.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return domain.NotFound(what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return domain.E(domain.KindConflict, "conflict", "%s already exists.", what)
	}
	return fmt.Errorf("storage: %s: %w", what, err)
}
