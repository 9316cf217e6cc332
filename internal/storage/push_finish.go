package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"closedset/internal/notify"
)

// FinishPushJob records a job's outcome: sent, failed for good, or pending
// again at next (a retry).
func (s *Store) FinishPushJob(ctx context.Context, id, status, lastError string, next, now time.Time) error {
	return s.FinishPushJobs(ctx, []notify.Outcome{{JobID: id, Status: status, LastError: lastError, Next: next}}, now)
}

// FinishPushJobs records many jobs' outcomes in one transaction (the worker
// batches them: one commit for up to a few hundred sends). Only a job still
// pending changes, so a retry never overwrites a success. The subscription
// counts consecutive failed sends (a success resets it): at
// WorkingPushFailures it no longer counts as working.
func (s *Store) FinishPushJobs(ctx context.Context, outs []notify.Outcome, now time.Time) error {
	if len(outs) == 0 {
		return nil
	}
	err := s.Tx(ctx, func(tx *Store) error {
		for _, o := range outs {
			fields := map[string]any{"status": o.Status, "last_error": o.LastError, "lease_until": nil}
			failures := gorm.Expr("failures + 1")
			switch o.Status {
			case "sent":
				fields["sent_at"] = now.UTC()
				failures = gorm.Expr("0")
			case "pending":
				fields["next_attempt_at"] = o.Next.UTC()
			}
			res := tx.with(ctx).Model(&pushJobRow{}).Where("id = ? AND status = 'pending'", o.JobID).Updates(fields)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				continue
			}
			if err := tx.with(ctx).Model(&subscriptionRow{}).
				Where("id = (?)", tx.with(ctx).Model(&pushJobRow{}).Select("subscription_id").Where("id = ?", o.JobID)).
				Update("failures", failures).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate(err, "push job")
}
