package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sendRaw is s.Do for goroutines: it never calls t.Fatal (only t.Errorf,
// through the spec check) and returns transport errors instead.
func sendRaw(t *testing.T, s *testServer, method, path, token string, body any) (response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		return response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	out := response{Status: res.StatusCode, Header: res.Header, Body: b}
	checkResponseAgainstSpec(t, req, out)
	return out, nil
}

// Rules 1 and 4 under load: 50 cast members confirm version 1 at once while
// the coordinator publishes version 2. Every confirmation is either recorded
// on version 1 before the revision or refused as stale — none lost, none
// half-done — and the revision re-opens every recorded one.
func TestConcurrentConfirmationsDuringRevision(t *testing.T) {
	const n = 50
	started := time.Now()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("500", []string{"kissing"})
	cast := make([]account, n)
	for i := range cast {
		cast[i] = newAccount(t, s, fmt.Sprintf("Crowd %02d", i))
		s.join(w.Coordinator, w.Production, cast[i], "performer")
		w.cast(id, cast[i], map[string]any{"characterName": fmt.Sprintf("Guest %02d", i)})
	}
	step := map[string]any{"title": "Crowd", "description": "Everyone", "performers": []map[string]any{}, "contacts": []map[string]any{}}
	for _, p := range cast[:2] {
		step["performers"] = append(step["performers"].([]map[string]any), map[string]any{"userId": p.ID, "nudity": "none"})
	}
	w.published(id, "v1", step)
	t.Logf("setup %v", time.Since(started))

	type result struct {
		status  int
		code    any
		current any
		state   any
		version any
		err     error
	}
	results := make([]result, n)
	var done atomic.Int32
	var published map[string]any
	var publishErr error
	var wg sync.WaitGroup
	gate := make(chan struct{})
	revise := make(chan struct{})
	wg.Add(1)
	go func() { // the coordinator, in the middle of it all
		defer wg.Done()
		<-revise
		res, err := sendRaw(t, s, "POST", "/api/v1/scenes/"+id+"/choreography", w.Coordinator.Token,
			map[string]any{"summary": "v2", "steps": []any{step}})
		if err == nil && res.Status != http.StatusCreated {
			err = fmt.Errorf("publish v2: %d %s", res.Status, res.Body)
		}
		if err == nil {
			publishErr = json.Unmarshal(res.Body, &published)
		} else {
			publishErr = err
		}
	}()
	for i, p := range cast {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			res, err := sendRaw(t, s, "PUT", "/api/v1/scenes/"+id+"/consent", p.Token, map[string]any{"version": 1, "decision": "confirmed"})
			r := result{err: err, status: res.Status}
			var body map[string]any
			if err == nil && json.Unmarshal(res.Body, &body) == nil {
				r.code, r.current, r.state, r.version = body["code"], body["currentVersion"], body["state"], body["version"]
			}
			results[i] = r
			if done.Add(1) == n/3 {
				close(revise)
			}
		}()
	}
	close(gate)
	wg.Wait()
	if publishErr != nil {
		t.Fatal(publishErr)
	}
	if published["version"] != float64(2) {
		t.Fatalf("published %v", published)
	}

	ok := map[string]bool{}
	stale := 0
	for i, r := range results {
		switch {
		case r.err != nil:
			t.Errorf("performer %d: %v", i, r.err)
		case r.status == http.StatusOK:
			if r.state != "confirmed" || r.version != float64(1) {
				t.Errorf("performer %d: 200 with state %v version %v", i, r.state, r.version)
			}
			ok[cast[i].ID] = true
		case r.status == http.StatusConflict:
			if r.code != "stale_version" || r.current != float64(2) {
				t.Errorf("performer %d: 409 %v currentVersion %v", i, r.code, r.current)
			}
			stale++
		default:
			t.Errorf("performer %d: status %d (%v)", i, r.status, r.code)
		}
	}
	t.Logf("%d confirmed on v1, %d refused as stale (%v)", len(ok), stale, time.Since(started))
	if len(ok) < n/3 {
		t.Errorf("only %d confirmations recorded before the revision was even sent", len(ok))
	}

	// the record: one consent.confirmed per 200, each on version 1 and before
	// the publication of version 2
	evs, _ := w.auditEvents(w.Coordinator)
	checkChain(t, evs)
	v2seq := -1
	seen := map[string]int{}
	for _, e := range evs {
		d, _ := e["data"].(map[string]any)
		switch e["action"] {
		case "choreography.published":
			if d["version"] == float64(2) {
				v2seq = int(e["seq"].(float64))
			}
		case "consent.confirmed":
			u, _ := d["userId"].(string)
			seen[u]++
			if d["version"] != float64(1) {
				t.Errorf("consent.confirmed on version %v", d["version"])
			}
			if v2seq > 0 {
				t.Errorf("a confirmation of version 1 recorded after version 2 was published: seq %v", e["seq"])
			}
			if !ok[u] {
				t.Errorf("a confirmation recorded for %s, whose request was refused", u)
			}
		}
	}
	if v2seq < 0 {
		t.Fatal("no choreography.published event for version 2")
	}
	for u := range ok {
		if seen[u] != 1 {
			t.Errorf("%s: %d consent.confirmed events, want 1", u, seen[u])
		}
	}
	if len(seen) != len(ok) {
		t.Errorf("%d performers with consent.confirmed events, %d confirmations answered 200", len(seen), len(ok))
	}

	// the state: v2 is current, so every one of them reads pending, with the
	// version they decided on
	all, _ := w.consents(w.Coordinator, id)
	if len(all) != n {
		t.Fatalf("%d consents, want %d", len(all), n)
	}
	for _, p := range cast {
		c := all[p.ID]
		var wantVersion any
		if ok[p.ID] {
			wantVersion = float64(1)
		}
		if c["state"] != "pending" || c["version"] != wantVersion {
			t.Errorf("%s: state %v version %v, want pending version %v", p.Email, c["state"], c["version"], wantVersion)
		}
	}

	// then everyone confirms version 2, at once
	var wg2 sync.WaitGroup
	statuses := make([]int, n)
	for i, p := range cast {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			res, err := sendRaw(t, s, "PUT", "/api/v1/scenes/"+id+"/consent", p.Token, map[string]any{"version": 2, "decision": "confirmed"})
			if err != nil {
				t.Errorf("confirm v2: %v", err)
				return
			}
			statuses[i] = res.Status
		}()
	}
	wg2.Wait()
	if slices.ContainsFunc(statuses, func(st int) bool { return st != http.StatusOK }) {
		t.Errorf("confirming version 2: %v", statuses)
	}
	all, _ = w.consents(w.Coordinator, id)
	for _, p := range cast {
		if c := all[p.ID]; c["state"] != "confirmed" || c["version"] != float64(2) {
			t.Errorf("%s: %v after confirming v2", p.Email, c)
		}
	}
	v := must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit/verify", Token: w.Producer.Token}), http.StatusOK).JSON(t)
	if v["valid"] != true {
		t.Errorf("verify %v", v)
	}
	t.Logf("total %v", time.Since(started))
}

// Concurrent publications of one scene get distinct, consecutive versions —
// none lost, none 5xx — and every one of them is on the record.
func TestConcurrentPublications(t *testing.T) {
	const n = 10
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("510", []string{"kissing"}, w.PerformerA, w.PerformerB)
	step := w.kissStep(w.PerformerA, w.PerformerB)
	versions := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := sendRaw(t, s, "POST", "/api/v1/scenes/"+id+"/choreography", w.Coordinator.Token,
				map[string]any{"summary": fmt.Sprintf("take %d", i), "steps": []any{step}})
			if err != nil || res.Status != http.StatusCreated {
				t.Errorf("publish %d: %v %d %s", i, err, res.Status, res.Body)
				return
			}
			var c map[string]any
			if err := json.Unmarshal(res.Body, &c); err == nil {
				versions[i] = int(c["version"].(float64))
			}
		}()
	}
	wg.Wait()
	slices.Sort(versions)
	for i, v := range versions {
		if v != i+1 {
			t.Fatalf("versions %v, want 1..%d", versions, n)
		}
	}
	list := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography/versions", Token: w.Coordinator.Token}), http.StatusOK).List(t)
	if len(list) != n || w.getScene(w.Producer, id)["currentVersion"] != float64(n) {
		t.Errorf("%d versions listed, currentVersion %v", len(list), w.getScene(w.Producer, id)["currentVersion"])
	}
	published := 0
	for _, a := range w.auditActions() {
		if a == "choreography.published" {
			published++
		}
	}
	if published != n {
		t.Errorf("%d choreography.published events, want %d", published, n)
	}
}

// A rider version is signed once, however many taps arrive at once.
func TestConcurrentRiderSignatures(t *testing.T) {
	const n = 10
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("520", []string{"partial_nudity"}, w.PerformerA)
	w.putRider(id, w.PerformerA, riderBody("partial", []string{"back"}, []string{"partial_nudity"}))
	statuses := make([]int, n)
	codes := make([]any, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := sendRaw(t, s, "POST", "/api/v1/scenes/"+id+"/riders/"+w.PerformerA.ID+"/sign", w.PerformerA.Token,
				map[string]any{"version": 1, "fullName": fmt.Sprintf("Ada Actor %d", i)})
			if err != nil {
				t.Errorf("sign: %v", err)
				return
			}
			statuses[i] = res.Status
			var p map[string]any
			if json.Unmarshal(res.Body, &p) == nil {
				codes[i] = p["code"]
			}
		}()
	}
	wg.Wait()
	ok := 0
	for i, st := range statuses {
		switch {
		case st == http.StatusOK:
			ok++
		case st == http.StatusConflict && codes[i] == "already_signed":
		default:
			t.Errorf("sign %d: %d %v", i, st, codes[i])
		}
	}
	if ok != 1 {
		t.Errorf("%d signatures accepted, want 1: %v", ok, statuses)
	}
	signed := 0
	for _, a := range w.auditActions() {
		if a == "rider.signed" {
			signed++
		}
	}
	if signed != 1 {
		t.Errorf("%d rider.signed events, want 1", signed)
	}
}
