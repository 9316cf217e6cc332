package storage

import (
	"context"
	"database/sql"
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
	queued := 0
	err := s.join(ctx, func(tx *Store) error {
		rows := make([][]any, len(ns))
		users := make([]any, 0, len(ns))
		for i, x := range ns {
			n := x.Notification
			var production, scene *string
			if n.ProductionID != "" {
				production = ptr(n.ProductionID)
			}
			if n.SceneID != "" {
				scene = ptr(n.SceneID)
			}
			rows[i] = []any{n.ID, n.UserID, n.Type, n.Title, n.Body, n.URL, production, scene, n.CreatedAt.UTC(),
				utcPtr(n.DoneAt), n.SubjectID}
			users = append(users, n.UserID)
		}
		if err := tx.insertRows(ctx, "INSERT INTO notifications (id, user_id, type, title, body, url, production_id, "+
			"scene_id, created_at, done_at, subject_id) VALUES ", rows); err != nil {
			return translate(err, "notification")
		}
		subs := map[string][]string{} // user → subscription ids
		for start := 0; start < len(users); start += bulkChunk {
			chunk := users[start:min(start+bulkChunk, len(users))]
			q := directShape("SELECT id, user_id FROM push_subscriptions WHERE user_id IN (" + placeholders(len(chunk)) + ") ORDER BY id")
			err := tx.queryDirect(ctx, q, chunk, func(r *sql.Rows) error {
				var id, user string
				err := r.Scan(&id, &user)
				subs[user] = append(subs[user], id)
				return err
			})
			if err != nil {
				return translate(err, "push subscriptions")
			}
		}
		var jobs [][]any
		for _, x := range ns {
			n := x.Notification
			for _, sub := range subs[n.UserID] {
				jobs = append(jobs, []any{newID(), n.ID, sub, x.Payload, int(d.TTL / time.Second), d.Urgency, d.Topic, "pending",
					0, n.CreatedAt.UTC(), "", n.CreatedAt.UTC()})
			}
		}
		queued = len(jobs)
		return translate(tx.insertRows(ctx, "INSERT INTO push_jobs (id, notification_id, subscription_id, payload, ttl, "+
			"urgency, topic, status, attempts, next_attempt_at, last_error, created_at) VALUES ", jobs), "push job")
	})
	if err != nil {
		return 0, err
	}
	return queued, nil
}
