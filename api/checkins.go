package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
)

// RequestCheckin asks a scene's cast (or some of it) how they are.
func (s *Server) RequestCheckin(c echo.Context, sceneID string, _ RequestCheckinParams) error {
	var body CheckinRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	ci, err := s.svc.RequestCheckin(c.Request().Context(), userID(c), sceneID, body.Reason, deref(body.PerformerIds), deref(body.ExpiresInSec))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCheckin(ci))
}

// RespondCheckin records the caller's answer.
func (s *Server) RespondCheckin(c echo.Context, checkinID string, _ RespondCheckinParams) error {
	var body CheckinAnswerRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	ci, err := s.svc.RespondCheckin(c.Request().Context(), userID(c), checkinID, string(body.Answer), deref(body.Note))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCheckin(ci))
}

// GetCheckin returns one check-in as the caller may see it.
func (s *Server) GetCheckin(c echo.Context, checkinID string) error {
	ci, err := s.svc.GetCheckin(c.Request().Context(), userID(c), checkinID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCheckin(ci))
}

// ListSceneCheckins lists a scene's check-ins, newest first.
func (s *Server) ListSceneCheckins(c echo.Context, sceneID string) error {
	cs, err := s.svc.ListSceneCheckins(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(cs, toCheckin))
}

// ListMyCheckins lists the check-ins addressed to the caller.
func (s *Server) ListMyCheckins(c echo.Context, params ListMyCheckinsParams) error {
	cs, err := s.svc.ListMyCheckins(c.Request().Context(), userID(c), deref(params.Open))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(cs, toCheckin))
}

// toCheckin renders a check-in as the service shows it to the caller
// (domain.CheckinFor): responses and counts only when given.
func toCheckin(ci domain.CheckIn) CheckIn {
	out := CheckIn{Id: ci.ID, SceneId: ci.SceneID, Reason: ci.Reason, RequestedAt: ci.RequestedAt, ExpiresAt: ci.ExpiresAt, Open: ci.Open}
	if ci.Responses != nil {
		rs := mapSlice(ci.Responses, func(r domain.CheckInResponse) CheckInResponse {
			out := CheckInResponse{UserId: r.UserID, DisplayName: r.DisplayName, AnsweredAt: r.AnsweredAt}
			if r.Answer != "" {
				a := CheckinAnswer(r.Answer)
				out.Answer = &a
			}
			if r.Note != "" {
				out.Note = &r.Note
			}
			return out
		})
		out.Responses = &rs
	}
	if n := ci.Counts; n != nil {
		out.Counts = &CheckinCounts{Ok: n.OK, Pause: n.Pause, Stop: n.Stop, NoResponse: n.NoResponse, Waiting: n.Waiting}
	}
	if ci.Outcome != "" {
		a := CheckinAnswer(ci.Outcome)
		out.Outcome = &a
	}
	return out
}
