package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestRule10BlockingStatesDecideAsAllStates: whether a scene is blocked by consent
// (rule 12's "once per blocking" alert reads it inside the decision) comes
// out the same from BlockingStates' one row as from every cast member's
// latest state — for random mixes of states and versions, with a former cast
// member's withdrawal that must not count.
func TestRule10BlockingStatesDecideAsAllStates(t *testing.T) {
	ctx := context.Background()
	st := storagetest.Open(t)
	f := storagetest.SeedCoverage(t, st, 1, 4, time.Now().Add(48*time.Hour))
	sceneID, gone := f.SceneIDs[0], f.PerformerIDs[0] // the first id: read first by the index
	now := time.Now()
	if err := st.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.RecordConsent(ctx, "gone-withdrawn", domain.ConsentDecision{SceneID: sceneID, UserID: gone, Version: 1,
			State: domain.ConsentWithdrawn, DecidedAt: now}); err != nil {
			return err
		}
		return tx.RemoveCastMember(ctx, sceneID, gone)
	}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(14, 12))
	states := []domain.ConsentState{domain.ConsentConfirmed, domain.ConsentDeclined, domain.ConsentWithdrawn}
	blocked := 0
	for round := range 120 {
		current := 1 + rng.IntN(2)
		set := map[string]domain.ConsentDecision{}
		var got map[string]domain.ConsentDecision
		var sc domain.Scene
		if err := st.Tx(ctx, func(tx *storage.Store) error {
			if err := tx.SetSceneVersion(ctx, sceneID, current, now); err != nil {
				return err
			}
			for k, uid := range f.PerformerIDs[1:] {
				d := domain.ConsentDecision{SceneID: sceneID, UserID: uid, Version: 1 + rng.IntN(2),
					State: states[rng.IntN(len(states))], DecidedAt: now}
				if rng.IntN(3) > 0 { // mostly confirmed, as on a real set
					d.State = domain.ConsentConfirmed
				}
				if err := tx.RecordConsent(ctx, fmt.Sprintf("r%d-%d", round, k), d); err != nil {
					return err
				}
				set[uid] = d
			}
			var err error
			if sc, _, err = tx.SceneForMember(ctx, sceneID, f.CoordinatorID, true); err != nil {
				return err
			}
			got, err = tx.BlockingStates(ctx, sceneID, sc.CurrentVersion)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		set[gone] = domain.ConsentDecision{UserID: gone, Version: 1, State: domain.ConsentWithdrawn}
		want := domain.BlockedByConsent(sc, set)
		if len(got) > 1 || domain.BlockedByConsent(sc, got) != want {
			t.Fatalf("round %d, version %d, states %v: BlockingStates %v, blocked %v (want %v)", round, current, set, got, !want, want)
		}
		if want {
			blocked++
		}
	}
	if blocked == 0 || blocked == 120 {
		t.Fatalf("%d of 120 rounds blocked: the mixes did not cover both answers", blocked)
	}
}
