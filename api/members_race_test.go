package api_test

import (
	"net/http"
	"sync"
	"testing"
)

// TestRule13NeverLeavesNoProducer: two producers step each other down, or
// leave, at the same moment, over and over. The production's row is locked
// while the producers are counted, so exactly one of each pair of requests
// wins and the other is 409 last_producer: a production always keeps one.
func TestRule13NeverLeavesNoProducer(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	P, Q := w.Producer, w.Coordinator
	must(t, w.changeRole(P, Q, "producer"), http.StatusOK)
	for round := range 8 {
		var wg sync.WaitGroup
		status := make([]int, 2)
		for i, pair := range [][2]account{{P, Q}, {Q, P}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if round%2 == 0 { // each demotes the other
					status[i] = w.do(pair[0], "PATCH", "/api/v1/productions/"+w.Production+"/members/"+pair[1].ID,
						map[string]any{"role": "coordinator"}).Status
				} else { // each leaves
					status[i] = w.removeMember(pair[0], pair[0]).Status
				}
			}()
		}
		wg.Wait()
		var left []string
		for id, m := range w.members(w.PerformerA) { // any member reads the list
			if m["role"] == "producer" {
				left = append(left, id)
			}
		}
		if len(left) != 1 || status[0] == status[1] {
			t.Fatalf("round %d: statuses %v, producers %v; want one success, one 409 and one producer", round, status, left)
		}
		// Back to two producers: the one left promotes, or invites back, the other.
		if left[0] != P.ID {
			P, Q = Q, P
		}
		if round%2 == 0 {
			must(t, w.changeRole(P, Q, "producer"), http.StatusOK)
		} else {
			s.join(P, w.Production, Q, "producer")
		}
	}
}
