package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestListSceneDebriefs: coordinators see every debrief of a scene with notes,
// producers without notes, and a cast member only those they take part in.
func TestListSceneDebriefs(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	other := s.signUp("Otis Other")
	s.join(w.Producer, w.Production, other, "performer")
	res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: w.Coordinator.Token,
		Body: map[string]any{"number": "9", "title": "Rain", "callTime": "2026-11-23T08:00:00Z", "contentTags": []string{"kissing"}}})
	scene := res.JSON(t)["id"].(string)
	for _, p := range []account{w.PerformerA, other} {
		s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/cast/" + p.ID, Token: w.Coordinator.Token,
			Body: map[string]any{"characterName": "X"}})
	}
	schedule := func(participants []string) string {
		res := s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/debriefs", Token: w.Coordinator.Token,
			Body: map[string]any{"scheduledAt": "2026-11-23T18:00:00Z", "location": "Room 2", "participantIds": participants}})
		if res.Status != http.StatusCreated {
			t.Fatalf("schedule: %d %s", res.Status, res.Body)
		}
		return res.JSON(t)["id"].(string)
	}
	both := schedule([]string{w.PerformerA.ID, other.ID})
	schedule([]string{other.ID})
	notes := "only for coordinators"
	s.Do(request{Method: "PATCH", Path: "/api/v1/debriefs/" + both, Token: w.Coordinator.Token, Body: map[string]any{"notes": notes}})

	list := func(a account) response {
		return s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + scene + "/debriefs", Token: a.Token})
	}
	if l := list(w.Coordinator); len(l.List(t)) != 2 || !strings.Contains(string(l.Body), notes) {
		t.Fatalf("coordinator: %s", l.Body)
	}
	if l := list(w.Producer); len(l.List(t)) != 2 || strings.Contains(string(l.Body), notes) {
		t.Fatalf("producer: %s", l.Body)
	}
	if l := list(w.PerformerA).List(t); len(l) != 1 || l[0]["id"] != both {
		t.Fatalf("performer sees %v", l)
	}
	assertProblem(t, list(w.Outsider), http.StatusNotFound, "not_found")
}
