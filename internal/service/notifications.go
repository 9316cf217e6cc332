package service

import (
	"context"
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// MaxSubscriptionsPerUser bounds a person's push subscriptions (devices);
// the oldest goes when a new one comes.
const MaxSubscriptionsPerUser = 10

// VAPIDPublicKey is the application server key browsers subscribe with.
func (s *Service) VAPIDPublicKey() string { return s.vapidPublicKey }

// Subscribe stores the caller's browser push subscription, keyed by (user,
// endpoint): another account's subscription on the same device is never
// changed. The endpoint must pass domain.PushEndpointAllowed (https on port
// 443 of an allowed push service; loopback test receivers aside); keys must
// be a P-256 public key and a 16-byte secret. It reports whether the
// subscription is new and when it was first stored. Errors:
// validation_failed.
func (s *Service) Subscribe(ctx context.Context, userID, endpoint, p256dh, authSecret string) (bool, time.Time, error) {
	if err := domain.PushEndpointAllowed(endpoint, s.pushHosts); err != nil {
		return false, time.Time{}, err
	}
	key, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(p256dh, "="))
	if err == nil {
		_, err = ecdh.P256().NewPublicKey(key)
	}
	if err != nil {
		return false, time.Time{}, domain.Invalid("keys.p256dh", "Not an uncompressed P-256 public key.")
	}
	if sec, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(authSecret, "=")); err != nil || len(sec) != 16 {
		return false, time.Time{}, domain.Invalid("keys.auth", "Not a 16-byte auth secret.")
	}
	return s.store.UpsertSubscription(ctx, storage.PushSubscription{ID: newID(), UserID: userID, Endpoint: endpoint,
		P256dh: p256dh, Auth: authSecret, CreatedAt: s.now()}, MaxSubscriptionsPerUser)
}

// Unsubscribe removes the caller's subscription with that endpoint, if any
// (idempotent: deleting what is not there succeeds); never another user's.
func (s *Service) Unsubscribe(ctx context.Context, userID, endpoint string) error {
	return s.store.DeleteSubscription(ctx, userID, endpoint)
}

// ListNotifications returns a page of the caller's inbox, newest first, and
// the cursor of the next page ("" when there is none).
func (s *Service) ListNotifications(ctx context.Context, userID string, unreadOnly bool, limit int, cursor string) ([]domain.Notification, string, error) {
	items, err := s.store.ListNotifications(ctx, userID, unreadOnly, limit+1, cursor)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > limit {
		items = items[:limit]
		next = items[limit-1].ID
	}
	return items, next, nil
}

// MarkNotificationRead marks one of the caller's notifications read. Errors:
// not_found.
func (s *Service) MarkNotificationRead(ctx context.Context, userID, id string) error {
	return s.store.MarkNotificationRead(ctx, userID, id, s.now())
}

// pushPayload is the Web Push body: the inbox entry without readAt.
type pushPayload struct {
	ID           string    `json:"id"`
	Type         string    `json:"type"`
	Title        string    `json:"title"`
	Body         string    `json:"body"`
	URL          string    `json:"url"`
	ProductionID string    `json:"productionId,omitempty"`
	SceneID      string    `json:"sceneId,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
}

// notify writes, in the caller's transaction, one inbox entry per recipient,
// one push job per recipient's subscription, and the e-mails the
// recipients' settings ask for (mailNotifications); the push and mail
// workers are woken once the transaction has committed, if any job was
// queued.
func (s *Service) notify(ctx context.Context, tx *storage.Store, recipients []string, n domain.Notification, d domain.Delivery) error {
	ids := make(map[string]string, len(recipients)) // recipient → their inbox entry
	batch := make([]storage.NewNotification, 0, len(recipients))
	for _, userID := range recipients {
		m := n
		m.ID, m.UserID, m.CreatedAt = newID(), userID, s.now()
		payload, err := json.Marshal(pushPayload{ID: m.ID, Type: m.Type, Title: m.Title, Body: m.Body, URL: m.URL,
			ProductionID: m.ProductionID, SceneID: m.SceneID, CreatedAt: m.CreatedAt})
		if err != nil {
			return err
		}
		batch = append(batch, storage.NewNotification{Notification: m, Payload: string(payload)})
		ids[userID] = m.ID
	}
	queued, err := tx.CreateNotifications(ctx, batch, d, newID)
	if err != nil {
		return err
	}
	if queued > 0 {
		tx.AfterCommit(s.wakePush)
	}
	return s.mailNotifications(ctx, tx, n, ids)
}

// sceneStaff returns the people to alert about a scene: its assigned
// coordinator (all of the production's coordinators when none is assigned),
// and the production's producers.
func sceneStaff(ctx context.Context, tx *storage.Store, sc domain.Scene) (coordinators, producers []string, err error) {
	ms, err := tx.ListStaff(ctx, sc.ProductionID)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range ms {
		switch {
		case m.Role == domain.RoleProducer:
			producers = append(producers, m.UserID)
		case m.Role == domain.RoleCoordinator && (sc.CoordinatorID == "" || sc.CoordinatorID == m.UserID):
			coordinators = append(coordinators, m.UserID)
		}
	}
	return coordinators, producers, nil
}
