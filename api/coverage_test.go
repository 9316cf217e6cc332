package api_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"closedset/internal/service"
)

// Coverage (api.md "Coverage", product.md "Readiness" and rule 10): the
// producer's view of every scene's readiness with machine-readable reasons,
// consent and rider states of the current cast, the last check-in's outcome
// and the debrief — status, counts and dates only. Helpers are prefixed cov.

// covGet reads a production's coverage (query is "" or "?from=…&to=…").
func covGet(s *testServer, as account, production, query string) response {
	return s.Do(request{Method: "GET", Path: "/api/v1/productions/" + production + "/coverage" + query, Token: as.Token})
}

// covRead reads the coverage as a and returns it with its scenes by id.
func (w *world) covRead(as account, query string) (map[string]any, map[string]map[string]any) {
	w.t.Helper()
	cov := must(w.t, covGet(w.s, as, w.Production, query), http.StatusOK).JSON(w.t)
	byID := map[string]map[string]any{}
	for _, sc := range cov["scenes"].([]any) {
		m := sc.(map[string]any)
		byID[m["sceneId"].(string)] = m
	}
	return cov, byID
}

// covLine returns one scene's readiness and reasons as the coordinator reads
// them, failing when the scene is not in the coverage.
func (w *world) covLine(scene string) (string, []string, map[string]any) {
	w.t.Helper()
	_, byID := w.covRead(w.Coordinator, "")
	sc, ok := byID[scene]
	if !ok {
		w.t.Fatalf("scene %s is not in the coverage", scene)
	}
	reasons := []string{}
	for _, r := range sc["reasons"].([]any) {
		reasons = append(reasons, r.(string))
	}
	return sc["readiness"].(string), reasons, sc
}

// covCast maps a coverage scene's cast by user id to "consent/rider".
func covCast(sc map[string]any) map[string]string {
	out := map[string]string{}
	for _, c := range sc["cast"].([]any) {
		m := c.(map[string]any)
		out[m["userId"].(string)] = fmt.Sprintf("%v/%v", m["consent"], m["rider"])
	}
	return out
}

// covAccount registers a user with an exact display name.
func covAccount(t testing.TB, s *testServer, email, name string) account {
	t.Helper()
	sess, err := s.Svc.Register(context.Background(), service.RegisterInput{Email: email, Password: "correct horse battery",
		DisplayName: name}, "203.0.113.7")
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return account{ID: sess.User.ID, Email: email, Token: sess.AccessToken, Refresh: sess.RefreshToken}
}

// covLateCall is a call time 23 hours after the test clock's start: inside
// the 48-hour notice period, so a rider signed now is late.
const covLateCall = "2026-11-23T08:00:00Z"

// TestCoverageReasons walks every reason code of product.md (and
// consent_declined) through the API: each scene is put in one state by the
// use cases people use, and the coverage reports exactly the expected
// readiness and reasons.
func TestCoverageReasons(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	A, B := w.PerformerA, w.PerformerB
	kiss := []string{"kissing"}
	nudity := []string{"kissing", "partial_nudity"}
	riderFor := func(scene string, p account, n string, areas []string) {
		w.putRider(scene, p, riderBody(n, areas, nudity))
		must(t, w.sign(p, scene, 1, "Signed Name"), http.StatusOK)
	}
	confirm := func(scene string, ps ...account) {
		for _, p := range ps {
			must(t, w.decide(p, scene, 1, "confirmed", ""), http.StatusOK)
		}
	}
	type line struct {
		name, scene, readiness string
		reasons                []string
		cast                   map[string]string
	}
	var lines []line
	add := func(name, scene, readiness string, reasons []string, cast map[string]string) {
		lines = append(lines, line{name, scene, readiness, reasons, cast})
	}

	ready := w.scene("10", kiss, A, B)
	w.published(ready, "v1", w.kissStep(A, B))
	confirm(ready, A, B)
	add("ready", ready, "ready", nil, map[string]string{A.ID: "confirmed/not_required", B.ID: "confirmed/not_required"})

	notNeeded := w.createScene(w.Coordinator, sceneBody("11", map[string]any{"contentTags": []string{}}))["id"].(string)
	add("not needed", notNeeded, "not_needed", nil, map[string]string{})

	noIC := w.createScene(w.Producer, sceneBody("12", nil))["id"].(string)
	add("no_coordinator", noIC, "blocked", []string{"no_coordinator", "no_choreography"}, map[string]string{})

	noChoreo := w.scene("13", kiss, A)
	add("no_choreography", noChoreo, "at_risk", []string{"no_choreography"}, map[string]string{A.ID: "pending/not_required"})

	pending := w.scene("14", kiss, A, B)
	w.published(pending, "v1", w.kissStep(A, B))
	confirm(pending, A)
	add("consent_pending", pending, "at_risk", []string{"consent_pending"}, map[string]string{A.ID: "confirmed/not_required", B.ID: "pending/not_required"})

	declined := w.scene("15", kiss, A, B)
	w.published(declined, "v1", w.kissStep(A, B))
	confirm(declined, A)
	must(t, w.decide(B, declined, 1, "declined", ""), http.StatusOK)
	add("consent_declined", declined, "blocked", []string{"consent_declined"}, map[string]string{A.ID: "confirmed/not_required", B.ID: "declined/not_required"})

	withdrawn := w.scene("16", kiss, A, B)
	w.published(withdrawn, "v1", w.kissStep(A, B))
	confirm(withdrawn, A, B)
	must(t, w.withdraw(A, withdrawn, nil), http.StatusOK)
	add("consent_withdrawn", withdrawn, "blocked", []string{"consent_withdrawn"}, map[string]string{A.ID: "withdrawn/not_required", B.ID: "confirmed/not_required"})

	revised := w.scene("17", kiss, A, B)
	w.published(revised, "v1", w.kissStep(A, B))
	confirm(revised, A, B)
	w.published(revised, "v2", w.kissStep(A, B), w.kissStep(B, A))
	must(t, w.decide(A, revised, 2, "confirmed", ""), http.StatusOK)
	add("a revision re-opens consent (rule 4)", revised, "at_risk", []string{"consent_pending"}, map[string]string{A.ID: "confirmed/not_required", B.ID: "pending/not_required"})

	exceeds := w.scene("20", nudity, A)
	riderFor(exceeds, A, "none", []string{"lips"})
	w.published(exceeds, "v1", step("Undress", map[string]string{A.ID: "partial"}, nil, ""))
	confirm(exceeds, A)
	add("exceeds_rider", exceeds, "blocked", []string{"exceeds_rider"}, map[string]string{A.ID: "confirmed/signed"})

	noRider := w.scene("21", nudity, A)
	w.published(noRider, "v1", step("Look", map[string]string{A.ID: "none"}, nil, ""))
	confirm(noRider, A)
	add("rider_missing", noRider, "at_risk", []string{"rider_missing"}, map[string]string{A.ID: "confirmed/unsigned"})

	drafted := w.scene("22", nudity, A)
	w.putRider(drafted, A, riderBody("partial", []string{"back"}, nudity))
	w.published(drafted, "v1", step("Look", map[string]string{A.ID: "none"}, nil, ""))
	confirm(drafted, A)
	add("rider_missing: drafted, not signed", drafted, "at_risk", []string{"rider_missing"}, map[string]string{A.ID: "confirmed/unsigned"})

	late := w.createScene(w.Coordinator, sceneBody("23", map[string]any{"contentTags": nudity, "callTime": covLateCall,
		"coordinatorId": w.Coordinator.ID, "closedSet": map[string]any{"roster": []string{"Director"}}}))["id"].(string)
	w.cast(late, A, map[string]any{"characterName": "Mara"})
	riderFor(late, A, "partial", []string{"back"})
	w.published(late, "v1", step("Look", map[string]string{A.ID: "none"}, nil, ""))
	confirm(late, A)
	add("late_rider", late, "at_risk", []string{"late_rider"}, map[string]string{A.ID: "confirmed/late"})

	noClosedSet := w.createScene(w.Coordinator, sceneBody("24", map[string]any{"contentTags": nudity,
		"coordinatorId": w.Coordinator.ID}))["id"].(string)
	w.cast(noClosedSet, A, map[string]any{"characterName": "Mara"})
	riderFor(noClosedSet, A, "partial", []string{"back"})
	w.published(noClosedSet, "v1", step("Look", map[string]string{A.ID: "partial"}, nil, ""))
	confirm(noClosedSet, A)
	add("closed_set_missing", noClosedSet, "at_risk", []string{"closed_set_missing"}, map[string]string{A.ID: "confirmed/signed"})

	minor := w.scene("25", kiss)
	w.cast(minor, A, map[string]any{"characterName": "Young Mara", "minor": true})
	w.published(minor, "v1", step("Look", map[string]string{A.ID: "none"}, nil, ""))
	confirm(minor, A)
	add("minor_rule", minor, "blocked", []string{"minor_rule"}, map[string]string{A.ID: "confirmed/not_required"})

	shot := w.scene("30", kiss, A)
	w.published(shot, "v1", step("Look", map[string]string{A.ID: "none"}, nil, ""))
	confirm(shot, A)
	must(t, w.patchScene(w.Coordinator, shot, map[string]any{"status": "shot"}), http.StatusOK)
	add("debrief_due", shot, "debrief_due", []string{"debrief_due"}, map[string]string{A.ID: "confirmed/not_required"})

	postWithdrawal := w.scene("31", kiss, A)
	w.published(postWithdrawal, "v1", step("Look", map[string]string{A.ID: "none"}, nil, ""))
	confirm(postWithdrawal, A)
	must(t, w.patchScene(w.Coordinator, postWithdrawal, map[string]any{"status": "wrapped"}), http.StatusOK)
	must(t, w.withdraw(A, postWithdrawal, nil), http.StatusOK)
	add("withdrawn after photography (rule 3) stays blocked", postWithdrawal, "blocked", []string{"consent_withdrawn", "debrief_due"},
		map[string]string{A.ID: "withdrawn/not_required"})

	cov, byID := w.covRead(w.Coordinator, "")
	seen := map[string]bool{}
	for _, l := range lines {
		t.Run(l.name, func(t *testing.T) {
			sc, ok := byID[l.scene]
			if !ok {
				t.Fatal("scene missing from the coverage")
			}
			reasons := []string{}
			for _, r := range sc["reasons"].([]any) {
				reasons = append(reasons, r.(string))
				seen[r.(string)] = true
			}
			if l.reasons == nil {
				l.reasons = []string{}
			}
			if sc["readiness"] != l.readiness || !reflect.DeepEqual(reasons, l.reasons) {
				t.Errorf("%v %v, want %s %v", sc["readiness"], reasons, l.readiness, l.reasons)
			}
			if got := covCast(sc); !reflect.DeepEqual(got, l.cast) {
				t.Errorf("cast %v, want %v", got, l.cast)
			}
		})
	}
	for _, code := range []string{"no_coordinator", "consent_pending", "consent_declined", "consent_withdrawn", "exceeds_rider",
		"rider_missing", "late_rider", "closed_set_missing", "no_choreography", "debrief_due", "minor_rule"} {
		if !seen[code] {
			t.Errorf("no scene reports %s", code)
		}
	}

	// The summary counts the lines; consentConfirmedPct is over the cast
	// entries of tagged scenes: 19 entries, 13 confirmed.
	want := map[string]any{"scenes": 16.0, "notNeeded": 1.0, "ready": 1.0, "atRisk": 7.0, "blocked": 6.0, "debriefDue": 1.0,
		"consentConfirmedPct": 68.4}
	if got := cov["summary"].(map[string]any); !reflect.DeepEqual(got, want) {
		t.Errorf("summary %v, want %v", got, want)
	}

	// The producer reads the same coverage without anyone's consent (rule
	// 10): each scene's consentCounts count the coordinator's cast entries.
	_, asProducer := w.covRead(w.Producer, "")
	for id, sc := range byID {
		counts := map[string]any{"confirmed": 0.0, "pending": 0.0, "declined": 0.0, "withdrawn": 0.0}
		for _, c := range sc["cast"].([]any) {
			m := c.(map[string]any)
			counts[m["consent"].(string)] = counts[m["consent"].(string)].(float64) + 1
			delete(m, "consent")
		}
		if !reflect.DeepEqual(sc["consentCounts"], counts) {
			t.Errorf("scene %v: consentCounts %v, cast says %v", sc["number"], sc["consentCounts"], counts)
		}
		if !jsonEqual(t, asProducer[id], sc) {
			t.Errorf("scene %v: the producer's line differs from the coordinator's without consent", sc["number"])
		}
	}
}

// TestCoverageOrderAndShape: scenes come by call time, then number; every
// line names its coordinator, status, tags and current version.
func TestCoverageOrderAndShape(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	for _, sc := range []struct{ number, call string }{
		{"9", "2026-12-03T07:00:00Z"}, {"2B", "2026-12-01T07:30:00Z"}, {"2A", "2026-12-01T07:30:00Z"}, {"1", "2026-12-02T06:00:00Z"},
	} {
		w.createScene(w.Coordinator, sceneBody(sc.number, map[string]any{"callTime": sc.call, "coordinatorId": w.Coordinator.ID}))
	}
	cov, _ := w.covRead(w.Producer, "")
	var numbers []string
	for _, sc := range cov["scenes"].([]any) {
		m := sc.(map[string]any)
		numbers = append(numbers, m["number"].(string))
		if c := m["coordinator"].(map[string]any); c["userId"] != w.Coordinator.ID || c["displayName"] != "Cory Coordinator" {
			t.Errorf("coordinator %v", c)
		}
		if m["status"] != "planned" || m["currentVersion"] != nil || m["lastCheckIn"] != nil || m["debrief"] != nil {
			t.Errorf("line %v", m)
		}
		if !reflect.DeepEqual(m["contentTags"], []any{"kissing"}) {
			t.Errorf("tags %v", m["contentTags"])
		}
	}
	if want := []string{"2A", "2B", "1", "9"}; !reflect.DeepEqual(numbers, want) {
		t.Errorf("order %v, want %v", numbers, want)
	}
	if cov["productionId"] != w.Production || parseTime(t, cov["generatedAt"]) != s.Clock.Now() {
		t.Errorf("header %v %v", cov["productionId"], cov["generatedAt"])
	}

	// An empty production answers with zero counts.
	p := s.createProduction(w.Producer, "Empty")
	res := must(t, covGet(s, w.Producer, p, ""), http.StatusOK).JSON(t)
	if len(res["scenes"].([]any)) != 0 || res["summary"].(map[string]any)["consentConfirmedPct"] != 0.0 {
		t.Errorf("empty coverage %v", res)
	}
}

// TestCoverageLastCheckInAndDebrief: the latest check-in's outcome (null
// while open and incomplete, no_response once expired) and the latest debrief
// that is not cancelled.
func TestCoverageLastCheckInAndDebrief(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	line := func() map[string]any { _, _, sc := w.covLine(w.Scene); return sc }
	if sc := line(); sc["lastCheckIn"] != nil || sc["debrief"] != nil {
		t.Fatalf("fresh scene %v %v", sc["lastCheckIn"], sc["debrief"])
	}

	first := w.requested("before take 1", 60)
	must(t, w.answer(w.PerformerA, first["id"].(string), "ok", ""), http.StatusOK)
	ci := line()["lastCheckIn"].(map[string]any)
	if ci["outcome"] != nil || parseTime(t, ci["at"]) != s.Clock.Now() {
		t.Errorf("open, incomplete check-in %v", ci)
	}
	must(t, w.answer(w.PerformerB, first["id"].(string), "pause", ""), http.StatusOK)
	if ci := line()["lastCheckIn"].(map[string]any); ci["outcome"] != "pause" {
		t.Errorf("answered check-in %v", ci)
	}

	s.Clock.Advance(time.Minute)
	second := w.requested("before take 2", 30, w.PerformerA)
	if ci := line()["lastCheckIn"].(map[string]any); ci["outcome"] != nil || parseTime(t, ci["at"]) != s.Clock.Now() {
		t.Errorf("the latest check-in is not shown: %v (second %v)", ci, second["id"])
	}
	s.Clock.Advance(31 * time.Second) // expired unanswered: silence is never OK
	if ci := line()["lastCheckIn"].(map[string]any); ci["outcome"] != "no_response" {
		t.Errorf("expired check-in %v", ci)
	}

	must(t, w.patchScene(w.Coordinator, w.Scene, map[string]any{"status": "shot"}), http.StatusOK)
	if r, reasons, _ := w.covLine(w.Scene); r != "debrief_due" && !contains(reasons, "debrief_due") {
		t.Errorf("shot without debrief: %s %v", r, reasons)
	}
	early := w.scheduled(debriefAt, "Green room")
	later := w.scheduled(debriefAt.Add(24*time.Hour), "Video call")
	d := line()["debrief"].(map[string]any)
	if d["status"] != "scheduled" || !parseTime(t, d["scheduledAt"]).Equal(debriefAt.Add(24*time.Hour)) {
		t.Errorf("latest debrief %v", d)
	}
	must(t, w.patchDebrief(w.Coordinator, later["id"].(string), map[string]any{"status": "cancelled"}), http.StatusOK)
	if d := line()["debrief"].(map[string]any); d["status"] != "scheduled" || !parseTime(t, d["scheduledAt"]).Equal(debriefAt) {
		t.Errorf("a cancelled debrief hides the scheduled one: %v", d)
	}
	must(t, w.patchDebrief(w.Coordinator, early["id"].(string), map[string]any{"status": "cancelled"}), http.StatusOK)
	if sc := line(); sc["debrief"] != nil || !contains(covReasons(sc), "debrief_due") {
		t.Errorf("every debrief cancelled: %v %v", sc["debrief"], sc["reasons"])
	}
	last := w.scheduled(debriefAt.Add(48*time.Hour), "Green room")
	must(t, w.patchDebrief(w.Coordinator, last["id"].(string), map[string]any{"status": "done"}), http.StatusOK)
	if d := line()["debrief"].(map[string]any); d["status"] != "done" || !parseTime(t, d["scheduledAt"]).Equal(debriefAt.Add(48*time.Hour)) {
		t.Errorf("a done debrief after cancelled ones: %v", d)
	}
	if _, reasons, _ := w.covLine(w.Scene); contains(reasons, "debrief_due") {
		t.Errorf("debrief done, still due: %v", reasons)
	}
}

func covReasons(sc map[string]any) []string {
	var out []string
	for _, r := range sc["reasons"].([]any) {
		out = append(out, r.(string))
	}
	return out
}

func contains(l []string, v string) bool { return slices.Contains(l, v) }

// TestCoverageIgnoresRemovedCast: consent and rider rows stay behind when a
// performer leaves the cast; the coverage counts the current cast only.
func TestCoverageIgnoresRemovedCast(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	sc := w.scene("5", []string{"kissing", "partial_nudity"}, w.PerformerA, w.PerformerB)
	for _, p := range []account{w.PerformerA, w.PerformerB} {
		w.putRider(sc, p, riderBody("none", []string{"lips"}, []string{"kissing", "partial_nudity"}))
	}
	must(t, w.sign(w.PerformerA, sc, 1, "Ada Actor"), http.StatusOK)
	w.published(sc, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.decide(w.PerformerA, sc, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(w.PerformerB, sc, 1, "declined", "not this one"), http.StatusOK)
	if r, reasons, _ := w.covLine(sc); r != "blocked" || !reflect.DeepEqual(reasons, []string{"consent_declined", "rider_missing"}) {
		t.Fatalf("before removal: %s %v", r, reasons)
	}
	must(t, s.Do(request{Method: "DELETE", Path: "/api/v1/scenes/" + sc + "/cast/" + w.PerformerB.ID, Token: w.Coordinator.Token}), http.StatusNoContent)
	r, reasons, line := w.covLine(sc)
	if r != "ready" || len(reasons) != 0 {
		t.Errorf("after removal: %s %v", r, reasons)
	}
	if got := covCast(line); !reflect.DeepEqual(got, map[string]string{w.PerformerA.ID: "confirmed/signed"}) {
		t.Errorf("cast %v", got)
	}
}
