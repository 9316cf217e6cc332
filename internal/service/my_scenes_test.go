package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage/storagetest"
)

// TestMySceneListQueryCountIsConstant: a performer's own scene list across
// productions (with their consent, rider, open check-in and next debrief)
// costs the same number of statements for 1 scene as for 40, and for one
// production as for two — never one request per scene.
func TestMySceneListQueryCountIsConstant(t *testing.T) {
	start := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(-48 * time.Hour) }
	counts := map[string]int{}
	for _, tc := range []struct {
		name                string
		scenes, productions int
	}{{"1 scene", 1, 1}, {"40 scenes", 40, 1}, {"2×40 scenes", 40, 2}} {
		st := storagetest.Open(t)
		f := storagetest.SeedCoverage(t, st, tc.scenes, 6, start)
		performer := f.PerformerIDs[0]
		total := tc.scenes
		for range tc.productions - 1 {
			g := storagetest.SeedCoverage(t, st, tc.scenes, 6, start)
			// the same person is a performer there too, cast in every scene
			ctx := context.Background()
			if err := st.AddMember(ctx, g.ProductionID, performer, domain.RolePerformer, now()); err != nil {
				t.Fatal(err)
			}
			for _, id := range g.SceneIDs {
				if err := st.PutCastMember(ctx, id, domain.CastMember{UserID: performer, CharacterName: "Twin"}, now()); err != nil {
					t.Fatal(err)
				}
			}
			total += tc.scenes
		}
		svc, err := service.New(service.Options{Store: st, Argon2: auth.CheapArgon2, Now: now,
			Tokens: auth.NewTokens([]byte(strings.Repeat("s", 32)), "http://closedset.test", now)})
		if err != nil {
			t.Fatal(err)
		}
		count, stop := st.CountStatements()
		scenes, err := svc.ListMyScenes(context.Background(), performer)
		stop()
		if err != nil || len(scenes) != total {
			t.Fatalf("%s: %d scenes, want %d, %v", tc.name, len(scenes), total, err)
		}
		for _, sc := range scenes {
			if sc.MyConsent == "" || sc.MyRider == "" || sc.Counts != nil || sc.ProductionTitle == "" || sc.Timezone == "" {
				t.Fatalf("%s: %+v", tc.name, sc)
			}
		}
		counts[tc.name] = count()
	}
	t.Logf("statements: %v", counts)
	if c := counts["1 scene"]; c == 0 || c > 7 || counts["40 scenes"] != c || counts["2×40 scenes"] != c {
		t.Errorf("statements %v: want the same for each, at most 7", counts)
	}
}
