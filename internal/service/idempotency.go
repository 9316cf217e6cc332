package service

import (
	"context"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// IdempotencyWindow is how long the first response to a keyed mutation is
// replayed.
const IdempotencyWindow = 24 * time.Hour

// Replay is a stored response to replay.
type Replay struct {
	Status      int
	ContentType string
	Body        []byte
}

// BeginIdempotent claims an Idempotency-Key for a user's request. It returns
// (nil, nil) when the caller should handle the request (and then call
// FinishIdempotent), or the stored first response to replay. Errors:
// idempotency_key_reused (422) when the key was used for another request,
// idempotency_in_progress (409) while the first request is still running.
func (s *Service) BeginIdempotent(ctx context.Context, userID, key, method, path string) (*Replay, error) {
	now := s.now()
	claimed, prev, err := s.store.ClaimIdempotencyKey(ctx, storage.IdempotentResponse{
		UserID: userID, Key: key, Method: method, Path: path, CreatedAt: now}, now.Add(-IdempotencyWindow))
	switch {
	case err != nil:
		return nil, err
	case claimed:
		return nil, nil
	case prev.Method != method || prev.Path != path:
		return nil, domain.E(domain.KindInvalid, "idempotency_key_reused", "This Idempotency-Key was already used for another request.")
	case prev.Status == 0:
		return nil, domain.E(domain.KindConflict, "idempotency_in_progress", "The first request with this Idempotency-Key is still being handled.")
	}
	return &Replay{Status: prev.Status, ContentType: prev.ContentType, Body: []byte(prev.Body)}, nil
}

// FinishIdempotent records the response to a claimed key, or releases the key
// when the request failed on the server's side (status 0 or ≥ 500) so that a
// retry runs again.
func (s *Service) FinishIdempotent(ctx context.Context, userID, key string, status int, contentType string, body []byte) error {
	if status == 0 || status >= 500 {
		return s.store.ReleaseIdempotencyKey(ctx, userID, key)
	}
	return s.store.CompleteIdempotencyKey(ctx, userID, key, status, contentType, string(body))
}

// SweepIdempotencyKeys deletes records older than the replay window.
func (s *Service) SweepIdempotencyKeys(ctx context.Context) (int64, error) {
	return s.store.DeleteIdempotencyKeysBefore(ctx, s.now().Add(-IdempotencyWindow))
}
