package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
)

// GetVapidPublicKey returns the key browsers subscribe with.
func (s *Server) GetVapidPublicKey(c echo.Context) error {
	return c.JSON(http.StatusOK, VapidPublicKey{PublicKey: s.svc.VAPIDPublicKey()})
}

// CreatePushSubscription stores the browser's subscription (201 new, 200 known).
func (s *Server) CreatePushSubscription(c echo.Context, _ CreatePushSubscriptionParams) error {
	var body PushSubscriptionInput
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	created, createdAt, err := s.svc.Subscribe(c.Request().Context(), userID(c), body.Endpoint, body.Keys.P256dh, body.Keys.Auth)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, PushSubscription{Endpoint: body.Endpoint, CreatedAt: createdAt})
}

// DeletePushSubscription removes the caller's subscription.
func (s *Server) DeletePushSubscription(c echo.Context, params DeletePushSubscriptionParams) error {
	if err := s.svc.Unsubscribe(c.Request().Context(), userID(c), params.Endpoint); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListNotifications pages through the caller's inbox, newest first.
func (s *Server) ListNotifications(c echo.Context, params ListNotificationsParams) error {
	limit := 50
	if params.Limit != nil {
		limit = *params.Limit
	}
	items, next, err := s.svc.ListNotifications(c.Request().Context(), userID(c), deref(params.Unread), limit, deref(params.Cursor))
	if err != nil {
		return err
	}
	page := NotificationPage{Items: mapSlice(items, toNotification)}
	if next != "" {
		page.Next = &next
	}
	return c.JSON(http.StatusOK, page)
}

// MarkNotificationRead marks one notification read.
func (s *Server) MarkNotificationRead(c echo.Context, id string, _ MarkNotificationReadParams) error {
	if err := s.svc.MarkNotificationRead(c.Request().Context(), userID(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// GetNotificationSummary counts the caller's notifications not done.
func (s *Server) GetNotificationSummary(c echo.Context) error {
	n, err := s.svc.NotificationSummary(c.Request().Context(), userID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NotificationSummary{NeedsYou: n})
}

func toNotification(n domain.Notification) Notification {
	out := Notification{Id: n.ID, Type: NotificationType(n.Type), Title: n.Title, Body: n.Body, Url: n.URL,
		CreatedAt: n.CreatedAt, ReadAt: n.ReadAt, DoneAt: n.DoneAt}
	if n.ProductionID != "" {
		out.ProductionId = &n.ProductionID
	}
	if n.SceneID != "" {
		out.SceneId = &n.SceneID
	}
	return out
}
