package api_test

import (
	"net/http"
	"slices"
	"testing"
)

// Scenes and cast (api.md "Scenes and cast"; product.md rules 8, 9, 10).

func TestCreateScene(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	scenes := "/api/v1/productions/" + w.Production + "/scenes"

	t.Run("OK minimal, as producer", func(t *testing.T) {
		w := w.in(t)
		sc := w.createScene(w.Producer, map[string]any{"number": " 42A ", "title": "  The garden ", "callTime": "2026-12-01T08:30:00+01:00",
			"contentTags": []string{}})
		want := map[string]any{"productionId": w.Production, "number": "42A", "title": "The garden", "synopsis": "",
			"callTime": "2026-12-01T07:30:00Z", "location": "", "contentTags": []any{}, "coordinatorId": nil,
			"status": "planned", "closedSet": map[string]any{"roster": []any{}}, "cast": []any{}, "currentVersion": nil}
		for k, v := range want {
			got, ok := sc[k]
			if !ok || !jsonEqual(t, got, v) {
				t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
			}
		}
		if id, _ := sc["id"].(string); id == "" {
			t.Errorf("no id: %v", sc)
		}
		if got := w.getScene(w.Producer, sc["id"].(string)); !jsonEqual(t, got, sc) {
			t.Errorf("read back %v, created %v", got, sc)
		}
	})
	t.Run("OK full, as coordinator", func(t *testing.T) {
		w := w.in(t)
		body := map[string]any{"number": "7", "title": "Bedroom", "synopsis": "They reconcile.", "callTime": "2026-12-02T06:00:00Z",
			"location": "Stage 2", "contentTags": []string{"kissing", "partial_nudity"}, "coordinatorId": w.Coordinator.ID,
			"closedSet": map[string]any{"roster": []string{"Director", " DP "}}}
		sc := w.createScene(w.Coordinator, body)
		body["closedSet"] = map[string]any{"roster": []string{"Director", "DP"}}
		for k, v := range body {
			if !jsonEqual(t, sc[k], v) {
				t.Errorf("%s = %v, want %v", k, sc[k], v)
			}
		}
	})
	t.Run("ErrSceneNumberTaken", func(t *testing.T) {
		w := w.in(t)
		w.createScene(w.Producer, sceneBody("99", nil))
		res := s.Do(request{Method: "POST", Path: scenes, Token: w.Producer.Token, Body: sceneBody(" 99", nil)})
		assertProblem(t, res, http.StatusConflict, "scene_number_taken")
		// the same number in another production is fine
		other := s.createProduction(w.Producer, "Second Unit")
		must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions/" + other + "/scenes", Token: w.Producer.Token,
			Body: sceneBody("99", nil)}), http.StatusCreated)
	})
	t.Run("ErrValidation", func(t *testing.T) {
		w := w.in(t)
		for _, tc := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"blank number", sceneBody("   ", nil), "number"},
			{"blank title", sceneBody("1B", map[string]any{"title": "  "}), "title"},
			{"missing title", map[string]any{"number": "1C", "callTime": defaultCallTime, "contentTags": []string{}}, "title"},
			{"missing callTime", map[string]any{"number": "1D", "title": "x", "contentTags": []string{}}, "callTime"},
			{"bad callTime", sceneBody("1E", map[string]any{"callTime": "tomorrow"}), "callTime"},
			{"unknown tag", sceneBody("1F", map[string]any{"contentTags": []string{"kissing", "dancing"}}), "contentTags[1]"},
			{"repeated tag", sceneBody("1G", map[string]any{"contentTags": []string{"kissing", "kissing"}}), "contentTags"},
			{"blank roster entry", sceneBody("1H", map[string]any{"closedSet": map[string]any{"roster": []string{"Director", "  "}}}), "closedSet.roster[1]"},
			{"coordinatorId of the producer", sceneBody("1I", map[string]any{"coordinatorId": w.Producer.ID}), "coordinatorId"},
			{"coordinatorId of a performer", sceneBody("1J", map[string]any{"coordinatorId": w.PerformerA.ID}), "coordinatorId"},
			{"coordinatorId of an outsider", sceneBody("1K", map[string]any{"coordinatorId": w.Outsider.ID}), "coordinatorId"},
			{"coordinatorId unknown", sceneBody("1L", map[string]any{"coordinatorId": unknownID}), "coordinatorId"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := w.in(t)
				res := s.Do(request{Method: "POST", Path: scenes, Token: w.Producer.Token, Body: tc.body})
				p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
				if fields := problemFields(t, p); !slices.ContainsFunc(fields, func(f string) bool { return f == tc.field }) {
					t.Errorf("fields %v, want %s", fields, tc.field)
				}
			})
		}
		list := must(t, s.Do(request{Method: "GET", Path: scenes, Token: w.Producer.Token}), http.StatusOK).List(t)
		for _, sc := range list {
			if n := sc["number"].(string); len(n) == 2 && n[0] == '1' {
				t.Errorf("an invalid scene was stored: %v", sc)
			}
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		w := w.in(t)
		res := s.Do(request{Method: "POST", Path: scenes, Token: w.Producer.Token, Body: `{"number": "5",`})
		assertProblem(t, res, http.StatusBadRequest, "malformed_json")
	})
	t.Run("ErrPerformer", func(t *testing.T) {
		w := w.in(t)
		res := s.Do(request{Method: "POST", Path: scenes, Token: w.PerformerA.Token, Body: sceneBody("P1", nil)})
		assertProblem(t, res, http.StatusForbidden, "forbidden")
	})
	t.Run("ErrOutsider", func(t *testing.T) {
		w := w.in(t)
		res := s.Do(request{Method: "POST", Path: scenes, Token: w.Outsider.Token, Body: sceneBody("O1", nil)})
		assertProblem(t, res, http.StatusNotFound, "not_found")
	})
}

func TestListScenesOrderedByCallTime(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	ids := map[string]string{}
	for _, sc := range []struct{ number, at string }{
		{"3", "2026-12-03T07:00:00Z"}, {"1", "2026-12-01T07:00:00Z"}, {"2", "2026-12-02T19:00:00+02:00"}, {"0", "2026-12-02T18:00:00Z"},
	} {
		ids[sc.number] = w.createScene(w.Coordinator, sceneBody(sc.number, map[string]any{"callTime": sc.at}))["id"].(string)
	}
	list := func(as account) []string {
		t.Helper()
		var out []string
		for _, sc := range must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/scenes",
			Token: as.Token}), http.StatusOK).List(t) {
			out = append(out, sc["number"].(string))
		}
		return out
	}
	// 2 is at 17:00Z, before 0 at 18:00Z
	for _, as := range []account{w.Producer, w.Coordinator} {
		if got := list(as); !slices.Equal(got, []string{"1", "2", "0", "3"}) {
			t.Errorf("order %v, want [1 2 0 3]", got)
		}
	}
	if got := list(w.PerformerA); len(got) != 0 {
		t.Errorf("a performer cast nowhere sees %v", got)
	}
	w.cast(ids["3"], w.PerformerA, map[string]any{"characterName": "Ada"})
	w.cast(ids["1"], w.PerformerA, map[string]any{"characterName": "Ada"})
	w.cast(ids["0"], w.PerformerB, map[string]any{"characterName": "Ben"})
	if got := list(w.PerformerA); !slices.Equal(got, []string{"1", "3"}) {
		t.Errorf("performer A sees %v, want [1 3]", got)
	}
	if got := list(w.PerformerB); !slices.Equal(got, []string{"0"}) {
		t.Errorf("performer B sees %v, want [0]", got)
	}
	if got := list(w.PerformerC); len(got) != 0 {
		t.Errorf("performer C sees %v, want none", got)
	}
	assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: w.Outsider.Token}),
		http.StatusNotFound, "not_found")
}

func TestGetScene(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("12", []string{"kissing"}, w.PerformerA)
	for _, as := range []account{w.Producer, w.Coordinator, w.PerformerA} {
		sc := w.getScene(as, id)
		cast := sc["cast"].([]any)
		if len(cast) != 1 || cast[0].(map[string]any)["displayName"] != "Ada Actor" {
			t.Errorf("cast %v", cast)
		}
		if sc["coordinatorId"] != w.Coordinator.ID {
			t.Errorf("coordinatorId %v", sc["coordinatorId"])
		}
	}
	for _, as := range []account{w.PerformerC, w.Outsider} {
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id, Token: as.Token}), http.StatusNotFound, "not_found")
	}
	assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + unknownID, Token: w.Producer.Token}), http.StatusNotFound, "not_found")
}

func TestUpdateScene(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("20", []string{"kissing"}, w.PerformerA)
	w.createScene(w.Coordinator, sceneBody("21", nil))
	before := w.getScene(w.Producer, id)

	t.Run("OK one field leaves the others", func(t *testing.T) {
		w := w.in(t)
		got := must(t, w.patchScene(w.Producer, id, map[string]any{"title": " New title "}), http.StatusOK).JSON(t)
		want := before
		want["title"] = "New title"
		if !jsonEqual(t, got, want) {
			t.Errorf("patched %v\nwant %v", got, want)
		}
		before = got
	})
	t.Run("OK every field", func(t *testing.T) {
		w := w.in(t)
		body := map[string]any{"number": "20B", "synopsis": "Reworked", "callTime": "2026-12-05T10:00:00Z", "location": "Lot",
			"contentTags": []string{"touching"}, "closedSet": map[string]any{"roster": []string{"Director"}}, "status": "shot"}
		got := must(t, w.patchScene(w.Coordinator, id, body), http.StatusOK).JSON(t)
		for k, v := range body {
			if !jsonEqual(t, got[k], v) {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
		if !jsonEqual(t, got["cast"], before["cast"]) || got["coordinatorId"] != w.Coordinator.ID {
			t.Errorf("cast or coordinator changed: %v", got)
		}
		if read := w.getScene(w.Producer, id); !jsonEqual(t, read, got) {
			t.Errorf("read back %v, want %v", read, got)
		}
	})
	t.Run("OK status wrapped then planned", func(t *testing.T) {
		w := w.in(t)
		for _, st := range []string{"wrapped", "planned"} {
			got := must(t, w.patchScene(w.Producer, id, map[string]any{"status": st}), http.StatusOK).JSON(t)
			if got["status"] != st {
				t.Errorf("status %v, want %s", got["status"], st)
			}
		}
	})
	t.Run("OK empty coordinatorId unassigns", func(t *testing.T) {
		w := w.in(t)
		got := must(t, w.patchScene(w.Producer, id, map[string]any{"coordinatorId": ""}), http.StatusOK).JSON(t)
		if v, ok := got["coordinatorId"]; !ok || v != nil {
			t.Errorf("coordinatorId %v (present %v), want null", v, ok)
		}
		got = must(t, w.patchScene(w.Producer, id, map[string]any{"coordinatorId": w.Coordinator.ID}), http.StatusOK).JSON(t)
		if got["coordinatorId"] != w.Coordinator.ID {
			t.Errorf("coordinatorId %v", got["coordinatorId"])
		}
	})
	t.Run("ErrSceneNumberTaken", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.patchScene(w.Producer, id, map[string]any{"number": "21"}), http.StatusConflict, "scene_number_taken")
		// its own number is not taken
		own := w.getScene(w.Producer, id)["number"]
		must(t, w.patchScene(w.Producer, id, map[string]any{"number": own}), http.StatusOK)
	})
	t.Run("ErrValidation", func(t *testing.T) {
		w := w.in(t)
		current := w.getScene(w.Producer, id)
		for _, tc := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"blank title", map[string]any{"title": "   "}, "title"},
			{"blank number", map[string]any{"number": " "}, "number"},
			{"unknown status", map[string]any{"status": "cancelled"}, "status"},
			{"unknown tag", map[string]any{"contentTags": []string{"dancing"}}, "contentTags[0]"},
			{"coordinatorId of a performer", map[string]any{"coordinatorId": w.PerformerA.ID}, "coordinatorId"},
			{"coordinatorId of the producer", map[string]any{"coordinatorId": w.Producer.ID}, "coordinatorId"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := w.in(t)
				p := assertProblem(t, w.patchScene(w.Producer, id, tc.body), http.StatusUnprocessableEntity, "validation_failed")
				if fields := problemFields(t, p); !slices.Contains(fields, tc.field) {
					t.Errorf("fields %v, want %s", fields, tc.field)
				}
			})
		}
		if after := w.getScene(w.Producer, id); !jsonEqual(t, after, current) {
			t.Errorf("a refused patch changed the scene: %v\nwas %v", after, current)
		}
	})
	t.Run("ErrPerformerCast", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.patchScene(w.PerformerA, id, map[string]any{"title": "Mine"}), http.StatusForbidden, "forbidden")
	})
	t.Run("ErrPerformerNotCast", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.patchScene(w.PerformerC, id, map[string]any{"title": "Mine"}), http.StatusNotFound, "not_found")
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.patchScene(w.Producer, unknownID, map[string]any{"title": "x"}), http.StatusNotFound, "not_found")
	})
}

func TestCastMembers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("30", []string{"kissing"})
	path := func(u account) string { return "/api/v1/scenes/" + id + "/cast/" + u.ID }

	t.Run("OK put, then update in place", func(t *testing.T) {
		w := w.in(t)
		m := w.cast(id, w.PerformerA, map[string]any{"characterName": " Juliet "})
		want := map[string]any{"userId": w.PerformerA.ID, "displayName": "Ada Actor", "characterName": "Juliet",
			"minor": false, "guardianName": "", "doubleAllowed": false, "stillsAllowed": false}
		if !jsonEqual(t, m, want) {
			t.Errorf("cast member %v, want %v", m, want)
		}
		m = must(t, s.Do(request{Method: "PUT", Path: path(w.PerformerA), Token: w.Producer.Token,
			Body: map[string]any{"characterName": "Juliet (older)", "doubleAllowed": true, "stillsAllowed": true}}), http.StatusOK).JSON(t)
		cast := w.getScene(w.Producer, id)["cast"].([]any)
		// A scene read adds the rider state (kissing needs none); the cast answer is the entry itself.
		if len(cast) == 1 && cast[0].(map[string]any)["rider"] == "not_required" {
			delete(cast[0].(map[string]any), "rider")
		}
		if len(cast) != 1 || !jsonEqual(t, cast[0], m) || m["characterName"] != "Juliet (older)" || m["doubleAllowed"] != true {
			t.Errorf("cast %v after update %v", cast, m)
		}
	})
	t.Run("OK the performer now sees the scene", func(t *testing.T) {
		w := w.in(t)
		w.getScene(w.PerformerA, id)
	})
	t.Run("ErrNotAPerformerMember", func(t *testing.T) {
		w := w.in(t)
		for name, u := range map[string]account{"coordinator": w.Coordinator, "producer": w.Producer, "outsider": w.Outsider} {
			t.Run(name, func(t *testing.T) {
				w := w.in(t)
				p := assertProblem(t, w.putCast(id, u, map[string]any{"characterName": "Extra"}), http.StatusUnprocessableEntity, "validation_failed")
				if fields := problemFields(t, p); !slices.Contains(fields, "userId") {
					t.Errorf("fields %v", fields)
				}
			})
		}
		res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + id + "/cast/" + unknownID, Token: w.Coordinator.Token,
			Body: map[string]any{"characterName": "Ghost"}})
		assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		if cast := w.getScene(w.Producer, id)["cast"].([]any); len(cast) != 1 {
			t.Errorf("cast %v", cast)
		}
	})
	t.Run("ErrBlankCharacterName", func(t *testing.T) {
		w := w.in(t)
		p := assertProblem(t, w.putCast(id, w.PerformerB, map[string]any{"characterName": "  "}), http.StatusUnprocessableEntity, "validation_failed")
		if fields := problemFields(t, p); !slices.Contains(fields, "characterName") {
			t.Errorf("fields %v", fields)
		}
		assertProblem(t, w.putCast(id, w.PerformerB, map[string]any{}), http.StatusUnprocessableEntity, "validation_failed")
	})
	t.Run("ErrPerformer", func(t *testing.T) {
		w := w.in(t)
		res := s.Do(request{Method: "PUT", Path: path(w.PerformerB), Token: w.PerformerA.Token, Body: map[string]any{"characterName": "Friend"}})
		assertProblem(t, res, http.StatusForbidden, "forbidden")
		res = s.Do(request{Method: "DELETE", Path: path(w.PerformerA), Token: w.PerformerA.Token})
		assertProblem(t, res, http.StatusForbidden, "forbidden")
	})
	t.Run("OK remove, then 404", func(t *testing.T) {
		w := w.in(t)
		w.cast(id, w.PerformerB, map[string]any{"characterName": "Romeo"})
		res := s.Do(request{Method: "DELETE", Path: path(w.PerformerB), Token: w.Producer.Token})
		must(t, res, http.StatusNoContent)
		if len(res.Body) != 0 {
			t.Errorf("204 with a body: %s", res.Body)
		}
		for _, m := range w.getScene(w.Producer, id)["cast"].([]any) {
			if m.(map[string]any)["userId"] == w.PerformerB.ID {
				t.Errorf("removed performer still cast")
			}
		}
		assertProblem(t, s.Do(request{Method: "DELETE", Path: path(w.PerformerB), Token: w.Producer.Token}), http.StatusNotFound, "not_found")
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id, Token: w.PerformerB.Token}), http.StatusNotFound, "not_found")
		assertProblem(t, s.Do(request{Method: "DELETE", Path: path(w.PerformerC), Token: w.Coordinator.Token}), http.StatusNotFound, "not_found")
	})
}

// Rule 8: a minor cannot be cast in a scene with nudity, simulated sex or
// sexual violence, and such a tag cannot be added while a minor is cast.
func TestRule8Minors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	minor := map[string]any{"characterName": "Young Ada", "minor": true, "guardianName": "Gina Guardian"}

	for _, tag := range []string{"partial_nudity", "full_nudity", "simulated_sex", "sexual_violence"} {
		t.Run("ErrCastMinorIn "+tag, func(t *testing.T) {
			w := w.in(t)
			id := w.scene("M"+tag[:3], []string{"kissing", tag})
			p := assertProblem(t, w.putCast(id, w.PerformerA, minor), http.StatusUnprocessableEntity, "minor_rule")
			problemFields(t, p)
			if cast := w.getScene(w.Producer, id)["cast"].([]any); len(cast) != 0 {
				t.Errorf("the minor was cast: %v", cast)
			}
			// an adult is fine
			w.cast(id, w.PerformerB, map[string]any{"characterName": "Adult"})
		})
	}
	t.Run("ErrFlagCastMemberMinorIn full_nudity", func(t *testing.T) {
		w := w.in(t)
		id := w.scene("MF", []string{"full_nudity"}, w.PerformerA)
		assertProblem(t, w.putCast(id, w.PerformerA, minor), http.StatusUnprocessableEntity, "minor_rule")
		if m := w.getScene(w.Producer, id)["cast"].([]any)[0].(map[string]any); m["minor"] != false {
			t.Errorf("cast member became a minor: %v", m)
		}
	})
	t.Run("OK minor in another tagged scene", func(t *testing.T) {
		w := w.in(t)
		id := w.scene("MOK", []string{"kissing", "physical_violence"})
		m := w.cast(id, w.PerformerA, minor)
		if m["minor"] != true || m["guardianName"] != "Gina Guardian" {
			t.Errorf("cast member %v", m)
		}
		// without a guardian the cast is still allowed (readiness says minor_rule)
		m = w.cast(id, w.PerformerB, map[string]any{"characterName": "Kid", "minor": true})
		if m["minor"] != true || m["guardianName"] != "" {
			t.Errorf("cast member %v", m)
		}
		t.Run("ErrAddTag", func(t *testing.T) {
			w := w.in(t)
			for _, tag := range []string{"partial_nudity", "full_nudity", "simulated_sex", "sexual_violence"} {
				p := assertProblem(t, w.patchScene(w.Producer, id, map[string]any{"contentTags": []string{"kissing", tag}}),
					http.StatusUnprocessableEntity, "minor_rule")
				if fields := problemFields(t, p); !slices.Contains(fields, "contentTags[1]") {
					t.Errorf("fields %v, want contentTags[1]", fields)
				}
			}
			sc := w.getScene(w.Coordinator, id)
			if !jsonEqual(t, sc["contentTags"], []string{"kissing", "physical_violence"}) {
				t.Errorf("tags changed to %v", sc["contentTags"])
			}
			// other tags are fine
			got := must(t, w.patchScene(w.Producer, id, map[string]any{"contentTags": []string{"touching", "restraint_suspension"}}), http.StatusOK).JSON(t)
			if !jsonEqual(t, got["contentTags"], []string{"touching", "restraint_suspension"}) {
				t.Errorf("tags %v", got["contentTags"])
			}
		})
		t.Run("OK after the minors leave", func(t *testing.T) {
			w := w.in(t)
			for _, p := range []account{w.PerformerA, w.PerformerB} {
				must(t, s.Do(request{Method: "DELETE", Path: "/api/v1/scenes/" + id + "/cast/" + p.ID, Token: w.Producer.Token}), http.StatusNoContent)
			}
			must(t, w.patchScene(w.Producer, id, map[string]any{"contentTags": []string{"full_nudity"}}), http.StatusOK)
		})
	})
}

// Rule 9: the closed-set roster is stored and returned.
func TestRule9ClosedSet(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	sc := w.createScene(w.Producer, sceneBody("40", map[string]any{"contentTags": []string{"full_nudity"},
		"closedSet": map[string]any{"roster": []string{" Director ", "DP", "Boom operator"}}}))
	id := sc["id"].(string)
	want := map[string]any{"roster": []string{"Director", "DP", "Boom operator"}}
	if !jsonEqual(t, sc["closedSet"], want) {
		t.Errorf("closedSet %v, want %v", sc["closedSet"], want)
	}
	for _, as := range []account{w.Producer, w.Coordinator} {
		if got := w.getScene(as, id)["closedSet"]; !jsonEqual(t, got, want) {
			t.Errorf("read back %v", got)
		}
	}
	got := must(t, w.patchScene(w.Coordinator, id, map[string]any{"closedSet": map[string]any{"roster": []string{"Director", "IC"}}}), http.StatusOK).JSON(t)
	if !jsonEqual(t, got["closedSet"], map[string]any{"roster": []string{"Director", "IC"}}) {
		t.Errorf("patched closedSet %v", got["closedSet"])
	}
	got = must(t, w.patchScene(w.Coordinator, id, map[string]any{"title": "Untouched roster"}), http.StatusOK).JSON(t)
	if !jsonEqual(t, got["closedSet"], map[string]any{"roster": []string{"Director", "IC"}}) {
		t.Errorf("a title patch changed the roster: %v", got["closedSet"])
	}
	got = must(t, w.patchScene(w.Coordinator, id, map[string]any{"closedSet": map[string]any{"roster": []string{}}}), http.StatusOK).JSON(t)
	if !jsonEqual(t, got["closedSet"], map[string]any{"roster": []string{}}) {
		t.Errorf("cleared closedSet %v", got["closedSet"])
	}
}

// A person's role is per production: a coordinator on one show who is a
// performer on another acts as a performer there.
func TestScenesRolesArePerProduction(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("45", []string{"kissing"}, w.PerformerA)
	// the coordinator of w produces another show, where performer A coordinates
	other := *w
	other.Production = s.createProduction(w.Coordinator, "Other Show")
	s.join(w.Coordinator, other.Production, w.PerformerA, "coordinator")
	s.join(w.Coordinator, other.Production, w.PerformerB, "performer")
	otherScene := other.createScene(w.PerformerA, sceneBody("1", nil))["id"].(string)

	// in w, A is a cast performer: no publishing, no scene edits
	assertProblem(t, w.publish(w.PerformerA, id, "mine", step("x", map[string]string{w.PerformerA.ID: "none"}, nil, "")),
		http.StatusForbidden, "forbidden")
	assertProblem(t, w.patchScene(w.PerformerA, id, map[string]any{"title": "Mine"}), http.StatusForbidden, "forbidden")
	// in the other show, w's coordinator is the producer: not a coordinator
	res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + otherScene + "/cast/" + w.PerformerB.ID, Token: w.Coordinator.Token,
		Body: map[string]any{"characterName": "Ben"}})
	must(t, res, http.StatusOK)
	assertProblem(t, w.publish(w.Coordinator, otherScene, "v1", step("x", map[string]string{w.PerformerB.ID: "none"}, nil, "")),
		http.StatusForbidden, "forbidden")
	must(t, w.publish(w.PerformerA, otherScene, "v1", step("x", map[string]string{w.PerformerB.ID: "none"}, nil, "")), http.StatusCreated)
	// and w's producer is an outsider there
	assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + otherScene, Token: w.Producer.Token}), http.StatusNotFound, "not_found")
	// a scene's cast must be performers of the scene's own production
	elsewhere := newAccount(t, s, "Eli Elsewhere")
	s.join(w.Coordinator, other.Production, elsewhere, "performer")
	assertProblem(t, w.putCast(id, elsewhere, map[string]any{"characterName": "Eli"}), http.StatusUnprocessableEntity, "validation_failed")
}
