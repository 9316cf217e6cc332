package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"closedset/internal/notify/pushtest"
)

// Debriefs (api.md "Debriefs", product.md "Debrief", rules 10 and 12): a
// coordinator schedules a closure conversation after a scene, moves, cancels
// or completes it and keeps notes only coordinators read.

// debriefAt is a debrief time: 2026-12-02 18:00 UTC, ten days after the test
// clock's start.
var debriefAt = time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)

// schedule posts a debrief for the world's scene as the coordinator.
func (w *world) schedule(body map[string]any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + w.Scene + "/debriefs", Token: w.Coordinator.Token, Body: body})
}

// scheduled schedules a debrief at at and returns it; participants nil means
// the default (the cast).
func (w *world) scheduled(at time.Time, location string, participants ...account) map[string]any {
	w.t.Helper()
	body := map[string]any{"scheduledAt": at.Format(time.RFC3339), "location": location}
	if participants != nil {
		ids := []string{}
		for _, p := range participants {
			ids = append(ids, p.ID)
		}
		body["participantIds"] = ids
	}
	return must(w.t, w.schedule(body), http.StatusCreated).JSON(w.t)
}

// patchDebrief patches debrief id as a.
func (w *world) patchDebrief(as account, id string, body map[string]any) response {
	w.t.Helper()
	return w.s.Do(request{Method: "PATCH", Path: "/api/v1/debriefs/" + id, Token: as.Token, Body: body})
}

// getDebrief reads debrief id as a; it must answer 200.
func (w *world) getDebrief(as account, id string) (map[string]any, []byte) {
	w.t.Helper()
	res := must(w.t, w.s.Do(request{Method: "GET", Path: "/api/v1/debriefs/" + id, Token: as.Token}), http.StatusOK)
	return res.JSON(w.t), res.Body
}

// myDebriefs lists the ids of a's upcoming debriefs, in order.
func (w *world) myDebriefs(as account) ([]string, []map[string]any, []byte) {
	w.t.Helper()
	res := must(w.t, w.s.Do(request{Method: "GET", Path: "/api/v1/me/debriefs", Token: as.Token}), http.StatusOK)
	l := res.List(w.t)
	ids := []string{}
	for _, d := range l {
		ids = append(ids, d["id"].(string))
	}
	return ids, l, res.Body
}

// participantIDs returns the participant ids of a debrief, sorted.
func participantIDs(t testing.TB, d map[string]any) []string {
	t.Helper()
	var out []string
	for _, p := range d["participants"].([]any) {
		m := p.(map[string]any)
		if m["displayName"] == "" {
			t.Errorf("participant without a display name: %v", m)
		}
		out = append(out, m["userId"].(string))
	}
	slices.Sort(out)
	return out
}

func userIDs(as ...account) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	slices.Sort(out)
	return out
}

func TestDebriefSchedule(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()

	t.Run("default participants are the cast", func(t *testing.T) {
		w := w.in(t)
		d := w.scheduled(debriefAt, "Green room")
		if d["sceneId"] != w.Scene || d["status"] != "scheduled" || d["location"] != "Green room" ||
			!parseTime(t, d["scheduledAt"]).Equal(debriefAt) {
			t.Fatalf("debrief: %v", d)
		}
		if got := participantIDs(t, d); !slices.Equal(got, userIDs(w.PerformerA, w.PerformerB)) {
			t.Errorf("participants %v, want the cast (A and B)", got)
		}
		if _, ok := d["notes"]; ok {
			t.Errorf("a new debrief has notes: %v", d)
		}
		got, _ := w.getDebrief(w.Coordinator, d["id"].(string))
		if !jsonEqual(t, got, d) {
			t.Errorf("GET differs from the 201:\n%v\n%v", got, d)
		}
	})

	t.Run("times are stored in UTC", func(t *testing.T) {
		w := w.in(t)
		d := must(t, w.schedule(map[string]any{"scheduledAt": "2026-12-02T19:00:00+01:00", "location": "Green room"}), http.StatusCreated).JSON(t)
		if d["scheduledAt"] != "2026-12-02T18:00:00Z" {
			t.Errorf("scheduledAt %v, want 2026-12-02T18:00:00Z", d["scheduledAt"])
		}
	})

	t.Run("chosen participants", func(t *testing.T) {
		w := w.in(t)
		d := w.scheduled(debriefAt, "https://meet.example.test/debrief", w.PerformerA, w.PerformerC)
		if got := participantIDs(t, d); !slices.Equal(got, userIDs(w.PerformerA, w.PerformerC)) {
			t.Errorf("participants %v, want A and C", got)
		}
	})

	t.Run("participants must be members", func(t *testing.T) {
		w := w.in(t)
		for name, id := range map[string]string{"outsider": w.Outsider.ID, "unknown": unknownID} {
			res := w.schedule(map[string]any{"scheduledAt": debriefAt.Format(time.RFC3339), "location": "Green room",
				"participantIds": []string{w.PerformerA.ID, id}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s as participant: %d %s", name, res.Status, res.Body)
				continue
			}
			assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		}
	})

	t.Run("a location is required", func(t *testing.T) {
		w := w.in(t)
		for _, loc := range []string{"", "   "} {
			p := assertProblem(t, w.schedule(map[string]any{"scheduledAt": debriefAt.Format(time.RFC3339), "location": loc}),
				http.StatusUnprocessableEntity, "validation_failed")
			if !strings.Contains(fmt.Sprint(p["errors"]), "location") {
				t.Errorf("location %q: errors do not name location: %v", loc, p["errors"])
			}
		}
		d := w.scheduled(debriefAt, "Green room")
		assertProblem(t, w.patchDebrief(w.Coordinator, d["id"].(string), map[string]any{"location": "  "}),
			http.StatusUnprocessableEntity, "validation_failed")
		if got, _ := w.getDebrief(w.Coordinator, d["id"].(string)); got["location"] != "Green room" {
			t.Errorf("a refused patch changed the location: %v", got)
		}
	})

	// Nothing refused left a debrief behind: A takes part in the four above.
	if ids, _, _ := w.myDebriefs(w.PerformerA); len(ids) != 4 {
		t.Errorf("A's debriefs %v, want 4", ids)
	}
}

func TestDebriefNotifications(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	aSub := subscribe(t, s, recv, w.PerformerA)
	bSub := subscribe(t, s, recv, w.PerformerB)
	cSub := subscribe(t, s, recv, w.PerformerC)
	coordSub := subscribe(t, s, recv, w.Coordinator)

	// wait returns the next two pushes (one to A, one to B) after the first
	// `seen`, and checks them.
	seen := 0
	wait := func(what, typ string, until time.Time) {
		t.Helper()
		msgs := recv.Wait(t, seen+2, 10*time.Second)[seen:]
		seen += 2
		to := map[string]bool{}
		for _, m := range msgs {
			to[m.SubscriptionID] = true
			p := decodePush(t, m)
			if p.Type != typ || m.Urgency != "normal" || p.Title != "Night Garden" || !strings.Contains(p.Body, "42A") ||
				p.SceneID != w.Scene || p.ProductionID != w.Production {
				t.Errorf("%s: push %+v %+v, want %s at normal urgency", what, m, p, typ)
			}
			if !strings.HasPrefix(p.URL, "/productions/"+w.Production+"/") {
				t.Errorf("%s: url %q", what, p.URL)
			}
			// Alive until the debrief: 10 days away, minus the time the test took.
			if ttl, left := time.Duration(m.TTL)*time.Second, until.Sub(s.Clock.Now()); ttl > left || ttl < left-time.Minute {
				t.Errorf("%s: TTL %v, want about %v (until the debrief)", what, ttl, left)
			}
			for _, secret := range sceneSecrets {
				if strings.Contains(string(m.Payload), secret) {
					t.Errorf("%s: push reveals %q: %s", what, secret, m.Payload)
				}
			}
		}
		if !to[aSub.ID()] || !to[bSub.ID()] {
			t.Errorf("%s: pushes went to %v, want A and B", what, to)
		}
	}

	d := w.scheduled(debriefAt, "Green room")
	id := d["id"].(string)
	wait("schedule", "debrief.scheduled", debriefAt)

	// Notes and done notify nobody.
	must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"notes": "Ada wants to talk about take 3."}), http.StatusOK)

	later := debriefAt.Add(24 * time.Hour)
	moved := must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"scheduledAt": later.Format(time.RFC3339)}), http.StatusOK).JSON(t)
	if !parseTime(t, moved["scheduledAt"]).Equal(later) || moved["status"] != "scheduled" {
		t.Fatalf("moved: %v", moved)
	}
	wait("move", "debrief.updated", later)

	must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"status": "done"}), http.StatusOK)
	if got, _ := w.getDebrief(w.Coordinator, id); got["status"] != "done" {
		t.Fatalf("after done: %v", got)
	}

	d2 := w.scheduled(debriefAt, "Green room")["id"].(string)
	wait("schedule the second", "debrief.scheduled", debriefAt)
	cancelled := must(t, w.patchDebrief(w.Coordinator, d2, map[string]any{"status": "cancelled"}), http.StatusOK).JSON(t)
	if cancelled["status"] != "cancelled" {
		t.Fatalf("cancelled: %v", cancelled)
	}
	wait("cancel", "debrief.updated", debriefAt)

	settle()
	if n := len(recv.Messages()); n != seen {
		t.Errorf("%d pushes, want %d: notes or done notified someone", n, seen)
	}
	for name, sub := range map[string]pushtest.Subscription{"C (not a participant)": cSub, "the coordinator": coordSub} {
		if got := pushesTo(recv, sub); len(got) != 0 {
			t.Errorf("%s got pushes: %v", name, got)
		}
	}
	want := []string{"debrief.updated", "debrief.scheduled", "debrief.updated", "debrief.scheduled"}
	for _, p := range []account{w.PerformerA, w.PerformerB} {
		if inbox := inboxTypes(t, s, p); !slices.Equal(inbox, want) {
			t.Errorf("%s inbox %v, want %v", p.Email, inbox, want)
		}
	}
	if inbox := inboxTypes(t, s, w.PerformerC); len(inbox) != 0 {
		t.Errorf("C's inbox %v", inbox)
	}
}

func TestDebriefNotesCoordinatorOnly(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	const notes = "Ada found the restraint work in take 3 hard; follow up on the harness."
	id := w.scheduled(debriefAt, "Green room")["id"].(string)
	res := must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"notes": notes}), http.StatusOK).JSON(t)
	if res["notes"] != notes {
		t.Fatalf("PATCH answer: %v", res)
	}
	if got, _ := w.getDebrief(w.Coordinator, id); got["notes"] != notes {
		t.Errorf("coordinator GET: %v", got)
	}
	for name, as := range map[string]account{"producer": w.Producer, "participant": w.PerformerA} {
		got, raw := w.getDebrief(as, id)
		if _, ok := got["notes"]; ok {
			t.Errorf("%s GET has notes: %s", name, raw)
		}
		noLeak(t, name+" GET", raw, "harness", "take 3")
		cal := must(t, s.Do(request{Method: "GET", Path: "/api/v1/debriefs/" + id + "/calendar.ics", Token: as.Token}), http.StatusOK)
		noLeak(t, name+" calendar", cal.Body, "harness", "take 3")
	}
	_, _, raw := w.myDebriefs(w.PerformerA)
	noLeak(t, "A's debriefs", raw, "harness", "take 3")
	_, auditRaw := w.auditEvents(w.Coordinator)
	noLeak(t, "audit", []byte(auditRaw), "harness", "take 3")
	// A performer cannot write notes either.
	assertProblem(t, w.patchDebrief(w.PerformerA, id, map[string]any{"notes": "mine"}), http.StatusForbidden, "forbidden")
	if got, _ := w.getDebrief(w.Coordinator, id); got["notes"] != notes {
		t.Errorf("notes after the refused patch: %v", got["notes"])
	}
}

// icsStamp is a UTC DATE-TIME (RFC 5545 §3.3.5, form #2).
var icsStamp = regexp.MustCompile(`^\d{8}T\d{6}Z$`)

func TestDebriefCalendar(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	id := must(t, w.schedule(map[string]any{"scheduledAt": "2026-12-02T19:00:00+01:00", "location": "Studio 4; back room, 2nd floor"}),
		http.StatusCreated).JSON(t)["id"].(string)

	for _, as := range []account{w.PerformerA, w.Coordinator, w.Producer} {
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/debriefs/" + id + "/calendar.ics", Token: as.Token}), http.StatusOK)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Fatalf("content type %q, want text/calendar", ct)
		}
		body := string(res.Body)
		if !strings.HasSuffix(body, "\r\n") || strings.Count(body, "\n") != strings.Count(body, "\r\n") {
			t.Fatalf("lines must end in CRLF: %q", body)
		}
		// Unfold (RFC 5545 §3.1) and index the content lines.
		lines := strings.Split(strings.TrimSuffix(strings.ReplaceAll(body, "\r\n ", ""), "\r\n"), "\r\n")
		props := map[string][]string{}
		for _, l := range lines {
			name, value, ok := strings.Cut(l, ":")
			if !ok {
				t.Fatalf("not a content line: %q", l)
			}
			name, _, _ = strings.Cut(name, ";")
			props[name] = append(props[name], value)
		}
		for _, raw := range strings.Split(body, "\r\n") {
			if len(raw) > 75 {
				t.Errorf("line longer than 75 octets: %q", raw)
			}
		}
		if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
			t.Errorf("not a VCALENDAR: %q", body)
		}
		for _, want := range []string{"BEGIN:VEVENT", "END:VEVENT", "VERSION:2.0"} {
			if !slices.Contains(lines, want) {
				t.Errorf("no %s: %q", want, body)
			}
		}
		if len(props["PRODID"]) != 1 {
			t.Errorf("PRODID: %v", props["PRODID"])
		}
		if uid := props["UID"]; len(uid) != 1 || !strings.Contains(uid[0], id) {
			t.Errorf("UID %v, want one naming the debrief", uid)
		}
		if st := props["DTSTAMP"]; len(st) != 1 || !icsStamp.MatchString(st[0]) {
			t.Errorf("DTSTAMP %v, want UTC (…Z)", st)
		}
		if st := props["DTSTART"]; len(st) != 1 || st[0] != "20261202T180000Z" {
			t.Errorf("DTSTART %v, want 20261202T180000Z", st)
		}
		if loc := props["LOCATION"]; len(loc) != 1 || loc[0] != `Studio 4\; back room\, 2nd floor` {
			t.Errorf("LOCATION %v, want the escaped location", loc)
		}
		sum := props["SUMMARY"]
		if len(sum) != 1 || !strings.Contains(sum[0], "42A") {
			t.Fatalf("SUMMARY %v, want one naming scene 42A", sum)
		}
		for _, secret := range append(sceneSecrets, "kissing", "touching", "sex", "violence", "Scene 42A title") {
			if strings.Contains(strings.ToLower(sum[0]), strings.ToLower(secret)) {
				t.Errorf("SUMMARY %q reveals %q", sum[0], secret)
			}
		}
		noLeak(t, "calendar", res.Body, "nudity", "restraint", "suspension")
	}

	// SEQUENCE starts at 0 and grows with every change, so calendar apps
	// replace the event they imported when the debrief moves.
	sequence := func() int {
		t.Helper()
		body := string(must(t, s.Do(request{Method: "GET", Path: "/api/v1/debriefs/" + id + "/calendar.ics", Token: w.PerformerA.Token}), http.StatusOK).Body)
		_, rest, ok := strings.Cut(body, "\r\nSEQUENCE:")
		n, err := strconv.Atoi(strings.SplitN(rest, "\r\n", 2)[0])
		if !ok || err != nil {
			t.Fatalf("no SEQUENCE in %q", body)
		}
		return n
	}
	if n := sequence(); n != 0 {
		t.Fatalf("SEQUENCE %d as scheduled, want 0", n)
	}
	s.Clock.Advance(90 * time.Second)
	must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"scheduledAt": "2026-12-02T20:00:00+01:00"}), http.StatusOK)
	moved := sequence()
	s.Clock.Advance(time.Minute)
	must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"location": "Studio 5"}), http.StatusOK)
	if again := sequence(); moved <= 0 || again <= moved {
		t.Fatalf("SEQUENCE 0 → %d → %d, want it to grow with each change", moved, again)
	}

	// A cancelled debrief says so.
	must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"status": "cancelled"}), http.StatusOK)
	res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/debriefs/" + id + "/calendar.ics", Token: w.PerformerA.Token}), http.StatusOK)
	if !strings.Contains(string(res.Body), "\r\nSTATUS:CANCELLED\r\n") {
		t.Errorf("cancelled debrief calendar: %q", res.Body)
	}
	// Not a participant, not a member: 404.
	for _, as := range []account{w.PerformerC, w.Outsider} {
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/debriefs/" + id + "/calendar.ics", Token: as.Token}), http.StatusNotFound, "not_found")
	}
}

func TestMyDebriefs(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB

	soon := w.scheduled(s.Clock.Now().Add(2*time.Hour), "Green room", A, B)["id"].(string)
	far := w.scheduled(debriefAt, "Green room")["id"].(string)
	nearer := w.scheduled(debriefAt.Add(-24*time.Hour), "Video call", A)["id"].(string)
	cancelled := w.scheduled(debriefAt.Add(time.Hour), "Green room")["id"].(string)
	done := w.scheduled(debriefAt.Add(2*time.Hour), "Green room")["id"].(string)
	bOnly := w.scheduled(debriefAt, "Green room", B)["id"].(string)
	must(t, w.patchDebrief(w.Coordinator, cancelled, map[string]any{"status": "cancelled"}), http.StatusOK)
	must(t, w.patchDebrief(w.Coordinator, done, map[string]any{"status": "done", "notes": "All fine."}), http.StatusOK)

	ids, l, raw := w.myDebriefs(A)
	if !slices.Equal(ids, []string{soon, nearer, far}) {
		t.Fatalf("A's upcoming debriefs %v, want [%s %s %s] (soonest first; not cancelled, done or B's)", ids, soon, nearer, far)
	}
	for _, d := range l {
		if d["status"] != "scheduled" {
			t.Errorf("listed: %v", d)
		}
	}
	noLeak(t, "A's debriefs", raw, "All fine.")
	if ids, _, _ := w.myDebriefs(B); !slices.Equal(ids, []string{soon, far, bOnly}) && !slices.Equal(ids, []string{soon, bOnly, far}) {
		t.Errorf("B's upcoming debriefs %v, want %s, then %s and %s", ids, soon, far, bOnly)
	}
	for _, as := range []account{w.PerformerC, w.Outsider, w.Producer} {
		if ids, _, _ := w.myDebriefs(as); len(ids) != 0 {
			t.Errorf("%s: %v, want none (not a participant)", as.Email, ids)
		}
	}

	// A day later the first one is past: it is no longer upcoming. (A signs
	// in again: access tokens do not last a day.)
	s.Clock.Advance(24 * time.Hour)
	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/auth/login",
		Body: map[string]any{"email": A.Email, "password": "correct horse battery"}}), http.StatusOK)
	w.PerformerA.Token = res.JSON(t)["accessToken"].(string)
	if ids, _, _ := w.myDebriefs(w.PerformerA); !slices.Equal(ids, []string{nearer, far}) {
		t.Errorf("a day later, A's upcoming debriefs %v, want [%s %s]", ids, nearer, far)
	}
}

// TestDebriefLifecycle: a debrief that took place or was cancelled keeps its
// time, place and status (409 debrief_closed, nothing written); its notes can
// still be kept, and repeating its status changes nothing.
func TestDebriefLifecycle(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	done := w.scheduled(debriefAt, "Green room")["id"].(string)
	must(t, w.patchDebrief(w.Coordinator, done, map[string]any{"status": "done"}), http.StatusOK)
	cancelled := w.scheduled(debriefAt.Add(time.Hour), "Video call")["id"].(string)
	must(t, w.patchDebrief(w.Coordinator, cancelled, map[string]any{"status": "cancelled"}), http.StatusOK)

	for _, tc := range []struct {
		id   string
		body map[string]any
	}{
		{done, map[string]any{"scheduledAt": "2026-12-09T10:00:00Z"}},
		{done, map[string]any{"location": "Studio 5"}},
		{done, map[string]any{"status": "cancelled"}},
		{cancelled, map[string]any{"status": "done"}},
		{cancelled, map[string]any{"scheduledAt": "2026-12-09T10:00:00Z", "notes": "lost with the move"}},
	} {
		before, _ := w.getDebrief(w.Coordinator, tc.id)
		assertProblem(t, w.patchDebrief(w.Coordinator, tc.id, tc.body), http.StatusConflict, "debrief_closed")
		if after, _ := w.getDebrief(w.Coordinator, tc.id); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("%v: refused, yet the debrief changed:\n%v\n%v", tc.body, before, after)
		}
	}
	for _, id := range []string{done, cancelled} {
		before, _ := w.getDebrief(w.Coordinator, id)
		d := must(t, w.patchDebrief(w.Coordinator, id, map[string]any{"notes": "talked it through", "status": before["status"],
			"location": before["location"]}), http.StatusOK).JSON(t)
		if d["notes"] != "talked it through" || d["status"] != before["status"] || d["scheduledAt"] != before["scheduledAt"] {
			t.Errorf("notes on a %v debrief: %v", before["status"], d)
		}
	}
}
