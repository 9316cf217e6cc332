package perf

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// deciders is a consent load as phones send it: each worker is one
// performer, every request carries its own Idempotency-Key, and every
// request changes state (a performer alternates confirmed and declined,
// remembering where they stopped between loads).
type deciders struct {
	url, path string
	tokens    []string
	last      []string
	seq       atomic.Int64
}

func newDeciders(tb testing.TB, p *project, sceneID string, performerIDs []string) *deciders {
	d := &deciders{url: p.URL, path: "/api/v1/scenes/" + sceneID + "/consent", last: make([]string, len(performerIDs))}
	for _, id := range performerIDs {
		d.tokens = append(d.tokens, p.token(tb, id))
	}
	return d
}

// next is a closed-loop request: worker w is performer w.
func (d *deciders) next(w, _ int) *http.Request {
	decision := "declined"
	if d.last[w] == "declined" {
		decision = "confirmed"
	}
	d.last[w] = decision
	return d.request(w, decision)
}

// open is an open-loop request: the i-th goes to performer i mod n; with
// requests overlapping, one may not change state, which the open loop does
// not count.
func (d *deciders) open(_, i int) *http.Request {
	decision := "confirmed"
	if (i/len(d.tokens))%2 == 0 {
		decision = "declined"
	}
	return d.request(i%len(d.tokens), decision)
}

func (d *deciders) request(performer int, decision string) *http.Request {
	body := fmt.Sprintf(`{"version":1,"decision":%q}`, decision)
	r, _ := http.NewRequest(http.MethodPut, d.url+d.path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+d.tokens[performer])
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	r.Header.Set("Idempotency-Key", fmt.Sprintf("perf-%d-%d", performer, d.seq.Add(1)))
	return r
}

// insert is the yardstick's write: one prepared INSERT per request.
func insert(y *yardstick) request {
	return func(w, i int) *http.Request {
		decision := "confirmed"
		if i%2 == 0 {
			decision = "declined"
		}
		r, _ := http.NewRequest(http.MethodPost, y.URL+"/insert", strings.NewReader(fmt.Sprintf(`{"version":1,"decision":%q}`, decision)))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept-Encoding", "gzip, deflate, br")
		return r
	}
}
