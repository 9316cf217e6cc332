package api_test

import (
	"net/http"
	"reflect"
	"slices"
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
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	secrets := []string{
		"BOUNDARY-NOTE-quokka", "SCENE-BOUNDARY-NOTE-narwhal", "DECLINE-NOTE-axolotl", "CONFIRM-NOTE-pangolin",
		"WITHDRAW-NOTE-okapi", "CHECKIN-NOTE-tapir", "DEBRIEF-NOTE-capybara", "RIDER-LIMITS-wombat",
		"DEBRIEF-PLACE-ibis", "CHECKIN-REASON-dugong",
	}
	must(t, w.boundary(A, map[string]any{"kind": "note", "note": secrets[0]}), http.StatusCreated)
	must(t, w.boundary(B, map[string]any{"kind": "note", "sceneId": w.Scene, "note": secrets[1]}), http.StatusCreated)
	must(t, w.boundary(B, map[string]any{"kind": "no_contact", "sceneId": w.Scene, "areas": []string{"thighs"}}), http.StatusCreated)
	rider := riderBody("partial", []string{"back"}, []string{"partial_nudity", "restraint_suspension"})
	rider["footageLimits"] = secrets[7]
	w.putRider(w.Scene, A, rider)
	must(t, w.sign(A, w.Scene, 1, "Ada Actor"), http.StatusOK)
	w.published(w.Scene, "v1", step("Hold", map[string]string{A.ID: "partial", B.ID: "none"}, [][3]string{{B.ID, A.ID, "thighs"}}, ""))
	must(t, w.decide(A, w.Scene, 1, "confirmed", secrets[3]), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", secrets[2]), http.StatusOK)
	c := w.requested(secrets[9], 300)
	must(t, w.answer(A, c["id"].(string), "stop", secrets[5]), http.StatusOK)
	must(t, w.answer(B, c["id"].(string), "ok", secrets[5]), http.StatusOK)
	must(t, w.patchScene(w.Coordinator, w.Scene, map[string]any{"status": "shot"}), http.StatusOK)
	must(t, w.withdraw(A, w.Scene, map[string]any{"note": secrets[4]}), http.StatusOK)
	d := w.scheduled(time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC), secrets[8])
	must(t, w.patchDebrief(w.Coordinator, d["id"].(string), map[string]any{"notes": secrets[6], "status": "done"}), http.StatusOK)

	// The secrets are really there, for the coordinator's eyes.
	bs := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + w.Scene + "/boundaries", Token: w.Coordinator.Token}), http.StatusOK)
	if !strings.Contains(string(bs.Body), secrets[1]) {
		t.Fatal("the planted boundary note is missing: the test proves nothing")
	}

	for _, as := range []account{w.Producer, w.Coordinator} {
		res := must(t, covGet(s, as, w.Production, ""), http.StatusOK)
		noLeak(t, "coverage JSON", res.Body, secrets...)
		for _, word := range []string{"boundar", "note", "thighs", "footage", "reason\"", "location"} {
			if strings.Contains(strings.ToLower(string(res.Body)), word) {
				t.Errorf("coverage JSON mentions %q: %s", word, res.Body)
			}
		}
		csvRes, _, rows := covCSV(t, s, as, w.Production, "")
		noLeak(t, "coverage CSV", csvRes.Body, secrets...)
		if want := map[string]int{w.Producer.ID: 1, w.Coordinator.ID: 2}[as.ID]; len(rows) != want {
			t.Fatalf("%d CSV rows, want %d", len(rows), want)
		}
		ranged := must(t, covGet(s, as, w.Production, "?from=2026-12-01&to=2026-12-01"), http.StatusOK)
		noLeak(t, "ranged coverage JSON", ranged.Body, secrets...)
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

// TestRule10NeedToKnow_ProducerCoverageHasNoPerPersonConsent: the producer's
// coverage says how many of a scene's cast confirmed, are pending, declined
// or withdrew — never who: no consent in any cast entry of the JSON, no
// performer or consent column in the CSV. The coordinator sees both.
func TestRule10NeedToKnow_ProducerCoverageHasNoPerPersonConsent(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	w.published(w.Scene, "v1", step("Hold", map[string]string{w.PerformerA.ID: "none", w.PerformerB.ID: "none"}, nil, ""))
	must(t, w.decide(w.PerformerA, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(w.PerformerB, w.Scene, 1, "declined", ""), http.StatusOK)

	for _, as := range []account{w.Producer, w.Coordinator} {
		producer := as.ID == w.Producer.ID
		cov := must(t, covGet(s, as, w.Production, ""), http.StatusOK).JSON(t)
		sc := cov["scenes"].([]any)[0].(map[string]any)
		want := map[string]any{"confirmed": 1.0, "pending": 0.0, "declined": 1.0, "withdrawn": 0.0}
		if !reflect.DeepEqual(sc["consentCounts"], want) {
			t.Errorf("consentCounts %v, want %v", sc["consentCounts"], want)
		}
		for _, c := range sc["cast"].([]any) {
			if _, has := c.(map[string]any)["consent"]; has == producer {
				t.Errorf("producer %v: cast entry %v", producer, c)
			}
		}
		res, records, rows := covCSV(t, s, as, w.Production, "")
		hasPerformer := slices.Contains(records[0], "performer") || slices.Contains(records[0], "consent")
		if hasPerformer == producer || producer && (len(rows) != 1 || strings.Contains(string(res.Body), "Ben Actor")) {
			t.Errorf("producer %v: CSV %s", producer, res.Body)
		}
		if rows[0]["consent_declined"] != "1" || rows[0]["consent_confirmed"] != "1" {
			t.Errorf("CSV counts %v", rows[0])
		}
	}
}
