package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLiveBoardStream: a coordinator's single-use ticket opens the
// production's event stream, and a performer's check-in answer arrives on it
// live, with ids and states only.
func TestLiveBoardStream(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: w.Coordinator.Token,
		Body: map[string]any{"number": "3", "title": "Stairs", "callTime": "2026-11-23T08:00:00Z", "contentTags": []string{"kissing"}}})
	scene := res.JSON(t)["id"].(string)
	s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/cast/" + w.PerformerA.ID, Token: w.Coordinator.Token,
		Body: map[string]any{"characterName": "Ada"}})

	ticketFor := func(a account) response {
		return s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/events/ticket", Token: a.Token})
	}
	if res := ticketFor(w.Producer); res.Status != http.StatusCreated {
		t.Fatalf("producer ticket: %d %s", res.Status, res.Body) // producers get coverage.changed only (coverage_events_test.go)
	}
	assertProblem(t, ticketFor(w.PerformerA), http.StatusForbidden, "forbidden")
	assertProblem(t, ticketFor(w.Outsider), http.StatusNotFound, "not_found")
	res = ticketFor(w.Coordinator)
	if res.Status != http.StatusCreated {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	ticket := res.JSON(t)["ticket"].(string)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/api/v1/productions/"+w.Production+"/events?ticket="+ticket, nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != http.StatusOK || !strings.HasPrefix(stream.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %v %v", stream, err)
	}
	defer stream.Body.Close()
	lines := bufio.NewScanner(stream.Body)
	lines.Scan() // ": connected"

	// The ticket was single use.
	assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/events?ticket=" + ticket}),
		http.StatusUnauthorized, "invalid_ticket")

	res = s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/checkins", Token: w.Coordinator.Token,
		Body: map[string]any{"reason": "before take 2"}})
	checkin := res.JSON(t)["id"].(string)
	s.Do(request{Method: "POST", Path: "/api/v1/checkins/" + checkin + "/response", Token: w.PerformerA.Token,
		Body: map[string]any{"answer": "stop", "note": "private words"}})

	var got []string
	sawAnswer := false
	for !sawAnswer && lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "event: ") {
			if typ := strings.TrimPrefix(line, "event: "); typ != "coverage.changed" {
				got = append(got, typ)
			}
			continue
		}
		if strings.HasPrefix(line, "data: ") && len(got) > 0 && got[len(got)-1] == "checkin.answered" {
			var data map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &data); err != nil {
				t.Fatal(err)
			}
			if data["answer"] != "stop" || data["userId"] != w.PerformerA.ID || data["checkinId"] != checkin {
				t.Fatalf("event data %v", data)
			}
			if strings.Contains(line, "private words") {
				t.Fatal("the stream carries a note")
			}
			sawAnswer = true
		}
	}
	if len(got) != 2 || got[0] != "checkin.requested" || got[1] != "checkin.answered" {
		t.Fatalf("events %v", got)
	}
}
