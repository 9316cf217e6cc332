package auth

import (
	"sync"
	"time"
)

// Limiter allows at most Max attempts per key within a sliding Window. It is
// in-memory, per process; state is bounded by pruning idle keys.
type Limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu       sync.Mutex
	attempts map[string][]time.Time
	pruned   time.Time
}

// NewLimiter returns a limiter of max attempts per window.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	return &Limiter{max: max, window: window, now: now, attempts: map[string][]time.Time{}}
}

// Allow records an attempt for key and reports whether it is within the limit;
// when it is not, retryAfter says when the oldest attempt leaves the window.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.pruned) > l.window {
		for k, ts := range l.attempts {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
				delete(l.attempts, k)
			}
		}
		l.pruned = now
	}
	ts := l.attempts[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.max {
		l.attempts[key] = ts
		return false, ts[0].Add(l.window).Sub(now)
	}
	l.attempts[key] = append(ts, now)
	return true, 0
}
