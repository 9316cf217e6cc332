package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// PutRider drafts a new rider version for a cast member.
func (s *Server) PutRider(c echo.Context, sceneID, performerID string, _ PutRiderParams) error {
	var body RiderInput
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	v, err := s.svc.PutRider(c.Request().Context(), userID(c), sceneID, performerID, domain.Rider{
		Nudity: domain.Nudity(body.Nudity), VisibleAreas: mapSlice(body.VisibleAreas, func(a BodyArea) domain.BodyArea { return domain.BodyArea(a) }),
		Acts: toTags(body.Acts), StillsAllowed: body.StillsAllowed, DoubleAllowed: body.DoubleAllowed, FootageLimits: body.FootageLimits})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRider(v))
}

// SignRider signs the current rider version as the performer themself.
func (s *Server) SignRider(c echo.Context, sceneID, performerID string, _ SignRiderParams) error {
	var body SignRiderRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	v, err := s.svc.SignRider(c.Request().Context(), userID(c), sceneID, performerID, body.Version, body.FullName)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRider(v))
}

// GetRider returns a cast member's current rider version.
func (s *Server) GetRider(c echo.Context, sceneID, performerID string) error {
	v, err := s.svc.GetRider(c.Request().Context(), userID(c), sceneID, performerID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRider(v))
}

func toRider(v service.RiderView) Rider {
	out := Rider{SceneId: v.SceneID, UserId: v.UserID, Version: v.Version, Nudity: Nudity(v.Nudity),
		VisibleAreas:  mapSlice(v.VisibleAreas, func(a domain.BodyArea) BodyArea { return BodyArea(a) }),
		Acts:          mapSlice(v.Acts, func(t domain.ContentTag) ContentTag { return ContentTag(t) }),
		StillsAllowed: v.StillsAllowed, DoubleAllowed: v.DoubleAllowed, FootageLimits: v.FootageLimits,
		SignedAt: v.SignedAt, DueAt: v.DueAt, Late: v.Late}
	if v.SignedAt != nil {
		out.SignedName = &v.SignedName
	}
	return out
}
