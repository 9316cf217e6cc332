package notify

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/golang-jwt/jwt/v5"
)

// VAPID token lifetime (RFC 8292 allows up to 24 h) and how long before its
// expiry a cached header is replaced, so a send never carries a token that
// could expire in flight or on a push service with a skewed clock.
const (
	vapidLifetime    = 12 * time.Hour
	vapidRenewBefore = time.Hour
)

// vapidSigner keeps one signed VAPID Authorization header per push-service
// origin and reuses it until it nears expiry (RFC 8292 section 2: one token
// may serve many requests to the same push service, which lets the service
// cache its verification). It is safe for concurrent use.
type vapidSigner struct {
	key     *ecdsa.PrivateKey
	k       string // the public key, unpadded base64url, for the header's k=
	subject string
	now     func() time.Time
	err     error // a key that could not be parsed: every header fails

	mu    sync.Mutex
	cache map[string]vapidHeader
	signs int // tokens signed (tests)
}

type vapidHeader struct {
	value   string
	renewAt time.Time
}

// newVAPIDSigner parses the key pair as webpush-go stores it (base64url, with
// or without padding: a 32-byte private scalar and an uncompressed public
// point) and checks they belong together.
func newVAPIDSigner(publicKey, privateKey, subject string, now func() time.Time) *vapidSigner {
	s := &vapidSigner{subject: vapidSubject(subject), now: now, cache: map[string]vapidHeader{}}
	priv, err := decodeKey(privateKey)
	if err == nil {
		s.key, err = ecdsa.ParseRawPrivateKey(elliptic.P256(), priv)
	}
	var pub []byte
	if err == nil {
		pub, err = decodeKey(publicKey)
	}
	if err == nil {
		if own, _ := s.key.PublicKey.Bytes(); !bytes.Equal(own, pub) {
			err = errors.New("the VAPID public key does not belong to the private key")
		}
	}
	if err != nil {
		s.err = fmt.Errorf("VAPID keys: %w", err)
		return s
	}
	s.k = base64.RawURLEncoding.EncodeToString(pub)
	return s
}

// vapidSubject is the sub claim: an https: URL as given, anything else as a
// mailto: address.
func vapidSubject(s string) string {
	if strings.HasPrefix(s, "https:") || strings.HasPrefix(s, "mailto:") {
		return s
	}
	return "mailto:" + s
}

func decodeKey(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// header returns the Authorization header for a push service origin
// ("https://host[:port]"), signing a new token only when none is cached or the
// cached one is within vapidRenewBefore of its expiry.
func (s *vapidSigner) header(origin string) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.cache[origin]; ok && now.Before(h.renewAt) {
		return h.value, nil
	}
	exp := now.Add(vapidLifetime)
	token, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{
		"aud": origin, "exp": exp.Unix(), "sub": s.subject,
	}).SignedString(s.key)
	if err != nil {
		return "", fmt.Errorf("sign VAPID token: %w", err)
	}
	h := vapidHeader{value: "vapid t=" + token + ", k=" + s.k, renewAt: exp.Add(-vapidRenewBefore)}
	s.cache[origin] = h
	s.signs++
	return h.value, nil
}

// vapidClient is the HTTP client handed to webpush-go. webpush-go v1.4.0 signs
// a fresh VAPID token inside every SendNotification call and has no way to
// pass one in; this client replaces that header with the signer's cached one
// for the request's origin, so push services see one token per origin per
// renewal period.
type vapidClient struct {
	client *http.Client
	signer *vapidSigner
}

var _ webpush.HTTPClient = vapidClient{}

func (c vapidClient) Do(req *http.Request) (*http.Response, error) {
	h, err := c.signer.header(req.URL.Scheme + "://" + req.URL.Host)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", h)
	return c.client.Do(req)
}
