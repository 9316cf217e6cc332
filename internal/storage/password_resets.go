package storage

import (
	"context"
	"time"
)

// PasswordReset is a single-use password reset token, stored as a hash.
type PasswordReset struct {
	ID        string
	UserID    string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (PasswordReset) TableName() string { return "password_resets" }

// CreatePasswordReset stores a reset token's hash.
func (s *Store) CreatePasswordReset(ctx context.Context, r PasswordReset) error {
	r.CreatedAt, r.ExpiresAt = r.CreatedAt.UTC(), r.ExpiresAt.UTC()
	return translate(s.with(ctx).Create(&r).Error, "password reset")
}

// FindPasswordReset returns the reset with this token hash; not_found when
// unknown.
func (s *Store) FindPasswordReset(ctx context.Context, tokenHash string) (PasswordReset, error) {
	var r PasswordReset
	err := s.with(ctx).Where("token_hash = ?", tokenHash).Take(&r).Error
	return r, translate(err, "password reset")
}

// UsePasswordReset marks a reset used; false when it already was (a
// concurrent confirm won).
func (s *Store) UsePasswordReset(ctx context.Context, id string, at time.Time) (bool, error) {
	res := s.with(ctx).Model(&PasswordReset{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", at.UTC())
	return res.RowsAffected == 1, translate(res.Error, "password reset")
}

// DeleteUnusedPasswordResets deletes a user's other unused reset tokens.
func (s *Store) DeleteUnusedPasswordResets(ctx context.Context, userID, keepID string) error {
	err := s.with(ctx).Where("user_id = ? AND used_at IS NULL AND id <> ?", userID, keepID).Delete(&PasswordReset{}).Error
	return translate(err, "password resets")
}

// DeletePasswordResetsBefore forgets reset tokens that expired before t.
func (s *Store) DeletePasswordResetsBefore(ctx context.Context, t time.Time) error {
	return translate(s.with(ctx).Where("expires_at < ?", t.UTC()).Delete(&PasswordReset{}).Error, "password resets")
}

// RevokeUserSessions revokes every refresh family of a user.
func (s *Store) RevokeUserSessions(ctx context.Context, userID string, at time.Time) error {
	err := s.with(ctx).Model(&RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", at.UTC()).Error
	return translate(err, "refresh tokens")
}
