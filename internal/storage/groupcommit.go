package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/pprof"

	"gorm.io/gorm"
)

// Group commit (SQLite). Use-case transactions do not each begin and commit:
// they queue for the one writer connection, and the committer goroutine runs
// them one after another inside ONE SQLite transaction, each in a savepoint
// of its own, then commits once. Whoever queued while a group ran joins the
// next one, so under load one commit acknowledges many transactions (and
// writes each page changed once to the WAL), while alone a transaction
// commits at once. A transaction that fails rolls back only its savepoint;
// a failed commit fails every transaction of its group. Tx returns only
// after the group's commit, so a caller told "committed" was.
//
// A transaction's statements run with its context's values but not its
// cancellation: SQLite rolls back the whole transaction — everyone's — when a
// write is interrupted. A caller that went away before its turn is not run.

// maxGroup bounds the transactions of one commit.
const maxGroup = 64

var errStoreClosed = errors.New("storage: the store is closed")

type groupCommit struct {
	db   *gorm.DB // the writer
	memo *accessMemo
	// The savepoint statements, prepared once on the writer connection
	// (SQLite compiles a statement without arguments afresh on each run
	// otherwise): every transaction of a group is one savepoint, and each
	// nested Tx in it one more, all named alike (SQLite's savepoints are a
	// stack; a name means the innermost).
	spBegin, spRelease, spRollback *sql.Stmt
	// committed is called after each commit (the checkpointer's cue; a
	// no-op when nil).
	committed func()
	// dataVersion is the writer's PRAGMA data_version at the last group: it
	// changes when another connection has committed (access_memo.go).
	dataVersion int64
	jobs        chan *commitJob
	stop        chan struct{}
	done        chan struct{}
}

type commitJob struct {
	ctx context.Context
	fn  func(tx *gorm.DB) error
	res chan commitResult // buffered: the committer never waits for a caller
}

type commitResult struct {
	err   error
	panic any
}

func newGroupCommit(db *gorm.DB, memo *accessMemo, committed func()) (*groupCommit, error) {
	if committed == nil {
		committed = func() {}
	}
	g := &groupCommit{db: db, memo: memo, committed: committed, jobs: make(chan *commitJob), stop: make(chan struct{}), done: make(chan struct{})}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&g.spBegin, "SAVEPOINT closedset_tx"}, {&g.spRelease, "RELEASE SAVEPOINT closedset_tx"},
		{&g.spRollback, "ROLLBACK TO SAVEPOINT closedset_tx"}} {
		if *p.stmt, err = sqlDB.Prepare(p.sql); err != nil {
			return nil, fmt.Errorf("storage: prepare %q: %w", p.sql, err)
		}
	}
	go g.run()
	return g, nil
}

// exec runs one of the prepared savepoint statements in the group's
// transaction.
func exec(raw *sql.Tx, stmt *sql.Stmt) error {
	bg := context.Background()
	_, err := raw.StmtContext(bg, stmt).ExecContext(bg)
	return err
}

// savepoint runs fn in a savepoint of tx (a group's transaction, in the
// writer), rolled back when fn fails or panics.
func (g *groupCommit) savepoint(tx *gorm.DB, fn func(tx *gorm.DB) error) (err error) {
	raw, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return errors.New("storage: a savepoint needs a *sql.Tx")
	}
	if err := exec(raw, g.spBegin); err != nil {
		return err
	}
	ok = false
	defer func() {
		if !ok { // failed or panicking: undo, then let the error or panic go on
			if rerr := exec(raw, g.spRollback); rerr != nil && err != nil {
				err = fmt.Errorf("%w (and its savepoint could not be rolled back: %v)", err, rerr)
			}
		}
		if rerr := exec(raw, g.spRelease); rerr != nil && err == nil {
			err = rerr
		}
	}()
	err = fn(tx)
	ok = err == nil
	return err
}

// close stops the committer once its current group has committed.
func (g *groupCommit) close() {
	select {
	case <-g.stop:
	default:
		close(g.stop)
	}
	<-g.done
	for _, stmt := range []*sql.Stmt{g.spBegin, g.spRelease, g.spRollback} {
		_ = stmt.Close()
	}
}

// do runs fn in a savepoint of the next group and returns once that group
// has committed (or failed). A panic in fn rolls its savepoint back and is
// raised again here.
func (g *groupCommit) do(ctx context.Context, fn func(tx *gorm.DB) error) error {
	j := &commitJob{ctx: ctx, fn: fn, res: make(chan commitResult, 1)}
	select {
	case g.jobs <- j:
	case <-g.stop:
		return errStoreClosed
	case <-ctx.Done():
		return ctx.Err() // not queued: nothing ran
	}
	r := <-j.res
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

func (g *groupCommit) run() {
	defer close(g.done)
	// Labelled, so that a CPU profile can show the writer's work alone
	// (go tool pprof -tagfocus role=writer).
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("role", "writer")))
	for {
		var first *commitJob
		select {
		case first = <-g.jobs:
		case <-g.stop:
			return
		}
		g.group(first)
	}
}

// group runs first and whoever is waiting (up to maxGroup) in one
// transaction, commits, and answers each.
func (g *groupCommit) group(first *commitJob) {
	batch := []*commitJob{first}
	var results []commitResult
	tx := g.db.WithContext(context.Background()).Begin()
	if tx.Error != nil {
		first.res <- commitResult{err: fmt.Errorf("storage: begin: %w", tx.Error)}
		return
	}
	raw, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		tx.Rollback()
		first.res <- commitResult{err: errors.New("storage: group commit needs a *sql.Tx")}
		return
	}
	var v int64
	if err := raw.QueryRowContext(context.Background(), "PRAGMA data_version").Scan(&v); err != nil || v != g.dataVersion {
		g.memo.invalidate() // someone else committed (or we cannot tell)
		g.dataVersion = v
	}
	var broken error // a savepoint could not be rolled back or released: nothing commits
	runOne := func(j *commitJob) {
		r, err := g.runSavepoint(raw, tx, j)
		results = append(results, r)
		if err != nil {
			broken = err
		}
	}
	runOne(first)
drain:
	for broken == nil && len(batch) < maxGroup {
		select {
		case j := <-g.jobs:
			batch = append(batch, j)
			runOne(j)
		default:
			break drain
		}
	}
	var err error
	if broken != nil {
		tx.Rollback()
		err = broken
	} else if err = tx.Commit().Error; err != nil {
		err = fmt.Errorf("storage: commit: %w", err)
	}
	if err != nil {
		g.memo.invalidate() // the group's writes are gone
	} else {
		g.committed()
	}
	for i, j := range batch {
		r := results[i]
		if err != nil && r.panic == nil {
			r.err = err // not committed
		}
		j.res <- r
	}
}

// runSavepoint runs one job in a savepoint of tx, rolled back when the job
// fails or panics. The savepoint statements bypass GORM (they are not the
// job's statements). A non-nil error means the group transaction is broken.
func (g *groupCommit) runSavepoint(raw *sql.Tx, tx *gorm.DB, j *commitJob) (r commitResult, broken error) {
	memo := g.memo
	if err := j.ctx.Err(); err != nil {
		return commitResult{err: err}, nil // gone before its turn: not run
	}
	if err := exec(raw, g.spBegin); err != nil {
		return commitResult{err: err}, err
	}
	start := memo.generation()
	func() {
		defer func() {
			if p := recover(); p != nil {
				r.panic = p
			}
		}()
		r.err = j.fn(tx.WithContext(context.WithoutCancel(j.ctx)))
	}()
	if r.err != nil || r.panic != nil {
		if memo.generation() != start {
			memo.invalidate() // before the next job: what it read after its writes is gone
		}
		if err := exec(raw, g.spRollback); err != nil {
			return r, err
		}
	}
	if err := exec(raw, g.spRelease); err != nil {
		return r, err
	}
	return r, nil
}
