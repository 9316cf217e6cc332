package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func myScenes(t *testing.T, s *testServer, a account) ([]map[string]any, []byte) {
	t.Helper()
	res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/me/scenes", Token: a.Token}), http.StatusOK)
	return res.List(t), res.Body
}

// TestMyScenesWhatNeedsMeFirst: a performer's scenes across productions come
// with their production's title and time zone, their own consent and rider
// state, their open check-in and next debrief, and what needs them; scenes
// that need them come first (an open check-in first, then by the earliest
// due time), then the rest by call time. Productions where they hold another
// role are not there.
func TestMyScenesWhatNeedsMeFirst(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s) // clock 2026-11-22 09:00 UTC; notice 48 h
	A, B := w.PerformerA, w.PerformerB
	sc := func(number, call string, tags []string, cast ...account) string {
		id := w.createScene(w.Coordinator, sceneBody(number, map[string]any{"callTime": call, "contentTags": tags,
			"coordinatorId": w.Coordinator.ID}))["id"].(string)
		for _, p := range cast {
			w.cast(id, p, map[string]any{"characterName": "Role"})
		}
		return id
	}
	kissing := []string{"kissing"}
	confirmed := sc("1", "2026-11-28T07:30:00Z", kissing, A, B) // confirmed; its debrief is in 3 days
	w.published(confirmed, "v1", w.kissStep(A, B))
	must(t, w.decide(A, confirmed, 1, "confirmed", ""), http.StatusOK)
	must(t, w.do(w.Coordinator, "POST", "/api/v1/scenes/"+confirmed+"/debriefs",
		map[string]any{"scheduledAt": "2026-11-25T18:00:00Z", "location": "Green room"}), http.StatusCreated)
	decide := sc("2", "2026-12-04T07:30:00Z", kissing, A, B) // pending on v1
	w.published(decide, "v1", w.kissStep(A, B))
	rider := sc("3", "2026-12-05T07:30:00Z", []string{"partial_nudity"}, A) // rider due 2026-12-03 07:30
	w.putRider(rider, A, riderBody("partial", []string{"back"}, []string{"partial_nudity"}))
	checkin := sc("4", "2026-12-10T07:30:00Z", kissing, A) // an open check-in
	ci := must(t, w.do(w.Coordinator, "POST", "/api/v1/scenes/"+checkin+"/checkins", map[string]any{"reason": "Before take 4"}), http.StatusCreated).JSON(t)
	quiet := sc("5", "2026-11-30T07:30:00Z", kissing, A) // nothing to do; a debrief in four weeks
	far := must(t, w.do(w.Coordinator, "POST", "/api/v1/scenes/"+quiet+"/debriefs",
		map[string]any{"scheduledAt": "2026-12-20T18:00:00Z", "location": "Green room"}), http.StatusCreated).JSON(t)
	sc("6", "2026-11-29T07:30:00Z", kissing, B) // not A's

	// A second production, in New York, where A is a performer too.
	p2 := must(t, w.do(w.Producer, "POST", "/api/v1/productions", map[string]any{"title": "Harbour Lights", "kind": "film",
		"timezone": "America/New_York"}), http.StatusCreated).JSON(t)["id"].(string)
	s.join(w.Producer, p2, w.Coordinator, "coordinator")
	s.join(w.Producer, p2, A, "performer")
	w2 := *w
	w2.Production = p2
	other := w2.scene("X", kissing, A) // pending on v1, call 2026-12-01 07:30
	w2.published(other, "v1", step("Wave", map[string]string{A.ID: "none"}, nil, ""))
	// A third production that A produces: not a performer's scenes.
	p3 := s.createProduction(A, "A's Own Short")
	w3 := *w
	w3.Production = p3
	w3.createScene(A, sceneBody("Z", nil))

	items, _ := myScenes(t, s, A)
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%v %v", it["number"], it["needs"]))
	}
	want := []string{"4 [answer_checkin]", "1 [debrief]", "X [decide]", "3 [sign_rider]", "2 [decide]", "5 []"}
	if !slices.Equal(got, want) {
		t.Fatalf("order and needs\n%v\nwant\n%v", got, want)
	}
	by := map[string]map[string]any{}
	for _, it := range items {
		by[it["number"].(string)] = it
	}
	if it := by["4"]; it["openCheckin"].(map[string]any)["id"] != ci["id"] || it["openCheckin"].(map[string]any)["expiresAt"] != ci["expiresAt"] {
		t.Errorf("open check-in %v, want %v", it["openCheckin"], ci)
	}
	if it := by["3"]; it["riderDueAt"] != "2026-12-03T07:30:00Z" || it["myRider"] != "unsigned" {
		t.Errorf("rider: due %v, myRider %v", it["riderDueAt"], it["myRider"])
	}
	if it := by["1"]; it["myConsent"] != "confirmed" || it["nextDebrief"].(map[string]any)["scheduledAt"] != "2026-11-25T18:00:00Z" {
		t.Errorf("confirmed scene: %v %v", it["myConsent"], it["nextDebrief"])
	}
	if it := by["5"]; it["nextDebrief"].(map[string]any)["id"] != far["id"] || it["openCheckin"] != nil || it["riderDueAt"] != nil {
		t.Errorf("quiet scene: %v", it)
	}
	for n, it := range by {
		wantTitle, wantTZ := "Night Garden", "Europe/London"
		if n == "X" {
			wantTitle, wantTZ = "Harbour Lights", "America/New_York"
		}
		if it["productionTitle"] != wantTitle || it["timezone"] != wantTZ {
			t.Errorf("scene %s: production %v %v, want %s %s", n, it["productionTitle"], it["timezone"], wantTitle, wantTZ)
		}
		if _, ok := it["consentCounts"]; ok {
			t.Errorf("scene %s carries consent counts", n)
		}
	}

	// Answering, deciding and signing take those needs away.
	must(t, w.do(A, "POST", "/api/v1/checkins/"+ci["id"].(string)+"/response", map[string]any{"answer": "ok"}), http.StatusOK)
	must(t, w.decide(A, decide, 1, "confirmed", ""), http.StatusOK)
	must(t, w.sign(A, rider, 1, "Ada Actor"), http.StatusOK)
	items, _ = myScenes(t, s, A)
	got = got[:0]
	for _, it := range items {
		got = append(got, fmt.Sprintf("%v %v", it["number"], it["needs"]))
	}
	want = []string{"1 [debrief]", "X [decide]", "5 []", "2 []", "3 []", "4 []"}
	if !slices.Equal(got, want) {
		t.Errorf("after answering, deciding and signing\n%v\nwant\n%v", got, want)
	}
}

// TestRule10MyScenesShowOnlyMine: the list shows only the caller's own
// scenes and own records — never a castmate's decision, note, rider or
// check-in answer, never counts; the uncast performer, staff and outsiders
// get an empty list, and a removed performer loses the production's scenes.
func TestRule10MyScenesShowOnlyMine(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	w.published(w.Scene, "v1", w.kissStep(A, B))
	const secret = "only-for-the-coordinator"
	must(t, w.decide(B, w.Scene, 1, "declined", secret), http.StatusOK)
	w.putRider(w.Scene, B, riderBody("partial", []string{"back"}, []string{"partial_nudity", "restraint_suspension"}))
	must(t, w.sign(B, w.Scene, 1, "Ben Actor"), http.StatusOK)
	ci := must(t, w.do(w.Coordinator, "POST", "/api/v1/scenes/"+w.Scene+"/checkins", map[string]any{"reason": "Before take 4"}), http.StatusCreated).JSON(t)
	must(t, w.do(B, "POST", "/api/v1/checkins/"+ci["id"].(string)+"/response", map[string]any{"answer": "pause", "note": secret}), http.StatusOK)
	must(t, w.boundary(B, map[string]any{"kind": "note", "note": secret}), http.StatusCreated)
	onlyB := w.scene("9", []string{"kissing"}, B)

	items, body := myScenes(t, s, A)
	if len(items) != 1 || items[0]["id"] != w.Scene {
		t.Fatalf("A's scenes: %s", body)
	}
	it := items[0]
	if it["myConsent"] != "pending" || it["myRider"] != "unsigned" || !slices.Contains(anyStrings(it["needs"]), "decide") ||
		!slices.Contains(anyStrings(it["needs"]), "answer_checkin") {
		t.Errorf("A's own state: %s", body)
	}
	noLeak(t, "A's list", body, secret, "declined", "pause", onlyB, "consentCounts", "signedName")
	// Rider state sits on A's own cast entry only: required, none drafted yet (no riderVersion).
	for _, m := range it["cast"].([]any) {
		m := m.(map[string]any)
		switch m["userId"] {
		case A.ID:
			if _, drafted := m["riderVersion"]; m["rider"] != "unsigned" || drafted {
				t.Errorf("A's own cast entry: %v", m)
			}
		default:
			if _, ok := m["rider"]; ok {
				t.Errorf("A sees a castmate's rider: %v", m)
			}
			if _, ok := m["riderVersion"]; ok {
				t.Errorf("A sees a castmate's rider version: %v", m)
			}
		}
	}
	// Staff see every cast member's: B's signed version 1, A's not drafted.
	for _, who := range []account{w.Coordinator, w.Producer} {
		sc := must(t, w.do(who, "GET", "/api/v1/scenes/"+w.Scene, nil), http.StatusOK).JSON(t)
		riders := map[string]string{}
		for _, m := range sc["cast"].([]any) {
			m := m.(map[string]any)
			riders[m["userId"].(string)] = fmt.Sprintf("%v %v", m["rider"], m["riderVersion"])
		}
		if riders[A.ID] != "unsigned <nil>" || riders[B.ID] != "signed 1" {
			t.Errorf("%s sees riders %v", who.Email, riders)
		}
	}

	bItems, bBody := myScenes(t, s, B)
	if len(bItems) != 2 || bItems[0]["myConsent"] == nil {
		t.Fatalf("B's scenes: %s", bBody)
	}
	for _, it := range bItems {
		if it["id"] == w.Scene && (it["myConsent"] != "declined" || it["myRider"] != "signed" || it["openCheckin"] != nil) {
			t.Errorf("B's own state on the scene: %v", it)
		}
	}
	noLeak(t, "B's list", bBody, secret)

	for _, a := range []account{w.PerformerC, w.Coordinator, w.Producer, w.Outsider} {
		if items, body := myScenes(t, s, a); len(items) != 0 || strings.TrimSpace(string(body)) != "[]" {
			t.Errorf("%s sees %s", a.Email, body)
		}
	}
	must(t, w.do(w.Producer, "DELETE", "/api/v1/productions/"+w.Production+"/members/"+A.ID, nil), http.StatusNoContent)
	if items, body := myScenes(t, s, A); len(items) != 0 {
		t.Errorf("removed, A still sees %s", body)
	}
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
