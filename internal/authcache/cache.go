// Package authcache keeps, per instance, what authenticating a request and
// GET /me read of a user — whether the account may sign in and since when
// (sessions_valid_after), the profile and the memberships — so that a valid
// token for a user whose state has not changed costs no database round trip.
//
// It never widens access (product rule 13). Every write that changes that
// state appends to the auth_changes table in its own transaction
// (internal/storage). The instance that wrote drops the users concerned right
// after the commit (storage.Store.OnAuthChange → Drop); every instance polls
// the table (Run, every 200 ms; Refresh on demand) and drops what others
// changed. When the last successful poll started more than MaxStale (750 ms)
// ago the cache answers nothing, so callers read the database: another
// instance's change holds here within a second, poller stalled or not.
//
// A value read from the database is kept only if nothing was dropped while it
// was being read (Gen before the read, Put… with it), so a read racing a
// change never brings the old state back.
package authcache

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// Defaults of Options.
const (
	DefaultSize     = 50_000
	DefaultInterval = 200 * time.Millisecond
	DefaultMaxStale = 750 * time.Millisecond
	// PruneAge is how old auth_changes rows get before they are deleted.
	PruneAge      = time.Minute
	pruneInterval = 10 * time.Second
	pollBatch     = 1000
)

// Source is the database side: the auth_changes log.
type Source interface {
	AuthChangesAfter(ctx context.Context, after int64, limit int) ([]storage.AuthChange, error)
	AuthChangeHead(ctx context.Context) (int64, error)
	PruneAuthChanges(ctx context.Context, before time.Time) error
}

// Options configures a Cache.
type Options struct {
	Source Source
	// Size bounds how many users are kept (0: DefaultSize). Negative: the
	// cache keeps nothing (every read goes to the database).
	Size int
	// Interval between polls (0: DefaultInterval); MaxStale is how old the
	// last successful poll may be before the cache is bypassed (0:
	// DefaultMaxStale).
	Interval, MaxStale time.Duration
	// Logger reports failing polls (nil: slog.Default()).
	Logger *slog.Logger
}

// Me is what GET /me shows: the account and its memberships. Never mutated
// once stored.
type Me struct {
	User        domain.User
	Memberships []domain.Membership
}

// entry is what is kept of one user; replaced, never mutated.
type entry struct {
	hasAuth bool
	cutoff  *time.Time // sessions_valid_after (nil: never ended)
	me      *Me
}

// Cache is the per-instance cache of users' auth state.
type Cache struct {
	src      Source
	size     int
	interval time.Duration
	maxStale time.Duration
	log      *slog.Logger
	base     time.Time // monotonic origin of lastOK

	mu    sync.RWMutex
	users map[string]entry
	gen   uint64 // bumped by every Drop and Clear

	lastOK atomic.Int64 // start of the last successful poll, ns since base (0: none yet)

	pollMu  sync.Mutex // one poll at a time
	seen    int64      // last auth_changes seq handled
	started bool
	failing bool
	pruned  time.Time
	wake    chan struct{}
}

// New returns a cache; it serves nothing until Run (or Refresh) has polled.
func New(o Options) *Cache {
	if o.Size == 0 {
		o.Size = DefaultSize
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.MaxStale <= 0 {
		o.MaxStale = DefaultMaxStale
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Cache{src: o.Source, size: o.Size, interval: o.Interval, maxStale: o.MaxStale, log: o.Logger,
		base: time.Now(), users: map[string]entry{}, wake: make(chan struct{}, 1)}
}

func (c *Cache) since() int64 { return int64(time.Since(c.base)) + 1 }

// Fresh reports whether the last successful poll is recent enough for the
// cache to be trusted.
func (c *Cache) Fresh() bool {
	ok := c.lastOK.Load()
	return ok != 0 && c.since()-ok < int64(c.maxStale)
}

// Gen is the generation to pass to PutAuth/PutMe: take it before reading the
// database.
func (c *Cache) Gen() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

func (c *Cache) get(userID string) (entry, bool) {
	if c.size < 0 || !c.Fresh() {
		return entry{}, false
	}
	c.mu.RLock()
	e, ok := c.users[userID]
	c.mu.RUnlock()
	return e, ok
}

// Auth returns a user's session cutoff (nil: sessions never ended) when it is
// known: the account exists and is not erased. ok is false when the database
// must be asked.
func (c *Cache) Auth(userID string) (cutoff *time.Time, ok bool) {
	e, ok := c.get(userID)
	return e.cutoff, ok && e.hasAuth
}

// Me returns what GET /me shows of a user when it is known.
func (c *Cache) Me(userID string) (*Me, bool) {
	e, ok := c.get(userID)
	return e.me, ok && e.me != nil
}

// PutAuth keeps that a user's account exists, not erased, with that session
// cutoff, as read from the database after Gen returned gen.
func (c *Cache) PutAuth(userID string, gen uint64, cutoff *time.Time) {
	c.put(userID, gen, func(e *entry) { e.hasAuth, e.cutoff = true, cutoff })
}

// PutMe keeps what GET /me shows of a user, as read from the database after
// Gen returned gen. me must not be changed afterwards.
func (c *Cache) PutMe(userID string, gen uint64, me *Me) {
	c.put(userID, gen, func(e *entry) { e.me = me })
}

func (c *Cache) put(userID string, gen uint64, set func(*entry)) {
	if c.size < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // something was dropped meanwhile: what was read may be old
	}
	e, ok := c.users[userID]
	if !ok && len(c.users) >= c.size {
		for k := range c.users { // full: forget someone
			delete(c.users, k)
			break
		}
	}
	set(&e)
	c.users[userID] = e
}

// Drop forgets users (their state changed).
func (c *Cache) Drop(userIDs []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range userIDs {
		delete(c.users, id)
	}
}

// Clear forgets everyone.
func (c *Cache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.users)
}

// Len is how many users are kept.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.users)
}

// Wake asks Run to poll now, without waiting (for a PostgreSQL NOTIFY on
// storage.AuthNotifyChannel).
func (c *Cache) Wake() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Refresh polls auth_changes now and drops the users changed since the last
// poll. Everything is dropped on the first poll and after the cache was
// bypassed for staleness (pruned rows may have been missed meanwhile).
func (c *Cache) Refresh(ctx context.Context) error {
	c.pollMu.Lock()
	defer c.pollMu.Unlock()
	start := c.since()
	if !c.started {
		head, err := c.src.AuthChangeHead(ctx)
		if err != nil {
			return c.failed(ctx, err)
		}
		c.seen, c.started = head, true
		c.Clear()
		c.ok(start)
		return nil
	}
	var dropped []string
	after := c.seen
	for {
		changes, err := c.src.AuthChangesAfter(ctx, after, pollBatch)
		if err != nil {
			return c.failed(ctx, err)
		}
		for _, ch := range changes {
			dropped = append(dropped, ch.UserID)
			after = ch.Seq
		}
		if len(changes) < pollBatch {
			break
		}
	}
	if !c.Fresh() {
		c.Clear()
	} else if len(dropped) > 0 {
		c.Drop(dropped)
	}
	c.seen = after
	c.ok(start)
	return nil
}

func (c *Cache) ok(start int64) {
	c.lastOK.Store(start)
	if c.failing {
		c.failing = false
		c.log.Info("auth cache: polling auth_changes again")
	}
}

func (c *Cache) failed(ctx context.Context, err error) error {
	if !c.failing && ctx.Err() == nil { // not when stopping
		c.failing = true
		c.log.Warn("auth cache: polling auth_changes failed; requests read the database until it works again",
			"err", err.Error())
	}
	return err
}

// Run polls every Interval (and at once when woken) until ctx ends, and
// prunes auth_changes rows older than PruneAge every 10 s.
func (c *Cache) Run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		_ = c.Refresh(ctx)
		if now := time.Now(); now.Sub(c.pruned) >= pruneInterval {
			c.pruned = now
			if err := c.src.PruneAuthChanges(ctx, now.Add(-PruneAge)); err != nil && ctx.Err() == nil {
				c.log.Warn("auth cache: pruning auth_changes failed", "err", err.Error())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-c.wake:
		}
	}
}
