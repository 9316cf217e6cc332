package service

import (
	"context"

	"closedset/internal/domain"
)

// NotificationSettings returns when the caller's notifications are also
// e-mailed (domain.EmailSettings).
func (s *Service) NotificationSettings(ctx context.Context, userID string) (string, error) {
	return s.store.EmailSetting(ctx, userID)
}

// SetNotificationSettings changes when the caller's notifications are also
// e-mailed. Errors: validation_failed.
func (s *Service) SetNotificationSettings(ctx context.Context, userID, email string) error {
	if !domain.ValidEmailSetting(email) {
		return domain.Invalid("email", "Choose off, when_no_push or always.")
	}
	return s.store.SetEmailSetting(ctx, userID, email)
}
