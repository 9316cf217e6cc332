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

// covEvent is one server-sent event as received.
type covEvent struct {
	Type, Data string
}

// covStream opens the production's event stream with a fresh ticket taken as
// a and returns its events as they arrive; the stream closes with the test.
func covStream(t *testing.T, s *testServer, as account, production string) <-chan covEvent {
	t.Helper()
	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/events/ticket", Token: as.Token}), http.StatusCreated)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/api/v1/productions/"+production+"/events?ticket="+res.JSON(t)["ticket"].(string), nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("stream: %v %v", stream, err)
	}
	lines := bufio.NewScanner(stream.Body)
	lines.Scan() // ": connected"
	out := make(chan covEvent, 100)
	go func() {
		defer close(out)
		defer stream.Body.Close()
		var e covEvent
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.Type = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.Data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.Type != "":
				out <- e
				e = covEvent{}
			}
		}
	}()
	return out
}

// covNext waits for n events.
func covNext(t *testing.T, events <-chan covEvent, n int) []covEvent {
	t.Helper()
	var got []covEvent
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("stream ended after %v", got)
			}
			got = append(got, e)
		case <-timeout:
			t.Fatalf("%d events of %d: %v", len(got), n, got)
		}
	}
	return got
}

// TestRule10NeedToKnow_ProducerStreamCarriesCoverageChangedOnly: producers
// may follow the production's event stream so the coverage dashboard updates
// live, but every event reaches them as coverage.changed with the scene id
// alone — no user ids, consent states, check-in answers or notes. Every use
// case that changes a scene's coverage line publishes after its commit.
// Coordinators get the detailed events, each followed by coverage.changed.
func TestRule10NeedToKnow_ProducerStreamCarriesCoverageChangedOnly(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B, C := w.PerformerA, w.PerformerB, w.PerformerC
	producer := covStream(t, s, w.Producer, w.Production)
	coordinator := covStream(t, s, w.Coordinator, w.Production)
	scenePath := "/api/v1/scenes/" + w.Scene

	steps := []struct {
		name string
		do   func()
		want string // the coordinator's detailed event; "" when it is coverage.changed alone
	}{
		{"scene edited", func() {
			must(t, w.patchScene(w.Coordinator, w.Scene, map[string]any{"location": "Stage 9"}), http.StatusOK)
		}, ""},
		{"cast changed", func() { w.cast(w.Scene, C, map[string]any{"characterName": "Extra"}) }, ""},
		{"rider drafted", func() { w.putRider(w.Scene, A, riderBody("partial", []string{"back"}, []string{"partial_nudity"})) }, ""},
		{"rider signed", func() { must(t, w.sign(A, w.Scene, 1, "Ada Actor"), http.StatusOK) }, ""},
		{"choreography published", func() {
			w.published(w.Scene, "v1", step("Hold", map[string]string{A.ID: "none", B.ID: "none", C.ID: "none"}, nil, ""))
		}, ""},
		{"consent confirmed", func() { must(t, w.decide(A, w.Scene, 1, "confirmed", "NOTE-quagga"), http.StatusOK) }, "consent.changed"},
		{"check-in requested", func() { w.requested("REASON-kiwi", 300, A, B) }, "checkin.requested"},
		{"check-in answered stop", func() {
			c := must(t, s.Do(request{Method: "GET", Path: "/api/v1/me/checkins?open=true", Token: A.Token}), http.StatusOK).List(t)
			must(t, w.answer(A, c[0]["id"].(string), "stop", "NOTE-emu"), http.StatusOK)
		}, "checkin.answered"},
		{"debrief scheduled", func() { w.scheduled(debriefAt, "Green room") }, ""},
		{"debrief updated", func() {
			ds := must(t, s.Do(request{Method: "GET", Path: scenePath + "/debriefs", Token: w.Coordinator.Token}), http.StatusOK).List(t)
			must(t, w.patchDebrief(w.Coordinator, ds[0]["id"].(string), map[string]any{"status": "done", "notes": "NOTE-yak"}), http.StatusOK)
		}, ""},
		{"cast removed", func() {
			must(t, s.Do(request{Method: "DELETE", Path: scenePath + "/cast/" + C.ID, Token: w.Coordinator.Token}), http.StatusNoContent)
		}, ""},
		{"consent withdrawn", func() { must(t, w.withdraw(B, w.Scene, map[string]any{"note": "NOTE-gnu"}), http.StatusOK) }, "consent.changed"},
	}
	for _, st := range steps {
		st.do()
		got := covNext(t, producer, 1)[0]
		var data map[string]any
		if err := json.Unmarshal([]byte(got.Data), &data); err != nil {
			t.Fatal(err)
		}
		if got.Type != "coverage.changed" || len(data) != 1 || data["sceneId"] != w.Scene {
			t.Errorf("%s: the producer got %s %s", st.name, got.Type, got.Data)
		}
		noLeak(t, st.name+": producer's event", []byte(got.Data), A.ID, B.ID, C.ID, "stop", "confirmed", "withdrawn", "NOTE-", "REASON-")

		n := 1
		if st.want != "" {
			n = 2
		}
		ce := covNext(t, coordinator, n)
		if st.want != "" && (ce[0].Type != st.want || !strings.Contains(ce[0].Data, w.Scene)) {
			t.Errorf("%s: the coordinator got %v first, want %s", st.name, ce[0], st.want)
		}
		if last := ce[n-1]; last.Type != "coverage.changed" || last.Data != got.Data {
			t.Errorf("%s: the coordinator got %v last, want coverage.changed", st.name, last)
		}
		for _, e := range ce {
			noLeak(t, st.name+": coordinator's event", []byte(e.Data), "NOTE-", "REASON-")
		}
	}
	if e := covNoMore(producer); e != nil {
		t.Errorf("an extra event for the producer: %v", *e)
	}
}

// covNoMore reports an event that arrives within a short wait, or nil.
func covNoMore(events <-chan covEvent) *covEvent {
	select {
	case e, ok := <-events:
		if ok {
			return &e
		}
	case <-time.After(200 * time.Millisecond):
	}
	return nil
}
