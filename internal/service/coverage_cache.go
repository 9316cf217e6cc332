package service

import (
	"context"
	"sync"
)

// DefaultCoverageCacheSize is how many productions' coverage a service keeps
// in memory unless Options says otherwise.
const DefaultCoverageCacheSize = 16

// coverageCache keeps the latest coverage snapshot of up to max productions,
// dropping the least recently used, and lets concurrent cold loads of one
// production share a single load.
type coverageCache struct {
	mu      sync.Mutex
	max     int
	clock   uint64
	entries map[string]*covEntry
	loads   map[string]*covLoad
}

type covEntry struct {
	snap *covSnapshot
	used uint64
}

// covLoad is a load in flight; done is closed when snap and err are set.
type covLoad struct {
	done chan struct{}
	snap *covSnapshot
	err  error
}

func newCoverageCache(max int) *coverageCache {
	return &coverageCache{max: max, entries: map[string]*covEntry{}, loads: map[string]*covLoad{}}
}

// get returns a production's snapshot, nil when none is kept.
func (c *coverageCache) get(productionID string) *covSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[productionID]
	if e == nil {
		return nil
	}
	c.clock++
	e.used = c.clock
	return e.snap
}

// put keeps a production's snapshot unless the one kept is valid up to a
// later seq (a slower request must not bring back older lines).
func (c *coverageCache) put(productionID string, snap *covSnapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock++
	if e := c.entries[productionID]; e != nil {
		if snap.seq >= e.snap.seq {
			e.snap = snap
		}
		e.used = c.clock
		return
	}
	c.entries[productionID] = &covEntry{snap: snap, used: c.clock}
	for len(c.entries) > c.max {
		oldest, used := "", c.clock+1
		for id, e := range c.entries {
			if e.used < used {
				oldest, used = id, e.used
			}
		}
		delete(c.entries, oldest)
	}
}

// replace keeps a production's snapshot whatever seq the one kept had.
func (c *coverageCache) replace(productionID string, snap *covSnapshot) {
	c.mu.Lock()
	if e := c.entries[productionID]; e != nil {
		e.snap = snap
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.put(productionID, snap)
}

// load runs fn to load a production's snapshot and keeps the result, unless a
// load of it is already in flight: then it waits for that one's result
// instead. led reports whether this call ran fn; a shared load may have read
// the database before the caller started.
func (c *coverageCache) load(ctx context.Context, productionID string, fn func() (*covSnapshot, error)) (snap *covSnapshot, led bool, err error) {
	c.mu.Lock()
	if l := c.loads[productionID]; l != nil {
		c.mu.Unlock()
		select {
		case <-l.done:
			return l.snap, false, l.err
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	l := &covLoad{done: make(chan struct{})}
	c.loads[productionID] = l
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.loads, productionID)
		c.mu.Unlock()
		close(l.done)
	}()
	l.err = errLoadAbandoned // what the waiters see should fn panic
	l.snap, l.err = fn()
	if l.err == nil {
		c.put(productionID, l.snap)
	}
	return l.snap, true, l.err
}
