package service

import (
	"context"
	"strings"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// castIDs lists the user ids of a scene's cast.
func castIDs(sc domain.Scene) []string {
	ids := make([]string, len(sc.Cast))
	for i, m := range sc.Cast {
		ids[i] = m.UserID
	}
	return ids
}

// sceneFlags computes rule 5 and 6 flags for steps of a scene: riders count
// only where the scene requires one.
func sceneFlags(ctx context.Context, tx *storage.Store, sc domain.Scene, steps []domain.Step) ([]domain.Flag, []domain.Boundary, error) {
	all, err := tx.BoundariesOf(ctx, sc.ProductionID, castIDs(sc))
	if err != nil {
		return nil, nil, err
	}
	boundaries := domain.BoundariesForScene(all, sc.ID)
	signed := map[string]domain.Rider{}
	if domain.RequiresRider(sc.ContentTags) {
		_, s, err := tx.SceneRiders(ctx, sc.ID)
		if err != nil {
			return nil, nil, err
		}
		if s[sc.ID] != nil {
			signed = s[sc.ID]
		}
	}
	return domain.DetectFlags(steps, sc.ContentTags, signed, boundaries), boundaries, nil
}

// PublishChoreography publishes a new, immutable version of a scene's
// choreography (coordinators only): steps are checked against the cast and the
// barrier rule, flags are computed against riders and boundaries, and every
// cast member's consent re-opens (rule 4). Errors: not_found, forbidden,
// validation_failed, barrier_required.
func (s *Service) PublishChoreography(ctx context.Context, userID, sceneID, summary string, steps []domain.Step) (ChoreographyView, error) {
	now := s.now()
	var c domain.Choreography
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionChoreographyPublish, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		summary = strings.TrimSpace(summary)
		if summary == "" {
			return record{}, domain.Invalid("summary", "Say what this version is or what changed.")
		}
		if err := domain.ValidateSteps(steps, a.scene.Cast); err != nil {
			return record{}, err
		}
		flags, _, err := sceneFlags(ctx, tx, a.scene, steps)
		if err != nil {
			return record{}, err
		}
		c = domain.Choreography{SceneID: sceneID, Version: a.scene.CurrentVersion + 1, Summary: summary, Steps: steps,
			PublishedAt: now, PublishedBy: userID, Flags: flags}
		if err := tx.CreateChoreography(ctx, c); err != nil {
			return record{}, err
		}
		// Every cast member's consent re-opens with the new current version:
		// domain.CurrentConsent reads an older version's decision as pending.
		if err := tx.SetSceneVersion(ctx, sceneID, c.Version, now); err != nil {
			return record{}, err
		}
		if err := done(ctx, tx, domain.VersionDecided(sceneID, ""), now); err != nil { // superseded
			return record{}, err
		}
		n, d := domain.ChoreographyPublished(a.production.Title, a.scene, c.Version, a.production.NoticeHours, now)
		if err := s.notify(ctx, tx, castIDs(a.scene), n, d); err != nil {
			return record{}, err
		}
		// Flags stay out of the audit log: producers read it, and boundary
		// conflicts are for coordinators only (rule 6).
		return record{action: domain.AuditChoreographyPublished, at: now, data: map[string]any{"version": c.Version, "steps": len(steps)}}, nil
	})
	return ChoreographyView{Choreography: c, FlagsShown: true}, err // the publisher is a coordinator: every flag
}

// ChoreographyView is a version as one caller sees it (rule 10): Flags holds
// what they may see of the flags, and FlagsShown is false when they may see
// none at all (producers: the field is omitted).
type ChoreographyView struct {
	domain.Choreography
	FlagsShown bool
}

// GetChoreography returns a version of a scene's choreography (0: the current
// one) with the flags the caller may see (domain.NeedToKnow): coordinators
// every flag stored at publish; a cast performer only the flags about
// themself, computed now against their current boundaries and signed rider,
// in plain words (rule 6, domain.OwnFlags); producers none. Errors:
// not_found, no_choreography.
func (s *Service) GetChoreography(ctx context.Context, userID, sceneID string, version int) (ChoreographyView, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionSceneView, "", false)
	if err != nil {
		return ChoreographyView{}, err
	}
	if version == 0 {
		if a.scene.CurrentVersion == 0 {
			return ChoreographyView{}, domain.E(domain.KindNotFound, "no_choreography", "No choreography has been published for this scene yet.")
		}
		version = a.scene.CurrentVersion
	}
	c, err := s.store.FindChoreography(ctx, sceneID, version)
	if err != nil {
		return ChoreographyView{}, err
	}
	v := ChoreographyView{Choreography: c}
	switch {
	case domain.NeedToKnow(a.production.Role, domain.RelationCast).Flags: // everyone's: as stored at publish
		v.FlagsShown = true
	case a.cast && domain.NeedToKnow(a.production.Role, domain.RelationSelf).Flags: // one's own, as of now
		v.Flags, err = s.ownFlags(ctx, a.scene, userID, c.Steps)
		v.FlagsShown = err == nil
	default:
		v.Flags = nil
	}
	return v, err
}

// ownFlags computes userID's own flags on steps of a scene against their
// current boundaries and, where the scene requires a rider, their latest
// signed rider.
func (s *Service) ownFlags(ctx context.Context, sc domain.Scene, userID string, steps []domain.Step) ([]domain.Flag, error) {
	bs, err := s.store.BoundariesOf(ctx, sc.ProductionID, []string{userID})
	if err != nil {
		return nil, err
	}
	var signed *domain.Rider
	if domain.RequiresRider(sc.ContentTags) {
		_, rs, err := s.store.SceneRiders(ctx, sc.ID)
		if err != nil {
			return nil, err
		}
		if r, ok := rs[sc.ID][userID]; ok {
			signed = &r
		}
	}
	return domain.OwnFlags(userID, steps, sc.ContentTags, signed, domain.BoundariesForScene(bs, sc.ID)), nil
}

// ListChoreographyVersions returns a scene's versions, oldest first. Errors:
// not_found.
func (s *Service) ListChoreographyVersions(ctx context.Context, userID, sceneID string) ([]domain.Choreography, error) {
	if _, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionSceneView, "", false); err != nil {
		return nil, err
	}
	return s.store.ListChoreography(ctx, sceneID)
}
