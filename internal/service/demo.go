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
				if _, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: p.ID, At: now, ActorID: u.ID,
					Action: "production.created", SubjectType: "production", SubjectID: p.ID,
					Data: map[string]any{"kind": p.Kind, "noticeHours": p.NoticeHours}}); err != nil {
					return err
				}
			}
			if err := tx.AddMember(ctx, p.ID, u.ID, a.Role, now); err != nil {
				return err
			}
			if _, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: p.ID, At: now, ActorID: u.ID,
				Action: "member.joined", SubjectType: "user", SubjectID: u.ID,
				Data: map[string]any{"role": string(a.Role)}}); err != nil {
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
	return true, nil
}

// loadDemoScenes gives the demo production scenes in every consent state,
// through the same use cases people use: a scene with a revision, a scene
// needing riders and a closed set (with a boundary conflict), and a shot scene
// with a post-photography withdrawal.
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
	_, err = s.WithdrawConsent(ctx, sam, s31.ID, "")
	return err
}
