package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Audience is the "aud" of every access token.
const Audience = "closedset-api"

// AccessTTL is how long an access token lives.
const AccessTTL = 15 * time.Minute

// Tokens issues and checks HS256 access tokens.
type Tokens struct {
	secret []byte
	issuer string
	now    func() time.Time
	parsed *parsedTokens // tokens that verified, by their exact text
}

// NewTokens returns a token service; issuer is the public URL.
func NewTokens(secret []byte, issuer string, now func() time.Time) *Tokens {
	return &Tokens{secret: secret, issuer: issuer, now: now, parsed: newParsedTokens(parsedTokensSize)}
}

// ErrInvalidToken is returned for any token that does not verify.
var ErrInvalidToken = errors.New("auth: invalid access token")

// claims are an access token's: the registered ones, and the issue time in
// microseconds ("iat" has whole seconds only), so that a token issued in the
// same second as a password reset, but before it, is refused, and one issued
// after it is not.
type claims struct {
	jwt.RegisteredClaims
	IssuedAtMicros int64 `json:"iat_us,omitempty"`
}

// Issue returns a signed access token for userID and its lifetime in seconds.
func (t *Tokens) Issue(userID string) (string, int, error) {
	now := t.now()
	claims := claims{IssuedAtMicros: now.UnixMicro(), RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    t.issuer,
		Subject:   userID,
		Audience:  jwt.ClaimStrings{Audience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	return s, int(AccessTTL / time.Second), err
}

// Parse verifies an access token — HS256 only, exp/iss/aud required — and
// returns its subject (the user id).
func (t *Tokens) Parse(token string) (string, error) {
	sub, _, err := t.ParseIssued(token)
	return sub, err
}

// ParseIssued is Parse that also returns when the token was issued, to the
// microsecond. A token without the precise claim counts as issued at the
// last microsecond of its "iat" second (refused by a cutoff in that second).
func (t *Tokens) ParseIssued(token string) (string, time.Time, error) {
	if p, ok := t.parsed.get(token, t.now()); ok {
		return p.sub, p.issued, nil
	}
	sub, issued, c, err := t.parse(token)
	if err == nil && c.ExpiresAt != nil {
		p := parsedToken{sub: sub, issued: issued, exp: c.ExpiresAt.Time}
		if c.NotBefore != nil {
			p.nbf = c.NotBefore.Time
		}
		t.parsed.put(token, p)
	}
	return sub, issued, err
}

// parse verifies a token's signature and claims.
func (t *Tokens) parse(token string) (string, time.Time, claims, error) {
	var c claims
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(t.issuer),
		jwt.WithAudience(Audience),
		jwt.WithTimeFunc(t.now),
	)
	_, err := p.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil })
	if err != nil || c.Subject == "" {
		return "", time.Time{}, c, ErrInvalidToken
	}
	switch {
	case c.IssuedAtMicros > 0:
		return c.Subject, time.UnixMicro(c.IssuedAtMicros).UTC(), c, nil
	case c.IssuedAt != nil:
		return c.Subject, c.IssuedAt.Add(time.Second - time.Microsecond).UTC(), c, nil
	}
	return c.Subject, time.Time{}, c, nil
}
