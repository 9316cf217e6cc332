package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// Riders (api.md "Riders"; product.md rules 5 and 10).

func TestPutRiderDraftsNewVersion(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("200", []string{"kissing", "partial_nudity"}, w.PerformerA)
	path := "/api/v1/scenes/" + id + "/riders/" + w.PerformerA.ID

	assertProblem(t, s.Do(request{Method: "GET", Path: path, Token: w.Coordinator.Token}), http.StatusNotFound, "not_found")

	body := riderBody("partial", []string{"back", "shoulders"}, []string{"kissing", "partial_nudity"})
	body["footageLimits"] = "  No close-ups.  "
	r1 := w.putRider(id, w.PerformerA, body)
	want := map[string]any{"sceneId": id, "userId": w.PerformerA.ID, "version": 1, "nudity": "partial",
		"visibleAreas": []string{"back", "shoulders"}, "acts": []string{"kissing", "partial_nudity"}, "stillsAllowed": false,
		"doubleAllowed": true, "footageLimits": "No close-ups.", "signedAt": nil, "signedName": nil,
		"dueAt": "2026-11-29T07:30:00Z", "late": false}
	if !jsonEqual(t, r1, want) {
		t.Errorf("rider %v\nwant %v", r1, want)
	}
	for _, as := range []account{w.Producer, w.Coordinator, w.PerformerA} {
		got := must(t, s.Do(request{Method: "GET", Path: path, Token: as.Token}), http.StatusOK).JSON(t)
		if !jsonEqual(t, got, r1) {
			t.Errorf("%s reads %v", as.Email, got)
		}
	}
	// every PUT is a new version, by producers too
	r2 := must(t, s.Do(request{Method: "PUT", Path: path, Token: w.Producer.Token,
		Body: riderBody("none", []string{}, []string{"kissing"})}), http.StatusOK).JSON(t)
	if r2["version"] != float64(2) || r2["nudity"] != "none" || !jsonEqual(t, r2["visibleAreas"], []string{}) {
		t.Errorf("second draft %v", r2)
	}
	r3 := w.putRider(id, w.PerformerA, riderBody("none", []string{}, []string{"kissing"}))
	if r3["version"] != float64(3) {
		t.Errorf("third draft %v", r3)
	}
	if got := must(t, s.Do(request{Method: "GET", Path: path, Token: w.PerformerA.Token}), http.StatusOK).JSON(t); !jsonEqual(t, got, r3) {
		t.Errorf("current rider %v, want version 3", got)
	}
	if acts := w.auditActions(); !slices.Equal(acts[len(acts)-3:], []string{"rider.drafted", "rider.drafted", "rider.drafted"}) {
		t.Errorf("audit %v", acts)
	}

	t.Run("ErrValidation", func(t *testing.T) {
		for name, tc := range map[string]struct {
			body  map[string]any
			field string
		}{
			"unknown nudity":  {riderBody("some", []string{}, []string{}), "nudity"},
			"unknown area":    {riderBody("none", []string{"elbow"}, []string{}), "visibleAreas[0]"},
			"repeated area":   {riderBody("none", []string{"back", "back"}, []string{}), "visibleAreas"},
			"unknown act":     {riderBody("none", []string{}, []string{"dancing"}), "acts[0]"},
			"missing nudity":  {map[string]any{"visibleAreas": []string{}, "acts": []string{}, "stillsAllowed": false, "doubleAllowed": false, "footageLimits": ""}, "nudity"},
			"missing footage": {map[string]any{"nudity": "none", "visibleAreas": []string{}, "acts": []string{}, "stillsAllowed": false, "doubleAllowed": false}, "footageLimits"},
		} {
			res := s.Do(request{Method: "PUT", Path: path, Token: w.Coordinator.Token, Body: tc.body})
			p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
			if fields := problemFields(t, p); !slices.Contains(fields, tc.field) {
				t.Errorf("%s: fields %v, want %s", name, fields, tc.field)
			}
		}
	})
	t.Run("ErrNotCast", func(t *testing.T) {
		for _, u := range []account{w.PerformerB, w.Coordinator, w.Outsider} {
			res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + id + "/riders/" + u.ID, Token: w.Coordinator.Token,
				Body: riderBody("none", []string{}, []string{})})
			assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		}
	})
	t.Run("ErrPerformer", func(t *testing.T) {
		res := s.Do(request{Method: "PUT", Path: path, Token: w.PerformerA.Token, Body: riderBody("full", []string{}, []string{})})
		assertProblem(t, res, http.StatusForbidden, "forbidden")
		res = s.Do(request{Method: "PUT", Path: path, Token: w.PerformerC.Token, Body: riderBody("full", []string{}, []string{})})
		assertProblem(t, res, http.StatusNotFound, "not_found")
	})
	t.Run("ErrUnknownScene", func(t *testing.T) {
		res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + unknownID + "/riders/" + w.PerformerA.ID, Token: w.Coordinator.Token,
			Body: riderBody("none", []string{}, []string{})})
		assertProblem(t, res, http.StatusNotFound, "not_found")
	})
}

func TestSignRider(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("210", []string{"partial_nudity"}, w.PerformerA, w.PerformerB)
	path := "/api/v1/scenes/" + id + "/riders/" + w.PerformerA.ID

	t.Run("ErrNoRider", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.sign(w.PerformerA, id, 1, "Ada Actor"), http.StatusNotFound, "not_found")
	})
	w.putRider(id, w.PerformerA, riderBody("partial", []string{"back"}, []string{"partial_nudity"}))
	w.putRider(id, w.PerformerA, riderBody("partial", []string{"back", "shoulders"}, []string{"partial_nudity"}))

	t.Run("ErrStaleVersion", func(t *testing.T) {
		w := w.in(t)
		for _, v := range []int{1, 3} {
			p := assertProblem(t, w.sign(w.PerformerA, id, v, "Ada Actor"), http.StatusConflict, "stale_version")
			if p["currentVersion"] != float64(2) {
				t.Errorf("currentVersion %v, want 2", p["currentVersion"])
			}
		}
	})
	t.Run("ErrBlankName", func(t *testing.T) {
		w := w.in(t)
		p := assertProblem(t, w.sign(w.PerformerA, id, 2, "   "), http.StatusUnprocessableEntity, "validation_failed")
		if fields := problemFields(t, p); !slices.Contains(fields, "fullName") {
			t.Errorf("fields %v", fields)
		}
		res := s.Do(request{Method: "POST", Path: path + "/sign", Token: w.PerformerA.Token, Body: map[string]any{"version": 2}})
		assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
	})
	t.Run("ErrNotThePerformer", func(t *testing.T) {
		w := w.in(t)
		for as, want := range map[account]int{w.Coordinator: 403, w.Producer: 403, w.PerformerB: 404, w.PerformerC: 404, w.Outsider: 404} {
			res := s.Do(request{Method: "POST", Path: path + "/sign", Token: as.Token, Body: map[string]any{"version": 2, "fullName": "Ada Actor"}})
			if res.Status != want {
				t.Errorf("%s signs A's rider: %d, want %d", as.Email, res.Status, want)
			}
		}
	})
	var signed map[string]any
	t.Run("OK", func(t *testing.T) {
		w := w.in(t)
		s.Clock.Advance(time.Minute)
		signed = must(t, w.sign(w.PerformerA, id, 2, "  Ada Q. Actor "), http.StatusOK).JSON(t)
		if signed["version"] != float64(2) || signed["signedName"] != "Ada Q. Actor" || signed["late"] != false ||
			!jsonEqual(t, signed["visibleAreas"], []string{"back", "shoulders"}) {
			t.Errorf("signed rider %v", signed)
		}
		if at := parseTime(t, signed["signedAt"]); !at.Equal(s.Clock.Now()) {
			t.Errorf("signedAt %v, want %v", at, s.Clock.Now())
		}
		for _, as := range []account{w.Producer, w.Coordinator, w.PerformerA} {
			got := must(t, s.Do(request{Method: "GET", Path: path, Token: as.Token}), http.StatusOK).JSON(t)
			if !jsonEqual(t, got, signed) {
				t.Errorf("%s reads %v", as.Email, got)
			}
		}
		evs, _ := w.auditEvents(w.Coordinator)
		last := evs[len(evs)-1]
		data := last["data"].(map[string]any)
		if last["action"] != "rider.signed" || data["userId"] != w.PerformerA.ID || data["version"] != float64(2) || last["actorId"] != w.PerformerA.ID {
			t.Errorf("audit event %v", last)
		}
	})
	t.Run("ErrSignTwice", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, w.sign(w.PerformerA, id, 2, "Ada Actor"), http.StatusConflict, "already_signed")
		got := must(t, s.Do(request{Method: "GET", Path: path, Token: w.PerformerA.Token}), http.StatusOK).JSON(t)
		if !jsonEqual(t, got, signed) {
			t.Errorf("a second signature changed the rider: %v", got)
		}
	})
	t.Run("OK a new draft needs a new signature", func(t *testing.T) {
		w := w.in(t)
		r3 := w.putRider(id, w.PerformerA, riderBody("full", []string{"back"}, []string{"partial_nudity"}))
		if r3["version"] != float64(3) || r3["signedAt"] != nil || r3["signedName"] != nil {
			t.Errorf("new draft %v", r3)
		}
		assertProblem(t, w.sign(w.PerformerA, id, 2, "Ada Actor"), http.StatusConflict, "stale_version")
		must(t, w.sign(w.PerformerA, id, 3, "Ada Actor"), http.StatusOK)
	})
}

// Rule 5 (late_rider): a rider is due noticeHours before call time; one signed
// after that is late.
func TestRule5LateRider(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	now := s.Clock.Now()
	// call time exactly 48 h (the default notice) from now: due now
	id := w.createScene(w.Coordinator, sceneBody("220", map[string]any{"contentTags": []string{"full_nudity"},
		"callTime": now.Add(48 * time.Hour).Format(time.RFC3339)}))["id"].(string)
	w.cast(id, w.PerformerA, map[string]any{"characterName": "Ada"})
	r := w.putRider(id, w.PerformerA, riderBody("full", []string{"back"}, []string{"full_nudity"}))
	if due := parseTime(t, r["dueAt"]); !due.Equal(now) {
		t.Errorf("dueAt %v, want %v", due, now)
	}
	t.Run("OK signed exactly when due is on time", func(t *testing.T) {
		w := w.in(t)
		got := must(t, w.sign(w.PerformerA, id, 1, "Ada Actor"), http.StatusOK).JSON(t)
		if got["late"] != false {
			t.Errorf("rider %v", got)
		}
	})
	t.Run("OK signed a second after due is late", func(t *testing.T) {
		w := w.in(t)
		w.putRider(id, w.PerformerA, riderBody("full", []string{"back", "buttocks"}, []string{"full_nudity"}))
		s.Clock.Advance(time.Second)
		got := must(t, w.sign(w.PerformerA, id, 2, "Ada Actor"), http.StatusOK).JSON(t)
		if got["late"] != true || !parseTime(t, got["dueAt"]).Equal(now) {
			t.Errorf("rider %v", got)
		}
		evs, _ := w.auditEvents(w.Coordinator)
		if data := evs[len(evs)-1]["data"].(map[string]any); data["late"] != true {
			t.Errorf("audit data %v", data)
		}
		// an unsigned draft is never late
		d := w.putRider(id, w.PerformerA, riderBody("full", []string{"back"}, []string{"full_nudity"}))
		if d["late"] != false {
			t.Errorf("draft %v", d)
		}
	})
	t.Run("OK dueAt follows the call time", func(t *testing.T) {
		w := w.in(t)
		must(t, w.patchScene(w.Coordinator, id, map[string]any{"callTime": "2026-12-10T06:00:00Z"}), http.StatusOK)
		got := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/riders/" + w.PerformerA.ID, Token: w.PerformerA.Token}), http.StatusOK).JSON(t)
		if got["dueAt"] != "2026-12-08T06:00:00Z" {
			t.Errorf("dueAt %v, want 2026-12-08T06:00:00Z", got["dueAt"])
		}
	})
	t.Run("OK the production's notice hours", func(t *testing.T) {
		w := w.in(t)
		res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: w.Producer.Token,
			Body: map[string]any{"title": "Short Notice", "kind": "stage", "timezone": "Europe/Paris", "noticeHours": 72}}), http.StatusCreated)
		other := *w
		other.Production = res.JSON(t)["id"].(string)
		s.join(w.Producer, other.Production, w.Coordinator, "coordinator")
		s.join(w.Coordinator, other.Production, w.PerformerA, "performer")
		sc := other.createScene(w.Coordinator, sceneBody("1", map[string]any{"contentTags": []string{"partial_nudity"}}))["id"].(string)
		other.cast(sc, w.PerformerA, map[string]any{"characterName": "Ada"})
		r := other.putRider(sc, w.PerformerA, riderBody("partial", []string{}, []string{"partial_nudity"}))
		if r["dueAt"] != "2026-11-28T07:30:00Z" {
			t.Errorf("dueAt %v, want call time − 72 h", r["dueAt"])
		}
	})
}

// Idempotency-Key on signRider: the same key twice answers the same body with
// Idempotent-Replayed: true and signs once.
func TestRiderIdempotencyKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("230", []string{"partial_nudity"}, w.PerformerA)
	w.putRider(id, w.PerformerA, riderBody("partial", []string{"back"}, []string{"partial_nudity"}))
	sign := func() response {
		return s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + id + "/riders/" + w.PerformerA.ID + "/sign", Token: w.PerformerA.Token,
			Body: map[string]any{"version": 1, "fullName": "Ada Actor"}, Header: map[string]string{"Idempotency-Key": "sign-1"}})
	}
	first := must(t, sign(), http.StatusOK)
	s.Clock.Advance(time.Second)
	again := sign()
	if again.Status != http.StatusOK || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay %d %s %v", again.Status, again.Body, again.Header)
	}
	n := 0
	for _, a := range w.auditActions() {
		if a == "rider.signed" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d rider.signed events, want 1", n)
	}
}
