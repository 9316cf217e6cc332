package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// DebriefPatch holds the debrief fields to change; nil leaves one as it is.
type DebriefPatch struct {
	ScheduledAt *time.Time
	Location    *string
	Status      *string
	Notes       *string
}

// ScheduleDebrief schedules a closure conversation for a scene (coordinators
// only); participants default to the cast and must be members. They are
// notified. Errors: not_found, forbidden, validation_failed.
func (s *Service) ScheduleDebrief(ctx context.Context, userID, sceneID string, at time.Time, location string, participantIDs []string) (domain.Debrief, error) {
	now := s.now()
	location = strings.TrimSpace(location)
	var d domain.Debrief
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionDebriefWrite, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		if location == "" {
			return record{}, domain.Invalid("location", "Say where, or give the video link.")
		}
		if participantIDs == nil {
			participantIDs = castIDs(a.scene)
		}
		members, err := tx.ListMembers(ctx, a.scene.ProductionID)
		if err != nil {
			return record{}, err
		}
		d = domain.Debrief{ID: newID(), SceneID: sceneID, ScheduledAt: at.UTC(), Location: location, Status: domain.DebriefScheduled,
			CreatedBy: userID, CreatedAt: now, UpdatedAt: now, Participants: []domain.UserRef{}}
		seen := map[string]bool{}
		for i, id := range participantIDs {
			k := slices.IndexFunc(members, func(m domain.Membership) bool { return m.UserID == id })
			if k < 0 {
				return record{}, domain.Invalid("participantIds["+itoa(i)+"]", "Not a member of this production.")
			}
			if !seen[id] {
				seen[id] = true
				d.Participants = append(d.Participants, domain.UserRef{UserID: id, DisplayName: members[k].DisplayName})
			}
		}
		if err := tx.CreateDebrief(ctx, d); err != nil {
			return record{}, err
		}
		if err := s.notifyDebrief(ctx, tx, a, d, domain.NotifyDebriefScheduled, "scheduled", now); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditDebriefScheduled, at: now, subjectType: "debrief", subjectID: d.ID,
			data: map[string]any{"sceneId": sceneID, "status": d.Status, "participants": len(d.Participants)}}, nil
	})
	return d, err
}

func (s *Service) notifyDebrief(ctx context.Context, tx *storage.Store, a sceneAccess, d domain.Debrief, typ, what string, now time.Time) error {
	ids := make([]string, len(d.Participants))
	for i, p := range d.Participants {
		ids[i] = p.UserID
	}
	n, dl := domain.DebriefChanged(a.production.Title, a.scene, d, typ, what, now)
	n.SubjectID = d.ID
	return s.notify(ctx, tx, ids, n, dl)
}

// UpdateDebrief moves, re-places, cancels or completes a debrief, or keeps
// the coordinator's notes (coordinators only). A move or cancel notifies the
// participants. Errors: not_found, forbidden, validation_failed.
func (s *Service) UpdateDebrief(ctx context.Context, userID, debriefID string, p DebriefPatch) (domain.Debrief, error) {
	now := s.now()
	d, err := s.store.FindDebrief(ctx, debriefID) // for its scene, which never changes
	if err != nil {
		return d, err
	}
	err = s.sceneChange(ctx, userID, d.SceneID, domain.ActionDebriefWrite, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		var err error
		if d, err = tx.FindDebrief(ctx, debriefID); err != nil {
			return record{}, err
		}
		if err := domain.CheckDebriefPatch(d, p.ScheduledAt, p.Location, p.Status); err != nil {
			return record{}, err
		}
		moved, cancelled := false, false
		if p.ScheduledAt != nil && !p.ScheduledAt.Equal(d.ScheduledAt) {
			d.ScheduledAt, moved = p.ScheduledAt.UTC(), true
		}
		if p.Location != nil {
			loc := strings.TrimSpace(*p.Location)
			if loc == "" {
				return record{}, domain.Invalid("location", "Say where, or give the video link.")
			}
			moved = moved || loc != d.Location
			d.Location = loc
		}
		if p.Status != nil {
			if *p.Status != domain.DebriefDone && *p.Status != domain.DebriefCancelled {
				return record{}, domain.Invalid("status", "Use done or cancelled.")
			}
			cancelled = *p.Status == domain.DebriefCancelled && d.Status != domain.DebriefCancelled
			d.Status = *p.Status
		}
		if p.Notes != nil {
			d.Notes = strings.TrimSpace(*p.Notes)
		}
		if err := tx.UpdateDebrief(ctx, d, now); err != nil {
			return record{}, err
		}
		d.UpdatedAt = now
		if moved || d.Status != domain.DebriefScheduled { // the notices before this one are superseded or settled
			if err := done(ctx, tx, domain.DebriefSettled(d.ID), now); err != nil {
				return record{}, err
			}
		}
		switch {
		case cancelled:
			err = s.notifyDebrief(ctx, tx, a, d, domain.NotifyDebriefUpdated, "cancelled", now)
		case moved && d.Status == domain.DebriefScheduled:
			err = s.notifyDebrief(ctx, tx, a, d, domain.NotifyDebriefUpdated, "moved", now)
		}
		if err != nil {
			return record{}, err
		}
		if cancelled { // its own notice asks nothing more
			if err := done(ctx, tx, domain.DebriefSettled(d.ID), now); err != nil {
				return record{}, err
			}
		}
		return record{action: domain.AuditDebriefUpdated, at: now, subjectType: "debrief", subjectID: d.ID,
			data: map[string]any{"status": d.Status, "moved": moved}}, nil
	})
	return d, err
}

// GetDebrief returns a debrief to the scene's staff and its participants;
// notes are for coordinators only. Errors: not_found.
func (s *Service) GetDebrief(ctx context.Context, userID, debriefID string) (domain.Debrief, domain.Scene, error) {
	d, err := s.store.FindDebrief(ctx, debriefID)
	if err != nil {
		return d, domain.Scene{}, err
	}
	sc, err := s.store.FindScene(ctx, d.SceneID)
	if err != nil {
		return d, sc, err
	}
	prod, err := s.store.FindProductionForMember(ctx, sc.ProductionID, userID)
	if domain.IsCode(err, "not_found") {
		return d, sc, domain.NotFound("Debrief")
	}
	if err != nil {
		return d, sc, err
	}
	participant := slices.ContainsFunc(d.Participants, func(p domain.UserRef) bool { return p.UserID == userID })
	if prod.Role == domain.RolePerformer && !participant {
		return d, sc, domain.NotFound("Debrief")
	}
	if !domain.NeedToKnow(prod.Role, domain.RelationCast).Notes { // the coordinator's notes, never the participants' own
		d.Notes = ""
	}
	return d, sc, nil
}

// ListMyDebriefs returns the caller's upcoming scheduled debriefs, without
// notes.
func (s *Service) ListMyDebriefs(ctx context.Context, userID string) ([]domain.Debrief, error) {
	ds, err := s.store.UpcomingDebriefsFor(ctx, userID, s.now().Add(-2*time.Hour))
	for i := range ds {
		ds[i].Notes = ""
	}
	return ds, err
}

// ProductionTitle returns a production's title (for calendar entries).
func (s *Service) ProductionTitle(ctx context.Context, productionID string) (string, error) {
	return s.store.FindProductionTitle(ctx, productionID)
}

// ListSceneDebriefs returns a scene's debriefs by time: all of them with notes
// to coordinators, all without notes to producers, and to a cast member only
// those they take part in. Errors: not_found.
func (s *Service) ListSceneDebriefs(ctx context.Context, userID, sceneID string) ([]domain.Debrief, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionSceneView, "", false)
	if err != nil {
		return nil, err
	}
	ds, err := s.store.ListDebriefs(ctx, sceneID)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Debrief, 0, len(ds))
	for _, d := range ds {
		if a.production.Role == domain.RolePerformer &&
			!slices.ContainsFunc(d.Participants, func(p domain.UserRef) bool { return p.UserID == userID }) {
			continue
		}
		if !domain.NeedToKnow(a.production.Role, domain.RelationCast).Notes {
			d.Notes = ""
		}
		out = append(out, d)
	}
	return out, nil
}
