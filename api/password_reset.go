package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// RequestPasswordReset e-mails a reset link if the address has an account;
// the answer is the same either way.
func (s *Server) RequestPasswordReset(c echo.Context) error {
	var body PasswordResetRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	if err := s.svc.RequestPasswordReset(c.Request().Context(), body.Email, c.RealIP()); err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

// ConfirmPasswordReset sets a new password with a reset token and ends every
// session of the account.
func (s *Server) ConfirmPasswordReset(c echo.Context) error {
	var body PasswordResetConfirmRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	if err := s.svc.ConfirmPasswordReset(c.Request().Context(), body.Token, body.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
