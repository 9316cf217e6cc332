package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Boundaries (api.md "Boundaries (private)"; product.md rules 6 and 10).

func TestBoundaries(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("300", []string{"kissing"}, w.PerformerA)
	notCast := w.scene("301", []string{"kissing"}, w.PerformerB)
	mine := "/api/v1/me/boundaries?productionId=" + w.Production
	list := func(t *testing.T, p account) []map[string]any {
		t.Helper()
		return must(t, s.Do(request{Method: "GET", Path: mine, Token: p.Token}), http.StatusOK).List(t)
	}

	if l := list(t, w.PerformerA); len(l) != 0 {
		t.Errorf("boundaries before any: %v", l)
	}
	created := map[string]map[string]any{}
	t.Run("OK each kind", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			body map[string]any
			want map[string]any
		}{
			{"no_contact", map[string]any{"kind": "no_contact", "areas": []string{"thighs", "buttocks"}},
				map[string]any{"kind": "no_contact", "areas": []string{"thighs", "buttocks"}, "maxNudity": nil, "note": "", "sceneId": nil}},
			{"max_nudity", map[string]any{"kind": "max_nudity", "maxNudity": "partial"},
				map[string]any{"kind": "max_nudity", "areas": []string{}, "maxNudity": "partial", "note": "", "sceneId": nil}},
			{"note", map[string]any{"kind": "note", "note": "  Please warn me before any touch on the back.  "},
				map[string]any{"kind": "note", "areas": []string{}, "maxNudity": nil, "note": "Please warn me before any touch on the back.", "sceneId": nil}},
			{"for one scene", map[string]any{"kind": "no_contact", "areas": []string{"neck"}, "sceneId": id},
				map[string]any{"kind": "no_contact", "areas": []string{"neck"}, "maxNudity": nil, "note": "", "sceneId": id}},
		} {
			w := w.in(t)
			b := must(t, w.boundary(w.PerformerA, tc.body), http.StatusCreated).JSON(t)
			for k, v := range tc.want {
				if got, ok := b[k]; !ok || !jsonEqual(t, got, v) {
					t.Errorf("%s: %s = %v, want %v", tc.name, k, got, v)
				}
			}
			if b["productionId"] != w.Production || b["id"] == "" || !parseTime(t, b["createdAt"]).Equal(s.Clock.Now()) {
				t.Errorf("%s: %v", tc.name, b)
			}
			created[b["id"].(string)] = b
		}
		got := list(t, w.PerformerA)
		if len(got) != len(created) {
			t.Fatalf("listed %d, created %d", len(got), len(created))
		}
		for _, b := range got {
			if !jsonEqual(t, b, created[b["id"].(string)]) {
				t.Errorf("listed %v, created %v", b, created[b["id"].(string)])
			}
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"no_contact without areas", map[string]any{"kind": "no_contact"}, "areas"},
			{"no_contact with no area", map[string]any{"kind": "no_contact", "areas": []string{}}, "areas"},
			{"unknown area", map[string]any{"kind": "no_contact", "areas": []string{"elbow"}}, "areas[0]"},
			{"max_nudity without a level", map[string]any{"kind": "max_nudity"}, "maxNudity"},
			{"unknown level", map[string]any{"kind": "max_nudity", "maxNudity": "some"}, "maxNudity"},
			{"note without text", map[string]any{"kind": "note"}, "note"},
			{"blank note", map[string]any{"kind": "note", "note": "   "}, "note"},
			{"note too long", map[string]any{"kind": "note", "note": strings.Repeat("n", 2001)}, "note"},
			{"unknown kind", map[string]any{"kind": "wish", "note": "x"}, "kind"},
			{"missing kind", map[string]any{"note": "x"}, "kind"},
			{"scene not cast in", map[string]any{"kind": "note", "note": "x", "sceneId": notCast}, "sceneId"},
			{"unknown scene", map[string]any{"kind": "note", "note": "x", "sceneId": unknownID}, "sceneId"},
		} {
			w := w.in(t)
			p := assertProblem(t, w.boundary(w.PerformerA, tc.body), http.StatusUnprocessableEntity, "validation_failed")
			if fields := problemFields(t, p); !slices.Contains(fields, tc.field) {
				t.Errorf("%s: fields %v, want %s", tc.name, fields, tc.field)
			}
		}
		if got := list(t, w.PerformerA); len(got) != len(created) {
			t.Errorf("refused boundaries were stored: %v", got)
		}
		assertProblem(t, s.Do(request{Method: "POST", Path: "/api/v1/me/boundaries", Token: w.PerformerA.Token, Body: "{"}),
			http.StatusBadRequest, "malformed_json")
	})
	t.Run("ErrNotAPerformerMember", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.boundary(w.Coordinator, map[string]any{"kind": "note", "note": "x"}), http.StatusForbidden, "forbidden")
		assertProblem(t, w.boundary(w.Producer, map[string]any{"kind": "note", "note": "x"}), http.StatusForbidden, "forbidden")
		assertProblem(t, w.boundary(w.Outsider, map[string]any{"kind": "note", "note": "x"}), http.StatusNotFound, "not_found")
		assertProblem(t, w.boundary(w.PerformerA, map[string]any{"kind": "note", "note": "x", "productionId": unknownID}), http.StatusNotFound, "not_found")
	})
	t.Run("list: own only, per production", func(t *testing.T) {
		w := w.in(t)
		must(t, w.boundary(w.PerformerB, map[string]any{"kind": "note", "note": "B's own"}), http.StatusCreated)
		if got := list(t, w.PerformerB); len(got) != 1 || got[0]["note"] != "B's own" {
			t.Errorf("B lists %v", got)
		}
		if got := list(t, w.PerformerC); len(got) != 0 {
			t.Errorf("C lists %v", got)
		}
		if got := list(t, w.PerformerA); len(got) != len(created) {
			t.Errorf("A lists %d, want %d", len(got), len(created))
		}
		// A performer in another production too: boundaries stay apart
		other := s.createProduction(w.Producer, "Other Show")
		s.join(w.Producer, other, w.PerformerA, "performer")
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/me/boundaries?productionId=" + other, Token: w.PerformerA.Token}), http.StatusOK)
		if l := res.List(t); len(l) != 0 {
			t.Errorf("other production lists %v", l)
		}
		// and a scene of one production cannot scope a boundary of another
		p := assertProblem(t, w.boundary(w.PerformerA, map[string]any{"productionId": other, "kind": "note", "note": "x", "sceneId": id}),
			http.StatusUnprocessableEntity, "validation_failed")
		if fields := problemFields(t, p); !slices.Contains(fields, "sceneId") {
			t.Errorf("fields %v", fields)
		}
	})
	t.Run("ErrList", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/me/boundaries", Token: w.PerformerA.Token}), http.StatusBadRequest, "invalid_parameter")
		assertProblem(t, s.Do(request{Method: "GET", Path: mine, Token: w.Outsider.Token}), http.StatusNotFound, "not_found")
		assertProblem(t, s.Do(request{Method: "GET", Path: mine, Token: w.Coordinator.Token}), http.StatusForbidden, "forbidden")
		assertProblem(t, s.Do(request{Method: "GET", Path: mine, Token: w.Producer.Token}), http.StatusForbidden, "forbidden")
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/me/boundaries?productionId=" + unknownID, Token: w.PerformerA.Token}),
			http.StatusNotFound, "not_found")
	})
	t.Run("delete", func(t *testing.T) {
		w := w.in(t)
		var victim string
		for id := range created {
			victim = id
			break
		}
		del := func(as account, id string) response {
			return s.Do(request{Method: "DELETE", Path: "/api/v1/me/boundaries/" + id, Token: as.Token})
		}
		for _, as := range []account{w.PerformerB, w.PerformerC, w.Coordinator, w.Producer, w.Outsider} {
			assertProblem(t, del(as, victim), http.StatusNotFound, "not_found")
		}
		if got := list(t, w.PerformerA); len(got) != len(created) {
			t.Fatalf("someone else deleted A's boundary: %v", got)
		}
		res := must(t, del(w.PerformerA, victim), http.StatusNoContent)
		if len(res.Body) != 0 {
			t.Errorf("204 with a body: %s", res.Body)
		}
		for _, b := range list(t, w.PerformerA) {
			if b["id"] == victim {
				t.Errorf("deleted boundary still listed")
			}
		}
		if got := list(t, w.PerformerA); len(got) != len(created)-1 {
			t.Errorf("listed %d after delete, want %d", len(got), len(created)-1)
		}
		assertProblem(t, del(w.PerformerA, victim), http.StatusNotFound, "not_found")
		assertProblem(t, del(w.PerformerA, unknownID), http.StatusNotFound, "not_found")
	})
}

// Rule 6: a step whose contact or nudity touches a performer's boundary is
// flagged boundary_conflict to the coordinator (not to the producer).
func TestRule6BoundariesWin(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	a, b := w.PerformerA.ID, w.PerformerB.ID
	id := w.scene("310", []string{"touching"}, w.PerformerA, w.PerformerB)
	elsewhere := w.scene("311", []string{"touching"}, w.PerformerA, w.PerformerB)
	const note = "secret boundary note 0b7e"
	must(t, w.boundary(w.PerformerA, map[string]any{"kind": "no_contact", "areas": []string{"thighs"}}), http.StatusCreated)
	must(t, w.boundary(w.PerformerA, map[string]any{"kind": "note", "note": note}), http.StatusCreated)
	must(t, w.boundary(w.PerformerB, map[string]any{"kind": "max_nudity", "maxNudity": "none", "sceneId": id}), http.StatusCreated)
	// a boundary for another scene does not apply here
	must(t, w.boundary(w.PerformerB, map[string]any{"kind": "no_contact", "areas": []string{"hands"}, "sceneId": elsewhere}), http.StatusCreated)

	steps := []map[string]any{
		step("Hands", map[string]string{a: "none", b: "none"}, [][3]string{{a, b, "hands"}, {b, a, "hands"}}, ""),
		step("Thigh", map[string]string{a: "none", b: "none"}, [][3]string{{b, a, "thighs"}}, ""),
		step("Shirt off", map[string]string{a: "none", b: "partial"}, [][3]string{{a, b, "thighs"}}, ""),
	}
	c := w.published(id, "v1", steps...)
	flags, _ := flagsOf(c)
	want := []string{fmt.Sprintf("2/%s/boundary_conflict", a), fmt.Sprintf("3/%s/boundary_conflict", b)}
	if !slices.Equal(flags, want) {
		t.Errorf("flags %v, want %v", flags, want)
	}
	for _, f := range c["flags"].([]any) {
		noLeak(t, "a flag's detail", []byte(fmt.Sprint(f)), note)
	}

	t.Run("listSceneBoundaries: boundaries and conflicts against the current version", func(t *testing.T) {
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: w.Coordinator.Token}), http.StatusOK)
		byUser := map[string]map[string]any{}
		for _, e := range res.List(t) {
			byUser[e["userId"].(string)] = e
		}
		if len(byUser) != 2 || byUser[a]["displayName"] != "Ada Actor" {
			t.Fatalf("entries %s", res.Body)
		}
		kinds := func(u string) []string {
			var out []string
			for _, bd := range byUser[u]["boundaries"].([]any) {
				out = append(out, bd.(map[string]any)["kind"].(string))
			}
			slices.Sort(out)
			return out
		}
		if got := kinds(a); !slices.Equal(got, []string{"no_contact", "note"}) {
			t.Errorf("A's boundaries %v", got)
		}
		if got := kinds(b); !slices.Equal(got, []string{"max_nudity"}) {
			t.Errorf("B's boundaries %v (the one for another scene must not apply)", got)
		}
		if !strings.Contains(string(res.Body), note) {
			t.Errorf("the coordinator does not see the note")
		}
		conflicts := func(u string) []string {
			var out []string
			for _, cf := range byUser[u]["conflicts"].([]any) {
				m := cf.(map[string]any)
				out = append(out, fmt.Sprintf("%v/%v", m["step"], m["code"]))
				if d, _ := m["detail"].(string); d == "" || strings.Contains(d, note) {
					t.Errorf("conflict detail %q", d)
				}
			}
			return out
		}
		if got := conflicts(a); !slices.Equal(got, []string{"2/boundary_conflict"}) {
			t.Errorf("A's conflicts %v", got)
		}
		if got := conflicts(b); !slices.Equal(got, []string{"3/boundary_conflict"}) {
			t.Errorf("B's conflicts %v", got)
		}
	})
	t.Run("the other scene has no conflict with a scene boundary of this one", func(t *testing.T) {
		w := w.in(t)
		flags, _ := flagsOf(w.published(elsewhere, "v1", steps[0]))
		if want := []string{fmt.Sprintf("1/%s/boundary_conflict", b)}; !slices.Equal(flags, want) {
			t.Errorf("flags %v, want %v", flags, want)
		}
	})
	t.Run("a boundary added later shows in listSceneBoundaries for the current version", func(t *testing.T) {
		w := w.in(t)
		must(t, w.boundary(w.PerformerB, map[string]any{"kind": "no_contact", "areas": []string{"hands"}}), http.StatusCreated)
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: w.Coordinator.Token}), http.StatusOK)
		for _, e := range res.List(t) {
			if e["userId"] != b {
				continue
			}
			var got []string
			for _, cf := range e["conflicts"].([]any) {
				got = append(got, fmt.Sprint(cf.(map[string]any)["step"]))
			}
			if !slices.Equal(got, []string{"1", "3"}) {
				t.Errorf("B's conflicts on steps %v, want [1 3]", got)
			}
		}
	})
	t.Run("not to the producer", func(t *testing.T) {
		for _, path := range []string{"/choreography", "/choreography/versions/1"} {
			res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + path, Token: w.Producer.Token}), http.StatusOK)
			if _, ok := res.JSON(t)["flags"]; ok {
				t.Errorf("producer sees flags: %s", res.Body)
			}
			noLeak(t, "the producer's choreography", res.Body, "boundary_conflict", note)
		}
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: w.Producer.Token}),
			http.StatusForbidden, "forbidden")
		_, audit := w.auditEvents(w.Coordinator)
		noLeak(t, "the producer's audit log", []byte(audit), "boundary_conflict", note, "no_contact", "max_nudity")
	})
	t.Run("to each performer their own flags, never another's", func(t *testing.T) {
		// B's hands boundary, added after publishing, counts: computed when read
		own := map[string][]string{a: {"2/" + a + "/boundary_conflict"}, b: {"1/" + b + "/boundary_conflict", "3/" + b + "/boundary_conflict"}}
		for _, p := range []account{w.PerformerA, w.PerformerB} {
			res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography", Token: p.Token}), http.StatusOK)
			if flags, _ := flagsOf(res.JSON(t)); !slices.Equal(flags, own[p.ID]) {
				t.Errorf("performer sees flags %v, want %v", flags, own[p.ID])
			}
			noLeak(t, "a performer's flags", res.Body, note)
			assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: p.Token}),
				http.StatusForbidden, "forbidden")
		}
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/boundaries", Token: w.PerformerC.Token}),
			http.StatusNotFound, "not_found")
	})
	t.Run("no choreography yet: boundaries without conflicts", func(t *testing.T) {
		w := w.in(t)
		fresh := w.scene("312", []string{"touching"}, w.PerformerA)
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + fresh + "/boundaries", Token: w.Coordinator.Token}), http.StatusOK)
		l := res.List(t)
		if len(l) != 1 || len(l[0]["boundaries"].([]any)) != 2 || len(l[0]["conflicts"].([]any)) != 0 {
			t.Errorf("entries %s", res.Body)
		}
	})
}
