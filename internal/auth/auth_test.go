package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery", CheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if ok, err := VerifyPassword(h, "correct horse battery"); err != nil || !ok {
		t.Fatalf("right password: ok=%v err=%v", ok, err)
	}
	if ok, _ := VerifyPassword(h, "correct horse batterY"); ok {
		t.Fatal("wrong password verified")
	}
	h2, _ := HashPassword("correct horse battery", CheapArgon2)
	if h == h2 {
		t.Fatal("two hashes of one password share a salt")
	}
	if _, err := VerifyPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("non-argon2 hash accepted")
	}
}

func TestOpaqueTokenHash(t *testing.T) {
	tok, hash, err := NewOpaqueToken()
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 43 || HashToken(tok) != hash || hash == tok {
		t.Fatalf("token %q hash %q", tok, hash)
	}
}

func TestAccessTokens(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	secret := []byte(strings.Repeat("k", 32))
	tokens := NewTokens(secret, "http://localhost:8080", clock)

	tok, ttl, err := tokens.Issue("user-1")
	if err != nil || ttl != 900 {
		t.Fatalf("issue: ttl=%d err=%v", ttl, err)
	}
	t.Run("OK", func(t *testing.T) {
		sub, err := tokens.Parse(tok)
		if err != nil || sub != "user-1" {
			t.Fatalf("sub=%q err=%v", sub, err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		later := NewTokens(secret, "http://localhost:8080", func() time.Time { return now.Add(16 * time.Minute) })
		if _, err := later.Parse(tok); err == nil {
			t.Fatal("expired token accepted")
		}
	})
	t.Run("ErrWrongIssuer", func(t *testing.T) {
		other := NewTokens(secret, "https://elsewhere.example", clock)
		if _, err := other.Parse(tok); err == nil {
			t.Fatal("token of another issuer accepted")
		}
	})
	t.Run("ErrWrongSecret", func(t *testing.T) {
		other := NewTokens([]byte(strings.Repeat("z", 32)), "http://localhost:8080", clock)
		if _, err := other.Parse(tok); err == nil {
			t.Fatal("token signed with another key accepted")
		}
	})
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "http://localhost:8080", "aud": Audience, "sub": "user-1",
			"exp": now.Add(time.Minute).Unix()}
	}
	t.Run("ErrAlgNotPinned", func(t *testing.T) {
		if _, err := tokens.Parse(sign(jwt.SigningMethodHS512, secret, base())); err == nil {
			t.Fatal("HS512 token accepted")
		}
		none := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base())
		if _, err := tokens.Parse(none); err == nil {
			t.Fatal("alg none accepted")
		}
	})
	t.Run("ErrMissingExp", func(t *testing.T) {
		c := base()
		delete(c, "exp")
		if _, err := tokens.Parse(sign(jwt.SigningMethodHS256, secret, c)); err == nil {
			t.Fatal("token without exp accepted")
		}
	})
	t.Run("ErrWrongAudience", func(t *testing.T) {
		c := base()
		c["aud"] = "something-else"
		if _, err := tokens.Parse(sign(jwt.SigningMethodHS256, secret, c)); err == nil {
			t.Fatal("token for another audience accepted")
		}
	})
}

// An access token carries its issue time to the microsecond, so a cutoff
// in the middle of a second tells the tokens before it from those after.
// A token without the precise claim counts as issued at the end of its
// second.
func TestAccessTokenIssuedPrecisely(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 250_000_123, time.UTC)
	tok := NewTokens([]byte("0123456789abcdef0123456789abcdef"), "https://closedset.test", func() time.Time { return now })
	s, _, err := tok.Issue("u1")
	if err != nil {
		t.Fatal(err)
	}
	sub, issued, err := tok.ParseIssued(s)
	if err != nil || sub != "u1" || !issued.Equal(now.Truncate(time.Microsecond)) {
		t.Fatalf("ParseIssued: %q %v %v", sub, issued, err)
	}
	legacy, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Issuer: "https://closedset.test", Subject: "u1",
		Audience: jwt.ClaimStrings{Audience}, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}).
		SignedString([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if _, issued, err := tok.ParseIssued(legacy); err != nil || !issued.Equal(time.Date(2026, 11, 22, 9, 0, 0, 999_999_000, time.UTC)) {
		t.Fatalf("legacy token issued %v, %v", issued, err)
	}
}

// A token that verified is remembered (no second decode and HMAC), but a
// remembered token is refused once it expires, a failure is never
// remembered as a success, and the memory is bounded.
func TestParsedTokensCache(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tk := NewTokens([]byte(strings.Repeat("k", 32)), "https://cs.example", clock)
	tok, _, err := tk.Issue("u1")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if sub, err := tk.Parse(tok); err != nil || sub != "u1" {
			t.Fatalf("Parse = %q, %v", sub, err)
		}
	}
	if _, ok := tk.parsed.get(tok, now); !ok {
		t.Fatal("a verified token was not remembered")
	}
	// Tampered (another signature) and garbage: refused every time, never kept.
	bad := tok[:len(tok)-2] + "xx"
	for range 2 {
		if _, err := tk.Parse(bad); err == nil {
			t.Fatal("a tampered token verified")
		}
	}
	if _, ok := tk.parsed.get(bad, now); ok {
		t.Fatal("a failure was remembered")
	}
	// Expired: refused although remembered.
	now = now.Add(AccessTTL + time.Second)
	if _, err := tk.Parse(tok); err == nil {
		t.Fatal("an expired remembered token verified")
	}
	// Bounded.
	p := newParsedTokens(2)
	for i := range 5 {
		p.put(strings.Repeat("t", i+1), parsedToken{sub: "u", exp: now.Add(time.Hour)})
	}
	if len(p.m) != 2 {
		t.Fatalf("remembers %d tokens, bound 2", len(p.m))
	}
}
