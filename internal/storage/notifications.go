package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"closedset/internal/domain"
	"closedset/internal/notify"
)

type subscriptionRow struct {
	ID        string `gorm:"primaryKey"`
	UserID    string
	Endpoint  string
	P256dh    string `gorm:"column:p256dh"`
	Auth      string
	CreatedAt time.Time
}

func (subscriptionRow) TableName() string { return "push_subscriptions" }

type notificationRow struct {
	ID           string `gorm:"primaryKey"`
	UserID       string
	Type         string
	Title        string
	Body         string
	URL          string `gorm:"column:url"`
	ProductionID *string
	SceneID      *string
	CreatedAt    time.Time
	ReadAt       *time.Time
	DoneAt       *time.Time
	SubjectID    string
}

func (notificationRow) TableName() string { return "notifications" }

// pushJobRow is one push of one notification to one subscription.
type pushJobRow struct {
	ID             string `gorm:"primaryKey"`
	NotificationID string
	SubscriptionID string
	Payload        string
	TTL            int `gorm:"column:ttl"`
	Urgency        string
	Topic          string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	LeaseUntil     *time.Time
	LastError      string
	CreatedAt      time.Time
	SentAt         *time.Time
}

func (pushJobRow) TableName() string { return "push_jobs" }

// toJob is what the push worker needs of a claimed job and its subscription.
func (r pushJobRow) toJob(sub subscriptionRow) notify.Job {
	return notify.Job{ID: r.ID, SubscriptionID: r.SubscriptionID, Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth,
		Payload: []byte(r.Payload), TTL: time.Duration(r.TTL) * time.Second, Urgency: r.Urgency, Topic: r.Topic, Attempts: r.Attempts}
}

// PushSubscription is a browser's push subscription.
type PushSubscription struct {
	ID, UserID, Endpoint, P256dh, Auth string
	CreatedAt                          time.Time
}

// UpsertSubscription stores a subscription for userID, keyed by (user,
// endpoint): the caller's own row with that endpoint gets the new keys;
// another user's row with the same endpoint (a shared device) is neither
// changed nor looked at. It reports whether the row was new and when it was
// first stored, and keeps at most max subscriptions per user (oldest go).
func (s *Store) UpsertSubscription(ctx context.Context, sub PushSubscription, max int) (bool, time.Time, error) {
	created, createdAt := false, sub.CreatedAt.UTC()
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.with(ctx)
		row := subscriptionRow{ID: sub.ID, UserID: sub.UserID, Endpoint: sub.Endpoint, P256dh: sub.P256dh,
			Auth: sub.Auth, CreatedAt: sub.CreatedAt.UTC()}
		res := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}, {Name: "endpoint"}}, DoNothing: true}).Create(&row)
		if res.Error != nil {
			return res.Error
		}
		if created = res.RowsAffected == 1; !created {
			var existing subscriptionRow
			if err := db.Where("user_id = ? AND endpoint = ?", sub.UserID, sub.Endpoint).Take(&existing).Error; err != nil {
				return err
			}
			createdAt = existing.CreatedAt.UTC()
			return db.Model(&subscriptionRow{}).Where("id = ?", existing.ID).
				Updates(map[string]any{"p256dh": sub.P256dh, "auth": sub.Auth}).Error
		}
		var ids []string
		if err := db.Model(&subscriptionRow{}).Where("user_id = ?", sub.UserID).Order("created_at DESC, id DESC").
			Offset(max).Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) > 0 {
			return db.Where("id IN ?", ids).Delete(&subscriptionRow{}).Error
		}
		return nil
	})
	return created, createdAt, translate(err, "push subscription")
}

// DeleteSubscription removes the caller's subscription with that endpoint,
// if they have one; another user's row with the same endpoint stays.
func (s *Store) DeleteSubscription(ctx context.Context, userID, endpoint string) error {
	err := s.with(ctx).Where("user_id = ? AND endpoint = ?", userID, endpoint).Delete(&subscriptionRow{}).Error
	return translate(err, "push subscription")
}

// DeleteSubscriptionByID removes a subscription the push service reported gone.
func (s *Store) DeleteSubscriptionByID(ctx context.Context, id string) error {
	return translate(s.with(ctx).Where("id = ?", id).Delete(&subscriptionRow{}).Error, "push subscription")
}

// ListNotifications returns up to limit of a user's notifications, newest
// first, older than the cursor id when given.
func (s *Store) ListNotifications(ctx context.Context, userID string, unreadOnly bool, limit int, before string) ([]domain.Notification, error) {
	q := s.with(ctx).Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if before != "" {
		q = q.Where("id < ?", before)
	}
	var rows []notificationRow
	err := q.Order("id DESC").Limit(limit).Find(&rows).Error
	out := make([]domain.Notification, len(rows))
	for i, r := range rows {
		out[i] = domain.Notification{ID: r.ID, UserID: r.UserID, Type: r.Type, Title: r.Title, Body: r.Body, URL: r.URL,
			CreatedAt: r.CreatedAt.UTC(), ReadAt: r.ReadAt, DoneAt: utcPtr(r.DoneAt)}
		if r.ProductionID != nil {
			out[i].ProductionID = *r.ProductionID
		}
		if r.SceneID != nil {
			out[i].SceneID = *r.SceneID
		}
	}
	return out, translate(err, "notifications")
}

// MarkNotificationRead marks one of the user's notifications read (once),
// and done when reading is all it asks (domain.DoneWhenRead);
// not_found when it is not theirs.
func (s *Store) MarkNotificationRead(ctx context.Context, userID, id string, at time.Time) error {
	var r notificationRow
	if err := s.with(ctx).Where("id = ? AND user_id = ?", id, userID).Take(&r).Error; err != nil {
		return translate(err, "Notification")
	}
	err := s.with(ctx).Model(&notificationRow{}).Where("id = ? AND read_at IS NULL", id).Update("read_at", at.UTC()).Error
	if err == nil && domain.DoneWhenRead(r.Type) {
		err = s.with(ctx).Model(&notificationRow{}).Where("id = ? AND done_at IS NULL", id).Update("done_at", at.UTC()).Error
	}
	return translate(err, "notification")
}

// ClaimPushJobs leases up to n due jobs until leaseUntil and returns them with
// their subscription's keys. A job whose lease ran out (a crashed worker) is
// due again. On PostgreSQL concurrent workers skip each other's rows.
func (s *Store) ClaimPushJobs(ctx context.Context, now, leaseUntil time.Time, n int) ([]notify.Job, error) {
	var jobs []notify.Job
	err := s.Tx(ctx, func(tx *Store) error {
		var rows []pushJobRow
		q := tx.with(ctx).Model(&pushJobRow{}).
			Where("status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", now.UTC(), now.UTC()).
			Order("next_attempt_at, id").Limit(n)
		if s.postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Find(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]string, len(rows))
		for i, j := range rows {
			ids[i] = j.ID
		}
		if err := tx.with(ctx).Model(&pushJobRow{}).Where("id IN ?", ids).
			Updates(map[string]any{"lease_until": leaseUntil.UTC(), "attempts": gorm.Expr("attempts + 1")}).Error; err != nil {
			return err
		}
		var subs []subscriptionRow
		if err := tx.with(ctx).Where("id IN (?)", tx.with(ctx).Model(&pushJobRow{}).Select("subscription_id").Where("id IN ?", ids)).
			Find(&subs).Error; err != nil {
			return err
		}
		byID := map[string]subscriptionRow{}
		for _, sub := range subs {
			byID[sub.ID] = sub
		}
		jobs = make([]notify.Job, len(rows))
		for i, r := range rows {
			r.Attempts++
			jobs[i] = r.toJob(byID[r.SubscriptionID])
		}
		return nil
	})
	return jobs, translate(err, "push jobs")
}

// CountPushJobs counts jobs by status (tests, metrics).
func (s *Store) CountPushJobs(ctx context.Context, status string) (int64, error) {
	var n int64
	err := s.with(ctx).Model(&pushJobRow{}).Where("status = ?", status).Count(&n).Error
	return n, translate(err, "push jobs")
}
