package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// note is one inbox entry as the tests read it.
type note struct {
	ID, Type, SceneID string
	Read, Done        bool
}

// inbox reads a's notifications, newest first, and checks the needs-you
// count is the number of entries not done.
func inbox(t *testing.T, s *testServer, a account) []note {
	t.Helper()
	res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/notifications?limit=200", Token: a.Token}), http.StatusOK)
	var out []note
	notDone := 0
	for _, it := range res.JSON(t)["items"].([]any) {
		m := it.(map[string]any)
		n := note{ID: m["id"].(string), Type: m["type"].(string), Read: m["readAt"] != nil, Done: m["doneAt"] != nil}
		n.SceneID, _ = m["sceneId"].(string)
		if !n.Done {
			notDone++
		}
		out = append(out, n)
	}
	sum := must(t, s.Do(request{Method: "GET", Path: "/api/v1/notifications/summary", Token: a.Token}), http.StatusOK).JSON(t)
	if sum["needsYou"] != float64(notDone) {
		t.Errorf("needsYou %v, but %d entries are not done", sum["needsYou"], notDone)
	}
	return out
}

// openOf lists which of a's notifications of type (on scene, if given) are
// not done, newest first.
func openOf(t *testing.T, s *testServer, a account, typ, scene string) (open, done int) {
	t.Helper()
	for _, n := range inbox(t, s, a) {
		if n.Type != typ || scene != "" && n.SceneID != scene {
			continue
		}
		if n.Done {
			done++
		} else {
			open++
		}
	}
	return open, done
}

func expectOpen(t *testing.T, s *testServer, who string, a account, typ, scene string, open, done int) {
	t.Helper()
	if o, d := openOf(t, s, a, typ, scene); o != open || d != done {
		t.Errorf("%s: %s %d not done and %d done, want %d and %d", who, typ, o, d, open, done)
	}
}

// TestNotificationDoneWhenVersionDecided: a choreography notice is done when
// its performer decides on (or withdraws from) the current version, and when
// a newer version supersedes it — one notice per scene needs them, not one
// per version.
func TestNotificationDoneWhenVersionDecided(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	const typ = "choreography.published"
	w.published(w.Scene, "v1", w.kissStep(A, B))
	expectOpen(t, s, "A after v1", A, typ, w.Scene, 1, 0)
	must(t, w.decide(A, w.Scene, 1, "confirmed", ""), http.StatusOK)
	expectOpen(t, s, "A after confirming", A, typ, w.Scene, 0, 1)
	expectOpen(t, s, "B, undecided", B, typ, w.Scene, 1, 0)
	w.published(w.Scene, "v2", w.kissStep(A, B))
	w.published(w.Scene, "v3", w.kissStep(A, B))
	expectOpen(t, s, "B after v2 and v3", B, typ, w.Scene, 1, 2)
	expectOpen(t, s, "A after v2 and v3", A, typ, w.Scene, 1, 2)
	must(t, w.decide(B, w.Scene, 3, "declined", ""), http.StatusOK)
	expectOpen(t, s, "B after declining", B, typ, w.Scene, 0, 3)
	must(t, w.withdraw(A, w.Scene, nil), http.StatusOK)
	expectOpen(t, s, "A after withdrawing", A, typ, w.Scene, 0, 3)
	// A stale decision changes nothing.
	w.published(w.Scene, "v4", w.kissStep(A, B))
	must(t, w.decide(A, w.Scene, 3, "confirmed", ""), http.StatusConflict)
	expectOpen(t, s, "A after a stale decision", A, typ, w.Scene, 1, 3)
}

// TestNotificationDoneWhenCheckinAnswered: a check-in notice is done for
// each addressee when they answer, and for the rest when the check-in
// closes at expiry (swept by ExpireCheckins, in its transaction); reading
// it does not make it done.
func TestNotificationDoneWhenCheckinAnswered(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	const typ = "checkin.requested"
	c := must(t, w.do(w.Coordinator, "POST", "/api/v1/scenes/"+w.Scene+"/checkins", map[string]any{"reason": "Before take 4"}), http.StatusCreated).JSON(t)
	for _, n := range inbox(t, s, A) {
		if n.Type == typ {
			must(t, w.do(A, "POST", "/api/v1/notifications/"+n.ID+"/read", nil), http.StatusNoContent)
		}
	}
	expectOpen(t, s, "A, read but not answered", A, typ, "", 1, 0)
	must(t, w.do(A, "POST", "/api/v1/checkins/"+c["id"].(string)+"/response", map[string]any{"answer": "ok"}), http.StatusOK)
	expectOpen(t, s, "A after answering", A, typ, "", 0, 1)
	expectOpen(t, s, "B, not answered", B, typ, "", 1, 0)
	s.Clock.Advance(6 * time.Minute)
	if n, err := s.Svc.ExpireCheckins(context.Background()); err != nil || n != 1 {
		t.Fatalf("expired %d, %v", n, err)
	}
	expectOpen(t, s, "B after expiry", B, typ, "", 0, 1)
	// the coordinator's alert of B's silence only informs: done when read
	expectOpen(t, s, "coordinator", w.Coordinator, "checkin.alert", "", 1, 0)
	for _, n := range inbox(t, s, w.Coordinator) {
		if n.Type == "checkin.alert" {
			must(t, w.do(w.Coordinator, "POST", "/api/v1/notifications/"+n.ID+"/read", nil), http.StatusNoContent)
		}
	}
	expectOpen(t, s, "coordinator after reading", w.Coordinator, "checkin.alert", "", 0, 1)
}

// TestNotificationDoneWhenRiderSigned: the rider reminder is done for the
// performer and for the coordinators when the rider is signed.
func TestNotificationDoneWhenRiderSigned(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	A, B := w.PerformerA, w.PerformerB
	// Call time in 3 days; notice 48 h → due in 24 h + 1 min.
	call := s.Clock.Now().Add(72*time.Hour + time.Minute).UTC().Format(time.RFC3339)
	w.Scene = w.createScene(w.Coordinator, sceneBody("8", map[string]any{"callTime": call, "contentTags": []string{"partial_nudity"},
		"coordinatorId": w.Coordinator.ID}))["id"].(string)
	for _, p := range []account{A, B} {
		w.cast(w.Scene, p, map[string]any{"characterName": "Role"})
		w.putRider(w.Scene, p, riderBody("partial", []string{"back"}, []string{"partial_nudity"}))
	}
	s.Clock.Advance(2 * time.Minute) // due within 24 h
	if n, err := s.Svc.RemindDueRiders(context.Background()); err != nil || n != 2 {
		t.Fatalf("reminded %d, %v", n, err)
	}
	const typ = "rider.due"
	expectOpen(t, s, "A", A, typ, w.Scene, 1, 0)
	expectOpen(t, s, "coordinator", w.Coordinator, typ, w.Scene, 2, 0)
	must(t, w.sign(A, w.Scene, 1, "Ada Actor"), http.StatusOK)
	expectOpen(t, s, "A after signing", A, typ, w.Scene, 0, 1)
	expectOpen(t, s, "B, unsigned", B, typ, w.Scene, 1, 0)
	expectOpen(t, s, "coordinator after A signed", w.Coordinator, typ, w.Scene, 1, 1)
	must(t, w.sign(B, w.Scene, 1, "Ben Actor"), http.StatusOK)
	expectOpen(t, s, "coordinator after both signed", w.Coordinator, typ, w.Scene, 0, 2)
}

// TestNotificationDoneWhenDebriefSettled: a debrief notice is done when a
// newer one about the same debrief supersedes it (moved), or when the
// debrief is done or cancelled; another debrief's notices stay.
func TestNotificationDoneWhenDebriefSettled(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A := w.PerformerA
	schedule := func(at string) string {
		return must(t, w.do(w.Coordinator, "POST", "/api/v1/scenes/"+w.Scene+"/debriefs",
			map[string]any{"scheduledAt": at, "location": "Green room"}), http.StatusCreated).JSON(t)["id"].(string)
	}
	patch := func(id string, body map[string]any) {
		must(t, w.do(w.Coordinator, "PATCH", "/api/v1/debriefs/"+id, body), http.StatusOK)
	}
	first := schedule("2026-12-02T18:00:00Z")
	second := schedule("2026-12-03T18:00:00Z")
	expectOpen(t, s, "A", A, "debrief.scheduled", "", 2, 0)
	patch(first, map[string]any{"scheduledAt": "2026-12-02T19:00:00Z"})
	expectOpen(t, s, "A after a move", A, "debrief.scheduled", "", 1, 1)
	expectOpen(t, s, "A after a move", A, "debrief.updated", "", 1, 0)
	patch(first, map[string]any{"notes": "private"}) // notes only: nothing new, nothing settled
	expectOpen(t, s, "A after notes", A, "debrief.updated", "", 1, 0)
	patch(first, map[string]any{"status": "done"})
	expectOpen(t, s, "A after done", A, "debrief.updated", "", 0, 1)
	expectOpen(t, s, "A, the other debrief", A, "debrief.scheduled", "", 1, 1)
	patch(second, map[string]any{"status": "cancelled"})
	expectOpen(t, s, "A after the cancellation", A, "debrief.scheduled", "", 0, 2)
	expectOpen(t, s, "A after the cancellation", A, "debrief.updated", "", 0, 2) // its own notice asks nothing
}

// TestNotificationDoneWhenRead: informational notices (a decline, a blocked
// scene) are done when read; a removed member's notices of the production
// are done (nothing there asks them any more); the export carries doneAt.
func TestNotificationDoneWhenRead(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	w.published(w.Scene, "v1", w.kissStep(A, B))
	must(t, w.decide(B, w.Scene, 1, "declined", ""), http.StatusOK)
	expectOpen(t, s, "coordinator", w.Coordinator, "consent.declined", "", 1, 0)
	expectOpen(t, s, "producer", w.Producer, "scene.blocked", "", 1, 0)
	for _, a := range []account{w.Coordinator, w.Producer} {
		for _, n := range inbox(t, s, a) {
			must(t, w.do(a, "POST", "/api/v1/notifications/"+n.ID+"/read", nil), http.StatusNoContent)
		}
	}
	expectOpen(t, s, "coordinator after reading", w.Coordinator, "consent.declined", "", 0, 1)
	expectOpen(t, s, "producer after reading", w.Producer, "scene.blocked", "", 0, 1)

	expectOpen(t, s, "A before removal", A, "choreography.published", "", 1, 0)
	must(t, w.do(w.Producer, "DELETE", "/api/v1/productions/"+w.Production+"/members/"+A.ID, nil), http.StatusNoContent)
	expectOpen(t, s, "A after removal", A, "choreography.published", "", 0, 1)

	rec := must(t, w.do(A, "GET", "/api/v1/me/export", nil), http.StatusOK).JSON(t)
	for _, n := range rec["notifications"].([]any) {
		if n.(map[string]any)["doneAt"] == nil {
			t.Errorf("exported notification without doneAt: %v", n)
		}
	}
}
