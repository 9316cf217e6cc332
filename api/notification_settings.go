package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// GetNotificationSettings answers when the caller's notifications are also
// e-mailed.
func (s *Server) GetNotificationSettings(c echo.Context) error {
	v, err := s.svc.NotificationSettings(c.Request().Context(), userID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NotificationSettings{Email: EmailSetting(v)})
}

// PutNotificationSettings changes when the caller's notifications are also
// e-mailed.
func (s *Server) PutNotificationSettings(c echo.Context) error {
	var body NotificationSettings
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	if err := s.svc.SetNotificationSettings(c.Request().Context(), userID(c), string(body.Email)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NotificationSettings{Email: body.Email})
}
