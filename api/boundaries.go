package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// ListMyBoundaries lists the caller's boundaries in a production.
func (s *Server) ListMyBoundaries(c echo.Context, params ListMyBoundariesParams) error {
	bs, err := s.svc.ListMyBoundaries(c.Request().Context(), userID(c), params.ProductionId)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(bs, toBoundary))
}

// CreateBoundary stores a boundary for the caller.
func (s *Server) CreateBoundary(c echo.Context, _ CreateBoundaryParams) error {
	var body BoundaryInput
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	b := domain.Boundary{ProductionID: body.ProductionId, SceneID: deref(body.SceneId), Kind: string(body.Kind),
		Note: deref(body.Note)}
	if body.Areas != nil {
		b.Areas = mapSlice(*body.Areas, func(a BodyArea) domain.BodyArea { return domain.BodyArea(a) })
	}
	if body.MaxNudity != nil {
		b.MaxNudity = domain.Nudity(*body.MaxNudity)
	}
	b, err := s.svc.CreateBoundary(c.Request().Context(), userID(c), b)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toBoundary(b))
}

// UpdateBoundary changes one of the caller's boundaries.
func (s *Server) UpdateBoundary(c echo.Context, boundaryID string, _ UpdateBoundaryParams) error {
	var body BoundaryPatch
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	p := service.BoundaryPatch{ProductionID: body.ProductionId, SceneID: body.SceneId, Note: body.Note}
	if body.Kind != nil {
		k := string(*body.Kind)
		p.Kind = &k
	}
	if body.Areas != nil {
		areas := mapSlice(*body.Areas, func(a BodyArea) domain.BodyArea { return domain.BodyArea(a) })
		p.Areas = &areas
	}
	if body.MaxNudity != nil {
		n := domain.Nudity(*body.MaxNudity)
		p.MaxNudity = &n
	}
	b, err := s.svc.UpdateBoundary(c.Request().Context(), userID(c), boundaryID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toBoundary(b))
}

// DeleteBoundary removes one of the caller's boundaries.
func (s *Server) DeleteBoundary(c echo.Context, boundaryID string, _ DeleteBoundaryParams) error {
	if err := s.svc.DeleteBoundary(c.Request().Context(), userID(c), boundaryID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListSceneBoundaries lists the cast's boundaries and conflicts (coordinators).
func (s *Server) ListSceneBoundaries(c echo.Context, sceneID string) error {
	pbs, err := s.svc.ListSceneBoundaries(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	out := make([]SceneBoundaries, len(pbs))
	for i, pb := range pbs {
		out[i] = SceneBoundaries{UserId: pb.UserID, DisplayName: pb.DisplayName, Boundaries: mapSlice(pb.Boundaries, toBoundary),
			Conflicts: mapSlice(pb.Conflicts, func(f domain.Flag) BoundaryConflict {
				return BoundaryConflict{Step: f.Step, Code: ChoreographyFlagCode(f.Code), Detail: f.Detail}
			})}
	}
	return c.JSON(http.StatusOK, out)
}

func toBoundary(b domain.Boundary) Boundary {
	out := Boundary{Id: b.ID, ProductionId: b.ProductionID, Kind: BoundaryKind(b.Kind), Note: b.Note, CreatedAt: b.CreatedAt,
		Areas: mapSlice(b.Areas, func(a domain.BodyArea) BodyArea { return BodyArea(a) })}
	if b.SceneID != "" {
		out.SceneId = &b.SceneID
	}
	if b.MaxNudity != "" {
		n := Nudity(b.MaxNudity)
		out.MaxNudity = &n
	}
	return out
}
