package storage

import (
	"context"
	"time"
)

type loginAttemptRow struct {
	ID      string `gorm:"primaryKey"`
	KeyHash string
	At      time.Time
}

func (loginAttemptRow) TableName() string { return "login_attempts" }

// login_attempts counts, per hashed key, failed sign-ins, password reset
// requests and sign-ups (see the service for the keys and windows).

// LoginFailures returns how many failed sign-ins are counted under keyHash
// since since, and the oldest of them (zero when none). Counted in the
// database, the limit holds across instances.
func (s *Store) LoginFailures(ctx context.Context, keyHash string, since time.Time) (int64, time.Time, error) {
	var n int64
	q := func() *gormDB {
		return s.with(ctx).Model(&loginAttemptRow{}).Where("key_hash = ? AND at > ?", keyHash, since.UTC())
	}
	if err := q().Count(&n).Error; err != nil || n == 0 {
		return n, time.Time{}, translate(err, "login attempts")
	}
	var oldest loginAttemptRow
	err := q().Order("at").Take(&oldest).Error
	return n, oldest.At.UTC(), translate(err, "login attempts")
}

// RecordLoginFailure counts a failed sign-in under each key hash, and
// forgets those keys' failures older than before.
func (s *Store) RecordLoginFailure(ctx context.Context, ids, keyHashes []string, at, before time.Time) error {
	return s.Tx(ctx, func(tx *Store) error {
		for i, k := range keyHashes {
			db := tx.with(ctx)
			if err := db.Where("key_hash = ? AND at <= ?", k, before.UTC()).Delete(&loginAttemptRow{}).Error; err != nil {
				return translate(err, "login attempts")
			}
			if err := db.Create(&loginAttemptRow{ID: ids[i], KeyHash: k, At: at.UTC()}).Error; err != nil {
				return translate(err, "login attempts")
			}
		}
		return nil
	})
}

// DeleteLoginFailuresBefore forgets failed sign-ins older than t.
func (s *Store) DeleteLoginFailuresBefore(ctx context.Context, t time.Time) error {
	return translate(s.with(ctx).Where("at <= ?", t.UTC()).Delete(&loginAttemptRow{}).Error, "login attempts")
}

// DeleteLoginAttempt forgets one counted attempt (one that was refused, so
// it does not count against later ones).
func (s *Store) DeleteLoginAttempt(ctx context.Context, id string) error {
	return translate(s.with(ctx).Where("id = ?", id).Delete(&loginAttemptRow{}).Error, "login attempts")
}
