package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRiderDueReminderOnce: an unsigned rider due within 24 h reminds the
// performer and the coordinator exactly once, however often the scheduler
// runs; a signed rider never does.
func TestRiderDueReminderOnce(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s)
	performerSub := subscribe(t, s, recv, w.PerformerA)
	subscribe(t, s, recv, w.Coordinator)

	// Call time in 3 days; notice 48 h → due in 24 h + 1 min.
	call := s.Clock.Now().Add(72*time.Hour + time.Minute).UTC().Format(time.RFC3339)
	res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: w.Coordinator.Token,
		Body: map[string]any{"number": "7", "title": "Bath", "callTime": call, "contentTags": []string{"partial_nudity"},
			"coordinatorId": w.Coordinator.ID}})
	scene := res.JSON(t)["id"].(string)
	s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/cast/" + w.PerformerA.ID, Token: w.Coordinator.Token,
		Body: map[string]any{"characterName": "Ada"}})
	if res := s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/riders/" + w.PerformerA.ID, Token: w.Coordinator.Token,
		Body: map[string]any{"nudity": "partial", "visibleAreas": []string{"back"}, "acts": []string{"partial_nudity"},
			"stillsAllowed": false, "doubleAllowed": false, "footageLimits": ""}}); res.Status != http.StatusOK {
		t.Fatalf("rider: %d %s", res.Status, res.Body)
	}
	ctx := context.Background()
	if n, err := s.Svc.RemindDueRiders(ctx); err != nil || n != 0 {
		t.Fatalf("more than 24 h before due: reminded %d, %v", n, err)
	}
	s.Clock.Advance(2 * time.Minute)
	for i := 0; i < 3; i++ {
		n, err := s.Svc.RemindDueRiders(ctx)
		if err != nil || n != map[bool]int{true: 1, false: 0}[i == 0] {
			t.Fatalf("run %d: reminded %d, %v", i, n, err)
		}
	}
	msgs := recv.Wait(t, 2, 10*time.Second)
	for _, m := range msgs {
		p := decodePush(t, m)
		if p.Type != "rider.due" || !strings.Contains(p.Body, "Scene 7") || m.Urgency != "normal" || strings.Contains(string(m.Payload), "nudity") {
			t.Errorf("reminder: %+v %s", m, m.Payload)
		}
		if m.SubscriptionID == performerSub.ID() && !strings.HasSuffix(p.URL, "/rider") {
			t.Errorf("performer reminder opens %q", p.URL)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if got := len(recv.Messages()); got != 2 {
		t.Fatalf("%d reminders pushed, want 2", got)
	}
}
