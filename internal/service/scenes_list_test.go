package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// TestSceneListQueryCountIsConstant: the scene list carries each scene's
// consent counts (staff) or the performer's own consent and rider state
// with the same number of statements for 1 scene as for 40 — never one
// request per scene — and the counts and each cast member's rider state
// agree with coverage's. A performer sees only their own rider state.
func TestSceneListQueryCountIsConstant(t *testing.T) {
	start := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(-48 * time.Hour) }
	counts := map[string]map[int]int{}
	for _, n := range []int{1, 40} {
		st := storagetest.Open(t)
		f := storagetest.SeedCoverage(t, st, n, 6, start)
		svc, err := service.New(service.Options{Store: st, Argon2: auth.CheapArgon2, Now: now,
			Tokens: auth.NewTokens([]byte(strings.Repeat("s", 32)), "http://closedset.test", now)})
		if err != nil {
			t.Fatal(err)
		}
		for _, as := range []struct{ name, id string }{{"producer", f.ProducerID}, {"performer", f.PerformerIDs[0]}} {
			count, stop := st.CountStatements()
			scenes, err := svc.ListScenes(context.Background(), as.id, f.ProductionID)
			stop()
			if err != nil || len(scenes) != n {
				t.Fatalf("%s: %d scenes, %v", as.name, len(scenes), err)
			}
			if counts[as.name] == nil {
				counts[as.name] = map[int]int{}
			}
			counts[as.name][n] = count()
			for _, sc := range scenes {
				staff := as.name == "producer"
				if (sc.Counts != nil) != staff || (sc.MyConsent != "") == staff || (sc.MyRider != "") == staff {
					t.Fatalf("%s sees %+v", as.name, sc)
				}
				if want := len(sc.Cast); !staff {
					if r, ok := sc.Riders[as.id]; len(sc.Riders) != 1 || !ok || r.Status != sc.MyRider {
						t.Fatalf("performer sees riders %+v (own state %q)", sc.Riders, sc.MyRider)
					}
				} else if len(sc.Riders) != want {
					t.Fatalf("producer sees %d riders of %d cast", len(sc.Riders), want)
				}
			}
			if as.name != "producer" {
				continue
			}
			// the same counts as coverage's
			body, err := svc.Coverage().JSON(context.Background(), as.id, f.ProductionID, coverage.Query{})
			if err != nil {
				t.Fatal(err)
			}
			var cov struct {
				Scenes []struct {
					SceneID       string
					ConsentCounts struct{ Confirmed, Pending, Declined, Withdrawn int }
					Cast          []struct{ UserID, Rider string }
				}
			}
			if err := json.Unmarshal(body, &cov); err != nil {
				t.Fatal(err)
			}
			byID, riders := map[string]domain.ConsentCounts{}, map[string]string{}
			for _, c := range cov.Scenes {
				byID[c.SceneID] = domain.ConsentCounts(c.ConsentCounts)
				for _, m := range c.Cast {
					riders[c.SceneID+"/"+m.UserID] = m.Rider
				}
			}
			states := map[domain.RiderStatus]int{}
			for _, sc := range scenes {
				if *sc.Counts != byID[sc.ID] {
					t.Errorf("scene %s: counts %+v, coverage %+v", sc.Number, *sc.Counts, byID[sc.ID])
				}
				for id, r := range sc.Riders {
					states[r.Status]++
					if string(r.Status) != riders[sc.ID+"/"+id] || r.Version == 0 && (r.Status == domain.RiderSigned || r.Status == domain.RiderLateSigned) {
						t.Errorf("scene %s, %s: rider %+v, coverage %q", sc.Number, id, r, riders[sc.ID+"/"+id])
					}
				}
			}
			t.Logf("%d scenes: rider states %v", n, states)
		}
	}
	for who, c := range counts {
		t.Logf("%s: %v statements", who, c)
		if c[1] != c[40] || c[1] == 0 || c[40] > 6 {
			t.Errorf("%s: %d statements for 1 scene, %d for 40; want the same, at most 6", who, c[1], c[40])
		}
	}
}
