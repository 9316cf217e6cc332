package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// RequestCheckin asks some or all of a scene's cast (coordinators only) how
// they are, expiring after expiresInSec (30–3600, default 300); the addressed
// performers are notified at high urgency. Errors: not_found, forbidden,
// validation_failed.
func (s *Service) RequestCheckin(ctx context.Context, userID, sceneID, reason string, performerIDs []string, expiresInSec int) (domain.CheckIn, error) {
	now := s.now()
	reason = strings.TrimSpace(reason)
	if expiresInSec == 0 {
		expiresInSec = domain.CheckinDefaultExpiry
	}
	var c domain.CheckIn
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionCheckinRequest, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		if reason == "" {
			return record{}, domain.Invalid("reason", "Say what the check-in is about, e.g. \"before take 4\".")
		}
		if expiresInSec < domain.CheckinMinExpiry || expiresInSec > domain.CheckinMaxExpiry {
			return record{}, domain.Invalid("expiresInSec", "Use 30 to 3600 seconds.")
		}
		if len(performerIDs) == 0 {
			performerIDs = castIDs(a.scene)
		}
		if len(performerIDs) == 0 {
			return record{}, domain.Invalid("performerIds", "The scene has no cast to ask.")
		}
		c = domain.CheckIn{ID: newID(), SceneID: sceneID, Reason: reason, RequestedBy: userID, RequestedAt: now,
			ExpiresAt: now.Add(time.Duration(expiresInSec) * time.Second)}
		seen := map[string]bool{}
		for i, id := range performerIDs {
			m := slices.IndexFunc(a.scene.Cast, func(m domain.CastMember) bool { return m.UserID == id })
			if m < 0 {
				return record{}, domain.Invalid("performerIds["+itoa(i)+"]", "Not cast in this scene.")
			}
			if !seen[id] {
				seen[id] = true
				c.Responses = append(c.Responses, domain.CheckInResponse{UserID: id, DisplayName: a.scene.Cast[m].DisplayName})
			}
		}
		if err := tx.CreateCheckin(ctx, c); err != nil {
			return record{}, err
		}
		recipients := make([]string, len(c.Responses))
		for i, r := range c.Responses {
			recipients[i] = r.UserID
		}
		n, d := domain.CheckinRequested(a.production.Title, a.scene, c, now)
		n.SubjectID = c.ID
		if err := s.notify(ctx, tx, recipients, n, d); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditCheckinRequested, at: now, subjectType: "checkin", subjectID: c.ID,
			data:  map[string]any{"sceneId": sceneID, "performers": len(recipients), "expiresAt": c.ExpiresAt.Format(time.RFC3339)},
			event: "checkin.requested", eventData: map[string]any{"checkinId": c.ID}}, nil
	})
	return domain.CheckinFor(c, now, domain.RoleCoordinator, userID), err
}

// RespondCheckin records an addressed performer's answer (ok, pause, stop)
// while the check-in is open; pause and stop alert the scene's coordinators
// at once. A stop never needs a reason. Errors: not_found, checkin_expired
// (409), validation_failed.
func (s *Service) RespondCheckin(ctx context.Context, userID, checkinID, answer, note string) (domain.CheckIn, error) {
	if answer != domain.AnswerOK && answer != domain.AnswerPause && answer != domain.AnswerStop {
		return domain.CheckIn{}, domain.Invalid("answer", "Answer ok, pause or stop.")
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > maxNote {
		return domain.CheckIn{}, domain.Invalid("note", "Keep the note under 2000 characters.")
	}
	now := s.now()
	// Who was asked never changes: a check-in not addressed to the caller is
	// not found, before anything about its scene is looked at.
	c, err := s.store.FindCheckin(ctx, checkinID)
	if err != nil {
		return c, err
	}
	if !slices.ContainsFunc(c.Responses, func(r domain.CheckInResponse) bool { return r.UserID == userID }) {
		return c, domain.NotFound("Check-in")
	}
	err = s.sceneChange(ctx, userID, c.SceneID, domain.ActionSceneView, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		var err error
		if c, err = tx.FindCheckin(ctx, checkinID); err != nil {
			return record{}, err
		}
		if !domain.CheckinOpen(c, now) {
			return record{}, domain.E(domain.KindConflict, "checkin_expired", "This check-in has closed.")
		}
		if err := tx.AnswerCheckin(ctx, checkinID, userID, answer, note, now); err != nil {
			return record{}, err
		}
		if err := done(ctx, tx, domain.CheckinAnswered(checkinID, userID), now); err != nil {
			return record{}, err
		}
		i := slices.IndexFunc(c.Responses, func(r domain.CheckInResponse) bool { return r.UserID == userID })
		c.Responses[i].Answer, c.Responses[i].Note, c.Responses[i].AnsweredAt = answer, note, &now
		if domain.NeedsAlert(answer) {
			coordinators, _, err := sceneStaff(ctx, tx, a.scene)
			if err != nil {
				return record{}, err
			}
			n, d := domain.CheckinAlert(a.production.Title, a.scene, c, answer)
			if err := s.notify(ctx, tx, coordinators, n, d); err != nil {
				return record{}, err
			}
		}
		return record{action: domain.AuditCheckinAnswered, at: now, subjectType: "checkin", subjectID: checkinID,
			data:  map[string]any{"userId": userID, "answer": answer},
			event: "checkin.answered", eventData: map[string]any{"checkinId": checkinID, "userId": userID, "answer": answer}}, nil
	})
	if err != nil {
		return c, err
	}
	return domain.CheckinView(ownOnly(c, userID), now, false), nil
}

// ownOnly keeps only userID's response.
func ownOnly(c domain.CheckIn, userID string) domain.CheckIn {
	k := slices.IndexFunc(c.Responses, func(r domain.CheckInResponse) bool { return r.UserID == userID })
	if k >= 0 {
		c.Responses = c.Responses[k : k+1]
	} else {
		c.Responses = nil
	}
	return c
}

// GetCheckin returns a check-in to coordinators (every answer, with notes,
// and the counts) and to addressed performers (their own answer only), as
// domain.CheckinFor shows it (rule 10). Errors: not_found, forbidden.
func (s *Service) GetCheckin(ctx context.Context, userID, checkinID string) (domain.CheckIn, error) {
	c, err := s.store.FindCheckin(ctx, checkinID)
	if err != nil {
		return c, err
	}
	a, err := s.accessScene(ctx, s.store, userID, c.SceneID, domain.ActionSceneView, "", false)
	if err != nil {
		return c, err
	}
	switch a.production.Role {
	case domain.RoleCoordinator:
	case domain.RolePerformer:
		if !slices.ContainsFunc(c.Responses, func(r domain.CheckInResponse) bool { return r.UserID == userID }) {
			return c, domain.NotFound("Check-in")
		}
	default:
		return c, domain.Forbidden("Producers see check-ins on the scene's list.")
	}
	return domain.CheckinFor(c, s.now(), a.production.Role, userID), nil
}

// ListSceneCheckins returns a scene's check-ins, newest first, to staff, as
// domain.CheckinFor shows them (rule 10): coordinators every answer with
// notes and the counts, producers the outcome and the counts only. Errors:
// not_found, forbidden.
func (s *Service) ListSceneCheckins(ctx context.Context, userID, sceneID string) ([]domain.CheckIn, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionCheckinList, "", false)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.ListCheckins(ctx, sceneID)
	now := s.now()
	for i := range cs {
		cs[i] = domain.CheckinFor(cs[i], now, a.production.Role, userID)
	}
	return cs, err
}

// ListMyCheckins returns the check-ins addressed to the caller (only open
// ones when openOnly), each with the caller's own answer only.
func (s *Service) ListMyCheckins(ctx context.Context, userID string, openOnly bool) ([]domain.CheckIn, error) {
	var at *time.Time
	if openOnly {
		now := s.now()
		at = &now
	}
	cs, err := s.store.ListCheckinsFor(ctx, userID, at)
	now := s.now()
	for i := range cs {
		cs[i] = domain.CheckinFor(cs[i], now, domain.RolePerformer, userID) // addressed: a performer there
	}
	return cs, err
}

// ExpireCheckins closes check-ins past their expiry: unanswered entries
// become no_response (never OK) and the scene's coordinators are alerted
// once. It returns how many it closed.
func (s *Service) ExpireCheckins(ctx context.Context) (int, error) {
	now := s.now()
	cs, err := s.store.ExpiredOpenCheckins(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	closed := 0
	for _, c := range cs {
		err := s.write(ctx, func(tx *storage.Store) (record, error) {
			ok, err := tx.CloseCheckin(ctx, c.ID, now)
			if err != nil || !ok {
				return record{}, err
			}
			if err := done(ctx, tx, domain.CheckinAnswered(c.ID, ""), now); err != nil {
				return record{}, err
			}
			closed++
			silent := []string{}
			for _, r := range c.Responses {
				if r.Answer == "" {
					silent = append(silent, r.UserID)
				}
			}
			sc, err := tx.FindScene(ctx, c.SceneID)
			if err != nil {
				return record{}, err
			}
			if len(silent) > 0 {
				p, err := tx.FindProductionTitle(ctx, sc.ProductionID)
				if err != nil {
					return record{}, err
				}
				coordinators, _, err := sceneStaff(ctx, tx, sc)
				if err != nil {
					return record{}, err
				}
				n, d := domain.CheckinAlert(p, sc, c, domain.AnswerNoResponse)
				if err := s.notify(ctx, tx, coordinators, n, d); err != nil {
					return record{}, err
				}
			}
			outcome := domain.CheckinOutcome(domain.CheckinAtExpiry(c.Responses))
			return record{action: domain.AuditCheckinClosed, at: now, productionID: sc.ProductionID, sceneID: sc.ID,
				subjectType: "checkin", subjectID: c.ID, data: map[string]any{"noResponse": len(silent), "outcome": outcome},
				event: "checkin.closed", eventData: map[string]any{"checkinId": c.ID, "outcome": outcome}}, nil
		})
		if err != nil {
			return closed, err
		}
	}
	return closed, nil
}
