package storage

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// IdempotentResponse is the stored first answer to a keyed mutation. Status 0
// means the first request is still being handled.
type IdempotentResponse struct {
	UserID      string `gorm:"primaryKey"`
	Key         string `gorm:"primaryKey"`
	Method      string
	Path        string
	Status      int
	ContentType string
	Body        string
	CreatedAt   time.Time
}

func (IdempotentResponse) TableName() string { return "idempotency_keys" }

// ClaimIdempotencyKey reserves (user, key) for a request. It reports true when
// the key was free (or its previous use is older than since, which is then
// replaced); otherwise it returns the existing record.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, r IdempotentResponse, since time.Time) (bool, IdempotentResponse, error) {
	var claimed bool
	var existing IdempotentResponse
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.with(ctx)
		if err := db.Where("user_id = ? AND key = ? AND created_at < ?", r.UserID, r.Key, since.UTC()).
			Delete(&IdempotentResponse{}).Error; err != nil {
			return err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			claimed = true
			return nil
		}
		return db.Where("user_id = ? AND key = ?", r.UserID, r.Key).Take(&existing).Error
	})
	return claimed, existing, translate(err, "idempotency key")
}

// CompleteIdempotencyKey stores the response of a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, userID, key string, status int, contentType, body string) error {
	err := s.with(ctx).Model(&IdempotentResponse{}).Where("user_id = ? AND key = ?", userID, key).
		Updates(map[string]any{"status": status, "content_type": contentType, "body": body}).Error
	return translate(err, "idempotency key")
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed, so it can
// be retried.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, userID, key string) error {
	err := s.with(ctx).Where("user_id = ? AND key = ? AND status = 0", userID, key).Delete(&IdempotentResponse{}).Error
	return translate(err, "idempotency key")
}

// DeleteIdempotencyKeysBefore removes records older than t.
func (s *Store) DeleteIdempotencyKeysBefore(ctx context.Context, t time.Time) (int64, error) {
	res := s.with(ctx).Where("created_at < ?", t.UTC()).Delete(&IdempotentResponse{})
	return res.RowsAffected, translate(res.Error, "idempotency keys")
}
