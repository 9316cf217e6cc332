package api_test

import (
	"bufio"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// members returns the production's members by user id, as a.
func (w *world) members(as account) map[string]map[string]any {
	w.t.Helper()
	out := map[string]map[string]any{}
	for _, m := range must(w.t, w.do(as, "GET", "/api/v1/productions/"+w.Production+"/members", nil), http.StatusOK).List(w.t) {
		out[m["userId"].(string)] = m
	}
	return out
}

func (w *world) removeMember(as, who account) response {
	w.t.Helper()
	return w.do(as, "DELETE", "/api/v1/productions/"+w.Production+"/members/"+who.ID, nil)
}

func (w *world) changeRole(as, who account, role string) response {
	w.t.Helper()
	return w.do(as, "PATCH", "/api/v1/productions/"+w.Production+"/members/"+who.ID, map[string]any{"role": role})
}

// castIDs are the user ids cast in a scene, as the producer sees it.
func (w *world) castIDs(scene string) []string {
	w.t.Helper()
	var ids []string
	for _, m := range w.getScene(w.Producer, scene)["cast"].([]any) {
		ids = append(ids, m.(map[string]any)["userId"].(string))
	}
	return ids
}

// coverageReasons are a scene's readiness reasons, as the producer sees them.
func (w *world) coverageReasons(scene string) []string {
	w.t.Helper()
	res := must(w.t, w.do(w.Producer, "GET", "/api/v1/productions/"+w.Production+"/coverage", nil), http.StatusOK).JSON(w.t)
	for _, sc := range res["scenes"].([]any) {
		if line := sc.(map[string]any); line["sceneId"] == scene {
			var out []string
			for _, r := range line["reasons"].([]any) {
				out = append(out, r.(string))
			}
			return out
		}
	}
	w.t.Fatalf("scene %s not in coverage", scene)
	return nil
}

// TestRule13AccessEndsWhenTheJobEnds: a producer removes members, changes
// roles and revokes invites, anyone leaves (never the last producer); from
// that moment the person sees nothing of the production (404) with the token
// they already hold, replays included; a removed performer leaves every cast
// and every open check-in — which then completes without them and never
// counts them as no_response — and their history stays.
func TestRule13AccessEndsWhenTheJobEnds(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	A, B, C := w.PerformerA, w.PerformerB, w.PerformerC
	w.Scene = w.scene("12", []string{"kissing"}, A, B)
	scene := w.Scene
	w.published(scene, "v1", w.kissStep(A, B))
	must(t, w.decide(B, scene, 1, "confirmed", ""), http.StatusOK)
	checkin := w.requested("Before take 1", 300)["id"].(string) // A and B
	must(t, w.answer(A, checkin, "ok", ""), http.StatusOK)
	debrief := w.scheduled(debriefAt, "Green room")["id"].(string) // A and B, ahead
	// B answers something with a key before being removed: its reply is stored.
	keyed := request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/consent", Token: B.Token,
		Body: map[string]any{"version": 1, "decision": "confirmed"}, Header: map[string]string{"Idempotency-Key": "b-confirms-1"}}
	must(t, s.Do(keyed), http.StatusOK)

	t.Run("removal", func(t *testing.T) {
		w := w.in(t)
		must(t, w.removeMember(w.Producer, B), http.StatusNoContent)
		// Next request, token issued before: 404 everywhere in the production.
		for _, path := range []string{"/productions/" + w.Production, "/productions/" + w.Production + "/members",
			"/productions/" + w.Production + "/scenes", "/scenes/" + scene, "/scenes/" + scene + "/choreography",
			"/checkins/" + checkin, "/me/boundaries?productionId=" + w.Production} {
			assertProblem(t, w.do(B, "GET", "/api/v1"+path, nil), http.StatusNotFound, "not_found")
		}
		assertProblem(t, w.answer(B, checkin, "ok", ""), http.StatusNotFound, "not_found")
		if l := must(t, w.do(B, "GET", "/api/v1/productions", nil), http.StatusOK).List(t); len(l) != 0 {
			t.Fatalf("productions after removal: %v", l)
		}
		if l := must(t, w.do(B, "GET", "/api/v1/me/checkins?open=true", nil), http.StatusOK).List(t); len(l) != 0 {
			t.Fatalf("open check-ins after removal: %v", l)
		}
		// A replay of a stored reply re-checks access: 404, not the stored body.
		res := s.Do(keyed)
		assertProblem(t, res, http.StatusNotFound, "not_found")
		if res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatal("a removed member got a replay")
		}
		// Off the cast and the open check-in; no longer a member.
		if ids := w.castIDs(scene); slices.Contains(ids, B.ID) {
			t.Fatalf("cast after removal: %v", ids)
		}
		if _, ok := w.members(w.Producer)[B.ID]; ok {
			t.Fatal("still listed as a member")
		}
		c, _ := w.get(w.Coordinator, checkin)
		for _, r := range c["responses"].([]any) {
			if r.(map[string]any)["userId"] == B.ID {
				t.Fatalf("still addressed by the open check-in: %v", c)
			}
		}
		d := must(t, w.do(w.Coordinator, "GET", "/api/v1/debriefs/"+debrief, nil), http.StatusOK)
		if strings.Contains(string(d.Body), B.ID) {
			t.Fatalf("still a participant of an upcoming debrief: %s", d.Body)
		}
		// Everyone still addressed answered ok: ok, never no_response, no alert.
		if c["outcome"] != "ok" {
			t.Fatalf("outcome %v, want ok: %v", c["outcome"], c)
		}
		s.Clock.Advance(6 * time.Minute)
		if _, err := s.Svc.ExpireCheckins(context.Background()); err != nil {
			t.Fatal(err)
		}
		c, _ = w.get(w.Coordinator, checkin)
		if c["outcome"] != "ok" || c["open"] != false {
			t.Fatalf("after expiry: %v", c)
		}
		if slices.Contains(inboxTypes(t, s, w.Coordinator), "checkin.alert") {
			t.Fatal("a no-response alert for someone removed")
		}
		// Their history stays: the decision is on the audit record.
		events, _ := w.auditEvents(w.Coordinator)
		found := false
		for _, e := range events {
			d, _ := e["data"].(map[string]any)
			found = found || e["action"] == "consent.confirmed" && d["userId"] == B.ID
		}
		if !found {
			t.Fatal("the removed performer's decision left the audit record")
		}
		actions := w.auditActions()
		if !slices.Contains(actions, "member.removed") {
			t.Fatalf("no member.removed in %v", actions)
		}
	})

	t.Run("role changes", func(t *testing.T) {
		w := w.in(t)
		// Away from coordinator: cleared as the scene's coordinator.
		m := must(t, w.changeRole(w.Producer, w.Coordinator, "performer"), http.StatusOK).JSON(t)
		if m["role"] != "performer" || m["userId"] != w.Coordinator.ID || m["displayName"] == nil {
			t.Fatalf("member %v", m)
		}
		if reasons := w.coverageReasons(scene); !slices.Contains(reasons, "no_coordinator") {
			t.Fatalf("reasons %v, want no_coordinator", reasons)
		}
		// Their old token now has a performer's rights only.
		assertProblem(t, w.do(w.Coordinator, "GET", "/api/v1/scenes/"+scene+"/boundaries", nil), http.StatusNotFound, "not_found")
		// Away from performer: off every cast.
		must(t, w.changeRole(w.Producer, A, "coordinator"), http.StatusOK)
		if ids := w.castIDs(scene); slices.Contains(ids, A.ID) {
			t.Fatalf("cast after role change: %v", ids)
		}
		evs, _ := w.auditEvents(A) // A is the coordinator now
		if !slices.ContainsFunc(evs, func(e map[string]any) bool { return e["action"] == "member.role_changed" }) {
			t.Fatal("role change not audited")
		}
		// Only producers change roles; never the last producer.
		assertProblem(t, w.changeRole(A, C, "coordinator"), http.StatusForbidden, "forbidden")
		assertProblem(t, w.changeRole(w.Producer, w.Producer, "performer"), http.StatusConflict, "last_producer")
		assertProblem(t, w.removeMember(w.Producer, w.Producer), http.StatusConflict, "last_producer")
		// With a second producer, the first may step down.
		must(t, w.changeRole(w.Producer, C, "producer"), http.StatusOK)
		must(t, w.changeRole(w.Producer, w.Producer, "coordinator"), http.StatusOK)
	})

	t.Run("leave", func(t *testing.T) {
		o := newWorld(t, s)
		assertProblem(t, o.removeMember(o.PerformerA, o.PerformerB), http.StatusForbidden, "forbidden")
		must(t, o.removeMember(o.PerformerC, o.PerformerC), http.StatusNoContent)
		assertProblem(t, o.do(o.PerformerC, "GET", "/api/v1/productions/"+o.Production, nil), http.StatusNotFound, "not_found")
	})

	t.Run("invites", func(t *testing.T) {
		w := newWorld(t, s) // its producer is still one
		invite := func(as account, email, role string) map[string]any {
			return must(t, w.do(as, "POST", "/api/v1/productions/"+w.Production+"/invites",
				map[string]any{"email": email, "role": role}), http.StatusCreated).JSON(t)
		}
		newcomer := newAccount(t, s, "Nina Newcomer")
		inv := invite(w.Producer, newcomer.Email, "performer")
		staffInv := invite(w.Producer, freshEmail(), "producer")
		list := must(t, w.do(w.Producer, "GET", "/api/v1/productions/"+w.Production+"/invites", nil), http.StatusOK)
		if strings.Contains(string(list.Body), inv["token"].(string)) || !strings.Contains(string(list.Body), inv["id"].(string)) {
			t.Fatalf("invite list %s", list.Body)
		}
		// Coordinators see performer invites only.
		for _, i := range must(t, w.do(w.Coordinator, "GET", "/api/v1/productions/"+w.Production+"/invites", nil), http.StatusOK).List(t) {
			if i["role"] != "performer" {
				t.Fatalf("a coordinator sees a %v invite", i["role"])
			}
		}
		must(t, w.do(w.Producer, "DELETE", "/api/v1/productions/"+w.Production+"/invites/"+inv["id"].(string), nil), http.StatusNoContent)
		assertProblem(t, w.do(newcomer, "POST", "/api/v1/invites/"+inv["token"].(string)+"/accept", nil), http.StatusNotFound, "not_found")
		must(t, w.do(w.Producer, "DELETE", "/api/v1/productions/"+w.Production+"/invites/"+staffInv["id"].(string), nil), http.StatusNoContent)
		if !slices.Contains(w.auditActions(), "invite.revoked") {
			t.Fatal("revocation not audited")
		}
	})
}

// TestRule13RemovedStreamIsCut: an open live-board stream of a removed
// coordinator ends at once on the instance that removed them, and within
// about a second on another instance sharing the database.
func TestRule13RemovedStreamIsCut(t *testing.T) {
	s := newTestServer(t)
	other := newTestServerOn(t, s.Store, nil) // a second instance, same database
	for _, via := range []*testServer{s, other} {
		w := newWorld(t, s)
		ticket := must(t, w.do(w.Coordinator, "POST", "/api/v1/productions/"+w.Production+"/events/ticket", nil),
			http.StatusCreated).JSON(t)["ticket"].(string)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/api/v1/productions/"+w.Production+"/events?ticket="+ticket, nil)
		stream, err := http.DefaultClient.Do(req)
		if err != nil || stream.StatusCode != http.StatusOK {
			t.Fatalf("stream: %v %v", stream, err)
		}
		defer stream.Body.Close()
		lines := bufio.NewScanner(stream.Body)
		lines.Scan() // ": connected"
		start := time.Now()
		must(t, via.Do(request{Method: "DELETE", Path: "/api/v1/productions/" + w.Production + "/members/" + w.Coordinator.ID,
			Token: w.Producer.Token}), http.StatusNoContent)
		for lines.Scan() {
		}
		if ctx.Err() != nil {
			t.Fatal("the removed coordinator's stream stayed open")
		}
		if d := time.Since(start); d > 2500*time.Millisecond {
			t.Fatalf("stream cut after %v", d)
		}
	}
}
