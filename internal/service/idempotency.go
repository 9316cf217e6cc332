package service

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// IdempotencyWindow is how long the first response to a keyed mutation is
// replayed.
const IdempotencyWindow = 24 * time.Hour

// IdempotencyLease is how long a run holds its key before a retry may take
// over (the first run crashed or hangs).
const IdempotencyLease = 30 * time.Second

// ErrIdempotencyLeaseLost is returned by FinishIdempotent when the run's lease
// was taken over by a retry: its answer is not stored.
var ErrIdempotencyLeaseLost = errors.New("idempotency: the lease was taken over; the answer is not stored")

// Replay is a stored response to replay.
type Replay struct {
	Status      int
	ContentType string
	Body        []byte
}

// IdempotentRequest is a signed-in request sent with an Idempotency-Key.
type IdempotentRequest struct {
	UserID, Key string
	// Method, Path (with its query, if any) and the raw Body make the
	// request's fingerprint: the key is bound to it.
	Method, Path string
	Body         []byte
}

// IdempotencyClaim is a run's hold (a lease) on an Idempotency-Key.
type IdempotencyClaim struct {
	s                                   *Service
	userID, keyHash, fingerprint, token string
	aead                                cipher.AEAD
	done                                atomic.Bool
	production                          atomic.Pointer[string] // see noteProduction
}

// A replay re-checks access (api.md, rule 13). The simplest sound design:
// every use case that answers about a production finds the caller's
// membership through authorizeOn (or, accepting an invite, creates it);
// there, the production's id is noted on the run's claim (carried in the
// context by Guard), and stored beside the answer. Before replaying, the
// caller must still be a member of that production, else not_found: a
// removed member never gets a stored body. Answers that no membership
// produced (a 404 before any, push subscriptions, the inbox) name no
// production and replay as before.
type claimKey struct{}

// noteProduction records on ctx's idempotency claim, if any, that the answer
// is about productionID.
func noteProduction(ctx context.Context, productionID string) {
	if c, ok := ctx.Value(claimKey{}).(*IdempotencyClaim); ok && productionID != "" {
		c.production.Store(&productionID)
	}
}

// idempotencyKeyHash is what is stored instead of the raw key.
func idempotencyKeyHash(key string) string {
	sum := sha256.Sum256([]byte("closedset idempotency key\x00" + key))
	return hex.EncodeToString(sum[:])
}

// idempotencyFingerprint is the SHA-256 of method, path and raw body.
func idempotencyFingerprint(method, path string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(method + "\x00" + path + "\x00"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// idempotencyAEAD is AES-256-GCM under a key derived from the server secret
// and the raw Idempotency-Key: a database reader without the raw key cannot
// read stored replies.
func (s *Service) idempotencyAEAD(userID, key string) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, s.secret, nil, "closedset idempotency reply v1\x00"+userID+"\x00"+key, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func leaseToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func idempotencyInProgress(wait time.Duration) error {
	e := domain.E(domain.KindConflict, "idempotency_in_progress",
		"The first request with this Idempotency-Key is still being handled; retry later.")
	secs := int((wait + time.Second - 1) / time.Second)
	e.Extra = map[string]any{"retryAfter": max(secs, 1)}
	return e
}

var (
	errIdempotencyKeyReused = domain.E(domain.KindInvalid, "idempotency_key_reused",
		"This Idempotency-Key was already used for another request.")
	errIdempotencyRecorded = domain.E(domain.KindConflict, "idempotency_recorded",
		"The first request with this key was recorded but its answer was lost; reload to see the current state.")
)

// BeginIdempotent claims an Idempotency-Key for a user's request. It returns
// a claim when the caller should handle the request — run the use case with
// claim.Guard(ctx), then call FinishIdempotent — or the stored first response
// to replay. A running claim whose lease (IdempotencyLease) ran out is taken
// over. Errors: idempotency_key_reused (422) when the key was used for
// another method, path or body; idempotency_in_progress (409, retryAfter)
// while the first run holds its lease; idempotency_recorded (409) when the
// first run committed but its answer was lost (it never runs again).
func (s *Service) BeginIdempotent(ctx context.Context, r IdempotentRequest) (*IdempotencyClaim, *Replay, error) {
	c, err := s.newIdempotencyClaim(r)
	if err != nil {
		return nil, nil, err
	}
	return s.beginIdempotent(ctx, r, c)
}

// newIdempotencyClaim computes what a claim of r needs that the database
// does not: the key's hash, the request's fingerprint and the reply's
// cipher. RunIdempotent does it before its transaction, outside SQLite's one
// writer.
func (s *Service) newIdempotencyClaim(r IdempotentRequest) (*IdempotencyClaim, error) {
	aead, err := s.idempotencyAEAD(r.UserID, r.Key)
	if err != nil {
		return nil, err
	}
	return &IdempotencyClaim{s: s, userID: r.UserID, keyHash: idempotencyKeyHash(r.Key),
		fingerprint: idempotencyFingerprint(r.Method, r.Path, r.Body), aead: aead}, nil
}

// beginIdempotent is BeginIdempotent with the claim's computed part.
func (s *Service) beginIdempotent(ctx context.Context, r IdempotentRequest, c *IdempotencyClaim) (*IdempotencyClaim, *Replay, error) {
	now := s.now()
	for range 3 {
		c.token = leaseToken()
		claimed, prev, err := s.store.ClaimIdempotencyKey(ctx, storage.IdempotencyRecord{
			UserID: c.userID, KeyHash: c.keyHash, Fingerprint: c.fingerprint, LeaseToken: c.token,
			LeaseUntil: now.Add(IdempotencyLease), CreatedAt: now}, now.Add(-IdempotencyWindow))
		switch {
		case err != nil:
			c.forget(ctx) // the claim may have committed although it failed (the client went away)
			return nil, nil, err
		case claimed:
			return c, nil, nil
		case prev.Fingerprint != c.fingerprint:
			return nil, nil, errIdempotencyKeyReused
		case prev.Status == storage.IdempotencyRunning || prev.Status == storage.IdempotencyCommitted:
			if now.Before(prev.LeaseUntil) {
				return nil, nil, idempotencyInProgress(prev.LeaseUntil.Sub(now))
			}
			if prev.Status == storage.IdempotencyCommitted {
				return nil, nil, errIdempotencyRecorded
			}
			took, err := s.store.TakeOverIdempotencyKey(ctx, c.userID, c.keyHash, prev.LeaseToken, c.token,
				now, now.Add(IdempotencyLease))
			if err != nil {
				c.forget(ctx)
				return nil, nil, err
			}
			if took {
				return c, nil, nil
			}
			// Finished, committed or taken over meanwhile: look again.
		default:
			if prev.ProductionID != "" { // access re-checked: see noteProduction
				if _, err := s.store.FindProductionForMember(ctx, prev.ProductionID, r.UserID); err != nil {
					return nil, nil, err
				}
			}
			body, err := c.open(prev.Status, prev.ContentType, prev.Body)
			if err != nil { // another server secret: the answer cannot be read
				return nil, nil, errIdempotencyRecorded
			}
			return nil, &Replay{Status: prev.Status, ContentType: prev.ContentType, Body: body}, nil
		}
	}
	return nil, nil, idempotencyInProgress(time.Second)
}

// forget releases what a failed claim or take-over may nevertheless have
// written (its commit reached the database, its answer did not reach us):
// the lease token is this run's own, so nobody else's claim is touched. It
// waits for that commit to land or not (storage.ForgetIdempotencyClaim), without
// the client's context, for at most a lease: past it, a retry takes over anyway.
func (c *IdempotencyClaim) forget(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), IdempotencyLease)
	defer cancel()
	now := c.s.now()
	_, _ = c.s.store.ForgetIdempotencyClaim(ctx, storage.IdempotencyRecord{UserID: c.userID, KeyHash: c.keyHash,
		Fingerprint: c.fingerprint, LeaseToken: c.token, LeaseUntil: now, CreatedAt: now})
}

// Guard returns ctx with a commit guard: every outermost transaction run with
// it marks the key committed (status -1) in the same transaction, and is
// rolled back with idempotency_in_progress when this run lost its lease to a
// retry — so two runs never both record. It does nothing once the run is
// finished.
func (c *IdempotencyClaim) Guard(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, claimKey{}, c)
	return storage.WithCommitGuard(ctx, func(ctx context.Context, tx *storage.Store) error {
		if c.done.Load() {
			return nil
		}
		ok, err := tx.MarkIdempotencyKeyCommitted(ctx, c.userID, c.keyHash, c.token, c.s.now().Add(IdempotencyLease))
		if err != nil {
			return err
		}
		if !ok {
			return idempotencyInProgress(time.Second)
		}
		return nil
	})
}

// FinishIdempotent ends a run: it stores the reply (encrypted) for replay.
// When there is no reply to replay (reply nil: the answer was too large, or
// the handler panicked) or the server failed (status ≥ 500), it releases the
// key so that a retry runs again — unless the run committed: then the request
// is never run again, and retries are told at once (409 idempotency_recorded)
// that it was recorded rather than replayed an error that is not true (a
// commit reported as failed when the client went away, a failure after the
// commit). It does not depend on ctx's cancellation (the client may be gone).
// A run cut during its COMMIT cannot tell whether it committed; the database
// can: the commit guard's update holds the record's row lock until that
// transaction has ended, so the release waits for it and deletes the record
// only if it is still running (rolled back), else the lease is expired.
// ErrIdempotencyLeaseLost: a retry took over, nothing is stored.
func (s *Service) FinishIdempotent(ctx context.Context, c *IdempotencyClaim, reply *Replay) error {
	ctx = context.WithoutCancel(ctx)
	c.done.Store(true)
	if reply == nil || reply.Status <= 0 || reply.Status >= 500 {
		released, err := s.store.ReleaseIdempotencyKey(ctx, c.userID, c.keyHash, c.token)
		if err != nil || released {
			return err
		}
		return s.store.ExpireIdempotencyLease(ctx, c.userID, c.keyHash, c.token, s.now())
	}
	production := ""
	if p := c.production.Load(); p != nil {
		production = *p
	}
	ok, err := s.store.CompleteIdempotencyKey(ctx, c.userID, c.keyHash, c.token, reply.Status, reply.ContentType,
		c.seal(reply.Status, reply.ContentType, reply.Body), production)
	if err != nil {
		return err
	}
	if !ok {
		return ErrIdempotencyLeaseLost
	}
	return nil
}

// aad binds a sealed reply to its record: user, key, request and the
// plaintext status and content type stored beside it.
func (c *IdempotencyClaim) aad(status int, contentType string) []byte {
	return []byte("v1\x00" + c.userID + "\x00" + c.keyHash + "\x00" + c.fingerprint + "\x00" +
		strconv.Itoa(status) + "\x00" + contentType)
}

// seal encrypts a reply body: base64 of nonce || AES-GCM ciphertext.
func (c *IdempotencyClaim) seal(status int, contentType string, body []byte) string {
	nonce := make([]byte, c.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(c.aead.Seal(nonce, nonce, body, c.aad(status, contentType)))
}

// open decrypts what seal made.
func (c *IdempotencyClaim) open(status int, contentType, sealed string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, err
	}
	n := c.aead.NonceSize()
	if len(b) < n+c.aead.Overhead() {
		return nil, errors.New("idempotency: sealed reply too short")
	}
	out, err := c.aead.Open(nil, b[:n], b[n:], c.aad(status, contentType))
	if out == nil && err == nil {
		out = []byte{}
	}
	return out, err
}

// SweepIdempotencyKeys deletes records older than the replay window.
func (s *Service) SweepIdempotencyKeys(ctx context.Context) (int64, error) {
	return s.store.DeleteIdempotencyKeysBefore(ctx, s.now().Add(-IdempotencyWindow))
}
