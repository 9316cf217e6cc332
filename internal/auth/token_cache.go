package auth

import (
	"sync"
	"time"
)

// parsedTokensSize bounds how many verified access tokens are remembered.
const parsedTokensSize = 10_000

// parsedToken is what a token that verified said: subject, issue time and
// the window it is valid in.
type parsedToken struct {
	sub      string
	issued   time.Time
	exp, nbf time.Time
}

// parsedTokens remembers tokens that verified, by their exact text, so that
// the next request with the same token skips decoding and the HMAC. Only
// successes are kept, and a hit is checked against exp and nbf again with the
// clock of the moment: a token that expired is parsed (and refused) anew.
// Bounded: when full, one remembered token is forgotten per new one.
type parsedTokens struct {
	mu   sync.RWMutex
	m    map[string]parsedToken
	size int
}

func newParsedTokens(size int) *parsedTokens {
	return &parsedTokens{m: make(map[string]parsedToken), size: size}
}

func (p *parsedTokens) get(token string, now time.Time) (parsedToken, bool) {
	p.mu.RLock()
	t, ok := p.m[token]
	p.mu.RUnlock()
	if !ok || !now.Before(t.exp) || now.Before(t.nbf) {
		return parsedToken{}, false
	}
	return t, true
}

func (p *parsedTokens) put(token string, t parsedToken) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.m[token]; !ok && len(p.m) >= p.size {
		for k := range p.m {
			delete(p.m, k)
			break
		}
	}
	p.m[token] = t
}
