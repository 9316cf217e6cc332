package coverage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// TestCoverageCacheFollowsEveryChange: after each kind of change that can
// move readiness or coverage — made through the use cases, which audit it —
// the cached coverage (warm before the change) is exactly what a service
// without cache computes afresh.
func TestCoverageCacheFollowsEveryChange(t *testing.T) {
	w := newCovWorld(t, 30, 6)
	ctx := context.Background()
	f, svc := w.f, w.cached
	coord, producer, p := f.CoordinatorID, f.ProducerID, f.PerformerIDs
	sc := f.SceneIDs
	ok := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		w.same(t, svc, what)
	}
	str := func(s string) *string { return &s }
	w.same(t, svc, "seeded")

	// Consent (performer 0 is pending on scene 0; the others confirmed).
	_, err := svc.DecideConsent(ctx, p[0], sc[0], 1, domain.ConsentConfirmed, "")
	ok("consent confirmed", err)
	_, err = svc.WithdrawConsent(ctx, p[1], sc[1], "")
	ok("consent withdrawn", err)
	_, err = svc.DecideConsent(ctx, p[2], sc[2], 1, domain.ConsentDeclined, "")
	ok("consent declined", err)

	// Riders: a new version, then signed.
	terms := domain.Rider{Nudity: domain.NudityPartial, VisibleAreas: []domain.BodyArea{domain.AreaBack},
		Acts: []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity}}
	r, err := svc.PutRider(ctx, coord, sc[3], p[2], terms)
	ok("rider drafted", err)
	_, err = svc.SignRider(ctx, p[2], sc[3], p[2], r.Version, "Performer 03")
	ok("rider signed", err)

	// Cast: removed; a new member joins and is cast.
	ok("cast removed", svc.RemoveCastMember(ctx, coord, sc[4], p[3]))
	newcomer := w.newPerformer(t, svc, "Aaron Newcomer")
	w.same(t, svc, "member joined")
	_, err = svc.PutCastMember(ctx, coord, sc[4], newcomer, service.CastInput{CharacterName: "Stranger"})
	ok("cast added", err)

	// Choreography: a new version re-opens every consent.
	_, err = svc.PublishChoreography(ctx, coord, sc[5], "Shorter", []domain.Step{{Title: "Kiss", Description: "As rehearsed.",
		DurationSec: 10, Performers: []domain.StepPerformer{{UserID: p[0], Nudity: domain.NudityNone}}}})
	ok("choreography published", err)

	// The scene's own fields.
	_, err = svc.UpdateScene(ctx, coord, sc[6], service.ScenePatch{ContentTags: &[]domain.ContentTag{domain.TagKissing}})
	ok("tags changed", err)
	_, err = svc.UpdateScene(ctx, coord, sc[7], service.ScenePatch{CoordinatorID: str("")})
	ok("coordinator unassigned", err)
	later := covStart.Add(50 * time.Hour) // into another day, and another place in the order
	_, err = svc.UpdateScene(ctx, coord, sc[8], service.ScenePatch{CallTime: &later})
	ok("call time moved", err)
	// Around the start of summer time in London (2027-03-28 01:00 UTC): the
	// day of the 28th runs from 00:00 UTC to 23:00 UTC.
	for i, at := range []string{"2027-03-27T23:59:00Z", "2027-03-28T00:00:00Z", "2027-03-28T22:59:00Z", "2027-03-28T23:00:00Z"} {
		when, _ := time.Parse(time.RFC3339, at)
		_, err = svc.UpdateScene(ctx, coord, sc[20+i], service.ScenePatch{CallTime: &when})
		ok("call time moved to "+at, err)
	}
	if day, err := getCov(svc, producer, f.ProductionID, coverage.Query{From: "2027-03-28", To: "2027-03-28"}); err != nil ||
		len(day.Scenes) != 2 || day.Scenes[0].SceneID != sc[21] || day.Scenes[1].SceneID != sc[22] {
		t.Errorf("the day summer time starts: %d scenes, %v", len(day.Scenes), err)
	}
	shot := domain.SceneShot
	_, err = svc.UpdateScene(ctx, coord, sc[9], service.ScenePatch{Status: &shot})
	ok("status shot", err)
	_, err = svc.CreateScene(ctx, producer, f.ProductionID, service.SceneInput{Number: "0", Title: "Cold open",
		CallTime: covStart.Add(-time.Hour), ContentTags: []domain.ContentTag{domain.TagKissing}, CoordinatorID: coord})
	ok("scene created", err)

	// Check-ins: requested, answered, expired (the outcome changes with
	// time alone), then closed.
	c, err := svc.RequestCheckin(ctx, coord, sc[11], "Before take 1", []string{p[0], p[1]}, 60)
	ok("check-in requested", err)
	_, err = svc.RespondCheckin(ctx, p[0], c.ID, domain.AnswerOK, "")
	ok("check-in answered", err)
	w.clock.Advance(2 * time.Minute)
	w.same(t, svc, "check-in expired")
	if got := covCheckInOutcome(t, svc, f, sc[11]); got != domain.AnswerNoResponse {
		t.Errorf("expired check-in, cached: outcome %q, want no_response", got)
	}
	n, err := svc.ExpireCheckins(ctx)
	if n == 0 {
		t.Errorf("no check-in closed")
	}
	ok("check-in closed", err)

	// Debriefs: scheduled, moved, cancelled.
	at := covStart.Add(72 * time.Hour)
	d, err := svc.ScheduleDebrief(ctx, coord, sc[9], at, "Green room", nil)
	ok("debrief scheduled", err)
	moved := at.Add(24 * time.Hour)
	_, err = svc.UpdateDebrief(ctx, coord, d.ID, service.DebriefPatch{ScheduledAt: &moved})
	ok("debrief moved", err)
	_, err = svc.UpdateDebrief(ctx, coord, d.ID, service.DebriefPatch{Status: str(domain.DebriefCancelled)})
	ok("debrief cancelled", err)

	// A display name (no use case changes one yet): the cast's order too.
	rawExec(t, w.url, fmt.Sprintf("UPDATE users SET display_name = 'Aaron Renamed' WHERE id = '%s'", p[5]))
	rawExec(t, w.url, fmt.Sprintf("UPDATE users SET display_name = 'Zed Coordinator' WHERE id = '%s'", coord))
	w.same(t, svc, "renamed")
}

// newPerformer makes a user who accepts an invite to the production as a
// performer (audited member.joined, after invite.created).
func (w *covWorld) newPerformer(t *testing.T, svc *service.Service, name string) string {
	t.Helper()
	ctx := context.Background()
	id := fmt.Sprintf("%s-%d", w.f.ProductionID[:8], time.Now().UnixNano())
	email := id + "@seed.test"
	if err := w.st.CreateUser(ctx, domain.User{ID: id, Email: email, DisplayName: name, CreatedAt: covNow}, "not a hash"); err != nil {
		t.Fatal(err)
	}
	inv, err := svc.CreateInvite(ctx, w.f.ProducerID, w.f.ProductionID, email, domain.RolePerformer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcceptInvite(ctx, id, inv.Token); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCoverageCacheAcrossInstances: two instances of the app on one database
// each keep a cache; a change made through one is in the other's next read.
func TestCoverageCacheAcrossInstances(t *testing.T) {
	w := newCovWorld(t, 12, 4)
	ctx := context.Background()
	a := w.cached
	b := covServiceWith(t, openStore(t, w.url), 0, w.clock.Now)
	w.same(t, a, "instance A")
	w.same(t, b, "instance B")
	if _, err := a.WithdrawConsent(ctx, w.f.PerformerIDs[0], w.f.SceneIDs[3], ""); err != nil {
		t.Fatal(err)
	}
	w.same(t, b, "instance B after a change through A")
	shot := domain.SceneShot
	if _, err := b.UpdateScene(ctx, w.f.CoordinatorID, w.f.SceneIDs[5], service.ScenePatch{Status: &shot}); err != nil {
		t.Fatal(err)
	}
	w.same(t, a, "instance A after a change through B")
}

// covCheckInOutcome is a scene's latest check-in outcome in svc's coverage.
func covCheckInOutcome(t *testing.T, svc *service.Service, f storagetest.CoverageFixture, sceneID string) string {
	t.Helper()
	cov, err := getCov(svc, f.ProducerID, f.ProductionID, coverage.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range cov.Scenes {
		if sc.SceneID == sceneID && sc.LastCheckIn != nil {
			return sc.LastCheckIn.Outcome
		}
	}
	return "(none)"
}
