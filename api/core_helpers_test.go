package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// Helpers of the consent-core tests (scenes, choreography, consent, riders,
// boundaries, audit). Everything here is prefixed core.

// coreCallTime is the default call time of a test scene: 2026-12-01 07:30 UTC,
// 8 days 22.5 hours after the test clock's start.
const coreCallTime = "2026-12-01T07:30:00Z"

// coreWorld is a production with a producer, a coordinator, two performers who
// will be cast (A and B), a performer member who is not cast (C) and an
// outsider.
type coreWorld struct {
	t                                  *testing.T
	s                                  *testServer
	Production                         string
	Producer, Coordinator              account
	PerformerA, PerformerB, PerformerC account
	Outsider                           account
}

func coreNewWorld(t *testing.T, s *testServer) *coreWorld {
	t.Helper()
	w := &coreWorld{t: t, s: s,
		Producer:    errsAccount(t, s, "Pat Producer"),
		Coordinator: errsAccount(t, s, "Cory Coordinator"),
		PerformerA:  errsAccount(t, s, "Ada Actor"),
		PerformerB:  errsAccount(t, s, "Ben Actor"),
		PerformerC:  errsAccount(t, s, "Cleo Uncast"),
		Outsider:    errsAccount(t, s, "Otto Outsider"),
	}
	w.Production = s.createProduction(w.Producer, "Night Garden")
	s.join(w.Producer, w.Production, w.Coordinator, "coordinator")
	for _, p := range []account{w.PerformerA, w.PerformerB, w.PerformerC} {
		s.join(w.Coordinator, w.Production, p, "performer")
	}
	return w
}

// coreMust fails unless res has status want, and returns it.
func coreMust(t testing.TB, res response, want int) response {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status %d, want %d: %s", res.Status, want, res.Body)
	}
	return res
}

// coreSceneBody is a valid scene creation body; extra fields override.
func coreSceneBody(number string, extra map[string]any) map[string]any {
	b := map[string]any{"number": number, "title": "Scene " + number, "callTime": coreCallTime,
		"contentTags": []string{"kissing"}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// createScene creates a scene as a; it fails the test on anything but 201.
func (w *coreWorld) createScene(as account, body map[string]any) map[string]any {
	w.t.Helper()
	return coreMust(w.t, w.s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/scenes",
		Token: as.Token, Body: body}), http.StatusCreated).JSON(w.t)
}

// scene creates a scene (as the coordinator, who is assigned to it) with
// tags and casts the given performers; it returns the scene id.
func (w *coreWorld) scene(number string, tags []string, cast ...account) string {
	w.t.Helper()
	sc := w.createScene(w.Coordinator, coreSceneBody(number, map[string]any{"contentTags": tags,
		"coordinatorId": w.Coordinator.ID, "closedSet": map[string]any{"roster": []string{"Director", "DP"}}}))
	id := sc["id"].(string)
	for i, p := range cast {
		w.cast(id, p, map[string]any{"characterName": fmt.Sprintf("Role %d", i+1)})
	}
	return id
}

// putCast casts p in scene as the coordinator.
func (w *coreWorld) putCast(scene string, p account, body map[string]any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/cast/" + p.ID, Token: w.Coordinator.Token, Body: body})
}

func (w *coreWorld) cast(scene string, p account, body map[string]any) map[string]any {
	w.t.Helper()
	return coreMust(w.t, w.putCast(scene, p, body), http.StatusOK).JSON(w.t)
}

// getScene reads a scene as a.
func (w *coreWorld) getScene(as account, scene string) map[string]any {
	w.t.Helper()
	return coreMust(w.t, w.s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + scene, Token: as.Token}), http.StatusOK).JSON(w.t)
}

// patchScene patches a scene as a.
func (w *coreWorld) patchScene(as account, scene string, body any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "PATCH", Path: "/api/v1/scenes/" + scene, Token: as.Token, Body: body})
}

// coreStep is a step body: performers maps user id → nudity, contacts are
// [from, to, area] triples.
func coreStep(title string, performers map[string]string, contacts [][3]string, barrier string) map[string]any {
	ps := []map[string]any{}
	for _, id := range slices.Sorted(maps.Keys(performers)) {
		ps = append(ps, map[string]any{"userId": id, "nudity": performers[id]})
	}
	cs := []map[string]any{}
	for _, c := range contacts {
		cs = append(cs, map[string]any{"fromUserId": c[0], "toUserId": c[1], "area": c[2]})
	}
	st := map[string]any{"title": title, "description": "Blocking for " + title, "durationSec": 30,
		"performers": ps, "contacts": cs}
	if barrier != "" {
		st["barrier"] = barrier
	}
	return st
}

// kissStep is a harmless step between a and b: lips to lips, no nudity.
func (w *coreWorld) kissStep(a, b account) map[string]any {
	return coreStep("Kiss", map[string]string{a.ID: "none", b.ID: "none"}, [][3]string{{a.ID, b.ID, "lips"}, {b.ID, a.ID, "lips"}}, "")
}

// publish posts a choreography version as a.
func (w *coreWorld) publish(as account, scene, summary string, steps ...map[string]any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/choreography", Token: as.Token,
		Body: map[string]any{"summary": summary, "steps": steps}})
}

// published publishes as the coordinator and returns the choreography.
func (w *coreWorld) published(scene, summary string, steps ...map[string]any) map[string]any {
	w.t.Helper()
	return coreMust(w.t, w.publish(w.Coordinator, scene, summary, steps...), http.StatusCreated).JSON(w.t)
}

// decide confirms or declines version as p.
func (w *coreWorld) decide(p account, scene string, version int, decision, note string) response {
	w.t.Helper()
	body := map[string]any{"version": version, "decision": decision}
	if note != "" {
		body["note"] = note
	}
	return w.s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/consent", Token: p.Token, Body: body})
}

// withdraw withdraws p's consent; body nil sends no body at all.
func (w *coreWorld) withdraw(p account, scene string, body any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/consent/withdraw", Token: p.Token, Body: body})
}

// consents lists a scene's consents as a, keyed by user id; raw is the body.
func (w *coreWorld) consents(as account, scene string) (map[string]map[string]any, []byte) {
	w.t.Helper()
	res := coreMust(w.t, w.s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + scene + "/consents", Token: as.Token}), http.StatusOK)
	out := map[string]map[string]any{}
	for _, c := range res.List(w.t) {
		out[c["userId"].(string)] = c
	}
	return out, res.Body
}

// coreRiderBody is a rider body agreeing to acts, nudity and areas.
func coreRiderBody(nudity string, areas, acts []string) map[string]any {
	return map[string]any{"nudity": nudity, "visibleAreas": areas, "acts": acts, "stillsAllowed": false,
		"doubleAllowed": true, "footageLimits": "No stills of the back."}
}

// putRider drafts a rider as the coordinator.
func (w *coreWorld) putRider(scene string, p account, body map[string]any) map[string]any {
	w.t.Helper()
	return coreMust(w.t, w.s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/riders/" + p.ID,
		Token: w.Coordinator.Token, Body: body}), http.StatusOK).JSON(w.t)
}

// sign signs p's rider version as p.
func (w *coreWorld) sign(p account, scene string, version int, name string) response {
	w.t.Helper()
	return w.s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/riders/" + p.ID + "/sign", Token: p.Token,
		Body: map[string]any{"version": version, "fullName": name}})
}

// boundary creates a boundary as p.
func (w *coreWorld) boundary(p account, body map[string]any) response {
	w.t.Helper()
	if _, ok := body["productionId"]; !ok {
		body["productionId"] = w.Production
	}
	return w.s.Do(request{Method: "POST", Path: "/api/v1/me/boundaries", Token: p.Token, Body: body})
}

// auditEvents reads the whole audit chain as a, following next; raw holds
// every page's body.
func (w *coreWorld) auditEvents(as account) ([]map[string]any, string) {
	w.t.Helper()
	var out []map[string]any
	var raw strings.Builder
	path := "/api/v1/productions/" + w.Production + "/audit?limit=200"
	for range 1000 {
		res := coreMust(w.t, w.s.Do(request{Method: "GET", Path: path, Token: as.Token}), http.StatusOK)
		raw.Write(res.Body)
		page := res.JSON(w.t)
		for _, e := range page["events"].([]any) {
			out = append(out, e.(map[string]any))
		}
		next, ok := page["next"].(float64)
		if !ok {
			return out, raw.String()
		}
		path = fmt.Sprintf("/api/v1/productions/%s/audit?limit=200&after=%d", w.Production, int64(next))
	}
	w.t.Fatal("audit pagination does not end")
	return nil, ""
}

// auditActions lists the actions of the audit chain, in order.
func (w *coreWorld) auditActions() []string {
	w.t.Helper()
	evs, _ := w.auditEvents(w.Producer)
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e["action"].(string)
	}
	return out
}

// coreFlags returns the flags of a choreography as (step, userId, code)
// triples, and whether the key was present at all.
func coreFlags(c map[string]any) ([]string, bool) {
	raw, ok := c["flags"]
	if !ok {
		return nil, false
	}
	var out []string
	for _, f := range raw.([]any) {
		m := f.(map[string]any)
		out = append(out, fmt.Sprintf("%v/%v/%v", m["step"], m["userId"], m["code"]))
	}
	return out, true
}

// coreJSONEqual compares two values by their JSON form.
func coreJSONEqual(t testing.TB, got, want any) bool {
	t.Helper()
	norm := func(v any) any {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return reflect.DeepEqual(norm(got), norm(want))
}

// coreTime parses an RFC 3339 field.
func coreTime(t testing.TB, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("not an RFC 3339 time: %v", v)
	}
	return tm
}

// coreNoLeak fails when any of the secrets occurs in body.
func coreNoLeak(t testing.TB, what string, body []byte, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if i := strings.Index(string(body), s); i >= 0 {
			from, to := max(i-200, 0), min(i+len(s)+100, len(body))
			t.Errorf("%s reveals %q: …%s…", what, s, body[from:to])
		}
	}
}

// in returns the world for use in subtest t (so helpers fail t, not its
// parent).
func (w *coreWorld) in(t *testing.T) *coreWorld {
	c := *w
	c.t = t
	return &c
}
