package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// CoverageFixture is a production seeded by SeedCoverage.
type CoverageFixture struct {
	ProductionID, ProducerID, CoordinatorID string
	PerformerIDs, SceneIDs                  []string
}

// SeedCoverage writes, through storage in one transaction (no use cases, no
// audit), a production in Europe/London with a producer, a coordinator and
// castSize performers, and scenes tagged scenes one hour apart from start,
// each with the whole cast and a mix of every state coverage reads: a
// published version of four steps, consents (mostly confirmed; some pending,
// declined or withdrawn), riders on rider scenes (mostly signed in time; some
// unsigned, late or with a newer unsigned version), a check-in on every fifth
// scene, shot scenes with and without a debrief, a few scenes without a
// coordinator or closed set.
func SeedCoverage(tb testing.TB, st *storage.Store, scenes, castSize int, start time.Time) CoverageFixture {
	tb.Helper()
	ctx := context.Background()
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	now := start.Add(-30 * 24 * time.Hour).UTC()
	f := CoverageFixture{ProductionID: id(), ProducerID: id(), CoordinatorID: id()}
	err := st.Tx(ctx, func(tx *storage.Store) error {
		user := func(uid, name string) error {
			return tx.CreateUser(ctx, domain.User{ID: uid, Email: uid + "@seed.test", DisplayName: name, CreatedAt: now}, "not a hash")
		}
		if err := user(f.ProducerID, "Seed Producer"); err != nil {
			return err
		}
		if err := tx.CreateProduction(ctx, domain.Production{ID: f.ProductionID, Title: "Seeded", Kind: "series",
			Timezone: "Europe/London", NoticeHours: domain.DefaultNoticeHours, CreatedAt: now}, f.ProducerID); err != nil {
			return err
		}
		if err := tx.AddMember(ctx, f.ProductionID, f.ProducerID, domain.RoleProducer, now); err != nil {
			return err
		}
		if err := user(f.CoordinatorID, "Seed Coordinator"); err != nil {
			return err
		}
		if err := tx.AddMember(ctx, f.ProductionID, f.CoordinatorID, domain.RoleCoordinator, now); err != nil {
			return err
		}
		for k := range castSize {
			pid := id()
			f.PerformerIDs = append(f.PerformerIDs, pid)
			if err := user(pid, fmt.Sprintf("Performer %02d", k+1)); err != nil {
				return err
			}
			if err := tx.AddMember(ctx, f.ProductionID, pid, domain.RolePerformer, now); err != nil {
				return err
			}
		}
		for i := range scenes {
			sid, err := seedScene(ctx, tx, f, i, start.Add(time.Duration(i)*time.Hour), now, id)
			if err != nil {
				return fmt.Errorf("scene %d: %w", i, err)
			}
			f.SceneIDs = append(f.SceneIDs, sid)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// seedRiderTerms are the riders' terms, a few variants as in real life.
var seedRiderTerms = []domain.Rider{
	{Nudity: domain.NudityPartial, VisibleAreas: []domain.BodyArea{domain.AreaBack, domain.AreaShoulders, domain.AreaLips},
		Acts: []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity}},
	{Nudity: domain.NudityPartial, VisibleAreas: []domain.BodyArea{domain.AreaBack, domain.AreaLips, domain.AreaHands, domain.AreaArms},
		Acts: []domain.ContentTag{domain.TagKissing, domain.TagTouching, domain.TagPartialNudity}},
	{Nudity: domain.NudityFull, VisibleAreas: []domain.BodyArea{domain.AreaBack, domain.AreaLips, domain.AreaButtocks, domain.AreaShoulders},
		Acts: []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity, domain.TagFullNudity}},
}

func seedScene(ctx context.Context, tx *storage.Store, f CoverageFixture, i int, call, now time.Time, id func() string) (string, error) {
	cast := f.PerformerIDs
	tags := []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity}
	if i%10 == 0 {
		tags = []domain.ContentTag{domain.TagKissing}
	}
	sc := domain.Scene{ID: id(), ProductionID: f.ProductionID, Number: fmt.Sprintf("%d", i+1), Title: fmt.Sprintf("Scene %d", i+1),
		CallTime: call, ContentTags: tags, CoordinatorID: f.CoordinatorID, Status: domain.ScenePlanned,
		ClosedSet: []string{"Director", "Director of photography"}, CreatedAt: now}
	if i%50 == 49 {
		sc.CoordinatorID = ""
	}
	if i%13 == 12 {
		sc.ClosedSet = nil
	}
	if i%20 == 19 {
		sc.Status = domain.SceneShot
	}
	if err := tx.CreateScene(ctx, sc); err != nil {
		return "", err
	}
	for k, uid := range cast {
		if err := tx.PutCastMember(ctx, sc.ID, domain.CastMember{UserID: uid, CharacterName: fmt.Sprintf("Role %02d", k+1)}, now); err != nil {
			return "", err
		}
	}
	steps := make([]domain.Step, 4)
	for j := range steps {
		a, b := cast[(i+2*j)%len(cast)], cast[(i+2*j+1)%len(cast)]
		steps[j] = domain.Step{Title: fmt.Sprintf("Step %d", j+1), Description: "Blocking as rehearsed.", DurationSec: 20,
			Performers: []domain.StepPerformer{{UserID: a, Nudity: domain.NudityPartial}, {UserID: b, Nudity: domain.NudityNone}},
			Contacts:   []domain.StepContact{{FromUserID: a, ToUserID: b, Area: domain.AreaLips}, {FromUserID: b, ToUserID: a, Area: domain.AreaBack}}}
	}
	if err := tx.CreateChoreography(ctx, domain.Choreography{SceneID: sc.ID, Version: 1, Summary: "Agreed in rehearsal",
		Steps: steps, PublishedAt: now, PublishedBy: f.CoordinatorID, Flags: []domain.Flag{}}); err != nil {
		return "", err
	}
	if err := tx.SetSceneVersion(ctx, sc.ID, 1, now); err != nil {
		return "", err
	}
	for k, uid := range cast {
		consent := seedConfirmed
		switch {
		case k == 0 && i%9 == 4:
			consent = seedDeclined
		case k == 1 && i%11 == 5:
			consent = seedWithdrawn
		case (i+k)%29 == 0:
			consent = seedPending
		}
		if err := seedConsent(ctx, tx, sc.ID, uid, consent, now, id); err != nil {
			return "", err
		}
		rider := seedSigned
		switch {
		case k == 2 && i%7 == 3:
			rider = seedDrafted
		case k == 3 && i%17 == 8:
			rider = seedLate
		case k == 4 && i%19 == 9:
			rider = seedRevised
		case k == 5 && i%23 == 11:
			rider = seedNoRider
		}
		if domain.RequiresRider(tags) {
			if err := seedRider(ctx, tx, sc, uid, k, rider, f.CoordinatorID, now); err != nil {
				return "", err
			}
		}
	}
	if i%5 == 0 {
		c := domain.CheckIn{ID: id(), SceneID: sc.ID, Reason: "Before take 2", RequestedBy: f.CoordinatorID,
			RequestedAt: now, ExpiresAt: now.Add(5 * time.Minute)}
		for _, uid := range cast {
			c.Responses = append(c.Responses, domain.CheckInResponse{UserID: uid})
		}
		if err := tx.CreateCheckin(ctx, c); err != nil {
			return "", err
		}
		for k, uid := range cast {
			answer := domain.AnswerOK
			if k == i%len(cast) {
				answer = domain.AnswerPause
			}
			if err := tx.AnswerCheckin(ctx, c.ID, uid, answer, "", now.Add(time.Minute)); err != nil {
				return "", err
			}
		}
	}
	if sc.Status == domain.SceneShot && i%40 == 19 || sc.Status == domain.ScenePlanned && i%3 == 0 {
		status := domain.DebriefScheduled
		if i%6 == 0 {
			status = domain.DebriefDone
		}
		if err := tx.CreateDebrief(ctx, domain.Debrief{ID: id(), SceneID: sc.ID, ScheduledAt: call.Add(26 * time.Hour),
			Location: "Green room", Status: status, CreatedBy: f.CoordinatorID, CreatedAt: now,
			Participants: []domain.UserRef{{UserID: cast[0]}, {UserID: cast[1%len(cast)]}}}); err != nil {
			return "", err
		}
	}
	return sc.ID, nil
}

// The seeded consent and rider variants.
const (
	seedConfirmed = iota
	seedPending   // never decided
	seedDeclined
	seedWithdrawn

	seedSigned  // in time
	seedNoRider // none at all
	seedDrafted // drafted, never signed
	seedLate    // signed an hour before the call
	seedRevised // signed, then a new unsigned version
)

func seedConsent(ctx context.Context, tx *storage.Store, sceneID, userID string, variant int, now time.Time, id func() string) error {
	state := domain.ConsentConfirmed
	switch variant {
	case seedPending:
		return tx.EnsurePendingConsent(ctx, sceneID, userID, now)
	case seedDeclined:
		state = domain.ConsentDeclined
	case seedWithdrawn:
		state = domain.ConsentWithdrawn
	}
	return tx.RecordConsent(ctx, id(), domain.ConsentDecision{SceneID: sceneID, UserID: userID, Version: 1, State: state, DecidedAt: now})
}

func seedRider(ctx context.Context, tx *storage.Store, sc domain.Scene, userID string, k, variant int, by string, now time.Time) error {
	if variant == seedNoRider {
		return nil
	}
	r := seedRiderTerms[k%len(seedRiderTerms)]
	r.SceneID, r.UserID, r.Version, r.CreatedAt = sc.ID, userID, 1, now
	if err := tx.CreateRider(ctx, r, by); err != nil || variant == seedDrafted {
		return err
	}
	at := now
	if variant == seedLate {
		at = sc.CallTime.Add(-time.Hour)
	}
	if _, err := tx.SignRider(ctx, sc.ID, userID, 1, "Signed Name", "hash", at); err != nil || variant != seedRevised {
		return err
	}
	r.Version = 2
	return tx.CreateRider(ctx, r, by)
}
