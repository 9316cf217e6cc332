package service

import (
	"context"
	"errors"

	"closedset/internal/storage"
)

// errNotRecorded rolls back a keyed run that must leave nothing behind.
var errNotRecorded = errors.New("idempotency: the run is not recorded")

// IdempotentResult is what RunIdempotent gives the caller to send.
type IdempotentResult struct {
	// Reply is the answer to send: the stored one (Replayed) or the run's.
	Reply    *Replay
	Replayed bool
}

// RunIdempotent handles a keyed mutation in ONE transaction: it claims the
// key (as BeginIdempotent: a stored answer is replayed, a key reused for
// another request is 422, a running first run 409), runs the request with a
// context whose store calls join that transaction, and stores its answer
// there too — so the claim, the use case and the answer commit together, and
// nothing is sent before they have. run returns the answer (nil when it cannot
// be stored: too large). A 5xx answer, or none from a run that changed
// nothing, rolls everything back so that a retry runs again; an answer too
// large to store is committed as recorded (retries get 409
// idempotency_recorded). A run that panics rolls back and panics on.
// Errors are the claim's, or the commit's: then nothing was recorded, and
// the run's answer must not be sent.
func (s *Service) RunIdempotent(ctx context.Context, r IdempotentRequest, run func(ctx context.Context) *Replay) (IdempotentResult, error) {
	var out IdempotentResult
	prepared, err := s.newIdempotencyClaim(r)
	if err != nil {
		return out, err
	}
	err = s.store.Tx(ctx, func(tx *storage.Store) error {
		tctx := storage.WithTx(ctx, tx)
		claim, replay, err := s.beginIdempotent(tctx, r, prepared)
		if err != nil {
			return err
		}
		if replay != nil {
			out = IdempotentResult{Reply: replay, Replayed: true}
			return nil
		}
		claim.done.Store(true) // no commit guard: the answer is stored in this transaction
		reply := run(context.WithValue(tctx, claimKey{}, claim))
		out = IdempotentResult{Reply: reply}
		if reply != nil && reply.Status >= 500 {
			return errNotRecorded
		}
		if reply == nil || reply.Status <= 0 {
			// Not storable: recorded without an answer, its lease ended.
			if _, err := tx.MarkIdempotencyKeyCommitted(tctx, claim.userID, claim.keyHash, claim.token, s.now()); err != nil {
				return err
			}
			return nil
		}
		production := ""
		if p := claim.production.Load(); p != nil {
			production = *p
		}
		ok, err := tx.CompleteIdempotencyKey(tctx, claim.userID, claim.keyHash, claim.token, reply.Status,
			reply.ContentType, claim.seal(reply.Status, reply.ContentType, reply.Body), production)
		if err == nil && !ok {
			err = ErrIdempotencyLeaseLost
		}
		return err
	})
	if errors.Is(err, errNotRecorded) {
		return out, nil // the 5xx is the answer; nothing was recorded
	}
	return out, err
}
