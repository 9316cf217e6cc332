// Package testclock is the settable clock tests inject wherever the code
// takes a `func() time.Time` (service.Options.Now, the push worker, tokens).
package testclock

import (
	"sync"
	"sync/atomic"
	"time"
)

// Clock stands still until a test moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
	// hook, when set, is called (unlocked) by every Now: a test can stop the
	// code under test at a point of its run.
	hook atomic.Pointer[func()]
}

// New returns a clock standing at now.
func New(now time.Time) *Clock { return &Clock{now: now} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	if h := c.hook.Load(); h != nil {
		(*h)()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Hook calls f on every Now until Hook(nil).
func (c *Clock) Hook(f func()) {
	if f == nil {
		c.hook.Store(nil)
		return
	}
	c.hook.Store(&f)
}
