package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

// Choreography (api.md "Choreography"; product.md rules 5, 7, 10).

func TestPublishChoreography(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("50", []string{"kissing", "touching"}, w.PerformerA, w.PerformerB)
	a, b := w.PerformerA.ID, w.PerformerB.ID
	steps := []map[string]any{
		w.kissStep(w.PerformerA, w.PerformerB),
		{"title": "Embrace", "description": "B holds A from behind; A turns.", "durationSec": 45,
			"performers": []map[string]any{{"userId": b, "nudity": "none"}, {"userId": a, "nudity": "partial"}},
			"contacts":   []map[string]any{{"fromUserId": b, "toUserId": a, "area": "hips"}, {"fromUserId": b, "toUserId": a, "area": "abdomen"}},
			"barrier":    "Modesty garment"},
		{"title": "Look", "description": "", "performers": []map[string]any{{"userId": a, "nudity": "none"}}, "contacts": []map[string]any{}},
	}

	t.Run("ErrNoChoreographyBeforeFirstPublish", func(t *testing.T) {
		for _, as := range []account{w.Producer, w.Coordinator, w.PerformerA} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography", Token: as.Token})
			assertProblem(t, res, http.StatusNotFound, "no_choreography")
			res = s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions", Token: as.Token})
			if l := must(t, res, http.StatusOK).List(t); len(l) != 0 {
				t.Errorf("versions %v before any publish", l)
			}
			res = s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions/1", Token: as.Token})
			assertProblem(t, res, http.StatusNotFound, "not_found")
		}
		if v, ok := w.getScene(w.Producer, id)["currentVersion"]; !ok || v != nil {
			t.Errorf("currentVersion %v (present %v), want null", v, ok)
		}
	})

	var v1 map[string]any
	t.Run("OK version 1, steps exactly as published", func(t *testing.T) {
		w := w.in(t)
		v1 = w.published(id, " First pass ", steps...)
		if v1["sceneId"] != id || v1["version"] != float64(1) || v1["summary"] != "First pass" || v1["publishedBy"] != w.Coordinator.ID {
			t.Errorf("choreography %v", v1)
		}
		if at := parseTime(t, v1["publishedAt"]); !at.Equal(s.Clock.Now()) {
			t.Errorf("publishedAt %v, want %v", at, s.Clock.Now())
		}
		if !jsonEqual(t, v1["steps"], steps) {
			t.Errorf("steps\n%v\nwant\n%v", v1["steps"], steps)
		}
		if flags, ok := flagsOf(v1); !ok || len(flags) != 0 {
			t.Errorf("coordinator's flags %v (present %v), want []", flags, ok)
		}
		if sc := w.getScene(w.Producer, id); sc["currentVersion"] != float64(1) {
			t.Errorf("scene currentVersion %v", sc["currentVersion"])
		}
	})
	t.Run("OK read back by everyone entitled", func(t *testing.T) {
		for _, as := range []account{w.Producer, w.Coordinator, w.PerformerA, w.PerformerB} {
			for _, path := range []string{"/choreography", "/choreography/versions/1"} {
				got := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + path, Token: as.Token}), http.StatusOK).JSON(t)
				if !jsonEqual(t, got["steps"], steps) || got["version"] != float64(1) || got["publishedAt"] != v1["publishedAt"] {
					t.Errorf("%s read %v", path, got)
				}
				// flags: every one for the coordinator, one's own for a
				// performer (none here), the key omitted for the producer
				if _, ok := got["flags"]; ok != (as != w.Producer) {
					t.Errorf("flags present %v for %s", ok, as.Email)
				}
			}
		}
	})
	t.Run("OK version 2, versions list and by number", func(t *testing.T) {
		w := w.in(t)
		s.Clock.Advance(time.Minute) // access tokens live 15 minutes
		v2steps := steps[:1]
		v2 := w.published(id, "Shorter", v2steps...)
		if v2["version"] != float64(2) {
			t.Fatalf("version %v", v2["version"])
		}
		list := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions", Token: w.PerformerB.Token}), http.StatusOK).List(t)
		want := []map[string]any{
			{"version": 1, "summary": "First pass", "publishedAt": v1["publishedAt"], "publishedBy": w.Coordinator.ID},
			{"version": 2, "summary": "Shorter", "publishedAt": v2["publishedAt"], "publishedBy": w.Coordinator.ID},
		}
		if !jsonEqual(t, list, want) {
			t.Errorf("versions %v\nwant %v", list, want)
		}
		cur := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography", Token: w.PerformerA.Token}), http.StatusOK).JSON(t)
		if flags, ok := flagsOf(cur); !ok || len(flags) != 0 || !jsonEqual(t, v2WithoutFlags(cur), v2WithoutFlags(v2)) {
			t.Errorf("current %v\nwant %v", cur, v2)
		}
		// version 1 is immutable
		old := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions/1", Token: w.Coordinator.Token}), http.StatusOK).JSON(t)
		if !jsonEqual(t, old, v1) {
			t.Errorf("version 1 now reads %v\nwas %v", old, v1)
		}
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions/3", Token: w.Coordinator.Token}),
			http.StatusNotFound, "not_found")
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions/0", Token: w.Coordinator.Token}),
			http.StatusBadRequest, "invalid_parameter")
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions/two", Token: w.Coordinator.Token}),
			http.StatusBadRequest, "invalid_parameter")
	})
	t.Run("ErrValidation", func(t *testing.T) {
		w := w.in(t)
		c := w.PerformerC.ID
		for _, tc := range []struct {
			name    string
			summary string
			steps   []map[string]any
			field   string
		}{
			{"blank summary", "  ", steps[:1], "summary"},
			{"no steps", "x", []map[string]any{}, "steps"},
			{"performer not cast", "x", []map[string]any{step("S", map[string]string{a: "none", c: "none"}, nil, "")}, "steps[0].performers[1].userId"},
			{"unknown performer", "x", []map[string]any{step("S", map[string]string{unknownID: "none"}, nil, "")}, "steps[0].performers[0].userId"},
			{"contact to someone not cast", "x", []map[string]any{steps[0], step("S", map[string]string{a: "none"}, [][3]string{{a, c, "hands"}}, "")}, "steps[1].contacts[0].toUserId"},
			{"contact from someone not in the step", "x", []map[string]any{step("S", map[string]string{a: "none"}, [][3]string{{b, a, "hands"}}, "")}, "steps[0].contacts[0].fromUserId"},
			{"unknown area", "x", []map[string]any{step("S", map[string]string{a: "none", b: "none"}, [][3]string{{b, a, "elbow"}}, "")}, "steps[0].contacts[0].area"},
			{"unknown nudity", "x", []map[string]any{step("S", map[string]string{a: "some"}, nil, "")}, "steps[0].performers[0].nudity"},
			{"performer twice", "x", []map[string]any{{"title": "S", "description": "", "contacts": []any{},
				"performers": []map[string]any{{"userId": a, "nudity": "none"}, {"userId": a, "nudity": "none"}}}}, "steps[0].performers[1].userId"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := w.in(t)
				p := assertProblem(t, w.publish(w.Coordinator, id, tc.summary, tc.steps...), http.StatusUnprocessableEntity, "validation_failed")
				if fields := problemFields(t, p); !slices.Contains(fields, tc.field) {
					t.Errorf("fields %v, want %s", fields, tc.field)
				}
			})
		}
		if sc := w.getScene(w.Producer, id); sc["currentVersion"] != float64(2) {
			t.Errorf("a refused publication moved currentVersion to %v", sc["currentVersion"])
		}
	})
	t.Run("ErrNotTheCoordinator", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.publish(w.Producer, id, "mine", steps[0]), http.StatusForbidden, "forbidden")
		assertProblem(t, w.publish(w.PerformerA, id, "mine", steps[0]), http.StatusForbidden, "forbidden")
		assertProblem(t, w.publish(w.PerformerC, id, "mine", steps[0]), http.StatusNotFound, "not_found")
		assertProblem(t, w.publish(w.Outsider, id, "mine", steps[0]), http.StatusNotFound, "not_found")
		assertProblem(t, w.publish(w.Coordinator, unknownID, "mine", steps[0]), http.StatusNotFound, "not_found")
	})
}

// v2WithoutFlags is a choreography as a non-coordinator reads it.
func v2WithoutFlags(c map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range c {
		if k != "flags" {
			out[k] = v
		}
	}
	return out
}

// Rule 7: a step with contact on the genital area must name a barrier,
// otherwise publishing is refused with 422 and nothing is published.
func TestRule7NoBarrierNoStep(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("60", []string{"simulated_sex"}, w.PerformerA, w.PerformerB)
	a, b := w.PerformerA.ID, w.PerformerB.ID
	w.published(id, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	events := len(w.auditActions())

	genital := func(barrier string) map[string]any {
		return step("Simulated", map[string]string{a: "partial", b: "partial"}, [][3]string{{a, b, "hips"}, {b, a, "genitals"}}, barrier)
	}
	for name, st := range map[string]map[string]any{"no barrier": genital(""), "blank barrier": genital("   ")} {
		t.Run("Err "+name, func(t *testing.T) {
			w := w.in(t)
			p := assertProblem(t, w.publish(w.Coordinator, id, "v2", w.kissStep(w.PerformerA, w.PerformerB), st), http.StatusUnprocessableEntity, "barrier_required")
			if fields := problemFields(t, p); !slices.Equal(fields, []string{"steps[1].barrier"}) {
				t.Errorf("fields %v, want [steps[1].barrier]", fields)
			}
		})
	}
	sc := w.getScene(w.Coordinator, id)
	if sc["currentVersion"] != float64(1) {
		t.Errorf("currentVersion %v after refused publications, want 1", sc["currentVersion"])
	}
	if l := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions", Token: w.Coordinator.Token}), http.StatusOK).List(t); len(l) != 1 {
		t.Errorf("versions %v", l)
	}
	if n := len(w.auditActions()); n != events {
		t.Errorf("refused publications wrote %d audit events", n-events)
	}
	// consent on version 1 was not re-opened
	// with a barrier it is published
	c := w.published(id, "v2", genital("Barrier cushion"))
	if c["version"] != float64(2) || !jsonEqual(t, c["steps"], []any{genital("Barrier cushion")}) {
		t.Errorf("published %v", c)
	}
	// genital contact on someone else's side needs one too
	st := step("Other way", map[string]string{a: "full", b: "full"}, [][3]string{{b, a, "genitals"}}, "")
	assertProblem(t, w.publish(w.Coordinator, id, "v3", st), http.StatusUnprocessableEntity, "barrier_required")
}

// Rule 5: a step asking more of a performer than their signed rider is flagged
// exceeds_rider, for coordinators only.
func TestRule5ExceedsRider(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	a, b := w.PerformerA.ID, w.PerformerB.ID
	tags := []string{"kissing", "partial_nudity"}
	id := w.scene("70", tags, w.PerformerA, w.PerformerB)
	areas := []string{"lips", "face", "shoulders", "back"}
	for _, p := range []account{w.PerformerA, w.PerformerB} {
		r := w.putRider(id, p, riderBody("none", areas, tags))
		must(t, w.sign(p, id, int(r["version"].(float64)), p.Email), http.StatusOK)
	}
	within := step("Kiss", map[string]string{a: "none", b: "none"}, [][3]string{{a, b, "lips"}, {b, a, "back"}}, "")

	t.Run("OK within the rider, no flags", func(t *testing.T) {
		w := w.in(t)
		c := w.published(id, "within", within)
		if flags, ok := flagsOf(c); !ok || len(flags) != 0 {
			t.Errorf("flags %v (present %v)", flags, ok)
		}
	})
	t.Run("OK nudity beyond the rider", func(t *testing.T) {
		w := w.in(t)
		st := step("Undress", map[string]string{a: "partial", b: "none"}, nil, "")
		c := w.published(id, "nudity", within, st)
		want := fmt.Sprintf("2/%s/exceeds_rider", a)
		flags, _ := flagsOf(c)
		if !slices.Equal(flags, []string{want}) {
			t.Errorf("flags %v, want [%s]", flags, want)
		}
		for _, f := range c["flags"].([]any) {
			if d, _ := f.(map[string]any)["detail"].(string); d == "" {
				t.Errorf("flag without detail: %v", f)
			}
		}
		// the coordinator reads the same flags; the producer gets no flags
		// key; each performer only their own, in plain words (rule 6)
		ver := fmt.Sprint(c["version"])
		for _, path := range []string{"/choreography", "/choreography/versions/" + ver} {
			got := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + path, Token: w.Coordinator.Token}), http.StatusOK).JSON(t)
			if !jsonEqual(t, got["flags"], c["flags"]) {
				t.Errorf("coordinator reads flags %v, published %v", got["flags"], c["flags"])
			}
			res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + path, Token: w.Producer.Token}), http.StatusOK)
			if _, ok := res.JSON(t)["flags"]; ok {
				t.Errorf("the producer sees flags: %s", res.Body)
			}
			noLeak(t, "the producer's choreography", res.Body, "exceeds_rider")
			mine := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + path, Token: w.PerformerA.Token}), http.StatusOK).JSON(t)
			if flags, _ := flagsOf(mine); !slices.Equal(flags, []string{want}) {
				t.Errorf("A's own flags %v, want [%s]", flags, want)
			}
			res = must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + path, Token: w.PerformerB.Token}), http.StatusOK)
			if flags, ok := flagsOf(res.JSON(t)); !ok || len(flags) != 0 {
				t.Errorf("B's flags %v (present %v), want none of A's", flags, ok)
			}
			noLeak(t, "the castmate's choreography", res.Body, "exceeds_rider")
		}
	})
	t.Run("OK area not agreed", func(t *testing.T) {
		w := w.in(t)
		st := step("Touch", map[string]string{a: "none", b: "none"}, [][3]string{{a, b, "thighs"}}, "")
		flags, _ := flagsOf(w.published(id, "area", st))
		if want := fmt.Sprintf("1/%s/exceeds_rider", b); !slices.Equal(flags, []string{want}) {
			t.Errorf("flags %v, want [%s]", flags, want)
		}
	})
	t.Run("OK act not agreed", func(t *testing.T) {
		w := w.in(t)
		must(t, w.patchScene(w.Coordinator, id, map[string]any{"contentTags": []string{"kissing", "partial_nudity", "simulated_sex"}}), http.StatusOK)
		flags, _ := flagsOf(w.published(id, "act", within))
		want := []string{fmt.Sprintf("1/%s/exceeds_rider", a), fmt.Sprintf("1/%s/exceeds_rider", b)}
		slices.Sort(want)
		got := slices.Clone(flags)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("flags %v, want %v", flags, want)
		}
		must(t, w.patchScene(w.Coordinator, id, map[string]any{"contentTags": tags}), http.StatusOK)
	})
	t.Run("OK a newly signed rider clears the flag", func(t *testing.T) {
		w := w.in(t)
		r := w.putRider(id, w.PerformerA, riderBody("partial", areas, tags))
		must(t, w.sign(w.PerformerA, id, int(r["version"].(float64)), "Ada Actor"), http.StatusOK)
		st := step("Undress", map[string]string{a: "partial", b: "none"}, nil, "")
		if flags, _ := flagsOf(w.published(id, "nudity again", within, st)); len(flags) != 0 {
			t.Errorf("flags %v with a rider that allows partial nudity", flags)
		}
		st = step("Undress fully", map[string]string{a: "full", b: "none"}, nil, "")
		if flags, _ := flagsOf(w.published(id, "more", st)); !slices.Equal(flags, []string{fmt.Sprintf("1/%s/exceeds_rider", a)}) {
			t.Errorf("flags %v for full nudity against a partial rider", flags)
		}
	})
}
