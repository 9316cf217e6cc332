package service

import (
	"context"
	"slices"
	"strings"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// Boundaries are a performer's private data: seen only by them and the
// production's coordinators (rule 10). They are not written to the audit log,
// which producers read.

// ListMyBoundaries returns the caller's boundaries in a production. Errors:
// not_found, forbidden (not a performer there).
func (s *Service) ListMyBoundaries(ctx context.Context, userID, productionID string) ([]domain.Boundary, error) {
	if _, err := s.authorize(ctx, userID, productionID, domain.ActionBoundaryKeep, domain.Subject{}); err != nil {
		return nil, err
	}
	return s.store.ListBoundaries(ctx, userID, productionID)
}

// CreateBoundary stores a boundary for the caller, production-wide or for a
// scene they are cast in. Errors: not_found, forbidden, validation_failed.
func (s *Service) CreateBoundary(ctx context.Context, userID string, b domain.Boundary) (domain.Boundary, error) {
	b.ID, b.UserID, b.CreatedAt = newID(), userID, s.now()
	b.Note = strings.TrimSpace(b.Note)
	b.Areas = orEmpty(b.Areas)
	// Boundaries stay off the audit log (which producers read): the change
	// returns an empty record.
	err := s.productionChange(ctx, userID, b.ProductionID, domain.ActionBoundaryKeep, func(tx *storage.Store, _ domain.Production) (record, error) {
		if err := s.checkBoundaryScene(ctx, tx, userID, b); err != nil {
			return record{}, err
		}
		if err := domain.ValidateBoundary(b); err != nil {
			return record{}, err
		}
		return record{}, tx.CreateBoundary(ctx, b)
	})
	return b, err
}

// BoundaryPatch holds the boundary fields to change; nil leaves one as it is.
type BoundaryPatch struct {
	ProductionID, SceneID, Kind, Note *string // SceneID "": production-wide
	Areas                             *[]domain.BodyArea
	MaxNudity                         *domain.Nudity
}

// UpdateBoundary changes one of the caller's boundaries; the result is
// checked as a new one is (CreateBoundary): a performer of its production,
// a scene of it they are cast in, the fields its kind needs. Like creating
// and deleting, it stays off the audit log. Errors: not_found (unknown or
// someone else's), forbidden, validation_failed.
func (s *Service) UpdateBoundary(ctx context.Context, userID, boundaryID string, p BoundaryPatch) (domain.Boundary, error) {
	b, err := s.store.FindBoundary(ctx, boundaryID)
	if err == nil && b.UserID != userID {
		err = domain.NotFound("Boundary")
	}
	if err != nil {
		return domain.Boundary{}, err
	}
	productionID := b.ProductionID
	if p.ProductionID != nil {
		productionID = *p.ProductionID
	}
	err = s.productionChange(ctx, userID, productionID, domain.ActionBoundaryKeep, func(tx *storage.Store, _ domain.Production) (record, error) {
		var err error
		if b, err = tx.FindBoundary(ctx, boundaryID); err != nil || b.UserID != userID {
			return record{}, cmpErr(err, domain.NotFound("Boundary"))
		}
		b.ProductionID = productionID
		if p.SceneID != nil {
			b.SceneID = strings.TrimSpace(*p.SceneID)
		}
		if p.Kind != nil {
			b.Kind = *p.Kind
		}
		if p.Note != nil {
			b.Note = strings.TrimSpace(*p.Note)
		}
		if p.Areas != nil {
			b.Areas = orEmpty(*p.Areas)
		}
		if p.MaxNudity != nil {
			b.MaxNudity = *p.MaxNudity
		}
		// What another kind needed goes with a change of kind.
		if b.Kind != domain.BoundaryNoContact {
			b.Areas = []domain.BodyArea{}
		}
		if b.Kind != domain.BoundaryMaxNudity {
			b.MaxNudity = ""
		}
		if err := s.checkBoundaryScene(ctx, tx, userID, b); err != nil {
			return record{}, err
		}
		if err := domain.ValidateBoundary(b); err != nil {
			return record{}, err
		}
		return record{}, tx.UpdateBoundary(ctx, b)
	})
	return b, err
}

// cmpErr returns err when there is one, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// checkBoundaryScene checks that a boundary's scene, if any, is one of its
// production's that the owner is cast in.
func (s *Service) checkBoundaryScene(ctx context.Context, tx *storage.Store, userID string, b domain.Boundary) error {
	if b.SceneID == "" {
		return nil
	}
	sc, err := tx.FindScene(ctx, b.SceneID)
	if err != nil || sc.ProductionID != b.ProductionID ||
		!slices.ContainsFunc(sc.Cast, func(m domain.CastMember) bool { return m.UserID == userID }) {
		if err != nil && !domain.IsCode(err, "not_found") {
			return err
		}
		return domain.Invalid("sceneId", "Choose a scene of this production you are cast in.")
	}
	return nil
}

// DeleteBoundary removes one of the caller's boundaries. Errors: not_found
// (unknown or someone else's).
func (s *Service) DeleteBoundary(ctx context.Context, userID, boundaryID string) error {
	return s.store.Tx(ctx, func(tx *storage.Store) error {
		b, err := tx.FindBoundary(ctx, boundaryID)
		if err != nil {
			return err
		}
		if b.UserID != userID {
			return domain.NotFound("Boundary")
		}
		return tx.DeleteBoundary(ctx, boundaryID)
	})
}

// PerformerBoundaries is one cast member's boundaries on a scene and the
// conflicts of the current choreography version with them.
type PerformerBoundaries struct {
	UserID, DisplayName string
	Boundaries          []domain.Boundary
	Conflicts           []domain.Flag
}

// ListSceneBoundaries returns every cast member's boundaries that apply to a
// scene, with conflicts against the current version (coordinators only).
// Errors: not_found, forbidden.
func (s *Service) ListSceneBoundaries(ctx context.Context, userID, sceneID string) ([]PerformerBoundaries, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionSceneBoundaries, "", false)
	if err != nil {
		return nil, err
	}
	if see := domain.NeedToKnow(a.production.Role, domain.RelationCast); !see.Boundaries || !see.Flags {
		return nil, domain.Forbidden("Only coordinators can see performers' boundaries.")
	}
	var steps []domain.Step
	if a.scene.CurrentVersion > 0 {
		c, err := s.store.FindChoreography(ctx, sceneID, a.scene.CurrentVersion)
		if err != nil {
			return nil, err
		}
		steps = c.Steps
	}
	flags, boundaries, err := sceneFlags(ctx, s.store, a.scene, steps)
	if err != nil {
		return nil, err
	}
	out := make([]PerformerBoundaries, 0, len(a.scene.Cast))
	for _, m := range a.scene.Cast {
		pb := PerformerBoundaries{UserID: m.UserID, DisplayName: m.DisplayName, Boundaries: []domain.Boundary{}, Conflicts: []domain.Flag{}}
		for _, b := range boundaries {
			if b.UserID == m.UserID {
				pb.Boundaries = append(pb.Boundaries, b)
			}
		}
		for _, f := range flags {
			if f.UserID == m.UserID && f.Code == domain.FlagBoundaryConflict {
				pb.Conflicts = append(pb.Conflicts, f)
			}
		}
		out = append(out, pb)
	}
	return out, nil
}
