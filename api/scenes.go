package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// CreateScene adds a scene to a production.
func (s *Server) CreateScene(c echo.Context, productionID string, _ CreateSceneParams) error {
	var body SceneCreate
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	in := service.SceneInput{Number: body.Number, Title: body.Title, Synopsis: deref(body.Synopsis),
		Location: deref(body.Location), CallTime: body.CallTime, ContentTags: toTags(body.ContentTags),
		CoordinatorID: deref(body.CoordinatorId)}
	if body.ClosedSet != nil {
		in.ClosedSet = body.ClosedSet.Roster
	}
	sc, err := s.svc.CreateScene(c.Request().Context(), userID(c), productionID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toScene(sc))
}

// ListScenes lists a production's scenes by call time (performers: their own).
func (s *Server) ListScenes(c echo.Context, productionID string) error {
	scenes, err := s.svc.ListScenes(c.Request().Context(), userID(c), productionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(scenes, toScene))
}

// GetScene returns one scene.
func (s *Server) GetScene(c echo.Context, sceneID string) error {
	sc, err := s.svc.GetScene(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScene(sc))
}

// UpdateScene changes a scene's fields or status.
func (s *Server) UpdateScene(c echo.Context, sceneID string, _ UpdateSceneParams) error {
	var body ScenePatch
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	p := service.ScenePatch{Number: body.Number, Title: body.Title, Synopsis: body.Synopsis, Location: body.Location,
		CallTime: body.CallTime, CoordinatorID: body.CoordinatorId}
	if body.ContentTags != nil {
		tags := toTags(*body.ContentTags)
		p.ContentTags = &tags
	}
	if body.ClosedSet != nil {
		p.ClosedSet = &body.ClosedSet.Roster
	}
	if body.Status != nil {
		st := domain.SceneStatus(*body.Status)
		p.Status = &st
	}
	sc, err := s.svc.UpdateScene(c.Request().Context(), userID(c), sceneID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScene(sc))
}

// PutCastMember casts a performer in a scene or updates their entry.
func (s *Server) PutCastMember(c echo.Context, sceneID, performerID string, _ PutCastMemberParams) error {
	var body CastMemberInput
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	m, err := s.svc.PutCastMember(c.Request().Context(), userID(c), sceneID, performerID, service.CastInput{
		CharacterName: body.CharacterName, GuardianName: deref(body.GuardianName), Minor: deref(body.Minor),
		DoubleAllowed: deref(body.DoubleAllowed), StillsAllowed: deref(body.StillsAllowed)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCastMember(m))
}

// RemoveCastMember takes a performer out of a scene's cast.
func (s *Server) RemoveCastMember(c echo.Context, sceneID, performerID string, _ RemoveCastMemberParams) error {
	if err := s.svc.RemoveCastMember(c.Request().Context(), userID(c), sceneID, performerID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// toScene renders a scene with what the service decided the caller sees of
// its cast's consent (counts, or their own consent and rider).
func toScene(sc service.SceneView) Scene {
	out := Scene{Id: sc.ID, ProductionId: sc.ProductionID, Number: sc.Number, Title: sc.Title, Synopsis: sc.Synopsis,
		CallTime: sc.CallTime, Location: sc.Location, ContentTags: mapSlice(sc.ContentTags, func(t domain.ContentTag) ContentTag { return ContentTag(t) }),
		Status: SceneStatus(sc.Status), ClosedSet: ClosedSet{Roster: orEmpty(sc.ClosedSet)}, Cast: mapSlice(sc.Cast, toCastMember)}
	for i := range out.Cast {
		if r, ok := sc.Riders[out.Cast[i].UserId]; ok {
			status := RiderStatus(r.Status)
			out.Cast[i].Rider = &status
			if r.Version > 0 {
				out.Cast[i].RiderVersion = &r.Version
			}
		}
	}
	if sc.CoordinatorID != "" {
		out.CoordinatorId = &sc.CoordinatorID
	}
	if sc.CurrentVersion > 0 {
		out.CurrentVersion = &sc.CurrentVersion
	}
	if n := sc.Counts; n != nil {
		out.ConsentCounts = &ConsentCounts{Confirmed: n.Confirmed, Pending: n.Pending, Declined: n.Declined, Withdrawn: n.Withdrawn}
	}
	if sc.MyConsent != "" {
		v := ConsentState(sc.MyConsent)
		out.MyConsent = &v
	}
	if sc.MyRider != "" {
		v := RiderStatus(sc.MyRider)
		out.MyRider = &v
	}
	return out
}

func toCastMember(m domain.CastMember) CastMember {
	return CastMember{UserId: m.UserID, DisplayName: m.DisplayName, CharacterName: m.CharacterName, Minor: m.Minor,
		GuardianName: m.GuardianName, DoubleAllowed: m.DoubleAllowed, StillsAllowed: m.StillsAllowed}
}

func toTags(in []ContentTag) []domain.ContentTag {
	return mapSlice(in, func(t ContentTag) domain.ContentTag { return domain.ContentTag(t) })
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
