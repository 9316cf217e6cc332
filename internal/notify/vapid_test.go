package notify

import (
	"strings"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/golang-jwt/jwt/v5"

	"closedset/internal/testclock"
)

// claims parses a header's token with the signer's own public key.
func claims(t *testing.T, s *vapidSigner, header string, at time.Time) jwt.MapClaims {
	t.Helper()
	token := strings.TrimPrefix(strings.SplitN(header, ",", 2)[0], "vapid t=")
	c := jwt.MapClaims{}
	if _, err := jwt.ParseWithClaims(token, c, func(*jwt.Token) (any, error) { return &s.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return at })); err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	return c
}

// TestVAPIDHeaderReusedWhileValid: one signature per push-service origin,
// reused for every message until an hour before it expires, then renewed.
func TestVAPIDHeaderReusedWhileValid(t *testing.T) {
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	clock := testclock.New(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	s := newVAPIDSigner(pub, priv, "push@closedset.test", clock.Now)
	if s.err != nil {
		t.Fatal(s.err)
	}
	const fcm, mozilla = "https://fcm.googleapis.com", "https://updates.push.services.mozilla.com"

	first, _ := s.header(fcm)
	for range 100 {
		if h, _ := s.header(fcm); h != first {
			t.Fatal("header re-signed while the cached one is valid")
		}
	}
	if s.signs != 1 {
		t.Fatalf("signed %d tokens for 101 messages to one origin, want 1", s.signs)
	}
	c := claims(t, s, first, clock.Now())
	if c["aud"] != fcm || c["sub"] != "mailto:push@closedset.test" {
		t.Fatalf("claims %v", c)
	}
	if exp, _ := c.GetExpirationTime(); !exp.Time.Equal(clock.Now().Add(12 * time.Hour)) {
		t.Fatalf("exp %v, want 12 h ahead", exp)
	}
	if !strings.HasSuffix(first, ", k="+strings.TrimRight(pub, "=")) {
		t.Fatalf("header %q lacks k= with the public key", first)
	}

	other, _ := s.header(mozilla)
	if other == first || claims(t, s, other, clock.Now())["aud"] != mozilla {
		t.Fatal("another push service needs its own token (aud is the origin)")
	}

	clock.Advance(10*time.Hour + 59*time.Minute)
	if h, _ := s.header(fcm); h != first {
		t.Fatal("renewed more than an hour before expiry")
	}
	clock.Advance(time.Minute)
	renewed, _ := s.header(fcm)
	if renewed == first {
		t.Fatal("not renewed an hour before expiry")
	}
	claims(t, s, renewed, clock.Now().Add(11*time.Hour+59*time.Minute)) // valid for the next 12 h
	if s.signs != 3 {
		t.Fatalf("signed %d tokens, want 3 (two origins, one renewal)", s.signs)
	}
}

// TestVAPIDKeysMustMatch: a public key from another pair is a configuration
// error reported on every send instead of a header push services would refuse.
func TestVAPIDKeysMustMatch(t *testing.T) {
	priv, _, _ := webpush.GenerateVAPIDKeys()
	_, otherPub, _ := webpush.GenerateVAPIDKeys()
	for name, s := range map[string]*vapidSigner{
		"mismatched pair": newVAPIDSigner(otherPub, priv, "https://closedset.test", time.Now),
		"not base64":      newVAPIDSigner("%%%", priv, "https://closedset.test", time.Now),
		"not a P-256 key": newVAPIDSigner(otherPub, "AAAA", "https://closedset.test", time.Now),
	} {
		if _, err := s.header("https://fcm.googleapis.com"); err == nil {
			t.Errorf("%s: header signed", name)
		}
	}
}
