package storage

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// Idempotency record statuses other than an HTTP status.
const (
	// IdempotencyRunning: the first request is being handled (under a lease).
	IdempotencyRunning = 0
	// IdempotencyCommitted: the use case committed but its answer is not
	// stored yet (or was lost).
	IdempotencyCommitted = -1
)

// IdempotencyRecord is the stored state of one Idempotency-Key of one user:
// only a hash of the raw key, the fingerprint of the request it was first used
// for, the lease of the run handling it and, once known, the answer
// (encrypted by the caller).
type IdempotencyRecord struct {
	UserID      string `gorm:"primaryKey"`
	KeyHash     string `gorm:"primaryKey"`
	Fingerprint string
	LeaseToken  string
	LeaseUntil  time.Time
	Status      int
	ContentType string
	Body        string
	CreatedAt   time.Time
	// ProductionID is the production whose membership was checked to
	// produce the stored answer ("" when none): a replay re-checks it.
	ProductionID string
}

func (IdempotencyRecord) TableName() string { return "idempotency_keys" }

// ClaimIdempotencyKey inserts r (status running, with r's lease) when (user,
// key hash) is free — a record older than since is replaced, in the same
// statement — and reports true; otherwise it returns the existing record
// untouched.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, r IdempotencyRecord, since time.Time) (bool, IdempotencyRecord, error) {
	var claimed bool
	var existing IdempotencyRecord
	err := s.join(ctx, func(tx *Store) error {
		r.Status, r.ContentType, r.Body = IdempotencyRunning, "", ""
		r.CreatedAt, r.LeaseUntil = r.CreatedAt.UTC(), r.LeaseUntil.UTC()
		n, err := tx.execDirect(ctx, claimKey, r.UserID, r.KeyHash, r.Fingerprint, r.LeaseToken, r.LeaseUntil, r.Status,
			r.ContentType, r.Body, r.CreatedAt, r.ProductionID, since.UTC())
		if err != nil {
			return err
		}
		if n == 1 {
			claimed = true
			return nil
		}
		return tx.queryRowDirect(ctx, readKey, []any{r.UserID, r.KeyHash}, &existing.UserID, &existing.KeyHash,
			&existing.Fingerprint, &existing.LeaseToken, &existing.LeaseUntil, &existing.Status, &existing.ContentType,
			&existing.Body, &existing.CreatedAt, &existing.ProductionID)
	})
	return claimed, existing, translate(err, "idempotency key")
}

// The statements of a claim (direct.go): the insert replaces a record older
// than its last argument, in the same statement.
var (
	claimKey = direct(`INSERT INTO idempotency_keys (user_id, key_hash, fingerprint, lease_token, lease_until, status,
	content_type, body, created_at, production_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (user_id, key_hash) DO UPDATE SET fingerprint = excluded.fingerprint, lease_token = excluded.lease_token,
	lease_until = excluded.lease_until, status = excluded.status, content_type = excluded.content_type, body = excluded.body,
	created_at = excluded.created_at, production_id = excluded.production_id
	WHERE idempotency_keys.created_at < ?`)
	readKey = direct(`SELECT user_id, key_hash, fingerprint, lease_token, lease_until, status, content_type, body, created_at,
	production_id FROM idempotency_keys WHERE user_id = ? AND key_hash = ?`)
	completeKey = direct(`UPDATE idempotency_keys SET status = ?, content_type = ?, body = ?, production_id = ?
	WHERE user_id = ? AND key_hash = ? AND lease_token = ? AND status IN (?, ?)`)
)

// TakeOverIdempotencyKey moves the lease of a running record whose lease ran
// out (at or before now) from oldToken to token, until until. It reports false when
// the record is no longer that one (finished, committed, released or taken
// over by someone else meanwhile).
func (s *Store) TakeOverIdempotencyKey(ctx context.Context, userID, keyHash, oldToken, token string, now, until time.Time) (bool, error) {
	var took bool
	// In Tx, so that a failure caused by the caller going away says so (see Tx).
	err := s.Tx(ctx, func(tx *Store) error {
		res := tx.with(ctx).Model(&IdempotencyRecord{}).
			Where("user_id = ? AND key_hash = ? AND lease_token = ? AND status = ? AND lease_until <= ?",
				userID, keyHash, oldToken, IdempotencyRunning, now.UTC()).
			Updates(map[string]any{"lease_token": token, "lease_until": until.UTC()})
		took = res.RowsAffected == 1
		return res.Error
	})
	return took, translate(err, "idempotency key")
}

// MarkIdempotencyKeyCommitted records, in the caller's transaction, that the
// run holding token committed (status -1) and extends its lease until until.
// It reports false when that run no longer holds the lease (it was taken
// over, or its answer is already stored): the caller must then roll back.
func (s *Store) MarkIdempotencyKeyCommitted(ctx context.Context, userID, keyHash, token string, until time.Time) (bool, error) {
	res := s.with(ctx).Model(&IdempotencyRecord{}).
		Where("user_id = ? AND key_hash = ? AND lease_token = ? AND status IN ?",
			userID, keyHash, token, []int{IdempotencyRunning, IdempotencyCommitted}).
		Updates(map[string]any{"status": IdempotencyCommitted, "lease_until": until.UTC()})
	return res.RowsAffected == 1, translate(res.Error, "idempotency key")
}

// CompleteIdempotencyKey stores the answer of the run holding token, with the
// production it was about ("" when none). It reports false (and stores
// nothing) when that run lost its lease.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, userID, keyHash, token string, status int, contentType, body, productionID string) (bool, error) {
	n, err := s.execDirect(ctx, completeKey, status, contentType, body, productionID,
		userID, keyHash, token, IdempotencyRunning, IdempotencyCommitted)
	return n == 1, translate(err, "idempotency key")
}

// ReleaseIdempotencyKey forgets the key claimed by the run holding token when
// nothing was committed (status still running), so that a retry runs again.
// It reports false when there was nothing to release.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, userID, keyHash, token string) (bool, error) {
	res := s.with(ctx).Where("user_id = ? AND key_hash = ? AND lease_token = ? AND status = ?",
		userID, keyHash, token, IdempotencyRunning).Delete(&IdempotencyRecord{})
	return res.RowsAffected == 1, translate(res.Error, "idempotency key")
}

// ForgetIdempotencyClaim undoes a claim or take-over r (its lease token) whose
// outcome is unknown: its transaction failed — the caller went away, the
// connection broke — but its COMMIT may already have been sent and land a
// moment later, on a connection the driver has given up on. A plain DELETE of
// the token's record can run before that commit and miss the row (PostgreSQL
// neither shows nor locks another transaction's uncommitted insert): the row
// would then hold the key, status running, until its lease runs out. So r is
// first inserted ON CONFLICT DO NOTHING, which waits until any transaction
// still writing (user, key hash) has ended, and then the running record of
// r's token is deleted: the claim that did commit, or r itself when nothing
// was there. Nobody else's record is touched. It reports whether a committed
// claim was undone.
func (s *Store) ForgetIdempotencyClaim(ctx context.Context, r IdempotencyRecord) (bool, error) {
	var forgotten bool
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.with(ctx)
		r.Status, r.ContentType, r.Body = IdempotencyRunning, "", ""
		r.CreatedAt, r.LeaseUntil = r.CreatedAt.UTC(), r.LeaseUntil.UTC()
		ins := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
		if ins.Error != nil {
			return ins.Error
		}
		del := db.Where("user_id = ? AND key_hash = ? AND lease_token = ? AND status = ?",
			r.UserID, r.KeyHash, r.LeaseToken, IdempotencyRunning).Delete(&IdempotencyRecord{})
		forgotten = ins.RowsAffected == 0 && del.RowsAffected == 1
		return del.Error
	})
	return forgotten, translate(err, "idempotency key")
}

// ExpireIdempotencyLease ends the lease of a committed run holding token
// whose answer cannot be stored, so that retries are told at once that it
// was recorded instead of waiting for the lease.
func (s *Store) ExpireIdempotencyLease(ctx context.Context, userID, keyHash, token string, now time.Time) error {
	err := s.with(ctx).Model(&IdempotencyRecord{}).
		Where("user_id = ? AND key_hash = ? AND lease_token = ? AND status = ?", userID, keyHash, token, IdempotencyCommitted).
		Update("lease_until", now.UTC()).Error
	return translate(err, "idempotency key")
}

// DeleteIdempotencyKeysBefore removes records older than t.
func (s *Store) DeleteIdempotencyKeysBefore(ctx context.Context, t time.Time) (int64, error) {
	res := s.with(ctx).Where("created_at < ?", t.UTC()).Delete(&IdempotencyRecord{})
	return res.RowsAffected, translate(res.Error, "idempotency keys")
}

// CountStoredReplies returns how many answers are stored for a user (other
// than with status except).
func (s *Store) CountStoredReplies(ctx context.Context, userID string, except int) (int64, error) {
	var n int64
	err := s.with(ctx).Model(&IdempotencyRecord{}).Where("user_id = ? AND status > 0 AND status <> ?", userID, except).Count(&n).Error
	return n, translate(err, "idempotency keys")
}
