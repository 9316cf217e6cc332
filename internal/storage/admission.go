package storage

import (
	"context"
	"sync"
	"time"

	"closedset/internal/domain"
)

// DefaultAdmissionWait is how long a request waits for a database slot before
// it is answered 503 with Retry-After: 1.
const DefaultAdmissionWait = 5 * time.Second

// admission is a semaphore with as many slots as the pool has connections:
// requests queue here, in order and for a bounded time, instead of piling up
// inside database/sql (or, unbounded, at the server: "too many clients").
type admission struct {
	slots chan struct{}
	wait  time.Duration
}

func newAdmission(n int, wait time.Duration) *admission {
	return &admission{slots: make(chan struct{}, n), wait: wait}
}

// errBusy is what a request gets when no slot frees up in time.
func errBusy() error {
	e := domain.E(domain.KindUnavailable, "unavailable", "The server is busy. Try again in a moment.")
	e.Extra = map[string]any{"retryAfter": 1}
	return e
}

// Acquire takes one of the store's request slots (Options.WriteSlots),
// waiting at most the admission wait (5 s by default) for one to free up; it
// then fails with unavailable (retryAfter 1), and so it does when ctx ends
// first. release gives the slot back; calling it more than once is harmless.
// Background work does not take slots: it waits for a connection in the pool.
// Reads (a ReadOnly ctx) take slots of their own (MaxConns), so that they
// never wait for writers.
func (s *Store) Acquire(ctx context.Context) (release func(), err error) {
	a := s.admit
	if IsReadOnly(ctx) {
		a = s.readAdm
	}
	if a == nil { // a store bound to a transaction
		return func() {}, nil
	}
	select {
	case a.slots <- struct{}{}:
	default:
		t := time.NewTimer(a.wait)
		defer t.Stop()
		select {
		case a.slots <- struct{}{}:
		case <-t.C:
			return nil, errBusy()
		case <-ctx.Done():
			return nil, errBusy()
		}
	}
	var once sync.Once
	return func() { once.Do(func() { <-a.slots }) }, nil
}
