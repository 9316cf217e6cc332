package service

import (
	"context"
	"time"

	"closedset/internal/domain"
)

// MySceneView is one of a performer's scenes as their own list shows it: the
// scene as they see it on a production's list (SceneView with their consent
// and rider state), its production, and what needs them there now.
type MySceneView struct {
	SceneView
	ProductionTitle, Timezone string
	OpenCheckin               *domain.CheckIn // id and expiry only
	NextDebrief               *domain.Debrief // id and time only
	RiderDueAt                *time.Time
	Needs                     []string
}

// debriefsShownFrom is how long after its time a debrief not yet marked done
// still counts as the next one (as ListMyDebriefs reads "upcoming").
const debriefsShownFrom = -2 * time.Hour

// ListMyScenes returns the caller's scenes as a cast performer across every
// production where they are a performer member, what needs them first
// (domain.NeedOrder), with their own consent, rider, open check-in and
// next debrief only (rule 10: never another performer's decision, never a
// note). A fixed number of statements, whatever the number of scenes.
func (s *Service) ListMyScenes(ctx context.Context, userID string) ([]MySceneView, error) {
	now := s.now()
	rows, err := s.store.ListMyScenes(ctx, userID, now, now.Add(debriefsShownFrom))
	if err != nil {
		return nil, err
	}
	see := domain.NeedToKnow(domain.RolePerformer, domain.RelationSelf)
	views := make([]MySceneView, len(rows.Scenes))
	states := make([]domain.MySceneState, len(rows.Scenes))
	needs := make([][]string, len(rows.Scenes))
	for i, sc := range rows.Scenes {
		p := rows.Productions[sc.ProductionID]
		v := MySceneView{SceneView: SceneView{Scene: sc}, ProductionTitle: p.Title, Timezone: p.Timezone}
		st := domain.MySceneState{CallTime: sc.CallTime, CurrentVersion: sc.CurrentVersion}
		if see.Decisions {
			var latest *domain.ConsentDecision
			if c, ok := rows.Consents[sc.ID]; ok {
				latest = &c
			}
			v.MyConsent = domain.CurrentConsent(latest, sc.CurrentVersion)
			st.Consent = v.MyConsent
		}
		if see.Rider {
			due := domain.RiderDue(sc.CallTime, p.NoticeHours)
			var rider *domain.Rider
			if r, ok := rows.Riders[sc.ID]; ok {
				rider = &r
				if r.SignedAt == nil {
					v.RiderDueAt, st.RiderDueAt = &due, &due
				}
			}
			cr := castRider(sc, p, rider)
			v.MyRider, v.Riders = cr.Status, map[string]CastRider{userID: cr}
		}
		if c, ok := rows.Checkins[sc.ID]; ok {
			v.OpenCheckin, st.CheckinExpires = &c, &c.ExpiresAt
		}
		if d, ok := rows.Debriefs[sc.ID]; ok {
			v.NextDebrief, st.DebriefAt = &d, &d.ScheduledAt
		}
		v.Needs = st.Needs(now)
		views[i], states[i], needs[i] = v, st, v.Needs
	}
	out := make([]MySceneView, len(views))
	for k, i := range domain.NeedOrder(states, needs) {
		out[k] = views[i]
	}
	return out, nil
}
