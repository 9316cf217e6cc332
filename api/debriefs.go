package api

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// ScheduleDebrief schedules a debrief for a scene.
func (s *Server) ScheduleDebrief(c echo.Context, sceneID string, _ ScheduleDebriefParams) error {
	var body DebriefInput
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	var ids []string
	if body.ParticipantIds != nil {
		ids = *body.ParticipantIds
	}
	d, err := s.svc.ScheduleDebrief(c.Request().Context(), userID(c), sceneID, body.ScheduledAt, body.Location, ids)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toDebrief(d))
}

// UpdateDebrief moves, cancels or completes a debrief, or keeps notes.
func (s *Server) UpdateDebrief(c echo.Context, debriefID string, _ UpdateDebriefParams) error {
	var body DebriefPatch
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	p := service.DebriefPatch{ScheduledAt: body.ScheduledAt, Location: body.Location, Notes: body.Notes}
	if body.Status != nil {
		st := string(*body.Status)
		p.Status = &st
	}
	d, err := s.svc.UpdateDebrief(c.Request().Context(), userID(c), debriefID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDebrief(d))
}

// GetDebrief returns a debrief (notes for coordinators only).
func (s *Server) GetDebrief(c echo.Context, debriefID string) error {
	d, _, err := s.svc.GetDebrief(c.Request().Context(), userID(c), debriefID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDebrief(d))
}

// GetDebriefCalendar returns the debrief as an RFC 5545 calendar.
func (s *Server) GetDebriefCalendar(c echo.Context, debriefID string) error {
	d, sc, err := s.svc.GetDebrief(c.Request().Context(), userID(c), debriefID)
	if err != nil {
		return err
	}
	title, err := s.svc.ProductionTitle(c.Request().Context(), sc.ProductionID)
	if err != nil {
		return err
	}
	host := "closedset"
	if u, err := url.Parse(s.svc.PublicURL()); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="debrief.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", []byte(domain.DebriefCalendar(d, sc.Number, title, host, s.svc.Now())))
}

// ListSceneDebriefs lists a scene's debriefs as the caller may see them.
func (s *Server) ListSceneDebriefs(c echo.Context, sceneID string) error {
	ds, err := s.svc.ListSceneDebriefs(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(ds, toDebrief))
}

// ListMyDebriefs lists the caller's upcoming debriefs.
func (s *Server) ListMyDebriefs(c echo.Context) error {
	ds, err := s.svc.ListMyDebriefs(c.Request().Context(), userID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(ds, toDebrief))
}

func toDebrief(d domain.Debrief) Debrief {
	out := Debrief{Id: d.ID, SceneId: d.SceneID, ScheduledAt: d.ScheduledAt, Location: d.Location, Status: DebriefStatus(d.Status),
		Participants: mapSlice(d.Participants, func(p domain.UserRef) UserRef { return UserRef{UserId: p.UserID, DisplayName: p.DisplayName} })}
	if d.Notes != "" {
		out.Notes = &d.Notes
	}
	return out
}
