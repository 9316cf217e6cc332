package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"closedset/internal/mailer"
)

// mailJobRow is one queued e-mail. Body is the sealed message (see
// mailer.Sealer), NULL once the job was sent or failed; ToHash is the hash
// of the address, which itself is only inside the body.
type mailJobRow struct {
	ID             string `gorm:"primaryKey"`
	Kind           string
	UserID         *string
	NotificationID *string
	ToHash         string
	Body           *string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	LeaseUntil     *time.Time
	LastError      string
	CreatedAt      time.Time
	SentAt         *time.Time
}

func (mailJobRow) TableName() string { return "mail_jobs" }

// MailJob is a mail job as stored: its metadata, and its sealed body (empty
// once sent or failed).
type MailJob struct {
	ID, Kind, UserID, NotificationID, ToHash string
	Body                                     string
	Status                                   string
	Attempts                                 int
	LastError                                string
	CreatedAt                                time.Time
	SentAt                                   *time.Time
}

// EnqueueMail stores a pending mail job, due at once, in the caller's
// transaction.
func (s *Store) EnqueueMail(ctx context.Context, j MailJob) error {
	r := mailJobRow{ID: j.ID, Kind: j.Kind, ToHash: j.ToHash, Body: &j.Body, Status: "pending",
		NextAttemptAt: j.CreatedAt.UTC(), CreatedAt: j.CreatedAt.UTC()}
	if j.UserID != "" {
		r.UserID = ptr(j.UserID)
	}
	if j.NotificationID != "" {
		r.NotificationID = ptr(j.NotificationID)
	}
	return translate(s.with(ctx).Create(&r).Error, "mail job")
}

// ClaimMailJobs leases up to n due jobs until leaseUntil. A job whose lease
// ran out (a stopped or crashed worker) is due again. On PostgreSQL
// concurrent workers skip each other's rows.
func (s *Store) ClaimMailJobs(ctx context.Context, now, leaseUntil time.Time, n int) ([]mailer.Job, error) {
	var jobs []mailer.Job
	err := s.Tx(ctx, func(tx *Store) error {
		var rows []mailJobRow
		q := tx.with(ctx).Model(&mailJobRow{}).
			Where("status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", now.UTC(), now.UTC()).
			Order("next_attempt_at, id").Limit(n)
		if s.postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Find(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		if err := tx.with(ctx).Model(&mailJobRow{}).Where("id IN ?", ids).
			Updates(map[string]any{"lease_until": leaseUntil.UTC(), "attempts": gorm.Expr("attempts + 1")}).Error; err != nil {
			return err
		}
		jobs = make([]mailer.Job, 0, len(rows))
		for _, r := range rows {
			if r.Body == nil {
				continue
			}
			jobs = append(jobs, mailer.Job{ID: r.ID, Kind: r.Kind, Body: *r.Body, Attempts: r.Attempts + 1})
		}
		return nil
	})
	return jobs, translate(err, "mail jobs")
}

// FinishMailJob records a job's outcome: sent or failed (the body is
// deleted: only metadata stays), or pending again at next. Only a job still
// pending changes.
func (s *Store) FinishMailJob(ctx context.Context, id, status, lastError string, next, now time.Time) error {
	fields := map[string]any{"status": status, "last_error": lastError, "lease_until": nil}
	switch status {
	case "sent":
		fields["sent_at"], fields["body"] = now.UTC(), nil
	case "failed":
		fields["body"] = nil
	case "pending":
		fields["next_attempt_at"] = next.UTC()
	}
	err := s.with(ctx).Model(&mailJobRow{}).Where("id = ? AND status = 'pending'", id).Updates(fields).Error
	return translate(err, "mail job")
}

// MailJobs returns every mail job, oldest first, as stored (tests, support).
func (s *Store) MailJobs(ctx context.Context) ([]MailJob, error) {
	var rows []mailJobRow
	err := s.with(ctx).Order("created_at, id").Find(&rows).Error
	out := make([]MailJob, len(rows))
	for i, r := range rows {
		out[i] = MailJob{ID: r.ID, Kind: r.Kind, ToHash: r.ToHash, Status: r.Status, Attempts: r.Attempts,
			LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(), SentAt: r.SentAt}
		if r.UserID != nil {
			out[i].UserID = *r.UserID
		}
		if r.NotificationID != nil {
			out[i].NotificationID = *r.NotificationID
		}
		if r.Body != nil {
			out[i].Body = *r.Body
		}
	}
	return out, translate(err, "mail jobs")
}

// CountMailJobs counts jobs by status.
func (s *Store) CountMailJobs(ctx context.Context, status string) (int64, error) {
	var n int64
	err := s.with(ctx).Model(&mailJobRow{}).Where("status = ?", status).Count(&n).Error
	return n, translate(err, "mail jobs")
}

// MailRecipient is what deciding whether to e-mail a notification needs of
// its recipient.
type MailRecipient struct {
	UserID, Email, Setting string
	// WorkingPush: the user has a push subscription whose last three sends
	// did not all fail.
	WorkingPush bool
}

// MailRecipients returns, in one query, the e-mail, setting and
// working-push flag of each of the given users that still has an account
// (erased ones are left out).
func (s *Store) MailRecipients(ctx context.Context, userIDs []string) ([]MailRecipient, error) {
	if len(userIDs) == 0 {
		return nil, nil
	}
	var rows []struct {
		ID, Email, EmailNotifications string
		WorkingPush                   bool
	}
	err := s.with(ctx).Model(&userRow{}).
		Select("users.id, users.email, users.email_notifications, "+
			"EXISTS (SELECT 1 FROM push_subscriptions p WHERE p.user_id = users.id AND p.failures < ?) AS working_push", WorkingPushFailures).
		Where("users.id IN ? AND users.erased_at IS NULL", userIDs).Scan(&rows).Error
	out := make([]MailRecipient, len(rows))
	for i, r := range rows {
		out[i] = MailRecipient{UserID: r.ID, Email: r.Email, Setting: r.EmailNotifications, WorkingPush: r.WorkingPush}
	}
	return out, translate(err, "mail recipients")
}

// WorkingPushFailures is how many consecutive failed sends make a push
// subscription count as not working (for "e-mail when no push").
const WorkingPushFailures = 3
