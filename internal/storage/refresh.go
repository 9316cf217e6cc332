package storage

import (
	"context"
	"time"
)

// RefreshToken is a stored refresh token: one link of a family that starts at
// sign-in and is rotated on every use.
type RefreshToken struct {
	ID        string
	FamilyID  string
	UserID    string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

func (RefreshToken) TableName() string { return "refresh_tokens" }

// CreateRefreshToken stores a new token of a family.
func (s *Store) CreateRefreshToken(ctx context.Context, t RefreshToken) error {
	t.CreatedAt, t.ExpiresAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC()
	return translate(s.with(ctx).Create(&t).Error, "refresh token")
}

// FindRefreshToken returns the token with this hash; not_found when unknown.
func (s *Store) FindRefreshToken(ctx context.Context, hash string) (RefreshToken, error) {
	var t RefreshToken
	err := s.with(ctx).Where("token_hash = ?", hash).Take(&t).Error
	return t, translate(err, "refresh token")
}

// MarkRefreshTokenUsed records that a token was rotated; it reports false when
// the token had already been used (a concurrent or replayed use).
func (s *Store) MarkRefreshTokenUsed(ctx context.Context, id string, at time.Time) (bool, error) {
	res := s.with(ctx).Model(&RefreshToken{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", at.UTC())
	return res.RowsAffected == 1, translate(res.Error, "refresh token")
}

// RevokeRefreshFamily revokes every token of a family (sign-out, or reuse of a
// rotated token).
func (s *Store) RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error {
	err := s.with(ctx).Model(&RefreshToken{}).Where("family_id = ? AND revoked_at IS NULL", familyID).
		Update("revoked_at", at.UTC()).Error
	return translate(err, "refresh token")
}

// DeleteExpiredRefreshTokens removes tokens that expired before now.
func (s *Store) DeleteExpiredRefreshTokens(ctx context.Context, now time.Time) (int64, error) {
	res := s.with(ctx).Where("expires_at < ?", now.UTC()).Delete(&RefreshToken{})
	return res.RowsAffected, translate(res.Error, "refresh tokens")
}
