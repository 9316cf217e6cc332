package storage

import (
	"context"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// statementCounters are the counters of a store's CountStatements calls in
// progress. Its GORM callbacks are registered once, when the store opens
// (registering while other goroutines run statements would race), and cost
// one atomic load per statement while no one counts.
type statementCounters struct {
	mu     sync.Mutex
	active atomic.Pointer[[]*atomic.Int64]
}

type uncountedKey struct{}

// uncounted marks the statements of a background loop (the auth cache's
// poll) so that CountStatements leaves them out: they run at any moment.
func uncounted(ctx context.Context) context.Context {
	return context.WithValue(ctx, uncountedKey{}, true)
}

// register adds the counting callbacks to one pool (the writer, or the read pool).
func (c *statementCounters) register(db *gorm.DB) error {
	count := func(db *gorm.DB) {
		if db.DryRun { // a subquery is built by a dry run: not a statement of its own
			return
		}
		c.count(db.Statement.Context)
	}
	return afterStatements(db, "closedset:count_statements", count, count)
}

// count counts one statement run with ctx (a direct one, or GORM's).
func (c *statementCounters) count(ctx context.Context) {
	if c == nil {
		return
	}
	active := c.active.Load()
	if active == nil {
		return
	}
	if ctx != nil && ctx.Value(uncountedKey{}) != nil {
		return
	}
	for _, n := range *active {
		n.Add(1)
	}
}

func (c *statementCounters) set(f func([]*atomic.Int64) []*atomic.Int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var cur []*atomic.Int64
	if p := c.active.Load(); p != nil {
		cur = *p
	}
	next := f(append([]*atomic.Int64(nil), cur...))
	if len(next) == 0 {
		c.active.Store(nil)
		return
	}
	c.active.Store(&next)
}

// CountStatements counts the SQL statements this store issues from now on
// (queries, raw reads and writes; not the auth cache's background poll) until
// stop is called; count reports how many so far. Tests use it to prove that
// coverage reads a constant number of queries however many scenes there are.
func (s *Store) CountStatements() (count func() int, stop func()) {
	n := new(atomic.Int64)
	s.counters.set(func(cur []*atomic.Int64) []*atomic.Int64 { return append(cur, n) })
	var once sync.Once
	return func() int { return int(n.Load()) }, func() {
		once.Do(func() {
			s.counters.set(func(cur []*atomic.Int64) []*atomic.Int64 {
				out := cur[:0]
				for _, c := range cur {
					if c != n {
						out = append(out, c)
					}
				}
				return out
			})
		})
	}
}
