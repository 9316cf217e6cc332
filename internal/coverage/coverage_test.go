package coverage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// covStart is the seeded scenes' first call time; covNow the clock.
var (
	covStart = time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	covNow   = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
)

func covService(tb testing.TB, st *storage.Store) *service.Service {
	tb.Helper()
	now := func() time.Time { return covNow }
	svc, err := service.New(service.Options{Store: st, Tokens: auth.NewTokens([]byte(strings.Repeat("s", 32)), "http://closedset.test", now),
		Argon2: auth.CheapArgon2, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// covMaxStatements is the SQL statements of one coverage read, a cold one
// (nothing cached): the caller's membership, the members' names, the
// production's audit head, and covRowStatements plain per-table queries for
// the scenes (scenes, cast, consents, riders, steps, check-ins, their
// answers, debriefs). covWarmStatements is a read with the production
// cached: the membership, the names and the audit events since (then the
// per-table queries for the scenes they name, if any).
const (
	covRowStatements  = 8
	covWarmStatements = 3
	covMaxStatements  = covWarmStatements + covRowStatements
)

// TestCoverageQueryCountIsConstant: coverage reads a constant number of
// statements — the same for 1 scene as for 40, each with cast, consents,
// riders, steps, check-ins and debriefs — never one per scene (N+1); see
// TestCoverageQueryCountWarm for reads from the cache.
func TestCoverageQueryCountIsConstant(t *testing.T) {
	counts := map[int]int{}
	for _, n := range []int{1, 40} {
		st := storagetest.Open(t)
		f := storagetest.SeedCoverage(t, st, n, 6, covStart)
		svc := covService(t, st)
		count, stop := st.CountStatements()
		cov, err := getCov(svc, f.ProducerID, f.ProductionID, coverage.Query{})
		stop()
		if err != nil {
			t.Fatal(err)
		}
		if len(cov.Scenes) != n || len(cov.Scenes[0].Cast) != 6 {
			t.Fatalf("%d scenes, %d cast", len(cov.Scenes), len(cov.Scenes[0].Cast))
		}
		counts[n] = count()
		t.Logf("%d scenes: %d statements", n, counts[n])
	}
	if counts[1] != counts[40] || counts[40] > covMaxStatements || counts[1] == 0 {
		t.Errorf("statements: %d for 1 scene, %d for 40; want the same, at most %d", counts[1], counts[40], covMaxStatements)
	}
}

// TestCoverageSeededStates: the seeded mix reaches every readiness the seed
// aims at, the summary adds up, and the range filter selects by call date.
func TestCoverageSeededStates(t *testing.T) {
	st := storagetest.Open(t)
	f := storagetest.SeedCoverage(t, st, 60, 8, covStart)
	svc := covService(t, st)
	cov, err := getCov(svc, f.CoordinatorID, f.ProductionID, coverage.Query{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[domain.Readiness]int{}
	for i, sc := range cov.Scenes {
		seen[sc.Readiness]++
		if sc.SceneID != f.SceneIDs[i] {
			t.Fatalf("scene %d out of order", i)
		}
	}
	for _, r := range []domain.Readiness{domain.ReadinessReady, domain.ReadinessAtRisk, domain.ReadinessBlocked, domain.ReadinessDebriefDue} {
		if seen[r] == 0 {
			t.Errorf("no %s scene in %v", r, seen)
		}
	}
	s := cov.Summary
	if s.Scenes != 60 || s.NotNeeded+s.Ready+s.AtRisk+s.Blocked+s.DebriefDue != 60 || s.Ready != seen[domain.ReadinessReady] {
		t.Errorf("summary %+v, seen %v", s, seen)
	}
	if s.ConsentConfirmedPct <= 50 || s.ConsentConfirmedPct >= 100 {
		t.Errorf("consentConfirmedPct %v", s.ConsentConfirmedPct)
	}
	// Scenes are an hour apart from 07:00 on 1 December: 17 on that day.
	day, err := getCov(svc, f.ProducerID, f.ProductionID, coverage.Query{From: "2026-12-01", To: "2026-12-01"})
	if err != nil || len(day.Scenes) != 17 {
		t.Fatalf("one day: %d scenes, %v", len(day.Scenes), err)
	}
	if _, err := getCov(svc, f.PerformerIDs[0], f.ProductionID, coverage.Query{}); !domain.IsCode(err, "forbidden") {
		t.Errorf("performer: %v", err)
	}
}

// TestDemoShowsEveryReadiness: the demo production (CLOSEDSET_DEMO) has
// scenes in every readiness state over the coming days, for the producer's
// dashboard.
func TestDemoShowsEveryReadiness(t *testing.T) {
	st := storagetest.Open(t)
	svc := covService(t, st)
	if ok, err := svc.LoadDemo(context.Background()); err != nil || !ok {
		t.Fatalf("demo: %v %v", ok, err)
	}
	producer, _, err := st.FindUserByEmail(context.Background(), service.DemoAccounts[0].Email)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.ListProductions(context.Background(), producer.ID)
	if err != nil || len(ps) != 1 {
		t.Fatalf("productions %v %v", ps, err)
	}
	cov, err := getCov(svc, producer.ID, ps[0].ID, coverage.Query{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[domain.Readiness][]string{}
	days := map[string]bool{}
	for _, sc := range cov.Scenes {
		seen[sc.Readiness] = append(seen[sc.Readiness], sc.Number)
		if sc.CallTime.After(covNow) {
			days[sc.CallTime.Format(time.DateOnly)] = true
		}
	}
	for _, r := range []domain.Readiness{domain.ReadinessReady, domain.ReadinessAtRisk, domain.ReadinessBlocked,
		domain.ReadinessDebriefDue, domain.ReadinessNotNeeded} {
		if len(seen[r]) == 0 {
			t.Errorf("no demo scene is %s: %v", r, seen)
		}
	}
	if len(days) < 4 {
		t.Errorf("upcoming scenes on %d days, want several: %v", len(days), days)
	}
	t.Logf("demo readiness: %v", seen)
}
