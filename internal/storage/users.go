package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"closedset/internal/domain"
)

type userRow struct {
	ID           string `gorm:"primaryKey"`
	Email        string
	DisplayName  string
	Pronouns     string
	PasswordHash string
	CreatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) domain() domain.User {
	return domain.User{ID: r.ID, Email: r.Email, DisplayName: r.DisplayName, Pronouns: r.Pronouns, CreatedAt: r.CreatedAt.UTC()}
}

// CreateUser stores a new account. Returns conflict/email_taken when the
// (normalised) e-mail is already registered.
func (s *Store) CreateUser(ctx context.Context, u domain.User, passwordHash string) error {
	row := userRow{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Pronouns: u.Pronouns,
		PasswordHash: passwordHash, CreatedAt: u.CreatedAt.UTC()}
	err := s.with(ctx).Create(&row).Error
	if domain.IsCode(translate(err, "user"), "conflict") {
		return domain.E(domain.KindConflict, "email_taken", "An account with this e-mail already exists.")
	}
	return translate(err, "user")
}

// FindUserByEmail returns the account with a normalised e-mail and its
// password hash; not_found when there is none.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (domain.User, string, error) {
	var row userRow
	err := s.with(ctx).Where("email = ?", email).Take(&row).Error
	return row.domain(), row.PasswordHash, translate(err, "user")
}

// FindUser returns an account by id; not_found when there is none.
func (s *Store) FindUser(ctx context.Context, id string) (domain.User, error) {
	var row userRow
	err := s.with(ctx).Where("id = ?", id).Take(&row).Error
	return row.domain(), translate(err, "user")
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.with(ctx).Model(&userRow{}).Count(&n).Error
	return n, translate(err, "users")
}

// SessionCutoff reports whether an account with this id exists and was not
// erased, and when its sessions were last ended (nil: never), in one query:
// an access token issued at or before that instant is refused, as is any
// token of an erased account.
func (s *Store) SessionCutoff(ctx context.Context, id string) (bool, *time.Time, error) {
	var rows []struct{ SessionsValidAfter *time.Time }
	err := s.with(ctx).Model(&userRow{}).Select("sessions_valid_after").
		Where("id = ? AND erased_at IS NULL", id).Limit(1).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return false, nil, translate(err, "user")
	}
	return true, rows[0].SessionsValidAfter, nil
}

// ResetPassword sets a new password hash and ends every session from at:
// access tokens issued at or before at are refused and every refresh family
// is revoked.
func (s *Store) ResetPassword(ctx context.Context, userID, passwordHash string, at time.Time) error {
	err := s.with(ctx).Model(&userRow{}).Where("id = ? AND erased_at IS NULL", userID).
		Updates(map[string]any{"password_hash": passwordHash, "sessions_valid_after": at.UTC()}).Error
	if err != nil {
		return translate(err, "user")
	}
	if err := s.recordAuthChange(ctx, "", userID); err != nil {
		return err
	}
	return s.RevokeUserSessions(ctx, userID, at)
}

// EmailSetting returns when a user's notifications are also e-mailed.
func (s *Store) EmailSetting(ctx context.Context, userID string) (string, error) {
	var v []string
	err := s.with(ctx).Model(&userRow{}).Where("id = ?", userID).Limit(1).Pluck("email_notifications", &v).Error
	if err == nil && len(v) == 0 {
		return "", translate(gorm.ErrRecordNotFound, "user")
	}
	if err != nil {
		return "", translate(err, "user")
	}
	return v[0], nil
}

// SetEmailSetting changes when a user's notifications are also e-mailed.
func (s *Store) SetEmailSetting(ctx context.Context, userID, setting string) error {
	return translate(s.with(ctx).Model(&userRow{}).Where("id = ?", userID).Update("email_notifications", setting).Error, "user")
}

// FindUserWithHash returns an account by id with its password hash;
// not_found when there is none.
func (s *Store) FindUserWithHash(ctx context.Context, id string) (domain.User, string, error) {
	var row userRow
	err := s.with(ctx).Where("id = ?", id).Take(&row).Error
	return row.domain(), row.PasswordHash, translate(err, "user")
}
