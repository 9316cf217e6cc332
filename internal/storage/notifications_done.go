package storage

import (
	"context"
	"errors"
	"strings"
	"time"

	"closedset/internal/domain"
)

// MarkNotificationsDone sets done_at on the not-done notifications that task
// selects, in the caller's transaction, and returns how many it marked.
func (s *Store) MarkNotificationsDone(ctx context.Context, task domain.NotificationTask, at time.Time) (int64, error) {
	if task.SceneID == "" && task.SubjectID == "" {
		return 0, errors.New("storage: a notification task names a scene or a subject")
	}
	var q strings.Builder
	q.WriteString("UPDATE notifications SET done_at = ? WHERE done_at IS NULL")
	args := []any{at.UTC()}
	for _, c := range []struct{ column, value string }{{"scene_id", task.SceneID}, {"subject_id", task.SubjectID},
		{"user_id", task.UserID}} {
		if c.value != "" {
			q.WriteString(" AND " + c.column + " = ?")
			args = append(args, c.value)
		}
	}
	if len(task.Types) > 0 {
		q.WriteString(" AND type IN (?" + strings.Repeat(", ?", len(task.Types)-1) + ")")
		for _, t := range task.Types {
			args = append(args, t)
		}
	}
	// One of a few shapes (which parts the task names): each stays
	// prepared in the driver (direct.go).
	n, err := s.execDirect(ctx, directShape(q.String()), args...)
	return n, translate(err, "notifications")
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
