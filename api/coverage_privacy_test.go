package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRule10NeedToKnow_CoverageHasNoBoundariesOrNotes plants distinctive
// private texts everywhere a performer or coordinator can write one —
// boundaries (production-wide and for the scene), consent notes (decline,
// confirm, withdraw), check-in answer notes, debrief notes, and the rider's
// footage limits — and checks that neither the coverage JSON nor the CSV
// carries any of them, for the producer or the coordinator (rule 10:
// producers see status, counts and dates only; coverage is that view for
// everyone).
func TestRule10NeedToKnow_CoverageHasNoBoundariesOrNotes(t *testing.T) {
	s := newTestServer(t)
	w := ciNewWorld(t, s)
	A, B := w.PerformerA, w.PerformerB
	secrets := []string{
		"BOUNDARY-NOTE-quokka", "SCENE-BOUNDARY-NOTE-narwhal", "DECLINE-NOTE-axolotl", "CONFIRM-NOTE-pangolin",
		"WITHDRAW-NOTE-okapi", "CHECKIN-NOTE-tapir", "DEBRIEF-NOTE-capybara", "RIDER-LIMITS-wombat",
		"DEBRIEF-PLACE-ibis", "CHECKIN-REASON-dugong",
	}
	coreMust(t, w.boundary(A, map[string]any{"kind": "note", "note": secrets[0]}), http.StatusCreated)
	coreMust(t, w.boundary(B, map[string]any{"kind": "note", "sceneId": w.Scene, "note": secrets[1]}), http.StatusCreated)
	coreMust(t, w.boundary(B, map[string]any{"kind": "no_contact", "sceneId": w.Scene, "areas": []string{"thighs"}}), http.StatusCreated)
	rider := coreRiderBody("partial", []string{"back"}, []string{"partial_nudity", "restraint_suspension"})
	rider["footageLimits"] = secrets[7]
	w.putRider(w.Scene, A, rider)
	coreMust(t, w.sign(A, w.Scene, 1, "Ada Actor"), http.StatusOK)
	w.published(w.Scene, "v1", coreStep("Hold", map[string]string{A.ID: "partial", B.ID: "none"}, [][3]string{{B.ID, A.ID, "thighs"}}, ""))
	coreMust(t, w.decide(A, w.Scene, 1, "confirmed", secrets[3]), http.StatusOK)
	coreMust(t, w.decide(B, w.Scene, 1, "declined", secrets[2]), http.StatusOK)
	c := w.requested(secrets[9], 300)
	coreMust(t, w.answer(A, c["id"].(string), "stop", secrets[5]), http.StatusOK)
	coreMust(t, w.answer(B, c["id"].(string), "ok", secrets[5]), http.StatusOK)
	coreMust(t, w.patchScene(w.Coordinator, w.Scene, map[string]any{"status": "shot"}), http.StatusOK)
	coreMust(t, w.withdraw(A, w.Scene, map[string]any{"note": secrets[4]}), http.StatusOK)
	d := w.scheduled(time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC), secrets[8])
	coreMust(t, w.patchDebrief(w.Coordinator, d["id"].(string), map[string]any{"notes": secrets[6], "status": "done"}), http.StatusOK)

	// The secrets are really there, for the coordinator's eyes.
	bs := coreMust(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + w.Scene + "/boundaries", Token: w.Coordinator.Token}), http.StatusOK)
	if !strings.Contains(string(bs.Body), secrets[1]) {
		t.Fatal("the planted boundary note is missing: the test proves nothing")
	}

	for _, as := range []account{w.Producer, w.Coordinator} {
		res := coreMust(t, covGet(s, as, w.Production, ""), http.StatusOK)
		coreNoLeak(t, "coverage JSON", res.Body, secrets...)
		for _, word := range []string{"boundar", "note", "thighs", "footage", "reason\"", "location"} {
			if strings.Contains(strings.ToLower(string(res.Body)), word) {
				t.Errorf("coverage JSON mentions %q: %s", word, res.Body)
			}
		}
		csvRes, _, rows := covCSV(t, s, as, w.Production, "")
		coreNoLeak(t, "coverage CSV", csvRes.Body, secrets...)
		if len(rows) != 2 {
			t.Fatalf("%d CSV rows", len(rows))
		}
		ranged := coreMust(t, covGet(s, as, w.Production, "?from=2026-12-01&to=2026-12-01"), http.StatusOK)
		coreNoLeak(t, "ranged coverage JSON", ranged.Body, secrets...)
	}

	// What the producer does learn: the scene is blocked, by whom in terms of
	// states, and that the last check-in ended in a stop.
	_, reasons, line := w.covLine(w.Scene)
	if line["readiness"] != "blocked" || !contains(reasons, "consent_withdrawn") || !contains(reasons, "consent_declined") ||
		!contains(reasons, "exceeds_rider") {
		t.Errorf("line %v %v", line["readiness"], reasons)
	}
	if ci := line["lastCheckIn"].(map[string]any); ci["outcome"] != "stop" {
		t.Errorf("last check-in %v", ci)
	}
	if d := line["debrief"].(map[string]any); d["status"] != "done" {
		t.Errorf("debrief %v", d)
	}
}
