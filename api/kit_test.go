package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/notify"
	"closedset/internal/notify/pushtest"
	"closedset/internal/service"
)

// The test kit: one fixture (newWorld), its requests as methods, and plain
// helpers. The server itself is in testserver_test.go.

// world is a production with a producer, a coordinator, three performer
// members (A and B get cast, C stays uncast) and an outsider. Scene is set by
// withScene.
type world struct {
	t                                  *testing.T
	s                                  *testServer
	Production, Scene                  string
	Producer, Coordinator, Outsider    account
	PerformerA, PerformerB, PerformerC account
}

func newWorld(t *testing.T, s *testServer) *world {
	t.Helper()
	w := &world{t: t, s: s, Producer: newAccount(t, s, "Pat Producer"), Coordinator: newAccount(t, s, "Cory Coordinator"),
		PerformerA: newAccount(t, s, "Ada Actor"), PerformerB: newAccount(t, s, "Ben Actor"),
		PerformerC: newAccount(t, s, "Cleo Uncast"), Outsider: newAccount(t, s, "Otto Outsider")}
	w.Production = s.createProduction(w.Producer, "Night Garden")
	s.join(w.Producer, w.Production, w.Coordinator, "coordinator")
	for _, p := range []account{w.PerformerA, w.PerformerB, w.PerformerC} {
		s.join(w.Coordinator, w.Production, p, "performer")
	}
	return w
}

// withScene adds scene "42A" (partial_nudity, restraint_suspension; A and B
// cast) as w.Scene.
func (w *world) withScene() *world {
	w.Scene = w.scene("42A", []string{"partial_nudity", "restraint_suspension"}, w.PerformerA, w.PerformerB)
	return w
}

// in returns the world for subtest t (so helpers fail t, not its parent).
func (w *world) in(t *testing.T) *world {
	c := *w
	c.t = t
	return &c
}

// accountSeq numbers fixture accounts: unique e-mails and client IPs.
var accountSeq atomic.Int64

// newAccount signs someone up straight through the service, from a client IP
// of its own, so fixtures never trip the per-IP sign-up limit of 127.0.0.1.
func newAccount(t testing.TB, s *testServer, name string) account {
	t.Helper()
	n := accountSeq.Add(1)
	email := fmt.Sprintf("%s.%d@example.test", strings.ToLower(strings.ReplaceAll(name, " ", ".")), n)
	sess, err := s.Svc.Register(context.Background(), service.RegisterInput{Email: email, Password: "correct horse battery",
		DisplayName: name}, fmt.Sprintf("198.51.%d.%d", n/250%250, n%250+1))
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return account{ID: sess.User.ID, Email: email, Token: sess.AccessToken, Refresh: sess.RefreshToken}
}

// unknownID is an id that names nothing.
const unknownID = "01937a4e-0000-7000-8000-000000000000"

// must fails unless res has status want, and returns it.
func must(t testing.TB, res response, want int) response {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status %d, want %d: %s", res.Status, want, res.Body)
	}
	return res
}

// defaultCallTime is 2026-12-01 07:30 UTC, 8 days 22.5 h after the test clock's start.
const defaultCallTime = "2026-12-01T07:30:00Z"

// sceneBody is a valid scene creation body; extra fields override.
func sceneBody(number string, extra map[string]any) map[string]any {
	b := map[string]any{"number": number, "title": "Scene " + number, "callTime": defaultCallTime, "contentTags": []string{"kissing"}}
	maps.Copy(b, extra)
	return b
}

// step is a choreography step: performers maps user id → nudity, contacts
// are [from, to, area].
func step(title string, performers map[string]string, contacts [][3]string, barrier string) map[string]any {
	ps, cs := []map[string]any{}, []map[string]any{}
	for _, id := range slices.Sorted(maps.Keys(performers)) {
		ps = append(ps, map[string]any{"userId": id, "nudity": performers[id]})
	}
	for _, c := range contacts {
		cs = append(cs, map[string]any{"fromUserId": c[0], "toUserId": c[1], "area": c[2]})
	}
	st := map[string]any{"title": title, "description": "Blocking for " + title, "durationSec": 30, "performers": ps, "contacts": cs}
	if barrier != "" {
		st["barrier"] = barrier
	}
	return st
}

// kissStep is a harmless step between a and b: lips to lips, no nudity.
func (w *world) kissStep(a, b account) map[string]any {
	return step("Kiss", map[string]string{a.ID: "none", b.ID: "none"}, [][3]string{{a.ID, b.ID, "lips"}, {b.ID, a.ID, "lips"}}, "")
}

// riderBody is a rider agreeing to nudity, areas and acts.
func riderBody(nudity string, areas, acts []string) map[string]any {
	return map[string]any{"nudity": nudity, "visibleAreas": areas, "acts": acts, "stillsAllowed": false,
		"doubleAllowed": true, "footageLimits": "No stills of the back."}
}

func (w *world) do(as account, method, path string, body any) response {
	w.t.Helper()
	return w.s.Do(request{Method: method, Path: path, Token: as.Token, Body: body})
}

func (w *world) createScene(as account, body map[string]any) map[string]any {
	w.t.Helper()
	return must(w.t, w.do(as, "POST", "/api/v1/productions/"+w.Production+"/scenes", body), http.StatusCreated).JSON(w.t)
}

// scene creates a scene coordinated by the coordinator, with tags, and casts
// the given performers; it returns the scene id.
func (w *world) scene(number string, tags []string, cast ...account) string {
	w.t.Helper()
	id := w.createScene(w.Coordinator, sceneBody(number, map[string]any{"contentTags": tags,
		"coordinatorId": w.Coordinator.ID, "closedSet": map[string]any{"roster": []string{"Director", "DP"}}}))["id"].(string)
	for i, p := range cast {
		w.cast(id, p, map[string]any{"characterName": fmt.Sprintf("Role %d", i+1)})
	}
	return id
}

func (w *world) putCast(scene string, p account, body map[string]any) response {
	w.t.Helper()
	return w.do(w.Coordinator, "PUT", "/api/v1/scenes/"+scene+"/cast/"+p.ID, body)
}

func (w *world) cast(scene string, p account, body map[string]any) map[string]any {
	w.t.Helper()
	return must(w.t, w.putCast(scene, p, body), http.StatusOK).JSON(w.t)
}

func (w *world) getScene(as account, scene string) map[string]any {
	w.t.Helper()
	return must(w.t, w.do(as, "GET", "/api/v1/scenes/"+scene, nil), http.StatusOK).JSON(w.t)
}

func (w *world) patchScene(as account, scene string, body any) response {
	w.t.Helper()
	return w.do(as, "PATCH", "/api/v1/scenes/"+scene, body)
}

func (w *world) publish(as account, scene, summary string, steps ...map[string]any) response {
	w.t.Helper()
	return w.do(as, "POST", "/api/v1/scenes/"+scene+"/choreography", map[string]any{"summary": summary, "steps": steps})
}

// published publishes as the coordinator and returns the choreography.
func (w *world) published(scene, summary string, steps ...map[string]any) map[string]any {
	w.t.Helper()
	return must(w.t, w.publish(w.Coordinator, scene, summary, steps...), http.StatusCreated).JSON(w.t)
}

// decide confirms or declines version as p.
func (w *world) decide(p account, scene string, version int, decision, note string) response {
	w.t.Helper()
	body := map[string]any{"version": version, "decision": decision}
	if note != "" {
		body["note"] = note
	}
	return w.do(p, "PUT", "/api/v1/scenes/"+scene+"/consent", body)
}

// withdraw withdraws p's consent; body nil sends no body at all.
func (w *world) withdraw(p account, scene string, body any) response {
	w.t.Helper()
	return w.do(p, "POST", "/api/v1/scenes/"+scene+"/consent/withdraw", body)
}

// consents lists a scene's consents as a, by user id, and the raw body.
func (w *world) consents(as account, scene string) (map[string]map[string]any, []byte) {
	w.t.Helper()
	res := must(w.t, w.do(as, "GET", "/api/v1/scenes/"+scene+"/consents", nil), http.StatusOK)
	out := map[string]map[string]any{}
	for _, c := range res.List(w.t) {
		out[c["userId"].(string)] = c
	}
	return out, res.Body
}

// consentSummary reads a scene's consent counts as a.
func (w *world) consentSummary(as account, scene string) map[string]any {
	w.t.Helper()
	return must(w.t, w.do(as, "GET", "/api/v1/scenes/"+scene+"/consents/summary", nil), http.StatusOK).JSON(w.t)
}

// putRider drafts p's rider as the coordinator.
func (w *world) putRider(scene string, p account, body map[string]any) map[string]any {
	w.t.Helper()
	return must(w.t, w.do(w.Coordinator, "PUT", "/api/v1/scenes/"+scene+"/riders/"+p.ID, body), http.StatusOK).JSON(w.t)
}

func (w *world) sign(p account, scene string, version int, name string) response {
	w.t.Helper()
	return w.do(p, "POST", "/api/v1/scenes/"+scene+"/riders/"+p.ID+"/sign", map[string]any{"version": version, "fullName": name})
}

// boundary creates a boundary as p (in the world's production by default).
func (w *world) boundary(p account, body map[string]any) response {
	w.t.Helper()
	if _, ok := body["productionId"]; !ok {
		body["productionId"] = w.Production
	}
	return w.do(p, "POST", "/api/v1/me/boundaries", body)
}

// auditEvents reads the whole audit chain as a, following next; raw holds
// every page's body.
func (w *world) auditEvents(as account) ([]map[string]any, string) {
	w.t.Helper()
	var out []map[string]any
	var raw strings.Builder
	path := "/api/v1/productions/" + w.Production + "/audit?limit=200"
	for range 1000 {
		res := must(w.t, w.do(as, "GET", path, nil), http.StatusOK)
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
func (w *world) auditActions() []string {
	w.t.Helper()
	evs, _ := w.auditEvents(w.Coordinator)
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e["action"].(string)
	}
	return out
}

// flagsOf returns a choreography's flags as step/userId/code, and whether
// the key was there at all.
func flagsOf(c map[string]any) ([]string, bool) {
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

// jsonEqual compares two values by their JSON form.
func jsonEqual(t testing.TB, got, want any) bool {
	t.Helper()
	norm := func(v any) (out any) {
		b, err := json.Marshal(v)
		if err == nil {
			err = json.Unmarshal(b, &out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return reflect.DeepEqual(norm(got), norm(want))
}

// parseTime parses an RFC 3339 field.
func parseTime(t testing.TB, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("not an RFC 3339 time: %v", v)
	}
	return tm
}

// noLeak fails when any of the secrets occurs in body.
func noLeak(t testing.TB, what string, body []byte, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if i := strings.Index(string(body), s); i >= 0 {
			t.Errorf("%s reveals %q: …%s…", what, s, body[max(i-200, 0):min(i+len(s)+100, len(body))])
		}
	}
}

const testVAPIDSubject = "mailto:push@closedset.test"

// withPushReceiver runs the real push worker (polling every 20 ms) on the
// test server's store, and returns a receiver that browsers subscribe to.
func withPushReceiver(t *testing.T, s *testServer) *pushtest.Receiver {
	t.Helper()
	recv := pushtest.NewReceiver(t, testVAPIDPublic, testVAPIDSubject)
	wk := notify.New(notify.Options{Store: s.Store, Logger: slog.New(slog.NewTextHandler(s.Logs, nil)),
		VAPIDPublicKey: testVAPIDPublic, VAPIDPrivateKey: testVAPIDPrivate, Subject: testVAPIDSubject,
		Now: s.Clock.Now, PollInterval: 20 * time.Millisecond, AllowedHosts: testPushHosts})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { wk.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return recv
}

// subscribe registers a new browser subscription of recv for a.
func subscribe(t *testing.T, s *testServer, recv *pushtest.Receiver, a account) pushtest.Subscription {
	t.Helper()
	sub := recv.Subscribe()
	must(t, s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: sub.JSON()}), http.StatusCreated)
	return sub
}

// pushBody is a decrypted push payload.
type pushBody struct{ ID, Type, Title, Body, URL, ProductionID, SceneID string }

func decodePush(t *testing.T, m pushtest.Message) pushBody {
	t.Helper()
	var p pushBody
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		t.Fatalf("push payload %q: %v", m.Payload, err)
	}
	return p
}

// pushesTo returns the delivered messages of one subscription.
func pushesTo(recv *pushtest.Receiver, sub pushtest.Subscription) []pushtest.Message {
	var out []pushtest.Message
	for _, m := range recv.Messages() {
		if m.SubscriptionID == sub.ID() {
			out = append(out, m)
		}
	}
	return out
}

// settle gives the push worker time to deliver anything it would wrongly deliver.
func settle() { time.Sleep(300 * time.Millisecond) }

// inboxTypes returns the types of a's notifications, newest first.
func inboxTypes(t testing.TB, s *testServer, a account) []string {
	t.Helper()
	res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/notifications?limit=100", Token: a.Token}), http.StatusOK)
	var out []string
	for _, it := range res.JSON(t)["items"].([]any) {
		out = append(out, it.(map[string]any)["type"].(string))
	}
	return out
}
