package authcache_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"closedset/internal/authcache"
	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// fixture is a store with a user who is a member of a production.
func fixture(t *testing.T) (*storage.Store, string, string) {
	t.Helper()
	st := storagetest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	err := st.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.CreateUser(ctx, domain.User{ID: "u1", Email: "u1@example.test", DisplayName: "U1", CreatedAt: now}, "h"); err != nil {
			return err
		}
		if err := tx.CreateProduction(ctx, domain.Production{ID: "p1", Title: "P", Kind: "film", Timezone: "UTC", CreatedAt: now}, "u1"); err != nil {
			return err
		}
		return tx.AddMember(ctx, "p1", "u1", domain.RoleProducer, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, "u1", "p1"
}

func newCache(t *testing.T, st *storage.Store, o authcache.Options) *authcache.Cache {
	t.Helper()
	o.Source = st
	c := authcache.New(o)
	if err := c.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

// The cache serves nothing before its first poll, then what was put.
func TestCacheServesAfterFirstPoll(t *testing.T) {
	st, u, _ := fixture(t)
	c := authcache.New(authcache.Options{Source: st})
	c.PutAuth(u, c.Gen(), nil)
	if _, ok := c.Auth(u); ok {
		t.Fatal("served before any poll")
	}
	if err := c.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Auth(u); ok {
		t.Fatal("what was put before the first poll survived it")
	}
	cutoff := time.Now()
	c.PutAuth(u, c.Gen(), &cutoff)
	c.PutMe(u, c.Gen(), &authcache.Me{User: domain.User{ID: u}})
	if got, ok := c.Auth(u); !ok || got == nil || !got.Equal(cutoff) {
		t.Fatalf("Auth = %v, %v", got, ok)
	}
	if me, ok := c.Me(u); !ok || me.User.ID != u {
		t.Fatalf("Me = %v, %v", me, ok)
	}
}

// A value read before a drop is not kept: a read racing a change never
// brings the old state back.
func TestCacheRefusesAValueReadBeforeADrop(t *testing.T) {
	st, u, _ := fixture(t)
	c := newCache(t, st, authcache.Options{})
	gen := c.Gen() // a request starts reading the database…
	c.Drop([]string{"someone else"})
	c.PutAuth(u, gen, nil) // …and finishes after a change
	if _, ok := c.Auth(u); ok {
		t.Fatal("a value read before a drop was kept")
	}
	c.PutAuth(u, c.Gen(), nil)
	if _, ok := c.Auth(u); !ok {
		t.Fatal("a value read after the drop was not kept")
	}
}

// A change recorded through another store (another instance) is dropped by
// the next poll; an unrelated user stays.
func TestCachePollDropsWhatChanged(t *testing.T) {
	st, u, p := fixture(t)
	ctx := context.Background()
	c := newCache(t, st, authcache.Options{})
	c.PutAuth(u, c.Gen(), nil)
	c.PutAuth("u2", c.Gen(), nil)
	if err := st.Tx(ctx, func(tx *storage.Store) error { return tx.DeleteMember(ctx, p, u) }); err != nil {
		t.Fatal(err)
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Auth(u); ok {
		t.Fatal("the changed user is still served")
	}
	if _, ok := c.Auth("u2"); !ok {
		t.Fatal("an unchanged user was dropped")
	}
}

// A change rolled back records nothing and drops nothing.
func TestCacheRolledBackChangeRecordsNothing(t *testing.T) {
	st, u, p := fixture(t)
	ctx := context.Background()
	head, err := st.AuthChangeHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.DeleteMember(ctx, p, u); err != nil {
			return err
		}
		return fmt.Errorf("roll back")
	})
	if after, err := st.AuthChangeHead(ctx); err != nil || after != head {
		t.Fatalf("head %d → %d (%v)", head, after, err)
	}
}

// Rule 13 with a stalled poller: once the last successful poll is older than
// MaxStale the cache is bypassed (callers read the database); when polling
// works again, everything kept before is forgotten (pruned changes may have
// been missed).
func TestRule13StalledPollerBypassesCache(t *testing.T) {
	st, u, _ := fixture(t)
	c := newCache(t, st, authcache.Options{MaxStale: 100 * time.Millisecond})
	c.PutAuth(u, c.Gen(), nil)
	if _, ok := c.Auth(u); !ok || !c.Fresh() {
		t.Fatal("not served right after a poll")
	}
	time.Sleep(150 * time.Millisecond) // no poll
	if _, ok := c.Auth(u); ok || c.Fresh() {
		t.Fatal("served although the last poll is older than MaxStale")
	}
	if err := c.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Auth(u); ok || c.Len() != 0 {
		t.Fatalf("kept %d users across a stall", c.Len())
	}
}

// The poller stops with its context, and a failing source makes the cache
// bypassed, never stale.
func TestCacheRunStopsAndFailsClosed(t *testing.T) {
	st, u, _ := fixture(t)
	c := authcache.New(authcache.Options{Source: st, Interval: 10 * time.Millisecond, MaxStale: 200 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for !c.Fresh() {
		if time.Now().After(deadline) {
			t.Fatal("never fresh")
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.PutAuth(u, c.Gen(), nil)
	if err := st.Close(); err != nil { // the database goes away
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	if _, ok := c.Auth(u); ok {
		t.Fatal("served while polls fail")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// The cache is bounded; a negative size keeps nothing.
func TestCacheIsBounded(t *testing.T) {
	st, _, _ := fixture(t)
	c := newCache(t, st, authcache.Options{Size: 3})
	for i := range 10 {
		c.PutAuth(fmt.Sprint("u", i), c.Gen(), nil)
	}
	if c.Len() != 3 {
		t.Fatalf("holds %d users, bound 3", c.Len())
	}
	off := newCache(t, st, authcache.Options{Size: -1})
	off.PutAuth("u1", off.Gen(), nil)
	if _, ok := off.Auth("u1"); ok || off.Len() != 0 {
		t.Fatal("a disabled cache kept a user")
	}
}

// Old auth changes are pruned.
func TestCachePrunesOldChanges(t *testing.T) {
	st, u, p := fixture(t)
	ctx := context.Background()
	if err := st.Tx(ctx, func(tx *storage.Store) error { return tx.DeleteMember(ctx, p, u) }); err != nil {
		t.Fatal(err)
	}
	if rows, err := st.AuthChangesAfter(ctx, 0, 100); err != nil || len(rows) != 2 { // added, removed
		t.Fatalf("rows %v, %v", rows, err)
	}
	if err := st.PruneAuthChanges(ctx, time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if rows, err := st.AuthChangesAfter(ctx, 0, 100); err != nil || len(rows) != 0 {
		t.Fatalf("after pruning: %v, %v", rows, err)
	}
}
