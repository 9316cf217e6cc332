package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"closedset/internal/notify/pushtest"
)

// Check-ins (api.md "Check-ins", product.md "Check-in", rules 10 and 12): a
// coordinator asks some or all of a scene's cast how they are; each addressed
// performer answers ok, pause or stop; silence is no_response, never OK.

// request asks for a check-in on the world's scene as the coordinator.
func (w *world) request(body map[string]any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + w.Scene + "/checkins", Token: w.Coordinator.Token, Body: body})
}

// requested asks for a check-in and returns it; performers nil means the
// default (the whole cast), expires 0 the default expiry.
func (w *world) requested(reason string, expires int, performers ...account) map[string]any {
	w.t.Helper()
	body := map[string]any{"reason": reason}
	if expires != 0 {
		body["expiresInSec"] = expires
	}
	if performers != nil {
		ids := []string{}
		for _, p := range performers {
			ids = append(ids, p.ID)
		}
		body["performerIds"] = ids
	}
	return must(w.t, w.request(body), http.StatusCreated).JSON(w.t)
}

// answer answers check-in id as p.
func (w *world) answer(p account, id, answer, note string) response {
	w.t.Helper()
	body := map[string]any{"answer": answer}
	if note != "" {
		body["note"] = note
	}
	return w.s.Do(request{Method: "POST", Path: "/api/v1/checkins/" + id + "/response", Token: p.Token, Body: body})
}

// get reads check-in id as a; it must answer 200.
func (w *world) get(as account, id string) (map[string]any, []byte) {
	w.t.Helper()
	res := must(w.t, w.s.Do(request{Method: "GET", Path: "/api/v1/checkins/" + id, Token: as.Token}), http.StatusOK)
	return res.JSON(w.t), res.Body
}

// list reads the scene's check-ins as a.
func (w *world) list(as account) ([]map[string]any, []byte) {
	w.t.Helper()
	res := must(w.t, w.s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + w.Scene + "/checkins", Token: as.Token}), http.StatusOK)
	return res.List(w.t), res.Body
}

// responsesByUser maps a check-in's responses by user id.
func responsesByUser(t testing.TB, c map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	rs, ok := c["responses"].([]any)
	if !ok {
		t.Fatalf("check-in without responses: %v", c)
	}
	for _, r := range rs {
		m := r.(map[string]any)
		out[m["userId"].(string)] = m
	}
	return out
}

// countOf counts the occurrences of v in l.
func countOf(l []string, v string) int {
	n := 0
	for _, x := range l {
		if x == v {
			n++
		}
	}
	return n
}

// sceneSecrets are words a lock-screen text about scene 42A must never show
// (rule 12): its content tags, body areas and notes.
var sceneSecrets = []string{"nudity", "partial", "restraint", "suspension", "genitals", "I feel unsafe"}

func TestCheckinDefaultsToWholeCast(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	c := w.requested("Before take 4", 0)
	if c["reason"] != "Before take 4" || c["sceneId"] != w.Scene || c["open"] != true || c["outcome"] != nil {
		t.Fatalf("new check-in: %v", c)
	}
	req, exp := parseTime(t, c["requestedAt"]), parseTime(t, c["expiresAt"])
	if !req.Equal(s.Clock.Now()) || exp.Sub(req) != 300*time.Second {
		t.Errorf("requestedAt %v expiresAt %v, want now (%v) and now + 300 s", req, exp, s.Clock.Now())
	}
	rs := responsesByUser(t, c)
	if len(rs) != 2 || rs[w.PerformerA.ID] == nil || rs[w.PerformerB.ID] == nil {
		t.Fatalf("addressed %v, want the whole cast (A and B)", c["responses"])
	}
	for id, r := range rs {
		if r["answer"] != nil || r["answeredAt"] != nil {
			t.Errorf("%s: unanswered entry %v", id, r)
		}
	}
	if rs[w.PerformerA.ID]["displayName"] != "Ada Actor" {
		t.Errorf("display name: %v", rs[w.PerformerA.ID])
	}
	// The coordinator reads it back the same.
	got, _ := w.get(w.Coordinator, c["id"].(string))
	if !jsonEqual(t, got, c) {
		t.Errorf("GET differs from the 201:\n%v\n%v", got, c)
	}
}

func TestCheckinExpiryBounds(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	for _, sec := range []int{29, 3601, -1} {
		p := assertProblem(t, w.request(map[string]any{"reason": "Before take 4", "expiresInSec": sec}), http.StatusUnprocessableEntity, "validation_failed")
		if !strings.Contains(fmt.Sprint(p["errors"]), "expiresInSec") {
			t.Errorf("%d s: errors do not name expiresInSec: %v", sec, p["errors"])
		}
	}
	for _, sec := range []int{30, 3600} {
		c := w.requested("Before take 4", sec)
		if d := parseTime(t, c["expiresAt"]).Sub(parseTime(t, c["requestedAt"])); d != time.Duration(sec)*time.Second {
			t.Errorf("%d s: expires after %v", sec, d)
		}
	}
	// A reason is required.
	assertProblem(t, w.request(map[string]any{"reason": ""}), http.StatusUnprocessableEntity, "validation_failed")
	assertProblem(t, w.request(map[string]any{"reason": "   "}), http.StatusUnprocessableEntity, "validation_failed")
}

func TestCheckinPerformersMustBeCast(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	for name, id := range map[string]string{"uncast member": w.PerformerC.ID, "outsider": w.Outsider.ID,
		"coordinator": w.Coordinator.ID, "unknown": unknownID} {
		res := w.request(map[string]any{"reason": "Before take 4", "performerIds": []string{w.PerformerA.ID, id}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s addressed: %d %s", name, res.Status, res.Body)
			continue
		}
		assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
	}
	if l, _ := w.list(w.Coordinator); len(l) != 0 {
		t.Fatalf("refused requests left check-ins: %v", l)
	}
	// Some of the cast is fine: only they are addressed.
	c := w.requested("Before take 4", 0, w.PerformerB)
	if rs := responsesByUser(t, c); len(rs) != 1 || rs[w.PerformerB.ID] == nil {
		t.Fatalf("addressed %v, want B only", c["responses"])
	}
}

func TestCheckinAnswers(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB

	t.Run("recorded, outcome null while incomplete, ok when all ok", func(t *testing.T) {
		w := w.in(t)
		c := w.requested("Before take 1", 0)
		id := c["id"].(string)
		s.Clock.Advance(10 * time.Second)
		res := must(t, w.answer(A, id, "ok", ""), http.StatusOK).JSON(t)
		rs := responsesByUser(t, res)
		if len(rs) != 1 || rs[A.ID]["answer"] != "ok" || !parseTime(t, rs[A.ID]["answeredAt"]).Equal(s.Clock.Now()) {
			t.Fatalf("answer response: want A's own answer only, answered now: %v", res)
		}
		got, _ := w.get(w.Coordinator, id)
		rs = responsesByUser(t, got)
		if got["outcome"] != nil || got["open"] != true || rs[A.ID]["answer"] != "ok" || rs[B.ID]["answer"] != nil {
			t.Fatalf("after A ok: %v", got)
		}
		must(t, w.answer(B, id, "ok", ""), http.StatusOK)
		got, _ = w.get(w.Coordinator, id)
		if got["outcome"] != "ok" || got["open"] != true {
			t.Fatalf("after A ok, B ok: outcome %v open %v, want ok and still open", got["outcome"], got["open"])
		}
	})

	t.Run("most serious answer wins", func(t *testing.T) {
		w := w.in(t)
		for _, tc := range []struct{ a, b, want string }{
			{"ok", "pause", "pause"},
			{"pause", "ok", "pause"},
			{"pause", "stop", "stop"},
			{"stop", "ok", "stop"},
		} {
			id := w.requested("Before take 2", 0)["id"].(string)
			must(t, w.answer(A, id, tc.a, ""), http.StatusOK)
			must(t, w.answer(B, id, tc.b, ""), http.StatusOK)
			got, _ := w.get(w.Coordinator, id)
			rs := responsesByUser(t, got)
			if got["outcome"] != tc.want || rs[A.ID]["answer"] != tc.a || rs[B.ID]["answer"] != tc.b {
				t.Errorf("A %s, B %s: outcome %v (want %s), responses %v", tc.a, tc.b, got["outcome"], tc.want, got["responses"])
			}
		}
	})

	// Every pause and stop above alerted the scene's coordinator, once each
	// (1 + 1 + 2 + 1), and never the producer.
	if inbox := inboxTypes(t, s, w.Coordinator); countOf(inbox, "checkin.alert") != 5 {
		t.Errorf("coordinator inbox %v, want 5 checkin.alert", inbox)
	}
	if inbox := inboxTypes(t, s, w.Producer); len(inbox) != 0 {
		t.Errorf("producer inbox %v, want nothing", inbox)
	}

	t.Run("pause beats no_response", func(t *testing.T) {
		w := w.in(t)
		id := w.requested("Before take 3", 30)["id"].(string)
		must(t, w.answer(A, id, "pause", ""), http.StatusOK)
		s.Clock.Advance(31 * time.Second)
		got, _ := w.get(w.Coordinator, id)
		if rs := responsesByUser(t, got); got["outcome"] != "pause" || rs[B.ID]["answer"] != "no_response" || got["open"] != false {
			t.Fatalf("A pause, B silent, expired: %v", got)
		}
	})

	t.Run("only ok, pause and stop", func(t *testing.T) {
		w := w.in(t)
		id := w.requested("Before take 5", 0)["id"].(string)
		for _, a := range []string{"no_response", "OK", ""} {
			assertProblem(t, w.answer(A, id, a, ""), http.StatusUnprocessableEntity, "validation_failed")
		}
		got, _ := w.get(w.Coordinator, id)
		if responsesByUser(t, got)[A.ID]["answer"] != nil {
			t.Fatalf("a refused answer was recorded: %v", got)
		}
	})

	t.Run("a castmate not addressed cannot answer", func(t *testing.T) {
		w := w.in(t)
		id := w.requested("Before take 6", 0, A)["id"].(string)
		assertProblem(t, w.answer(B, id, "ok", ""), http.StatusNotFound, "not_found")
		assertProblem(t, w.s.Do(request{Method: "GET", Path: "/api/v1/checkins/" + id, Token: B.Token}), http.StatusNotFound, "not_found")
	})
}

func TestCheckinSilenceIsNoResponse(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	coordSub := subscribe(t, s, recv, w.Coordinator)
	A, B := w.PerformerA, w.PerformerB

	c := w.requested("Before take 4", 60)
	id := c["id"].(string)
	must(t, w.answer(A, id, "ok", ""), http.StatusOK)
	s.Clock.Advance(61 * time.Second)

	// Past its expiry the check-in reads closed, B's silence as no_response
	// and the outcome as no_response — before the scheduler has run.
	check := func(when string) {
		t.Helper()
		got, _ := w.get(w.Coordinator, id)
		rs := responsesByUser(t, got)
		if got["open"] != false || got["outcome"] != "no_response" || rs[A.ID]["answer"] != "ok" ||
			rs[B.ID]["answer"] != "no_response" || rs[B.ID]["answeredAt"] != nil {
			t.Fatalf("%s: coordinator GET %v", when, got)
		}
		l, _ := w.list(w.Producer)
		if len(l) != 1 || l[0]["outcome"] != "no_response" || l[0]["open"] != false {
			t.Fatalf("%s: producer list %v", when, l)
		}
		mine, _ := w.get(B, id)
		if rs := responsesByUser(t, mine); rs[B.ID]["answer"] != "no_response" || mine["open"] != false {
			t.Fatalf("%s: B's own view %v", when, mine)
		}
	}
	check("expired, not yet closed")
	assertProblem(t, w.answer(B, id, "ok", ""), http.StatusConflict, "checkin_expired")

	n, err := s.Svc.ExpireCheckins(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("ExpireCheckins: %d, %v; want 1 closed", n, err)
	}
	check("closed")
	assertProblem(t, w.answer(B, id, "ok", ""), http.StatusConflict, "checkin_expired")
	assertProblem(t, w.answer(A, id, "stop", ""), http.StatusConflict, "checkin_expired")
	check("after late answers")
	if n, err := s.Svc.ExpireCheckins(t.Context()); err != nil || n != 0 {
		t.Fatalf("ExpireCheckins again: %d, %v; want nothing to close", n, err)
	}

	// The coordinator is alerted exactly once: one push, one inbox entry.
	m := recv.Wait(t, 1, 10*time.Second)[0]
	settle()
	if got := pushesTo(recv, coordSub); len(got) != 1 {
		t.Fatalf("coordinator got %d pushes, want exactly 1", len(got))
	}
	p := decodePush(t, m)
	if m.SubscriptionID != coordSub.ID() || p.Type != "checkin.alert" || m.Urgency != "high" ||
		p.Title != "Night Garden" || !strings.Contains(p.Body, "42A") || p.URL != "/productions/"+w.Production+"/checkins/"+id {
		t.Errorf("alert: %+v %+v", m, p)
	}
	if m.TTL != 3600 {
		t.Errorf("alert TTL %d, want 3600 (1 h)", m.TTL)
	}
	if inbox := inboxTypes(t, s, w.Coordinator); countOf(inbox, "checkin.alert") != 1 {
		t.Errorf("coordinator inbox %v, want one checkin.alert", inbox)
	}
	if inbox := inboxTypes(t, s, w.Producer); len(inbox) != 0 {
		t.Errorf("producer inbox %v, want nothing (alerts go to the scene's coordinators)", inbox)
	}
	for _, secret := range sceneSecrets {
		if strings.Contains(string(m.Payload), secret) {
			t.Errorf("alert payload reveals %q: %s", secret, m.Payload)
		}
	}
}

func TestCheckinStopAlertsCoordinatorAtOnce(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	coordSub := subscribe(t, s, recv, w.Coordinator)
	A := w.PerformerA
	const note = "I feel unsafe with the harness"

	id := w.requested("Before take 4", 0)["id"].(string)
	must(t, w.answer(A, id, "stop", note), http.StatusOK)

	// At once: no expiry, no scheduler.
	m := recv.Wait(t, 1, 10*time.Second)[0]
	p := decodePush(t, m)
	if m.SubscriptionID != coordSub.ID() || p.Type != "checkin.alert" || m.Urgency != "high" {
		t.Fatalf("alert: %+v %+v", m, p)
	}
	if p.Body != "Scene 42A: a performer answered stop." || p.Title != "Night Garden" {
		t.Errorf("alert body %q (title %q) must name scene 42A and the answer, never the performer (rule 12)", p.Body, p.Title)
	}
	if m.TTL != 3600 {
		t.Errorf("alert TTL %d, want 3600", m.TTL)
	}
	if p.URL != "/productions/"+w.Production+"/checkins/"+id || p.SceneID != w.Scene || p.ProductionID != w.Production {
		t.Errorf("alert links: %+v", p)
	}
	for _, secret := range append(sceneSecrets, "harness") {
		if strings.Contains(string(m.Payload), secret) {
			t.Errorf("alert payload reveals %q: %s", secret, m.Payload)
		}
	}

	// The note is the coordinator's to read …
	got, _ := w.get(w.Coordinator, id)
	rs := responsesByUser(t, got)
	if rs[A.ID]["answer"] != "stop" || rs[A.ID]["note"] != note || got["outcome"] != nil {
		t.Errorf("coordinator GET: %v", got)
	}
	l, _ := w.list(w.Coordinator)
	if len(l) != 1 || responsesByUser(t, l[0])[A.ID]["note"] != note {
		t.Errorf("coordinator list: %v", l)
	}
	// … never the producer's (rule 10: counts only, no responses), nor the
	// castmate's, nor the audit log's.
	l, raw := w.list(w.Producer)
	if _, ok := l[0]["responses"]; len(l) != 1 || ok || !jsonEqual(t, l[0]["counts"], map[string]any{"ok": 0, "pause": 0, "stop": 1, "noResponse": 0, "waiting": 1}) {
		t.Fatalf("producer list: %s", raw)
	}
	noLeak(t, "producer list", raw, note, A.ID)
	mine, raw := w.get(w.PerformerB, id)
	if rs := responsesByUser(t, mine); len(rs) != 1 || rs[w.PerformerB.ID] == nil {
		t.Errorf("B sees other answers: %s", raw)
	}
	noLeak(t, "castmate GET", raw, note)
	_, auditRaw := w.auditEvents(w.Coordinator)
	noLeak(t, "audit", []byte(auditRaw), note)
	if inbox := inboxTypes(t, s, w.Producer); len(inbox) != 0 {
		t.Errorf("producer inbox %v, want nothing", inbox)
	}
}

func TestCheckinRequestedPush(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	aSub := subscribe(t, s, recv, w.PerformerA)
	bSub := subscribe(t, s, recv, w.PerformerB)
	cSub := subscribe(t, s, recv, w.PerformerC)

	c := w.requested("Before take 4", 120, w.PerformerA)
	id := c["id"].(string)
	m := recv.Wait(t, 1, 10*time.Second)[0]
	settle()
	p := decodePush(t, m)
	if m.SubscriptionID != aSub.ID() || p.Type != "checkin.requested" || m.Urgency != "high" {
		t.Fatalf("request push: %+v %+v", m, p)
	}
	if m.TTL < 100 || m.TTL > 120 {
		t.Errorf("TTL %d, want about the 120 s until expiry", m.TTL)
	}
	if p.URL != "/productions/"+w.Production+"/checkins/"+id || p.Title != "Night Garden" || !strings.Contains(p.Body, "42A") {
		t.Errorf("request push: %+v", p)
	}
	if len(m.Topic) == 0 || len(m.Topic) > 32 {
		t.Errorf("topic %q", m.Topic)
	}
	for _, secret := range sceneSecrets {
		if strings.Contains(string(m.Payload), secret) {
			t.Errorf("push reveals %q: %s", secret, m.Payload)
		}
	}
	for name, sub := range map[string]pushtest.Subscription{"B (cast, not addressed)": bSub, "C (not cast)": cSub} {
		if got := pushesTo(recv, sub); len(got) != 0 {
			t.Errorf("%s got pushes: %v", name, got)
		}
	}
	if got := pushesTo(recv, aSub); len(got) != 1 {
		t.Errorf("A got %d pushes, want 1", len(got))
	}
	if inbox := inboxTypes(t, s, w.PerformerA); !slices.Equal(inbox, []string{"checkin.requested"}) {
		t.Errorf("A's inbox %v", inbox)
	}
	if inbox := inboxTypes(t, s, w.PerformerB); countOf(inbox, "checkin.requested") != 0 {
		t.Errorf("B's inbox %v", inbox)
	}
}

func TestMyCheckins(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	other := w.scene("7B", []string{"kissing"}, A, B)

	expired := w.requested("Yesterday's take", 30, A)["id"].(string)
	s.Clock.Advance(31 * time.Second)
	both := w.requested("Before take 4", 0)["id"].(string)
	s.Clock.Advance(time.Second)
	bOnly := w.requested("Before take 5", 0, B)["id"].(string)
	s.Clock.Advance(time.Second)
	otherScene := must(t, s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + other + "/checkins", Token: w.Coordinator.Token,
		Body: map[string]any{"reason": "Before the kiss"}}), http.StatusCreated).JSON(t)["id"].(string)
	must(t, w.answer(B, both, "pause", "Give me a minute please"), http.StatusOK)
	must(t, w.answer(A, both, "ok", ""), http.StatusOK)

	mine := func(as account, query string) ([]string, []map[string]any, []byte) {
		t.Helper()
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/me/checkins" + query, Token: as.Token}), http.StatusOK)
		l := res.List(t)
		ids := []string{}
		for _, c := range l {
			ids = append(ids, c["id"].(string))
		}
		return ids, l, res.Body
	}

	ids, l, raw := mine(A, "?open=true")
	if !slices.Equal(ids, []string{otherScene, both}) {
		t.Fatalf("A's open check-ins %v, want [%s %s] (newest first; not the expired one, not B's)", ids, otherScene, both)
	}
	for _, c := range l {
		rs := responsesByUser(t, c)
		if len(rs) != 1 || rs[A.ID] == nil || c["open"] != true {
			t.Errorf("A sees more than their own answer: %v", c)
		}
	}
	if rs := responsesByUser(t, l[1]); rs[A.ID]["answer"] != "ok" {
		t.Errorf("A's own answer: %v", l[1])
	}
	noLeak(t, "A's check-ins", raw, "Give me a minute", "pause")

	ids, _, _ = mine(B, "?open=true")
	if !slices.Equal(ids, []string{otherScene, bOnly, both}) {
		t.Errorf("B's open check-ins %v, want [%s %s %s]", ids, otherScene, bOnly, both)
	}
	ids, l, _ = mine(A, "")
	if !slices.Equal(ids, []string{otherScene, both, expired}) {
		t.Fatalf("all of A's check-ins %v", ids)
	}
	if rs := responsesByUser(t, l[2]); rs[A.ID]["answer"] != "no_response" || l[2]["open"] != false {
		t.Errorf("A's expired check-in: %v", l[2])
	}
	for _, as := range []account{w.PerformerC, w.Coordinator, w.Producer, w.Outsider} {
		if ids, _, _ := mine(as, "?open=true"); len(ids) != 0 {
			t.Errorf("%s sees check-ins not addressed to them: %v", as.Email, ids)
		}
	}
	// The check-in itself, read by A: own answer only.
	got, raw := w.get(A, both)
	if rs := responsesByUser(t, got); len(rs) != 1 || rs[A.ID]["answer"] != "ok" {
		t.Errorf("A's GET: %s", raw)
	}
	noLeak(t, "A's GET", raw, "Give me a minute", B.ID)
}

func TestCheckinIdempotencyKey(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	countActions := func(action string) int {
		t.Helper()
		return countOf(w.auditActions(), action)
	}

	// The request: the same key twice is one check-in.
	req := request{Method: "POST", Path: "/api/v1/scenes/" + w.Scene + "/checkins", Token: w.Coordinator.Token,
		Body: map[string]any{"reason": "Before take 4"}, Header: map[string]string{"Idempotency-Key": "req-7f3a"}}
	first := must(t, s.Do(req), http.StatusCreated)
	again := must(t, s.Do(req), http.StatusCreated)
	id := first.JSON(t)["id"].(string)
	if again.JSON(t)["id"] != id || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %s (Idempotent-Replayed %q), want the first answer %s", again.Body, again.Header.Get("Idempotent-Replayed"), first.Body)
	}
	if l, _ := w.list(w.Coordinator); len(l) != 1 {
		t.Fatalf("%d check-ins, want 1", len(l))
	}
	if n := countActions("checkin.requested"); n != 1 {
		t.Errorf("%d checkin.requested events, want 1", n)
	}
	if inbox := inboxTypes(t, s, w.PerformerA); countOf(inbox, "checkin.requested") != 1 {
		t.Errorf("A's inbox %v, want one checkin.requested", inbox)
	}

	// The answer from a phone on a bad connection: sent twice, recorded once.
	ans := request{Method: "POST", Path: "/api/v1/checkins/" + id + "/response", Token: w.PerformerA.Token,
		Body: map[string]any{"answer": "stop"}, Header: map[string]string{"Idempotency-Key": "ans-91c2"}}
	first = must(t, s.Do(ans), http.StatusOK)
	s.Clock.Advance(5 * time.Second)
	again = must(t, s.Do(ans), http.StatusOK)
	if string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("answer replay differs:\n%s\n%s", first.Body, again.Body)
	}
	if n := countActions("checkin.answered"); n != 1 {
		t.Errorf("%d checkin.answered events, want 1", n)
	}
	if inbox := inboxTypes(t, s, w.Coordinator); countOf(inbox, "checkin.alert") != 1 {
		t.Errorf("coordinator inbox %v, want one checkin.alert", inbox)
	}
	// Keys are per user: B's answer with the same key is B's own.
	ans.Token, ans.Body = w.PerformerB.Token, map[string]any{"answer": "ok"}
	res := must(t, s.Do(ans), http.StatusOK)
	if res.Header.Get("Idempotent-Replayed") != "" || responsesByUser(t, res.JSON(t))[w.PerformerB.ID]["answer"] != "ok" {
		t.Errorf("B's answer with A's key: %s", res.Body)
	}
	if n := countActions("checkin.answered"); n != 2 {
		t.Errorf("%d checkin.answered events after B answered, want 2", n)
	}
}

// TestCheckinOwnViewOutcome: a performer sees their own answer only, but the
// outcome they are shown is still the check-in's (api.md: null while open and
// incomplete; ok only when every addressed performer answered ok) — never an
// "ok" computed from their own answer alone.
func TestCheckinOwnViewOutcome(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	id := w.requested("Before take 4", 0)["id"].(string)

	res := must(t, w.answer(A, id, "ok", ""), http.StatusOK).JSON(t)
	if res["outcome"] != nil {
		t.Errorf("A's answer response: outcome %v while B has not answered, want null", res["outcome"])
	}
	if got, _ := w.get(A, id); got["outcome"] != nil {
		t.Errorf("A's GET: outcome %v while B has not answered, want null", got["outcome"])
	}
	l := must(t, s.Do(request{Method: "GET", Path: "/api/v1/me/checkins?open=true", Token: A.Token}), http.StatusOK).List(t)
	if len(l) != 1 || l[0]["outcome"] != nil {
		t.Errorf("A's open check-ins: %v, want one with outcome null", l)
	}

	// B says stop: whatever A is shown, it is not "ok".
	must(t, w.answer(B, id, "stop", ""), http.StatusOK)
	if got, _ := w.get(A, id); got["outcome"] == "ok" {
		t.Errorf("A's GET: outcome ok after B answered stop")
	}
	if got, _ := w.get(w.Coordinator, id); got["outcome"] != "stop" {
		t.Errorf("coordinator GET: outcome %v, want stop", got["outcome"])
	}
}
