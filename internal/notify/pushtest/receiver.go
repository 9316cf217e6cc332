package pushtest

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MaxBodySize is the largest request body the receiver accepts; larger ones
// are answered 413, as real push services do (RFC 8030 section 7.2 asks them
// to accept at least 4096 bytes).
const MaxBodySize = 4096

// maxJWTLifetime is how far in the future a VAPID JWT may expire (RFC 8292 section 2).
const maxJWTLifetime = 24 * time.Hour

// Subscription is a fake browser subscription: keys for the server, secrets for the test.
type Subscription struct {
	Endpoint string // receiver URL + "/push/<id>"
	P256dh   string // base64url uncompressed public key, as PushSubscription.toJSON() gives
	Auth     string // base64url 16-byte auth secret
	private  []byte
	secret   []byte
}

// ID returns the subscription id: the last path segment of Endpoint, as used
// by Respond and reported in Message.SubscriptionID.
func (s Subscription) ID() string {
	return s.Endpoint[strings.LastIndexByte(s.Endpoint, '/')+1:]
}

// Decrypt decrypts an aes128gcm push body addressed to this subscription,
// for tests that capture bodies some other way.
func (s Subscription) Decrypt(body []byte) ([]byte, error) {
	return Decrypt(body, s.private, s.secret)
}

// JSON returns the subscription as a browser's PushSubscription.toJSON()
// serializes it, ready to post to the server's subscribe endpoint.
func (s Subscription) JSON() []byte {
	b, err := json.Marshal(map[string]any{
		"endpoint":       s.Endpoint,
		"expirationTime": nil,
		"keys":           map[string]string{"p256dh": s.P256dh, "auth": s.Auth},
	})
	if err != nil {
		panic(err) // cannot happen: only strings and nil
	}
	return b
}

// Message is one received, verified and decrypted push.
type Message struct {
	SubscriptionID string
	Payload        []byte // decrypted
	TTL            int
	Urgency        string
	Topic          string
	Header         http.Header
}

// reply is one queued answer for a subscription.
type reply struct {
	status int
	header http.Header
}

// subscriber is the receiver's record of a subscription it handed out.
type subscriber struct {
	private []byte
	secret  []byte
}

// Receiver is an httptest push service.
//
// It serves POST <URL>/push/<id> for the subscriptions made by Subscribe. Each
// request is verified (headers, VAPID JWT, decryption); a failing one is
// answered 400, 401, 403, 404, 405 or 413 and recorded in Rejected. A
// verified one gets the next answer queued by Respond or RespondWithHeader
// (201 Created when none is queued) and, when that answer is 2xx, is recorded
// in Messages.
type Receiver struct {
	srv      *httptest.Server
	aud      string
	vapidRaw []byte
	vapidKey *ecdsa.PublicKey
	subject  string

	mu       sync.Mutex
	nextID   int
	subs     map[string]subscriber
	replies  map[string][]reply
	messages []Message
	rejected []error
	changed  chan struct{} // closed and replaced whenever messages or rejected grow
}

// NewReceiver starts a receiver that accepts pushes signed by the VAPID key
// pair whose public key is vapidPublicKey (base64url, with or without padding,
// uncompressed P-256) and whose JWT carries sub == subject (the full claim,
// "mailto:…" or "https:…"). The receiver is closed on t.Cleanup.
func NewReceiver(t testing.TB, vapidPublicKey string /* base64url uncompressed P-256 */, subject string) *Receiver {
	t.Helper()
	raw, err := decodeB64URL(vapidPublicKey)
	if err != nil {
		t.Fatalf("pushtest: VAPID public key: %v", err)
	}
	key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		t.Fatalf("pushtest: VAPID public key: %v", err)
	}
	if !validSubject(subject) {
		t.Fatalf("pushtest: VAPID subject %q must be a mailto: or https: URL", subject)
	}
	r := &Receiver{
		vapidRaw: raw,
		vapidKey: key,
		subject:  subject,
		subs:     map[string]subscriber{},
		replies:  map[string][]reply{},
		changed:  make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/push/{id}", r.handle)
	r.srv = httptest.NewServer(mux)
	u, err := url.Parse(r.srv.URL)
	if err != nil {
		r.srv.Close()
		t.Fatalf("pushtest: %v", err)
	}
	r.aud = u.Scheme + "://" + u.Host
	t.Cleanup(r.srv.Close)
	return r
}

// URL returns the receiver's base URL, e.g. http://127.0.0.1:41234.
func (r *Receiver) URL() string { return r.srv.URL }

// Host returns the receiver's host:port, for the server's allow-list.
func (r *Receiver) Host() string {
	u, _ := url.Parse(r.srv.URL)
	return u.Host
}

// Subscribe creates a subscription on this receiver, as a browser's
// pushManager.subscribe would: a fresh P-256 key pair, a random 16-byte auth
// secret and an endpoint URL + "/push/<id>".
func (r *Receiver) Subscribe() Subscription {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("pushtest: generate key: %v", err))
	}
	secret := make([]byte, authSecretLen)
	if _, err := rand.Read(secret); err != nil {
		panic(fmt.Sprintf("pushtest: generate auth secret: %v", err))
	}
	private := key.Bytes()

	r.mu.Lock()
	r.nextID++
	id := fmt.Sprintf("sub%d-%s", r.nextID, base64.RawURLEncoding.EncodeToString(secret[:6]))
	r.subs[id] = subscriber{private: private, secret: secret}
	r.mu.Unlock()

	return Subscription{
		Endpoint: r.srv.URL + "/push/" + id,
		P256dh:   base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()),
		Auth:     base64.RawURLEncoding.EncodeToString(secret),
		private:  bytes.Clone(private),
		secret:   bytes.Clone(secret),
	}
}

// Respond queues the next answers for verified pushes to that subscription
// (e.g. 410, 429, 500, 413, 201); once the queue is empty the answer is 201.
// A 429 or 503 gets "Retry-After: 1" and a 201 gets a Location header, as
// push services send them. Rejected requests do not consume queued answers.
func (r *Receiver) Respond(subscriptionID string, statuses ...int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range statuses {
		r.replies[subscriptionID] = append(r.replies[subscriptionID], reply{status: s})
	}
}

// RespondWithHeader queues one answer with the given status and headers for
// the next verified push to that subscription. The headers replace the
// defaults Respond would add.
func (r *Receiver) RespondWithHeader(subscriptionID string, status int, header http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	r.replies[subscriptionID] = append(r.replies[subscriptionID], reply{status: status, header: h})
}

// Messages returns every verified delivery so far that was answered 2xx, in
// arrival order.
func (r *Receiver) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return cloneMessages(r.messages)
}

// Wait blocks until at least n messages have been delivered and returns them
// all, or fails the test after timeout (listing any rejected requests).
func (r *Receiver) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		r.mu.Lock()
		if len(r.messages) >= n {
			msgs := cloneMessages(r.messages)
			r.mu.Unlock()
			return msgs
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			got, rejected := len(r.Messages()), r.Rejected()
			t.Fatalf("pushtest: waited %v for %d push messages, got %d; rejected requests: %v", timeout, n, got, rejected)
			return nil
		}
	}
}

// Rejected returns the errors of the requests that failed verification (bad
// JWT, wrong aud, expired, missing TTL, wrong encoding, undecryptable, …), in
// arrival order.
func (r *Receiver) Rejected() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.rejected...)
}

// rejection is a failed verification and the status it is answered with.
type rejection struct {
	status int
	err    error
}

func reject(status int, format string, args ...any) *rejection {
	return &rejection{status: status, err: fmt.Errorf(format, args...)}
}

func (r *Receiver) handle(w http.ResponseWriter, req *http.Request) {
	id := req.PathValue("id")
	msg, rej := r.verify(req, id)
	if rej != nil {
		r.mu.Lock()
		r.rejected = append(r.rejected, fmt.Errorf("push to %q: %w", id, rej.err))
		r.notifyLocked()
		r.mu.Unlock()
		if rej.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", http.MethodPost)
		}
		http.Error(w, rej.err.Error(), rej.status)
		return
	}

	r.mu.Lock()
	rep := reply{status: http.StatusCreated}
	if q := r.replies[id]; len(q) > 0 {
		rep, r.replies[id] = q[0], q[1:]
	}
	ok := rep.status >= 200 && rep.status < 300
	if ok {
		r.messages = append(r.messages, msg)
		r.notifyLocked()
	}
	n := len(r.messages)
	r.mu.Unlock()

	h := w.Header()
	if rep.header != nil {
		for k, v := range rep.header {
			h[k] = append([]string(nil), v...)
		}
	} else {
		switch rep.status {
		case http.StatusCreated:
			h.Set("Location", fmt.Sprintf("%s/message/%d", r.srv.URL, n))
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			h.Set("Retry-After", "1")
		}
	}
	w.WriteHeader(rep.status)
}

// notifyLocked wakes up Wait callers; r.mu must be held.
func (r *Receiver) notifyLocked() {
	close(r.changed)
	r.changed = make(chan struct{})
}

// verify checks one push request and decrypts its payload.
func (r *Receiver) verify(req *http.Request, id string) (Message, *rejection) {
	if req.Method != http.MethodPost {
		return Message{}, reject(http.StatusMethodNotAllowed, "method %s, want POST", req.Method)
	}
	r.mu.Lock()
	sub, known := r.subs[id]
	r.mu.Unlock()
	if !known {
		return Message{}, reject(http.StatusNotFound, "unknown subscription")
	}

	// RFC 8030 headers.
	if ce := req.Header.Get("Content-Encoding"); !strings.EqualFold(strings.TrimSpace(ce), "aes128gcm") {
		return Message{}, reject(http.StatusBadRequest, "Content-Encoding %q, want aes128gcm", ce)
	}
	ttlValues := req.Header.Values("TTL")
	if len(ttlValues) != 1 {
		return Message{}, reject(http.StatusBadRequest, "want exactly one TTL header, got %d", len(ttlValues))
	}
	ttl, err := parseTTL(ttlValues[0])
	if err != nil {
		return Message{}, reject(http.StatusBadRequest, "TTL: %v", err)
	}
	urgency := ""
	if vs := req.Header.Values("Urgency"); len(vs) > 0 {
		urgency = vs[0]
		switch urgency {
		case "very-low", "low", "normal", "high":
		default:
			return Message{}, reject(http.StatusBadRequest, "Urgency %q is not very-low, low, normal or high", urgency)
		}
		if len(vs) > 1 {
			return Message{}, reject(http.StatusBadRequest, "more than one Urgency header")
		}
	}
	topic := ""
	if vs := req.Header.Values("Topic"); len(vs) > 0 {
		topic = vs[0]
		if len(vs) > 1 || !validTopic(topic) {
			return Message{}, reject(http.StatusBadRequest, "Topic %q must be 1 to 32 characters of the URL-safe base64 alphabet", topic)
		}
	}

	// RFC 8292 authorization.
	if err := r.verifyVAPID(req.Header.Get("Authorization")); err != nil {
		return Message{}, err
	}

	// RFC 8291 payload.
	body, err := io.ReadAll(io.LimitReader(req.Body, MaxBodySize+1))
	if err != nil {
		return Message{}, reject(http.StatusBadRequest, "read body: %v", err)
	}
	if len(body) > MaxBodySize {
		return Message{}, reject(http.StatusRequestEntityTooLarge, "body exceeds %d bytes", MaxBodySize)
	}
	payload, records, err := decrypt(body, sub.private, sub.secret)
	if err != nil {
		return Message{}, reject(http.StatusBadRequest, "decrypt: %v", err)
	}
	if records != 1 {
		return Message{}, reject(http.StatusBadRequest, "body has %d records; RFC 8291 requires exactly one", records)
	}

	return Message{
		SubscriptionID: id,
		Payload:        payload,
		TTL:            ttl,
		Urgency:        urgency,
		Topic:          topic,
		Header:         req.Header.Clone(),
	}, nil
}

// verifyVAPID checks an `Authorization: vapid t=<jwt>, k=<key>` header.
func (r *Receiver) verifyVAPID(authorization string) *rejection {
	if authorization == "" {
		return reject(http.StatusUnauthorized, "missing Authorization header")
	}
	scheme, rest, _ := strings.Cut(authorization, " ")
	if !strings.EqualFold(scheme, "vapid") {
		return reject(http.StatusUnauthorized, "Authorization scheme %q, want vapid", scheme)
	}
	params := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return reject(http.StatusUnauthorized, "malformed vapid parameter %q", part)
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := params[name]; dup {
			return reject(http.StatusUnauthorized, "duplicate vapid parameter %q", name)
		}
		params[name] = strings.Trim(strings.TrimSpace(value), `"`)
	}
	token, k := params["t"], params["k"]
	if token == "" || k == "" {
		return reject(http.StatusUnauthorized, "vapid authorization needs both t and k")
	}
	key, err := base64.RawURLEncoding.DecodeString(k)
	if err != nil {
		return reject(http.StatusUnauthorized, "vapid k is not unpadded base64url: %v", err)
	}
	if !bytes.Equal(key, r.vapidRaw) {
		// RFC 8292 section 4.2: a key other than the subscription's is 403.
		return reject(http.StatusForbidden, "vapid k %s is not the configured VAPID public key", k)
	}

	now := time.Now()
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims,
		func(*jwt.Token) (any, error) { return r.vapidKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodES256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if err != nil {
		return reject(http.StatusUnauthorized, "vapid JWT: %v", err)
	}
	aud, ok := claims["aud"].(string)
	if !ok || aud != r.aud {
		return reject(http.StatusUnauthorized, "vapid JWT aud %v, want %q", claims["aud"], r.aud)
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		return reject(http.StatusUnauthorized, "vapid JWT exp: %v", err)
	}
	if exp.After(now.Add(maxJWTLifetime)) {
		return reject(http.StatusUnauthorized, "vapid JWT exp %s is more than 24h ahead", exp.UTC().Format(time.RFC3339))
	}
	sub, ok := claims["sub"].(string)
	if !ok || !validSubject(sub) {
		return reject(http.StatusUnauthorized, "vapid JWT sub %v is not a mailto: or https: URL", claims["sub"])
	}
	if sub != r.subject {
		return reject(http.StatusUnauthorized, "vapid JWT sub %q, want %q", sub, r.subject)
	}
	return nil
}

// parseTTL accepts a non-negative decimal integer (RFC 8030 section 5.2).
func parseTTL(s string) (int, error) {
	if s == "" {
		return 0, errors.New("empty")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a non-negative integer", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, err)
	}
	return n, nil
}

// validTopic reports whether s is 1–32 characters of the URL-safe base64
// alphabet (RFC 8030 section 5.4).
func validTopic(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// validSubject reports whether s is a mailto: or https: URL (RFC 8292 section 2.1).
func validSubject(s string) bool {
	for _, prefix := range []string{"mailto:", "https:"} {
		if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
			return true
		}
	}
	return false
}

// decodeB64URL decodes base64url with or without padding.
func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func cloneMessages(msgs []Message) []Message {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		m.Payload = bytes.Clone(m.Payload)
		m.Header = m.Header.Clone()
		out[i] = m
	}
	return out
}
