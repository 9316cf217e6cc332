package service

import (
	"context"
	"fmt"
	"time"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/storage"
)

// DemoPassword is the shared password of the demo accounts (CLOSEDSET_DEMO).
const DemoPassword = "closedset-demo"

// DemoAccount is one demo user, printed at start.
type DemoAccount struct {
	Email, DisplayName string
	Role               domain.Role
}

// DemoAccounts are the people of the demo production.
var DemoAccounts = []DemoAccount{
	{Email: "producer@demo.closedset.test", DisplayName: "Priya Producer", Role: domain.RoleProducer},
	{Email: "coordinator@demo.closedset.test", DisplayName: "Casey Coordinator", Role: domain.RoleCoordinator},
	{Email: "performer1@demo.closedset.test", DisplayName: "Alex Performer", Role: domain.RolePerformer},
	{Email: "performer2@demo.closedset.test", DisplayName: "Sam Performer", Role: domain.RolePerformer},
}

// LoadDemo creates the demo production and its accounts when the database has
// no users yet. It reports whether it created them.
func (s *Service) LoadDemo(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	hash, err := auth.HashPassword(DemoPassword, s.argon)
	if err != nil {
		return false, err
	}
	now := s.now()
	p := domain.Production{ID: newID(), Title: "Harbour Lights (demo)", Kind: "series", Timezone: "Europe/London",
		NoticeHours: domain.DefaultNoticeHours, CreatedAt: now}
	ids := make([]string, len(DemoAccounts))
	err = s.store.Tx(ctx, func(tx *storage.Store) error {
		for i, a := range DemoAccounts {
			u := domain.User{ID: newID(), Email: a.Email, DisplayName: a.DisplayName, CreatedAt: now}
			ids[i] = u.ID
			if err := tx.CreateUser(ctx, u, hash); err != nil {
				return err
			}
			if i == 0 {
				if err := tx.CreateProduction(ctx, p, u.ID); err != nil {
					return err
				}
				if err := s.audit(ctx, tx, productionCreated(p, u.ID)); err != nil {
					return err
				}
			}
			if err := tx.AddMember(ctx, p.ID, u.ID, a.Role, now); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, memberJoined(p.ID, u.ID, a.Role, "", now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if err := s.loadDemoScenes(ctx, p.ID, ids[0], ids[1], ids[2], ids[3]); err != nil {
		return false, fmt.Errorf("demo scenes: %w", err)
	}
	// An invite not yet accepted, for Members and invites to show (and revoke).
	if _, err := s.CreateInvite(ctx, ids[1], p.ID, "stand-in@demo.closedset.test", domain.RolePerformer); err != nil {
		return false, fmt.Errorf("demo invite: %w", err)
	}
	return true, nil
}

// loadDemoScenes gives the demo production scenes in every consent state,
// through the same use cases people use: a scene with a revision, a scene
// needing riders and a closed set (with a boundary conflict), and a shot scene
// with a post-photography withdrawal; then loadDemoCoverageScenes.
func (s *Service) loadDemoScenes(ctx context.Context, productionID, producer, coordinator, alex, sam string) error {
	day := s.now().UTC().Truncate(24 * time.Hour)
	cast := func(sceneID string, who ...string) error {
		names := map[string]string{alex: "Mara", sam: "Jonah"}
		for _, id := range who {
			if _, err := s.PutCastMember(ctx, coordinator, sceneID, id, CastInput{CharacterName: names[id], StillsAllowed: true}); err != nil {
				return err
			}
		}
		return nil
	}
	both := []domain.StepPerformer{{UserID: alex, Nudity: domain.NudityNone}, {UserID: sam, Nudity: domain.NudityNone}}

	// Scene 12: kissing and touching, revised after both confirmed.
	s12, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "12", Title: "The harbour wall",
		CallTime: day.Add(3*24*time.Hour + 7*time.Hour), Location: "Stage 2", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagKissing, domain.TagTouching}})
	if err != nil {
		return err
	}
	if err := cast(s12.ID, alex, sam); err != nil {
		return err
	}
	v1 := []domain.Step{
		{Title: "Approach", Description: "Mara steps in; Jonah turns to face her.", DurationSec: 20, Performers: both},
		{Title: "Kiss", Description: "A closed-mouth kiss, three seconds.", DurationSec: 5, Performers: both,
			Contacts: []domain.StepContact{{FromUserID: alex, ToUserID: sam, Area: domain.AreaLips}}},
	}
	if _, err := s.PublishChoreography(ctx, coordinator, s12.ID, "First plan", v1); err != nil {
		return err
	}
	for _, id := range []string{alex, sam} {
		if _, err := s.DecideConsent(ctx, id, s12.ID, 1, domain.ConsentConfirmed, ""); err != nil {
			return err
		}
	}
	v2 := append(v1, domain.Step{Title: "Embrace", Description: "Jonah's hand rests on Mara's back.", DurationSec: 10,
		Performers: both, Contacts: []domain.StepContact{{FromUserID: sam, ToUserID: alex, Area: domain.AreaBack}}})
	if _, err := s.PublishChoreography(ctx, coordinator, s12.ID, "Adds an embrace after the kiss", v2); err != nil {
		return err
	}
	if _, err := s.DecideConsent(ctx, alex, s12.ID, 2, domain.ConsentConfirmed, ""); err != nil {
		return err
	}

	// Scene 27A: partial nudity and simulated sex: riders, closed set, and a
	// step that touches a boundary.
	s27, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "27A", Title: "The lighthouse room",
		CallTime: day.Add(5*24*time.Hour + 9*time.Hour), Location: "Stage 4", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagPartialNudity, domain.TagSimulatedSex},
		ClosedSet:   []string{"Director", "Director of photography", "Boom operator", "Intimacy coordinator"}})
	if err != nil {
		return err
	}
	if err := cast(s27.ID, alex, sam); err != nil {
		return err
	}
	if _, err := s.CreateBoundary(ctx, sam, domain.Boundary{ProductionID: productionID, Kind: domain.BoundaryNoContact,
		Areas: []domain.BodyArea{domain.AreaThighs}}); err != nil {
		return err
	}
	terms := domain.Rider{Nudity: domain.NudityPartial, VisibleAreas: []domain.BodyArea{domain.AreaBack, domain.AreaShoulders, domain.AreaThighs},
		Acts: []domain.ContentTag{domain.TagPartialNudity, domain.TagSimulatedSex}, StillsAllowed: false, FootageLimits: "This production only."}
	for _, id := range []string{alex, sam} {
		if _, err := s.PutRider(ctx, coordinator, s27.ID, id, terms); err != nil {
			return err
		}
	}
	if _, err := s.SignRider(ctx, alex, s27.ID, alex, 1, "Alex Performer"); err != nil {
		return err
	}
	partial := []domain.StepPerformer{{UserID: alex, Nudity: domain.NudityPartial}, {UserID: sam, Nudity: domain.NudityPartial}}
	if _, err := s.PublishChoreography(ctx, coordinator, s27.ID, "Blocking agreed in rehearsal", []domain.Step{
		{Title: "Under the covers", Description: "Both lie down; sheet to shoulder height.", DurationSec: 30, Performers: partial,
			Barrier: "Modesty garments for both"},
		{Title: "Movement", Description: "Simulated movement, Mara's hand on Jonah's thigh.", DurationSec: 40, Performers: partial,
			Contacts: []domain.StepContact{{FromUserID: alex, ToUserID: sam, Area: domain.AreaThighs}}, Barrier: "Barrier cushion"},
	}); err != nil {
		return err
	}
	if _, err := s.DecideConsent(ctx, alex, s27.ID, 1, domain.ConsentConfirmed, ""); err != nil {
		return err
	}
	if _, err := s.DecideConsent(ctx, sam, s27.ID, 1, domain.ConsentDeclined, "Can we talk about step 2?"); err != nil {
		return err
	}

	// Scene 31: a fight, already shot; consent withdrawn after photography.
	s31, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "31", Title: "The quarrel on the pier",
		CallTime: day.Add(-2*24*time.Hour + 18*time.Hour), Location: "Pier, exterior", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagPhysicalViolence}})
	if err != nil {
		return err
	}
	if err := cast(s31.ID, sam); err != nil {
		return err
	}
	if _, err := s.PublishChoreography(ctx, coordinator, s31.ID, "Fight choreography", []domain.Step{
		{Title: "Shove", Description: "Jonah is pushed back against the railing (padded).", DurationSec: 8,
			Performers: []domain.StepPerformer{{UserID: sam, Nudity: domain.NudityNone}}},
	}); err != nil {
		return err
	}
	if _, err := s.DecideConsent(ctx, sam, s31.ID, 1, domain.ConsentConfirmed, ""); err != nil {
		return err
	}
	shot := domain.SceneShot
	if _, err := s.UpdateScene(ctx, coordinator, s31.ID, ScenePatch{Status: &shot}); err != nil {
		return err
	}
	if _, err := s.WithdrawConsent(ctx, sam, s31.ID, ""); err != nil {
		return err
	}
	return s.loadDemoCoverageScenes(ctx, productionID, producer, coordinator, alex, sam, day, cast)
}

// loadDemoCoverageScenes adds scenes so that the producer's coverage shows
// every readiness over the coming days (the scenes above are at risk and
// blocked): a scene with nothing sensitive (not needed), two ready ones —
// one with riders and a closed set —, one still without choreography (at
// risk), and one shot yesterday without a debrief (debrief due).
func (s *Service) loadDemoCoverageScenes(ctx context.Context, productionID, producer, coordinator, alex, sam string, day time.Time,
	cast func(string, ...string) error) error {
	both := []domain.StepPerformer{{UserID: alex, Nudity: domain.NudityNone}, {UserID: sam, Nudity: domain.NudityNone}}
	confirm := func(sceneID string) error {
		for _, id := range []string{alex, sam} {
			if _, err := s.DecideConsent(ctx, id, sceneID, 1, domain.ConsentConfirmed, ""); err != nil {
				return err
			}
		}
		return nil
	}

	// Scene 5: no content tags — no IC needed.
	if _, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "5", Title: "Arrival at the harbour",
		CallTime: day.Add(1*24*time.Hour + 10*time.Hour), Location: "Quayside, exterior", CoordinatorID: coordinator}); err != nil {
		return err
	}

	// Scene 19: a kiss, planned and confirmed by both — ready.
	s19, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "19", Title: "The ferry crossing",
		CallTime: day.Add(2*24*time.Hour + 8*time.Hour), Location: "Ferry deck", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagKissing}})
	if err != nil {
		return err
	}
	if err := cast(s19.ID, alex, sam); err != nil {
		return err
	}
	if _, err := s.PublishChoreography(ctx, coordinator, s19.ID, "As rehearsed", []domain.Step{
		{Title: "Goodbye kiss", Description: "A short kiss at the rail.", DurationSec: 4, Performers: both,
			Contacts: []domain.StepContact{{FromUserID: sam, ToUserID: alex, Area: domain.AreaLips}}},
	}); err != nil {
		return err
	}
	if err := confirm(s19.ID); err != nil {
		return err
	}

	// Scene 22: partial nudity with riders signed in time, a closed set and a
	// plan within both riders — ready.
	s22, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "22", Title: "Storm night",
		CallTime: day.Add(4*24*time.Hour + 19*time.Hour), Location: "Stage 4", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagPartialNudity},
		ClosedSet:   []string{"Director", "Director of photography", "Intimacy coordinator"}})
	if err != nil {
		return err
	}
	if err := cast(s22.ID, alex, sam); err != nil {
		return err
	}
	riders := map[string]domain.Rider{
		alex: {Nudity: domain.NudityPartial, VisibleAreas: []domain.BodyArea{domain.AreaBack, domain.AreaShoulders},
			Acts: []domain.ContentTag{domain.TagPartialNudity}, FootageLimits: "This production only."},
		sam: {Nudity: domain.NudityNone, Acts: []domain.ContentTag{domain.TagPartialNudity}, FootageLimits: "This production only."},
	}
	for id, name := range map[string]string{alex: "Alex Performer", sam: "Sam Performer"} {
		if _, err := s.PutRider(ctx, coordinator, s22.ID, id, riders[id]); err != nil {
			return err
		}
		if _, err := s.SignRider(ctx, id, s22.ID, id, 1, name); err != nil {
			return err
		}
	}
	if _, err := s.PublishChoreography(ctx, coordinator, s22.ID, "Window scene", []domain.Step{
		{Title: "At the window", Description: "Mara, back to camera, shirt off; Jonah's hand on her shoulder.", DurationSec: 30,
			Performers: []domain.StepPerformer{{UserID: alex, Nudity: domain.NudityPartial}, {UserID: sam, Nudity: domain.NudityNone}},
			Contacts:   []domain.StepContact{{FromUserID: sam, ToUserID: alex, Area: domain.AreaShoulders}}},
	}); err != nil {
		return err
	}
	if err := confirm(s22.ID); err != nil {
		return err
	}

	// Scene 40: touching, no choreography yet — at risk.
	s40, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "40", Title: "The dance",
		CallTime: day.Add(6*24*time.Hour + 11*time.Hour), Location: "Village hall", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagTouching}})
	if err != nil {
		return err
	}
	if err := cast(s40.ID, alex, sam); err != nil {
		return err
	}

	// Scene 8: a kiss shot yesterday, all fine on set, no debrief yet —
	// debrief due.
	s8, err := s.CreateScene(ctx, producer, productionID, SceneInput{Number: "8", Title: "The first meeting",
		CallTime: day.Add(-24*time.Hour + 15*time.Hour), Location: "Harbour café", CoordinatorID: coordinator,
		ContentTags: []domain.ContentTag{domain.TagKissing}})
	if err != nil {
		return err
	}
	if err := cast(s8.ID, alex, sam); err != nil {
		return err
	}
	if _, err := s.PublishChoreography(ctx, coordinator, s8.ID, "First kiss", []domain.Step{
		{Title: "Kiss", Description: "A brief kiss across the table.", DurationSec: 3, Performers: both,
			Contacts: []domain.StepContact{{FromUserID: alex, ToUserID: sam, Area: domain.AreaLips}}},
	}); err != nil {
		return err
	}
	if err := confirm(s8.ID); err != nil {
		return err
	}
	c, err := s.RequestCheckin(ctx, coordinator, s8.ID, "After the last take", nil, 0)
	if err != nil {
		return err
	}
	for _, id := range []string{alex, sam} {
		if _, err := s.RespondCheckin(ctx, id, c.ID, domain.AnswerOK, ""); err != nil {
			return err
		}
	}
	shot := domain.SceneShot
	_, err = s.UpdateScene(ctx, coordinator, s8.ID, ScenePatch{Status: &shot})
	return err
}
