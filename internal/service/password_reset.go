package service

import (
	"context"
	"net/mail"
	"time"
	"unicode/utf8"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/mailer"
	"closedset/internal/storage"
)

// Password reset (api.md): a single-use link by e-mail, valid an hour; the
// token is stored only as a hash. Requests are limited per e-mail (unknown
// addresses too) and per client IP, counted in the database under their own
// keys (the login_attempts mechanism), so a limit holds on every instance.
const (
	PasswordResetTTL    = time.Hour
	ResetWindow         = 15 * time.Minute
	ResetsPerEmail      = 3
	ResetsPerIP         = 20
	resetKeyEmailPrefix = "reset email\x00"
	resetKeyIPPrefix    = "reset ip\x00"
)

// RequestPasswordReset e-mails a reset link to the account with this
// address, if there is one. The answer is the same for known and unknown
// addresses, and so is the work: both count the request and look the
// address up; a known one also stores the token's hash and queues the
// e-mail in the same transaction. Errors: email_off (503), rate_limited.
func (s *Service) RequestPasswordReset(ctx context.Context, email, clientIP string) error {
	if s.mail == nil {
		return errEmailOff
	}
	email = domain.NormalizeEmail(email)
	keys := loginKeys{hashes: []string{auth.HashToken(resetKeyEmailPrefix + email), auth.HashToken(resetKeyIPPrefix + clientIP)},
		limits: []int64{ResetsPerEmail, ResetsPerIP}}
	now := s.now()
	for i, h := range keys.hashes {
		n, oldest, err := s.store.LoginFailures(ctx, h, now.Add(-ResetWindow))
		if err != nil {
			return err
		}
		if n >= keys.limits[i] {
			return rateLimited(oldest.Add(ResetWindow).Sub(now))
		}
	}
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return err
	}
	ids := []string{newID(), newID()}
	return s.store.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.RecordLoginFailure(ctx, ids, keys.hashes, now, now.Add(-ResetWindow)); err != nil {
			return err
		}
		u, _, err := tx.FindUserByEmail(ctx, email)
		if a, perr := mail.ParseAddress(email); domain.IsCode(err, "not_found") || perr != nil || a.Address != email {
			return nil // unknown (or not an address at all): nothing to send
		}
		if err != nil {
			return err
		}
		if err := tx.CreatePasswordReset(ctx, storage.PasswordReset{ID: newID(), UserID: u.ID, TokenHash: hash,
			CreatedAt: now, ExpiresAt: now.Add(PasswordResetTTL)}); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, mailPasswordReset, u.ID, "", mailer.PasswordResetMessage(s.publicURL, u.Email, token))
	})
}

// ConfirmPasswordReset sets a new password with a reset token, in one
// transaction: the new hash, the token marked used, the account's other
// unused tokens deleted, every refresh family revoked, and access tokens
// issued until now refused. Errors: not_found (unknown or used),
// reset_expired (410), validation_failed (password rules as sign-up).
func (s *Service) ConfirmPasswordReset(ctx context.Context, token, password string) error {
	if utf8.RuneCountInString(password) < domain.MinPasswordLength {
		return domain.Invalid("password", "Use at least 10 characters.")
	}
	r, err := s.store.FindPasswordReset(ctx, auth.HashToken(token))
	if err != nil {
		return err
	}
	if r.UsedAt != nil {
		return domain.NotFound("password reset")
	}
	if !s.now().Before(r.ExpiresAt) {
		return domain.E(domain.KindGone, "reset_expired", "This link has expired. Ask for a new one.")
	}
	hash, err := auth.HashPassword(password, s.argon)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *storage.Store) error {
		now := s.now()
		ok, err := tx.UsePasswordReset(ctx, r.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.NotFound("password reset") // a concurrent confirm won
		}
		if err := tx.DeleteUnusedPasswordResets(ctx, r.UserID, r.ID); err != nil {
			return err
		}
		return tx.ResetPassword(ctx, r.UserID, hash, now)
	})
}

// SweepPasswordResets forgets reset tokens that expired before now.
func (s *Service) SweepPasswordResets(ctx context.Context) error {
	return s.store.DeletePasswordResetsBefore(ctx, s.now())
}
