package pushtest

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/golang-jwt/jwt/v5"
)

const (
	testSubject    = "mailto:ops@closedset.test"
	testSubscriber = "ops@closedset.test" // webpush-go prefixes "mailto:" itself
)

func b64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return b
}

func TestDecryptRFC8291AppendixA(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/webpush-rfc8291-appendix-a.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Plaintext           string `json:"plaintext"`
		UserAgentPrivateKey string `json:"userAgentPrivateKey"`
		AuthSecret          string `json:"authSecret"`
		Body                string `json:"body"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	body, priv, secret := b64(t, v.Body), b64(t, v.UserAgentPrivateKey), b64(t, v.AuthSecret)

	got, err := Decrypt(body, priv, secret)
	if err != nil {
		t.Fatalf("Decrypt: %v", err)
	}
	if string(got) != v.Plaintext {
		t.Fatalf("Decrypt = %q, want %q", got, v.Plaintext)
	}

	wrongSecret := bytes.Clone(secret)
	wrongSecret[0] ^= 1
	if _, err := Decrypt(body, priv, wrongSecret); err == nil {
		t.Error("Decrypt with a wrong auth secret succeeded")
	}
	tampered := bytes.Clone(body)
	tampered[len(tampered)-1] ^= 1
	if _, err := Decrypt(tampered, priv, secret); err == nil {
		t.Error("Decrypt of a tampered body succeeded")
	}
	if _, err := Decrypt(body[:50], priv, secret); err == nil {
		t.Error("Decrypt of a truncated header succeeded")
	}
}

// encryptRecords is a minimal RFC 8291 encoder for records given already
// padded (data || delimiter || zeros); it exercises Decrypt's multi-record path.
func encryptRecords(t *testing.T, uaPublic, secret []byte, rs uint32, padded [][]byte) []byte {
	t.Helper()
	as, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ua, err := ecdh.P256().NewPublicKey(uaPublic)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := as.ECDH(ua)
	if err != nil {
		t.Fatal(err)
	}
	asPublic := as.PublicKey().Bytes()
	info := "WebPush: info\x00" + string(uaPublic) + string(asPublic)
	ikm, _ := hkdf.Key(sha256.New, shared, secret, info, 32)
	salt := make([]byte, 16)
	rand.Read(salt)
	prk, _ := hkdf.Extract(sha256.New, ikm, salt)
	cek, _ := hkdf.Expand(sha256.New, prk, "Content-Encoding: aes128gcm\x00", 16)
	nonce, _ := hkdf.Expand(sha256.New, prk, "Content-Encoding: nonce\x00", 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)

	out := append([]byte(nil), salt...)
	out = binary.BigEndian.AppendUint32(out, rs)
	out = append(out, byte(len(asPublic)))
	out = append(out, asPublic...)
	for i, p := range padded {
		n := bytes.Clone(nonce)
		binary.BigEndian.PutUint64(n[4:], binary.BigEndian.Uint64(n[4:])^uint64(i))
		out = gcm.Seal(out, n, p, nil)
	}
	return out
}

func TestDecryptRecords(t *testing.T) {
	r := NewReceiver(t, mustVAPID(t).public, testSubject)
	s := r.Subscribe()
	uaPublic := b64(t, s.P256dh)
	const rs = 16 + 8 // 8 bytes of padded plaintext per full record

	cases := []struct {
		name    string
		records [][]byte
		want    string
		wantErr bool
	}{
		{"three records", [][]byte{[]byte("abcdefg\x01"), []byte("hij\x01\x00\x00\x00\x00"), []byte("kl\x02")}, "abcdefghijkl", false},
		{"full last record", [][]byte{[]byte("abcdefg\x01"), []byte("hijklmn\x02")}, "abcdefghijklmn", false},
		{"empty payload", [][]byte{{0x02, 0, 0}}, "", false},
		{"last delimiter 0x01", [][]byte{[]byte("abc\x01")}, "", true},
		{"inner delimiter 0x02", [][]byte{[]byte("abcdefg\x02"), []byte("h\x02")}, "", true},
		{"no delimiter", [][]byte{{0, 0, 0}}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := encryptRecords(t, uaPublic, s.secret, rs, c.records)
			got, err := s.Decrypt(body)
			switch {
			case c.wantErr && err == nil:
				t.Fatalf("Decrypt = %q, want an error", got)
			case c.wantErr:
				t.Logf("error as expected: %v", err)
			case err != nil:
				t.Fatalf("Decrypt: %v", err)
			case string(got) != c.want:
				t.Fatalf("Decrypt = %q, want %q", got, c.want)
			}
		})
	}
}

type vapidKeys struct{ private, public string }

func mustVAPID(t *testing.T) vapidKeys {
	t.Helper()
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	return vapidKeys{private: priv, public: pub}
}

// clientFunc lets a test rewrite webpush-go's request before it is sent.
type clientFunc func(*http.Request) (*http.Response, error)

func (f clientFunc) Do(req *http.Request) (*http.Response, error) { return f(req) }

var httpClient = &http.Client{Timeout: 10 * time.Second}

// tamper returns a webpush.HTTPClient that applies edit to each request.
func tamper(edit func(t *testing.T, req *http.Request)) func(t *testing.T) webpush.HTTPClient {
	return func(t *testing.T) webpush.HTTPClient {
		return clientFunc(func(req *http.Request) (*http.Response, error) {
			edit(t, req)
			return httpClient.Do(req)
		})
	}
}

func send(t *testing.T, s Subscription, keys vapidKeys, payload []byte, client webpush.HTTPClient, opts *webpush.Options) *http.Response {
	t.Helper()
	resp, err := trySend(s, keys, payload, client, opts)
	if err != nil {
		t.Fatalf("SendNotification: %v", err)
	}
	return resp
}

// trySend sends payload to s with webpush-go the way the server does; the
// response body is drained and closed.
func trySend(s Subscription, keys vapidKeys, payload []byte, client webpush.HTTPClient, opts *webpush.Options) (*http.Response, error) {
	if opts == nil {
		opts = &webpush.Options{TTL: 60}
	}
	opts.HTTPClient = client
	if client == nil {
		opts.HTTPClient = httpClient
	}
	opts.Subscriber = testSubscriber
	opts.VAPIDPublicKey, opts.VAPIDPrivateKey = keys.public, keys.private
	if opts.RecordSize == 0 {
		opts.RecordSize = 3070
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := webpush.SendNotificationWithContext(ctx, payload[:len(payload):len(payload)],
		&webpush.Subscription{Endpoint: s.Endpoint, Keys: webpush.Keys{Auth: s.Auth, P256dh: s.P256dh}}, opts)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

func TestRoundTripWithWebpushGo(t *testing.T) {
	keys := mustVAPID(t)
	r := NewReceiver(t, keys.public, testSubject)
	s := r.Subscribe()
	if !strings.HasPrefix(s.Endpoint, r.URL()+"/push/") || !strings.Contains(r.URL(), r.Host()) {
		t.Fatalf("endpoint %q, URL %q, host %q", s.Endpoint, r.URL(), r.Host())
	}
	var js map[string]any
	if err := json.Unmarshal(s.JSON(), &js); err != nil || js["endpoint"] != s.Endpoint {
		t.Fatalf("JSON() = %s (%v)", s.JSON(), err)
	}

	payload := []byte(`{"type":"scene.changed","sceneId":"12","title":"Scene 12 moved to 14:30"}`)
	resp := send(t, s, keys, payload, nil, &webpush.Options{
		TTL: 60, Urgency: webpush.UrgencyHigh, Topic: "scene-12", RecordSize: 3070,
	})
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
		t.Fatalf("status %d, Location %q; rejected: %v", resp.StatusCode, resp.Header.Get("Location"), r.Rejected())
	}

	msgs := r.Wait(t, 1, 5*time.Second)
	m := msgs[0]
	if !bytes.Equal(m.Payload, payload) {
		t.Errorf("payload %q, want %q", m.Payload, payload)
	}
	if m.SubscriptionID != s.ID() || m.TTL != 60 || m.Urgency != "high" || m.Topic != "scene-12" {
		t.Errorf("message %+v", m)
	}
	if got := m.Header.Get("Content-Encoding"); got != "aes128gcm" {
		t.Errorf("Content-Encoding %q", got)
	}
	if rej := r.Rejected(); len(rej) != 0 {
		t.Errorf("rejected: %v", rej)
	}
}

func TestConcurrentDeliveries(t *testing.T) {
	keys := mustVAPID(t)
	r := NewReceiver(t, keys.public, testSubject)
	subs := []Subscription{r.Subscribe(), r.Subscribe(), r.Subscribe()}
	var wg sync.WaitGroup
	for i := range 9 {
		wg.Go(func() {
			if _, err := trySend(subs[i%3], keys, []byte{byte('a' + i)}, nil, nil); err != nil {
				t.Errorf("send %d: %v", i, err)
			}
		})
	}
	msgs := r.Wait(t, 9, 10*time.Second)
	wg.Wait()
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.SubscriptionID]++
	}
	for _, s := range subs {
		if seen[s.ID()] != 3 {
			t.Errorf("subscription %s got %d messages, want 3", s.ID(), seen[s.ID()])
		}
	}
}

// signVAPID builds an Authorization header for keys with the given claims.
func signVAPID(t *testing.T, keys vapidKeys, claims jwt.MapClaims) string {
	t.Helper()
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), b64(t, keys.private))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, claims).SignedString(priv)
	if err != nil {
		t.Fatal(err)
	}
	return "vapid t=" + tok + ", k=" + keys.public
}

func TestRejects(t *testing.T) {
	keys := mustVAPID(t)
	other := mustVAPID(t)
	withClaims := func(edit func(c jwt.MapClaims, aud string)) func(t *testing.T) webpush.HTTPClient {
		return tamper(func(t *testing.T, req *http.Request) {
			aud := req.URL.Scheme + "://" + req.URL.Host
			c := jwt.MapClaims{"aud": aud, "exp": time.Now().Add(time.Hour).Unix(), "sub": testSubject}
			edit(c, aud)
			req.Header.Set("Authorization", signVAPID(t, keys, c))
		})
	}

	cases := []struct {
		name   string
		keys   vapidKeys // sender's keys; the receiver trusts keys
		client func(t *testing.T) webpush.HTTPClient
		opts   *webpush.Options
		status int
		reason string
	}{
		{name: "wrong VAPID key", keys: other, status: http.StatusForbidden, reason: "not the configured VAPID public key"},
		{name: "JWT signed by another key", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			forged := signVAPID(t, other, jwt.MapClaims{"aud": req.URL.Scheme + "://" + req.URL.Host, "exp": time.Now().Add(time.Hour).Unix(), "sub": testSubject})
			req.Header.Set("Authorization", strings.Replace(forged, other.public, keys.public, 1))
		}), status: http.StatusUnauthorized, reason: "signature"},
		{name: "tampered body", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			body, _ := io.ReadAll(req.Body)
			body[len(body)-20] ^= 0x80
			req.Body = io.NopCloser(bytes.NewReader(body))
		}), status: http.StatusBadRequest, reason: "decrypt"},
		{name: "missing TTL", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			req.Header.Del("TTL")
		}), status: http.StatusBadRequest, reason: "TTL"},
		{name: "negative TTL", keys: keys, opts: &webpush.Options{TTL: -1}, status: http.StatusBadRequest, reason: "TTL"},
		{name: "wrong encoding", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			req.Header.Set("Content-Encoding", "aesgcm")
		}), status: http.StatusBadRequest, reason: "Content-Encoding"},
		{name: "bad topic", keys: keys, opts: &webpush.Options{TTL: 60, Topic: "scene 12!"}, status: http.StatusBadRequest, reason: "Topic"},
		{name: "long topic", keys: keys, opts: &webpush.Options{TTL: 60, Topic: strings.Repeat("a", 33)}, status: http.StatusBadRequest, reason: "Topic"},
		{name: "bad urgency", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			req.Header.Set("Urgency", "urgent")
		}), status: http.StatusBadRequest, reason: "Urgency"},
		{name: "missing authorization", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			req.Header.Del("Authorization")
		}), status: http.StatusUnauthorized, reason: "Authorization"},
		{name: "wrong aud", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			c["aud"] = "https://fcm.googleapis.com"
		}), status: http.StatusUnauthorized, reason: "aud"},
		{name: "aud with path", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			c["aud"] = aud + "/push"
		}), status: http.StatusUnauthorized, reason: "aud"},
		{name: "expired", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			c["exp"] = time.Now().Add(-time.Minute).Unix()
		}), status: http.StatusUnauthorized, reason: "expired"},
		{name: "no exp", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			delete(c, "exp")
		}), status: http.StatusUnauthorized, reason: "exp"},
		{name: "exp beyond 24h", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			c["exp"] = time.Now().Add(25 * time.Hour).Unix()
		}), status: http.StatusUnauthorized, reason: "24h"},
		{name: "double mailto subject", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			c["sub"] = "mailto:" + testSubject
		}), status: http.StatusUnauthorized, reason: "sub"},
		{name: "subject not a URL", keys: keys, client: withClaims(func(c jwt.MapClaims, aud string) {
			c["sub"] = testSubscriber
		}), status: http.StatusUnauthorized, reason: "sub"},
		{name: "record size below the record length", keys: keys, client: tamper(func(t *testing.T, req *http.Request) {
			// Declare a record size smaller than the record webpush-go wrote.
			body, _ := io.ReadAll(req.Body)
			binary.BigEndian.PutUint32(body[16:20], 100)
			req.Body = io.NopCloser(bytes.NewReader(body))
		}), status: http.StatusBadRequest, reason: "decrypt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := NewReceiver(t, keys.public, testSubject)
			s := r.Subscribe()
			var client webpush.HTTPClient
			if c.client != nil {
				client = c.client(t)
			}
			resp := send(t, s, c.keys, []byte("hello"), client, c.opts)
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
			if msgs := r.Messages(); len(msgs) != 0 {
				t.Errorf("messages %v, want none", msgs)
			}
			rej := r.Rejected()
			if len(rej) != 1 || !strings.Contains(rej[0].Error(), c.reason) {
				t.Fatalf("rejected %v, want one mentioning %q", rej, c.reason)
			}
			t.Logf("rejected: %v", rej[0])
		})
	}

	t.Run("not POST", func(t *testing.T) {
		r := NewReceiver(t, keys.public, testSubject)
		resp, err := httpClient.Get(r.Subscribe().Endpoint)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || len(r.Rejected()) != 1 {
			t.Fatalf("status %d, rejected %v", resp.StatusCode, r.Rejected())
		}
	})
	t.Run("unknown subscription", func(t *testing.T) {
		r := NewReceiver(t, keys.public, testSubject)
		s := r.Subscribe()
		s.Endpoint = r.URL() + "/push/nope"
		if resp := send(t, s, keys, []byte("x"), nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
	t.Run("body over 4096 bytes", func(t *testing.T) {
		r := NewReceiver(t, keys.public, testSubject)
		resp := send(t, r.Subscribe(), keys, []byte("x"), nil, &webpush.Options{TTL: 60, RecordSize: 8192})
		if resp.StatusCode != http.StatusRequestEntityTooLarge || len(r.Rejected()) != 1 {
			t.Fatalf("status %d, rejected %v", resp.StatusCode, r.Rejected())
		}
	})
}

func TestRespondSequence(t *testing.T) {
	keys := mustVAPID(t)
	r := NewReceiver(t, keys.public, testSubject)
	s := r.Subscribe()
	r.Respond(s.ID(), http.StatusGone, http.StatusTooManyRequests)
	r.RespondWithHeader(s.ID(), http.StatusServiceUnavailable, http.Header{"Retry-After": {"7"}})
	r.Respond(s.ID(), http.StatusCreated)

	want := []struct {
		status     int
		retryAfter string
	}{{410, ""}, {429, "1"}, {503, "7"}, {201, ""}, {201, ""}}
	for i, w := range want {
		resp := send(t, s, keys, []byte{byte('0' + i)}, nil, nil)
		if resp.StatusCode != w.status || resp.Header.Get("Retry-After") != w.retryAfter {
			t.Fatalf("push %d: status %d Retry-After %q, want %d %q", i, resp.StatusCode, resp.Header.Get("Retry-After"), w.status, w.retryAfter)
		}
	}
	msgs := r.Wait(t, 2, time.Second)
	if len(msgs) != 2 || string(msgs[0].Payload) != "3" || string(msgs[1].Payload) != "4" {
		t.Fatalf("messages %+v, want the two answered 201", msgs)
	}
	if rej := r.Rejected(); len(rej) != 0 {
		t.Fatalf("rejected: %v", rej)
	}
}
