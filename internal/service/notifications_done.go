package service

import (
	"context"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// done marks, in the caller's transaction (the one of the change that did
// the task), the notifications that task completes.
func done(ctx context.Context, tx *storage.Store, task domain.NotificationTask, at time.Time) error {
	_, err := tx.MarkNotificationsDone(ctx, task, at)
	return err
}

// NotificationSummary counts the caller's notifications not done yet.
func (s *Service) NotificationSummary(ctx context.Context, userID string) (int, error) {
	n, err := s.store.CountNotDone(ctx, userID)
	return int(n), err
}
