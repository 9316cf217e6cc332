package service

import (
	"context"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// ConsentView is one cast member's consent as a caller may see it.
type ConsentView struct {
	UserID, DisplayName string
	State               domain.ConsentState
	Version             int // decided-on version; 0 while pending with no history
	DecidedAt           *time.Time
	Note                string // empty for producers (rule 10)
	PostPhotography     bool
}

const maxNote = 2000

// DecideConsent records a performer's confirmation or decline of the current
// choreography version of a scene they are cast in (rule 1: it names the
// version). Errors: not_found, forbidden, no_choreography, stale_version (409
// with currentVersion), validation_failed.
func (s *Service) DecideConsent(ctx context.Context, userID, sceneID string, version int, decision domain.ConsentState, note string) (ConsentView, error) {
	if decision != domain.ConsentConfirmed && decision != domain.ConsentDeclined {
		return ConsentView{}, domain.Invalid("decision", "Choose confirmed or declined.")
	}
	return s.recordConsent(ctx, userID, sceneID, note, func(sc domain.Scene) (domain.ConsentDecision, error) {
		if err := domain.CheckDecisionVersion(version, sc.CurrentVersion); err != nil {
			return domain.ConsentDecision{}, err
		}
		return domain.ConsentDecision{Version: version, State: decision}, nil
	})
}

// WithdrawConsent withdraws a performer's consent at once, without a reason
// (rule 2). After photography it is still recorded, flagged postPhotography
// (rule 3). Errors: not_found, forbidden.
func (s *Service) WithdrawConsent(ctx context.Context, userID, sceneID, note string) (ConsentView, error) {
	return s.recordConsent(ctx, userID, sceneID, note, func(sc domain.Scene) (domain.ConsentDecision, error) {
		return domain.Withdrawal(sc), nil
	})
}

// recordConsent is the one change of a consent decision: check the caller is
// the cast member, decide, append to the history, update the current-state
// row, alert the scene's staff of a decline or withdrawal, audit (ids and
// states only, never the note).
func (s *Service) recordConsent(ctx context.Context, userID, sceneID, note string, decide func(domain.Scene) (domain.ConsentDecision, error)) (ConsentView, error) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > maxNote {
		return ConsentView{}, domain.Invalid("note", "Keep the note under 2000 characters.")
	}
	now := s.now()
	var view ConsentView
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionConsentDecide, userID, func(tx *storage.Store, a sceneAccess) (record, error) {
		d, err := decide(a.scene)
		if err != nil {
			return record{}, err
		}
		d.SceneID, d.UserID, d.Note, d.DecidedAt = sceneID, userID, note, now
		if err := s.alertConsent(ctx, tx, a, d); err != nil {
			return record{}, err
		}
		if err := tx.RecordConsent(ctx, newID(), d); err != nil {
			return record{}, err
		}
		if err := done(ctx, tx, domain.VersionDecided(sceneID, userID), now); err != nil {
			return record{}, err
		}
		view = consentView(a.scene, userID, &d, true)
		return record{action: domain.ConsentAuditAction(d.State), at: now,
			data:  map[string]any{"userId": userID, "version": d.Version, "state": string(d.State), "postPhotography": d.PostPhotography},
			event: "consent.changed", eventData: map[string]any{"userId": userID, "state": string(view.State), "version": view.Version}}, nil
	})
	return view, err
}

// alertConsent tells the scene's staff of a decision before it is recorded,
// as domain.ConsentAlerts decides: coordinators of every decline or
// withdrawal, producers once per blocking, both of a footage question (rules
// 2, 3 and 12). Whether the scene was blocked is read in this transaction,
// under the scene's lock, so two decisions never both count as the first.
func (s *Service) alertConsent(ctx context.Context, tx *storage.Store, a sceneAccess, d domain.ConsentDecision) error {
	if d.State != domain.ConsentDeclined && d.State != domain.ConsentWithdrawn {
		return nil
	}
	before, err := tx.BlockingStates(ctx, a.scene.ID, a.scene.CurrentVersion)
	if err != nil {
		return err
	}
	toCoordinators, toProducers := domain.ConsentAlerts(a.production.Title, a.scene, d, domain.BlockedByConsent(a.scene, before))
	coordinators, producers, err := sceneStaff(ctx, tx, a.scene)
	if err != nil {
		return err
	}
	for _, m := range toCoordinators {
		if err := s.notify(ctx, tx, coordinators, m.Notification, m.Delivery); err != nil {
			return err
		}
	}
	for _, m := range toProducers {
		if err := s.notify(ctx, tx, producers, m.Notification, m.Delivery); err != nil {
			return err
		}
	}
	return nil
}

// consentView is a cast member's consent as shown: its state is decided by
// domain.CurrentConsent alone (rules 2 and 4).
func consentView(sc domain.Scene, userID string, latest *domain.ConsentDecision, withNote bool) ConsentView {
	v := ConsentView{UserID: userID, State: domain.CurrentConsent(latest, sc.CurrentVersion)}
	for _, m := range sc.Cast {
		if m.UserID == userID {
			v.DisplayName = m.DisplayName
		}
	}
	if latest != nil {
		at := latest.DecidedAt
		v.Version, v.DecidedAt, v.PostPhotography = latest.Version, &at, latest.PostPhotography
		if withNote {
			v.Note = latest.Note
		}
	}
	return v
}

// ListConsents returns one entry per cast member of a scene, states computed
// against the current version, as rule 10 lets the caller see them
// (domain.NeedToKnow): coordinators every entry with its note, a performer
// only their own; producers, who never learn who decided what, are refused
// (they read ConsentSummary). Errors: not_found, forbidden.
func (s *Service) ListConsents(ctx context.Context, userID, sceneID string) ([]ConsentView, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionConsentList, "", false)
	if err != nil {
		return nil, err
	}
	if !domain.NeedToKnow(a.production.Role, domain.RelationSelf).Decisions {
		return nil, domain.Forbidden("Producers see consent as counts per scene (consents/summary); the coordinator is the go-between.")
	}
	latest, err := s.store.LatestConsents(ctx, sceneID)
	if err != nil {
		return nil, err
	}
	out := []ConsentView{}
	for _, m := range a.scene.Cast {
		see := domain.NeedToKnow(a.production.Role, domain.RelationTo(userID, m.UserID, a.cast))
		if !see.Decisions {
			continue
		}
		var d *domain.ConsentDecision
		if l, ok := latest[sceneID][m.UserID]; ok {
			d = &l
		}
		out = append(out, consentView(a.scene, m.UserID, d, see.Notes))
	}
	return out, nil
}

// ConsentSummary is how many of a scene's cast are in each consent state
// against Version, its current version (0: none published).
type ConsentSummary struct {
	Version int
	domain.ConsentCounts
}

// SummarizeConsents returns a scene's consent counts to those who may see
// counts (rule 10: producers and coordinators); a cast performer is refused,
// anyone else does not find the scene. Errors: not_found, forbidden.
func (s *Service) SummarizeConsents(ctx context.Context, userID, sceneID string) (ConsentSummary, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionSceneView, "", false)
	if err != nil {
		return ConsentSummary{}, err
	}
	if !domain.NeedToKnow(a.production.Role, domain.RelationCast).Counts {
		return ConsentSummary{}, domain.Forbidden("Consent counts are for producers and coordinators.")
	}
	vs, err := s.sceneViews(ctx, a.production, userID, sceneID, []domain.Scene{a.scene})
	if err != nil {
		return ConsentSummary{}, err
	}
	return ConsentSummary{Version: a.scene.CurrentVersion, ConsentCounts: *vs[0].Counts}, nil
}
