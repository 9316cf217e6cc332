package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// Consent (api.md "Consent"; product.md rules 1–4 and 10).

func TestConsentPendingWithoutDecision(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("80", []string{"kissing"}, w.PerformerA, w.PerformerB)
	check := func(t *testing.T) {
		t.Helper()
		all, _ := w.consents(w.Coordinator, id)
		if len(all) != 2 {
			t.Fatalf("consents %v, want one per cast member", all)
		}
		for _, p := range []account{w.PerformerA, w.PerformerB} {
			c := all[p.ID]
			want := map[string]any{"userId": p.ID, "displayName": c["displayName"], "state": "pending", "version": nil,
				"decidedAt": nil, "postPhotography": false}
			if !jsonEqual(t, c, want) || c["displayName"] == "" {
				t.Errorf("consent %v, want %v", c, want)
			}
		}
	}
	check(t)
	// publishing does not infer consent from silence
	w.published(id, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	check(t)
	t.Run("ErrNoChoreography", func(t *testing.T) {
		w := w.in(t)
		other := w.scene("81", []string{"kissing"}, w.PerformerA)
		assertProblem(t, w.decide(w.PerformerA, other, 1, "confirmed", ""), http.StatusNotFound, "no_choreography")
	})
}

// Rule 1: a confirmation names the version it confirms; a version that is not
// the current one is refused with 409 and the current version number.
func TestRule1ConsentIsSpecific(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("90", []string{"kissing"}, w.PerformerA, w.PerformerB)
	w.published(id, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	w.published(id, "v2", w.kissStep(w.PerformerB, w.PerformerA))
	before := len(w.auditActions())

	for _, v := range []int{1, 3, 99} {
		for _, d := range []string{"confirmed", "declined"} {
			p := assertProblem(t, w.decide(w.PerformerA, id, v, d, ""), http.StatusConflict, "stale_version")
			if p["currentVersion"] != float64(2) {
				t.Errorf("currentVersion %v, want 2", p["currentVersion"])
			}
		}
	}
	if n := len(w.auditActions()); n != before {
		t.Errorf("refused decisions wrote %d audit events", n-before)
	}
	if all, _ := w.consents(w.Coordinator, id); all[w.PerformerA.ID]["state"] != "pending" {
		t.Errorf("state %v after stale decisions", all[w.PerformerA.ID]["state"])
	}

	t.Run("OK current version", func(t *testing.T) {
		w := w.in(t)
		c := must(t, w.decide(w.PerformerA, id, 2, "confirmed", ""), http.StatusOK).JSON(t)
		if c["userId"] != w.PerformerA.ID || c["displayName"] != "Ada Actor" || c["state"] != "confirmed" || c["version"] != float64(2) ||
			c["postPhotography"] != false {
			t.Errorf("consent %v", c)
		}
		if at := parseTime(t, c["decidedAt"]); !at.Equal(s.Clock.Now()) {
			t.Errorf("decidedAt %v, want %v", at, s.Clock.Now())
		}
		if _, ok := c["note"]; ok {
			t.Errorf("note without a note: %v", c)
		}
		all, _ := w.consents(w.Coordinator, id)
		if !jsonEqual(t, all[w.PerformerA.ID], c) {
			t.Errorf("listed %v, answered %v", all[w.PerformerA.ID], c)
		}
		actions := w.auditActions()
		if actions[len(actions)-1] != "consent.confirmed" {
			t.Errorf("last audit event %v", actions[len(actions)-1])
		}
	})
	t.Run("OK decline with a note", func(t *testing.T) {
		w := w.in(t)
		s.Clock.Advance(time.Minute)
		c := must(t, w.decide(w.PerformerB, id, 2, "declined", "  Not comfortable with step 1  "), http.StatusOK).JSON(t)
		if c["state"] != "declined" || c["version"] != float64(2) || c["note"] != "Not comfortable with step 1" {
			t.Errorf("consent %v", c)
		}
		all, _ := w.consents(w.Coordinator, id)
		if all[w.PerformerB.ID]["note"] != "Not comfortable with step 1" {
			t.Errorf("coordinator reads %v", all[w.PerformerB.ID])
		}
	})
	t.Run("OK change of mind on the same version", func(t *testing.T) {
		w := w.in(t)
		c := must(t, w.decide(w.PerformerB, id, 2, "confirmed", ""), http.StatusOK).JSON(t)
		if c["state"] != "confirmed" {
			t.Errorf("consent %v", c)
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		w := w.in(t)
		for name, body := range map[string]any{
			"withdrawn is not a decision": map[string]any{"version": 2, "decision": "withdrawn"},
			"pending is not a decision":   map[string]any{"version": 2, "decision": "pending"},
			"no version":                  map[string]any{"decision": "confirmed"},
			"version 0":                   map[string]any{"version": 0, "decision": "confirmed"},
			"no decision":                 map[string]any{"version": 2},
			"note too long":               map[string]any{"version": 2, "decision": "confirmed", "note": strings.Repeat("n", 2001)},
		} {
			res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + id + "/consent", Token: w.PerformerA.Token, Body: body})
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %s", name, res.Status, res.Body)
			}
		}
		res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + id + "/consent", Token: w.PerformerA.Token, Body: "{"})
		assertProblem(t, res, http.StatusBadRequest, "malformed_json")
	})
	t.Run("ErrNotTheCastMember", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.decide(w.Coordinator, id, 2, "confirmed", ""), http.StatusForbidden, "forbidden")
		assertProblem(t, w.decide(w.Producer, id, 2, "confirmed", ""), http.StatusForbidden, "forbidden")
		assertProblem(t, w.decide(w.PerformerC, id, 2, "confirmed", ""), http.StatusNotFound, "not_found")
		assertProblem(t, w.decide(w.Outsider, id, 2, "confirmed", ""), http.StatusNotFound, "not_found")
		assertProblem(t, w.decide(w.PerformerA, unknownID, 2, "confirmed", ""), http.StatusNotFound, "not_found")
	})
}

// Rule 2: a performer can withdraw at any time, in one tap, without giving a
// reason; it takes effect at once; coordinators see a note, producers never.
func TestRule2ConsentIsReversible(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("100", []string{"kissing"}, w.PerformerA, w.PerformerB)
	w.published(id, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.decide(w.PerformerA, id, 1, "confirmed", "happy"), http.StatusOK)
	must(t, w.decide(w.PerformerB, id, 1, "confirmed", ""), http.StatusOK)
	const secret = "private reason 7f3a"

	t.Run("OK no body", func(t *testing.T) {
		w := w.in(t)
		s.Clock.Advance(time.Minute)
		c := must(t, w.withdraw(w.PerformerA, id, nil), http.StatusOK).JSON(t)
		if c["state"] != "withdrawn" || c["version"] != float64(1) || c["postPhotography"] != false || c["userId"] != w.PerformerA.ID {
			t.Errorf("consent %v", c)
		}
		if _, ok := c["note"]; ok {
			t.Errorf("note on a withdrawal without one: %v", c)
		}
		if at := parseTime(t, c["decidedAt"]); !at.Equal(s.Clock.Now()) {
			t.Errorf("decidedAt %v, want now", at)
		}
		// at once, for everyone entitled
		for _, as := range []account{w.Coordinator, w.PerformerA} {
			all, _ := w.consents(as, id)
			if all[w.PerformerA.ID]["state"] != "withdrawn" {
				t.Errorf("%s reads %v", as.Email, all[w.PerformerA.ID])
			}
		}
		if sum := w.consentSummary(w.Producer, id); sum["withdrawn"] != float64(1) { // producers: counts (rule 10)
			t.Errorf("producer's summary %v", sum)
		}
		if acts := w.auditActions(); acts[len(acts)-1] != "consent.withdrawn" {
			t.Errorf("last audit event %s", acts[len(acts)-1])
		}
	})
	t.Run("OK empty object", func(t *testing.T) {
		w := w.in(t)
		c := must(t, w.withdraw(w.PerformerA, id, map[string]any{}), http.StatusOK).JSON(t)
		if c["state"] != "withdrawn" {
			t.Errorf("consent %v", c)
		}
	})
	t.Run("OK with a note: coordinators see it, producers never", func(t *testing.T) {
		w := w.in(t)
		c := must(t, w.withdraw(w.PerformerB, id, map[string]any{"note": secret}), http.StatusOK).JSON(t)
		if c["state"] != "withdrawn" || c["note"] != secret {
			t.Errorf("consent %v", c)
		}
		all, _ := w.consents(w.Coordinator, id)
		if all[w.PerformerB.ID]["note"] != secret || all[w.PerformerB.ID]["state"] != "withdrawn" {
			t.Errorf("coordinator reads %v", all[w.PerformerB.ID])
		}
		all, _ = w.consents(w.PerformerB, id)
		if all[w.PerformerB.ID]["note"] != secret {
			t.Errorf("the performer reads %v", all[w.PerformerB.ID])
		}
		res := w.do(w.Producer, "GET", "/api/v1/scenes/"+id+"/consents", nil)
		assertProblem(t, res, http.StatusForbidden, "forbidden")
		noLeak(t, "the producer's consents", res.Body, secret, "happy")
		if sum := w.consentSummary(w.Producer, id); sum["withdrawn"] != float64(2) {
			t.Errorf("producer does not learn of the withdrawal as a count: %v", sum)
		}
		_, audit := w.auditEvents(w.Coordinator)
		noLeak(t, "the audit log", []byte(audit), secret)
	})
	t.Run("OK confirm again after withdrawing", func(t *testing.T) {
		w := w.in(t)
		c := must(t, w.decide(w.PerformerA, id, 1, "confirmed", ""), http.StatusOK).JSON(t)
		if c["state"] != "confirmed" {
			t.Errorf("consent %v", c)
		}
	})
	t.Run("OK withdraw before any choreography", func(t *testing.T) {
		w := w.in(t)
		other := w.scene("101", []string{"kissing"}, w.PerformerA)
		c := must(t, w.withdraw(w.PerformerA, other, nil), http.StatusOK).JSON(t)
		if c["state"] != "withdrawn" {
			t.Errorf("consent %v", c)
		}
		all, _ := w.consents(w.Coordinator, other)
		if all[w.PerformerA.ID]["state"] != "withdrawn" {
			t.Errorf("listed %v", all[w.PerformerA.ID])
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.withdraw(w.PerformerA, id, map[string]any{"note": strings.Repeat("n", 2001)}), http.StatusUnprocessableEntity, "validation_failed")
		assertProblem(t, w.withdraw(w.PerformerA, id, "{"), http.StatusBadRequest, "malformed_json")
	})
	t.Run("ErrNotTheCastMember", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.withdraw(w.Coordinator, id, nil), http.StatusForbidden, "forbidden")
		assertProblem(t, w.withdraw(w.Producer, id, nil), http.StatusForbidden, "forbidden")
		assertProblem(t, w.withdraw(w.PerformerC, id, nil), http.StatusNotFound, "not_found")
		assertProblem(t, w.withdraw(w.Outsider, id, nil), http.StatusNotFound, "not_found")
	})
}

// Rule 3: after photography a withdrawal is still recorded, flagged
// postPhotography, and history is not rewritten.
func TestRule3AfterPhotography(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("110", []string{"partial_nudity"}, w.PerformerA, w.PerformerB)
	w.published(id, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.decide(w.PerformerA, id, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(w.PerformerB, id, 1, "confirmed", ""), http.StatusOK)

	for _, status := range []string{"shot", "wrapped"} {
		t.Run(status, func(t *testing.T) {
			w := w.in(t)
			must(t, w.patchScene(w.Producer, id, map[string]any{"status": status}), http.StatusOK)
			p := w.PerformerA
			if status == "wrapped" {
				p = w.PerformerB
			}
			c := must(t, w.withdraw(p, id, map[string]any{"note": "footage worry"}), http.StatusOK).JSON(t)
			if c["state"] != "withdrawn" || c["postPhotography"] != true || c["version"] != float64(1) {
				t.Errorf("consent %v", c)
			}
			for _, as := range []account{w.Coordinator, p} {
				all, _ := w.consents(as, id)
				if got := all[p.ID]; got["state"] != "withdrawn" || got["postPhotography"] != true {
					t.Errorf("%s reads %v", as.Email, got)
				}
			}
			if sum := w.consentSummary(w.Producer, id); sum["withdrawn"] == float64(0) {
				t.Errorf("producer's summary %v", sum)
			}
			evs, _ := w.auditEvents(w.Coordinator)
			last := evs[len(evs)-1]
			data := last["data"].(map[string]any)
			if last["action"] != "consent.withdrawn" || data["postPhotography"] != true || data["userId"] != p.ID {
				t.Errorf("audit event %v", last)
			}
			// the earlier confirmation stays on the record
			confirmed := 0
			for _, e := range evs {
				if e["action"] == "consent.confirmed" && e["data"].(map[string]any)["userId"] == p.ID {
					confirmed++
				}
			}
			if confirmed != 1 {
				t.Errorf("%d consent.confirmed events for the performer, want 1", confirmed)
			}
			// the scene keeps its status
			if sc := w.getScene(w.Producer, id); sc["status"] != status {
				t.Errorf("status %v", sc["status"])
			}
		})
	}
	t.Run("planned: not post-photography", func(t *testing.T) {
		w := w.in(t)
		other := w.scene("111", []string{"kissing"}, w.PerformerA)
		if c := must(t, w.withdraw(w.PerformerA, other, nil), http.StatusOK).JSON(t); c["postPhotography"] != false {
			t.Errorf("consent %v", c)
		}
	})
}

// Rule 4: publishing a new version sets every cast member to pending; a
// withdrawal stands until the performer confirms the current version.
func TestRule4RevisionsReopenConsent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("120", []string{"kissing"}, w.PerformerA, w.PerformerB, w.PerformerC)
	w.published(id, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.decide(w.PerformerA, id, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(w.PerformerB, id, 1, "declined", ""), http.StatusOK)
	must(t, w.decide(w.PerformerC, id, 1, "confirmed", ""), http.StatusOK)
	must(t, w.withdraw(w.PerformerC, id, nil), http.StatusOK)

	states := func(t *testing.T) map[string][2]any {
		t.Helper()
		all, _ := w.consents(w.Coordinator, id)
		out := map[string][2]any{}
		for _, p := range []account{w.PerformerA, w.PerformerB, w.PerformerC} {
			out[p.Email] = [2]any{all[p.ID]["state"], all[p.ID]["version"]}
		}
		return out
	}
	want := map[string][2]any{w.PerformerA.Email: {"confirmed", 1.0}, w.PerformerB.Email: {"declined", 1.0}, w.PerformerC.Email: {"withdrawn", 1.0}}
	if got := states(t); !jsonEqual(t, got, want) {
		t.Fatalf("before v2: %v, want %v", got, want)
	}
	w.published(id, "v2", w.kissStep(w.PerformerB, w.PerformerA))
	want = map[string][2]any{w.PerformerA.Email: {"pending", 1.0}, w.PerformerB.Email: {"pending", 1.0}, w.PerformerC.Email: {"withdrawn", 1.0}}
	if got := states(t); !jsonEqual(t, got, want) {
		t.Errorf("after v2: %v, want %v", got, want)
	}
	// each performer reads the same for themself
	for _, p := range []account{w.PerformerA, w.PerformerB, w.PerformerC} {
		all, _ := w.consents(p, id)
		if all[p.ID]["state"] != want[p.Email][0] {
			t.Errorf("%s reads %v", p.Email, all[p.ID])
		}
	}
	// a decision on v1 no longer counts
	assertProblem(t, w.decide(w.PerformerC, id, 1, "confirmed", ""), http.StatusConflict, "stale_version")
	// confirming v2 ends the withdrawal
	must(t, w.decide(w.PerformerA, id, 2, "confirmed", ""), http.StatusOK)
	must(t, w.decide(w.PerformerC, id, 2, "confirmed", ""), http.StatusOK)
	want = map[string][2]any{w.PerformerA.Email: {"confirmed", 2.0}, w.PerformerB.Email: {"pending", 1.0}, w.PerformerC.Email: {"confirmed", 2.0}}
	if got := states(t); !jsonEqual(t, got, want) {
		t.Errorf("after confirming v2: %v, want %v", got, want)
	}
	// and v3 re-opens them again
	w.published(id, "v3", w.kissStep(w.PerformerA, w.PerformerB))
	want = map[string][2]any{w.PerformerA.Email: {"pending", 2.0}, w.PerformerB.Email: {"pending", 1.0}, w.PerformerC.Email: {"pending", 2.0}}
	if got := states(t); !jsonEqual(t, got, want) {
		t.Errorf("after v3: %v, want %v", got, want)
	}
}

// Rule 10: performers see only their own scenes and consent entries, and
// other performers' riders are invisible; producers get no notes, flags or
// boundaries.
func TestRule10NeedToKnow(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	a, b := w.PerformerA.ID, w.PerformerB.ID
	const (
		decisionNote = "decision note 51c2"
		withdrawNote = "withdrawal note 9e0d"
		boundaryNote = "boundary note 44af"
	)
	tags := []string{"kissing", "partial_nudity"}
	id := w.scene("130", tags, w.PerformerA, w.PerformerB)
	other := w.scene("131", []string{"kissing"}, w.PerformerB)
	must(t, w.boundary(w.PerformerA, map[string]any{"kind": "note", "note": boundaryNote}), http.StatusCreated)
	must(t, w.boundary(w.PerformerA, map[string]any{"kind": "no_contact", "areas": []string{"thighs"}}), http.StatusCreated)
	must(t, w.boundary(w.PerformerB, map[string]any{"kind": "max_nudity", "maxNudity": "none", "sceneId": id}), http.StatusCreated)
	for _, p := range []account{w.PerformerA, w.PerformerB} {
		r := w.putRider(id, p, riderBody("none", []string{"lips"}, tags))
		must(t, w.sign(p, id, 1, p.Email), http.StatusOK)
		_ = r
	}
	v := w.published(id, "v1", step("Touch", map[string]string{a: "partial", b: "partial"}, [][3]string{{b, a, "thighs"}}, ""))
	if flags, _ := flagsOf(v); len(flags) == 0 {
		t.Fatalf("the fixture should raise flags for the coordinator: %v", v)
	}
	must(t, w.decide(w.PerformerA, id, 1, "confirmed", decisionNote), http.StatusOK)
	must(t, w.withdraw(w.PerformerB, id, map[string]any{"note": withdrawNote}), http.StatusOK)

	t.Run("performers list only their scenes", func(t *testing.T) {
		w := w.in(t)
		for p, want := range map[account][]string{w.PerformerA: {id}, w.PerformerB: {id, other}, w.PerformerC: {}} {
			var got []string
			for _, sc := range must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: p.Token}), http.StatusOK).List(t) {
				got = append(got, sc["id"].(string))
			}
			slices.Sort(got)
			want = slices.Clone(want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s lists %v, want %v", p.Email, got, want)
			}
		}
		for _, path := range []string{"", "/choreography", "/choreography/versions", "/choreography/versions/1", "/consents"} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + other + path, Token: w.PerformerA.Token})
			if res.Status != http.StatusNotFound {
				t.Errorf("GET %s of a scene A is not cast in: %d", path, res.Status)
			}
		}
	})
	t.Run("a performer sees only their own consent entry", func(t *testing.T) {
		w := w.in(t)
		all, raw := w.consents(w.PerformerA, id)
		if len(all) != 1 || all[a]["state"] != "confirmed" || all[a]["note"] != decisionNote {
			t.Errorf("performer A reads %s", raw)
		}
		noLeak(t, "A's consents", raw, b, withdrawNote)
		all, raw = w.consents(w.PerformerB, id)
		if len(all) != 1 || all[b]["state"] != "withdrawn" {
			t.Errorf("performer B reads %s", raw)
		}
		noLeak(t, "B's consents", raw, decisionNote)
	})
	t.Run("another performer's rider is not found", func(t *testing.T) {
		w := w.in(t)
		res := s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/riders/" + b, Token: w.PerformerA.Token})
		assertProblem(t, res, http.StatusNotFound, "not_found")
		res = s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/riders/" + a, Token: w.PerformerA.Token})
		must(t, res, http.StatusOK)
		res = s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + id + "/riders/" + b + "/sign", Token: w.PerformerA.Token,
			Body: map[string]any{"version": 1, "fullName": "Ada Actor"}})
		assertProblem(t, res, http.StatusNotFound, "not_found")
	})
	t.Run("producers get no notes, flags or boundaries", func(t *testing.T) {
		w := w.in(t)
		// flags are the coordinator's (api.md "Choreography"); a boundary
		// conflict in particular is never told to a producer (rule 6)
		secrets := []string{decisionNote, withdrawNote, boundaryNote, "boundary_conflict", "no_contact", "max_nudity"}
		for _, path := range []string{
			"/api/v1/productions/" + w.Production + "/scenes",
			"/api/v1/scenes/" + id,
			"/api/v1/scenes/" + id + "/choreography",
			"/api/v1/scenes/" + id + "/choreography/versions",
			"/api/v1/scenes/" + id + "/choreography/versions/1",
			"/api/v1/scenes/" + id + "/consents/summary",
			"/api/v1/scenes/" + id + "/riders/" + a,
			"/api/v1/scenes/" + id + "/riders/" + b,
			"/api/v1/productions/" + w.Production + "/audit/verify",
			"/api/v1/productions/" + w.Production + "/members",
		} {
			res := must(t, s.Do(request{Method: "GET", Path: path, Token: w.Producer.Token}), http.StatusOK)
			noLeak(t, "producer's GET "+path, res.Body, secrets...)
			if strings.Contains(path, "/choreography") {
				noLeak(t, "producer's GET "+path, res.Body, "exceeds_rider", "flags")
			}
		}
		for _, path := range []string{"/api/v1/scenes/" + id + "/consents", "/api/v1/productions/" + w.Production + "/audit"} {
			res := s.Do(request{Method: "GET", Path: path, Token: w.Producer.Token})
			assertProblem(t, res, http.StatusForbidden, "forbidden")
			noLeak(t, "the producer's 403", res.Body, secrets...)
		}
		if sum := w.consentSummary(w.Producer, id); sum["withdrawn"] != float64(1) {
			t.Errorf("the producer should still learn the scene is blocked, as a count: %v", sum)
		}
		res := s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: w.Producer.Token})
		assertProblem(t, res, http.StatusForbidden, "forbidden")
		noLeak(t, "the producer's 403", res.Body, secrets...)
	})
	t.Run("no private text in the logs", func(t *testing.T) {
		noLeak(t, "the server log", []byte(s.Logs.String()), decisionNote, withdrawNote, boundaryNote)
	})
	t.Run("coordinators see everything", func(t *testing.T) {
		w := w.in(t)
		all, _ := w.consents(w.Coordinator, id)
		if all[a]["note"] != decisionNote || all[b]["note"] != withdrawNote {
			t.Errorf("coordinator reads %v", all)
		}
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: w.Coordinator.Token}), http.StatusOK)
		if !strings.Contains(string(res.Body), boundaryNote) {
			t.Errorf("coordinator does not see the boundary note: %s", res.Body)
		}
	})
}

// Idempotency-Key on consent: the same key twice answers the same body with
// Idempotent-Replayed: true and records one decision.
func TestConsentIdempotencyKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("140", []string{"kissing"}, w.PerformerA)
	w.published(id, "v1", step("Alone", map[string]string{w.PerformerA.ID: "none"}, nil, ""))
	count := func(action string) int {
		n := 0
		for _, a := range w.auditActions() {
			if a == action {
				n++
			}
		}
		return n
	}
	do := func(method, path, key string, body any) response {
		return s.Do(request{Method: method, Path: "/api/v1/scenes/" + id + path, Token: w.PerformerA.Token, Body: body,
			Header: map[string]string{"Idempotency-Key": key}})
	}
	replayed := func(t *testing.T, first, again response) {
		t.Helper()
		if again.Status != first.Status || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay %d %s %q, first %d %s", again.Status, again.Body, again.Header.Get("Idempotent-Replayed"), first.Status, first.Body)
		}
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("the first answer says it was replayed")
		}
	}

	t.Run("decideConsent", func(t *testing.T) {
		first := must(t, do("PUT", "/consent", "tap-1", map[string]any{"version": 1, "decision": "confirmed"}), http.StatusOK)
		s.Clock.Advance(time.Second)
		again := do("PUT", "/consent", "tap-1", map[string]any{"version": 1, "decision": "confirmed"})
		replayed(t, first, again)
		if n := count("consent.confirmed"); n != 1 {
			t.Errorf("%d consent.confirmed events, want 1", n)
		}
	})
	t.Run("withdrawConsent", func(t *testing.T) {
		first := must(t, do("POST", "/consent/withdraw", "tap-2", map[string]any{"note": "stop"}), http.StatusOK)
		s.Clock.Advance(time.Second)
		again := do("POST", "/consent/withdraw", "tap-2", map[string]any{"note": "stop"})
		replayed(t, first, again)
		// also without a body, as the one-tap button sends it
		first = must(t, do("POST", "/consent/withdraw", "tap-3", nil), http.StatusOK)
		again = do("POST", "/consent/withdraw", "tap-3", nil)
		replayed(t, first, again)
		if n := count("consent.withdrawn"); n != 2 {
			t.Errorf("%d consent.withdrawn events, want 2", n)
		}
	})
	t.Run("a new key decides again", func(t *testing.T) {
		must(t, do("PUT", "/consent", "tap-4", map[string]any{"version": 1, "decision": "confirmed"}), http.StatusOK)
		if n := count("consent.confirmed"); n != 2 {
			t.Errorf("%d consent.confirmed events, want 2", n)
		}
	})
	t.Run("a refused decision is replayed too", func(t *testing.T) {
		first := do("PUT", "/consent", "tap-5", map[string]any{"version": 7, "decision": "confirmed"})
		assertProblem(t, first, http.StatusConflict, "stale_version")
		again := do("PUT", "/consent", "tap-5", map[string]any{"version": 7, "decision": "confirmed"})
		replayed(t, first, again)
	})
}
