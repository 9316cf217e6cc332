package service

import (
	"context"
	"strings"

	"closedset/internal/domain"
)

// ChoreographyPreview is what publishing a body would do, without doing it.
type ChoreographyPreview struct {
	CurrentVersion int // 0: none published
	Diff           []domain.StepDiff
	Flags          []domain.Flag
	Reopens        []string
}

// PreviewChoreography answers what publishing summary and steps as a new
// version of a scene would do (coordinators, as PublishChoreography): the
// step diff against the current version, every flag publishing would store,
// and the cast members whose consent would re-open (domain.Reopens). It
// checks the body as publishing does and writes nothing — no version, no
// audit event, no notification. Errors: not_found, forbidden,
// validation_failed, barrier_required.
func (s *Service) PreviewChoreography(ctx context.Context, userID, sceneID, summary string, steps []domain.Step) (ChoreographyPreview, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionChoreographyPublish, "", false)
	if err != nil {
		return ChoreographyPreview{}, err
	}
	if strings.TrimSpace(summary) == "" {
		return ChoreographyPreview{}, domain.Invalid("summary", "Say what this version is or what changed.")
	}
	if err := domain.ValidateSteps(steps, a.scene.Cast); err != nil {
		return ChoreographyPreview{}, err
	}
	p := ChoreographyPreview{CurrentVersion: a.scene.CurrentVersion}
	if p.Flags, _, err = sceneFlags(ctx, s.store, a.scene, steps); err != nil {
		return p, err
	}
	var before []domain.Step
	if p.CurrentVersion > 0 {
		c, err := s.store.FindChoreography(ctx, sceneID, p.CurrentVersion)
		if err != nil {
			return p, err
		}
		before = c.Steps
	}
	p.Diff = domain.DiffSteps(before, steps)
	latest, err := s.store.LatestConsents(ctx, sceneID)
	if err != nil {
		return p, err
	}
	p.Reopens = domain.Reopens(a.scene, latest[sceneID])
	return p, nil
}
