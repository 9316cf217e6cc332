package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

// NewNotification is one inbox entry to write and the push body its jobs
// carry.
type NewNotification struct {
	Notification domain.Notification
	Payload      string
}

// bulkChunk bounds the rows of one INSERT and the ids of one IN list (well
// under SQLite's and PostgreSQL's bind-variable limits).
const bulkChunk = 500

// CreateNotification stores an inbox entry and one push job per subscription
// of its user, in the caller's transaction, and returns how many push jobs it
// queued. payload is the push body.
func (s *Store) CreateNotification(ctx context.Context, n domain.Notification, d domain.Delivery, payload string, newID func() string) (int, error) {
	return s.CreateNotifications(ctx, []NewNotification{{Notification: n, Payload: payload}}, d, newID)
}

// CreateNotifications stores many inbox entries and one push job per
// subscription of each entry's user, in the caller's transaction, with
// multi-row statements (a notification to a whole production is a few
// statements, not two per person), and returns how many push jobs it queued.
func (s *Store) CreateNotifications(ctx context.Context, ns []NewNotification, d domain.Delivery, newID func() string) (int, error) {
	if len(ns) == 0 {
		return 0, nil
	}
	db := s.with(ctx)
	rows := make([]notificationRow, len(ns))
	users := make([]string, 0, len(ns))
	for i, x := range ns {
		n := x.Notification
		r := notificationRow{ID: n.ID, UserID: n.UserID, Type: n.Type, Title: n.Title, Body: n.Body, URL: n.URL, CreatedAt: n.CreatedAt.UTC()}
		r.DoneAt, r.SubjectID = utcPtr(n.DoneAt), n.SubjectID
		if n.ProductionID != "" {
			r.ProductionID = ptr(n.ProductionID)
		}
		if n.SceneID != "" {
			r.SceneID = ptr(n.SceneID)
		}
		rows[i] = r
		users = append(users, n.UserID)
	}
	if err := db.CreateInBatches(rows, 1000).Error; err != nil {
		return 0, translate(err, "notification")
	}
	subs := map[string][]string{} // user → subscription ids
	for start := 0; start < len(users); start += bulkChunk {
		var found []subscriptionRow
		if err := db.Select("id", "user_id").Where("user_id IN ?", users[start:min(start+bulkChunk, len(users))]).
			Order("id").Find(&found).Error; err != nil {
			return 0, translate(err, "push subscriptions")
		}
		for _, sub := range found {
			subs[sub.UserID] = append(subs[sub.UserID], sub.ID)
		}
	}
	var jobs []pushJobRow
	for _, x := range ns {
		n := x.Notification
		for _, sub := range subs[n.UserID] {
			jobs = append(jobs, pushJobRow{ID: newID(), NotificationID: n.ID, SubscriptionID: sub, Payload: x.Payload,
				TTL: int(d.TTL / time.Second), Urgency: d.Urgency, Topic: d.Topic, Status: "pending",
				NextAttemptAt: n.CreatedAt.UTC(), CreatedAt: n.CreatedAt.UTC()})
		}
	}
	if len(jobs) > 0 {
		if err := db.CreateInBatches(jobs, 1000).Error; err != nil {
			return 0, translate(err, "push job")
		}
	}
	return len(jobs), nil
}
