package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// DecideConsent confirms or declines the current choreography version.
func (s *Server) DecideConsent(c echo.Context, sceneID string, _ DecideConsentParams) error {
	var body ConsentDecision
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	v, err := s.svc.DecideConsent(c.Request().Context(), userID(c), sceneID, body.Version,
		domain.ConsentState(body.Decision), deref(body.Note))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toConsent(v))
}

// WithdrawConsent withdraws the caller's consent, no reason needed.
func (s *Server) WithdrawConsent(c echo.Context, sceneID string, _ WithdrawConsentParams) error {
	var body WithdrawRequest
	if c.Request().ContentLength != 0 {
		if err := bindJSON(c, &body); err != nil {
			return err
		}
	}
	v, err := s.svc.WithdrawConsent(c.Request().Context(), userID(c), sceneID, deref(body.Note))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toConsent(v))
}

// ListConsents lists a scene's consents as the caller may see them.
func (s *Server) ListConsents(c echo.Context, sceneID string) error {
	vs, err := s.svc.ListConsents(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(vs, toConsent))
}

// GetConsentSummary returns a scene's consent counts against its current
// version.
func (s *Server) GetConsentSummary(c echo.Context, sceneID string) error {
	v, err := s.svc.SummarizeConsents(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	out := ConsentSummary{Confirmed: v.Confirmed, Pending: v.Pending, Declined: v.Declined, Withdrawn: v.Withdrawn}
	if v.Version > 0 {
		out.Version = &v.Version
	}
	return c.JSON(http.StatusOK, out)
}

// toConsent renders a consent; the note is omitted when the caller may not see
// it or there is none.
func toConsent(v service.ConsentView) Consent {
	out := Consent{UserId: v.UserID, DisplayName: v.DisplayName, State: ConsentState(v.State), DecidedAt: v.DecidedAt,
		PostPhotography: v.PostPhotography}
	if v.Version > 0 {
		out.Version = &v.Version
	}
	if v.Note != "" {
		out.Note = &v.Note
	}
	return out
}
