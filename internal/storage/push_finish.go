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
// WorkingPushFailures it no longer counts as working. The sent ones — nearly
// all — take two statements for the whole batch.
func (s *Store) FinishPushJobs(ctx context.Context, outs []notify.Outcome, now time.Time) error {
	if len(outs) == 0 {
		return nil
	}
	var sent []string
	for _, o := range outs {
		if o.Status == "sent" {
			sent = append(sent, o.JobID)
		}
	}
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.finishSent(ctx, sent, now); err != nil {
			return err
		}
		for _, o := range outs {
			if o.Status == "sent" {
				continue
			}
			fields := map[string]any{"status": o.Status, "last_error": o.LastError, "lease_until": nil}
			if o.Status == "pending" {
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
				Update("failures", gorm.Expr("failures + 1")).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate(err, "push job")
}

// finishSent marks jobs sent (those still pending) and resets their
// subscriptions' failure counts: one UPDATE … RETURNING, then one UPDATE of
// the subscriptions that had failures.
func (tx *Store) finishSent(ctx context.Context, ids []string, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var subs []string
	if err := tx.with(ctx).Raw(`UPDATE push_jobs SET status = 'sent', sent_at = ?, last_error = '', lease_until = NULL
		WHERE id IN ? AND status = 'pending' RETURNING subscription_id`, now.UTC(), ids).Scan(&subs).Error; err != nil {
		return err
	}
	if len(subs) == 0 {
		return nil
	}
	return tx.with(ctx).Exec("UPDATE push_subscriptions SET failures = 0 WHERE id IN ? AND failures <> 0", subs).Error
}
