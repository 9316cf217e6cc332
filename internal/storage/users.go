package storage

import (
	"context"
	"time"

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

// UserExists reports whether an account with this id exists (and was not
// erased: a token issued before the erasure is refused).
func (s *Store) UserExists(ctx context.Context, id string) (bool, error) {
	var n int64
	err := s.with(ctx).Model(&userRow{}).Where("id = ? AND erased_at IS NULL", id).Limit(1).Count(&n).Error
	return n > 0, translate(err, "user")
}

// FindUserWithHash returns an account by id with its password hash;
// not_found when there is none.
func (s *Store) FindUserWithHash(ctx context.Context, id string) (domain.User, string, error) {
	var row userRow
	err := s.with(ctx).Where("id = ?", id).Take(&row).Error
	return row.domain(), row.PasswordHash, translate(err, "user")
}
