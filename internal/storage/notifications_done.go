package storage

import (
	"context"
	"errors"
	"time"

	"closedset/internal/domain"
)

// MarkNotificationsDone sets done_at on the not-done notifications that task
// selects, in the caller's transaction, and returns how many it marked.
func (s *Store) MarkNotificationsDone(ctx context.Context, task domain.NotificationTask, at time.Time) (int64, error) {
	if task.SceneID == "" && task.SubjectID == "" {
		return 0, errors.New("storage: a notification task names a scene or a subject")
	}
	q := s.with(ctx).Model(&notificationRow{}).Where("done_at IS NULL")
	if task.SceneID != "" {
		q = q.Where("scene_id = ?", task.SceneID)
	}
	if task.SubjectID != "" {
		q = q.Where("subject_id = ?", task.SubjectID)
	}
	if task.UserID != "" {
		q = q.Where("user_id = ?", task.UserID)
	}
	if len(task.Types) > 0 {
		q = q.Where("type IN ?", task.Types)
	}
	res := q.Update("done_at", at.UTC())
	return res.RowsAffected, translate(res.Error, "notifications")
}

// MarkProductionNotificationsDone marks done every notification of a user
// about a production (they left it: nothing there asks them any more).
func (s *Store) MarkProductionNotificationsDone(ctx context.Context, productionID, userID string, at time.Time) error {
	err := s.with(ctx).Model(&notificationRow{}).Where("done_at IS NULL AND user_id = ? AND production_id = ?", userID, productionID).
		Update("done_at", at.UTC()).Error
	return translate(err, "notifications")
}

// CountNotDone counts a user's notifications not done (the inbox badge).
func (s *Store) CountNotDone(ctx context.Context, userID string) (int64, error) {
	var n int64
	err := s.with(ctx).Model(&notificationRow{}).Where("user_id = ? AND done_at IS NULL", userID).Count(&n).Error
	return n, translate(err, "notifications")
}
