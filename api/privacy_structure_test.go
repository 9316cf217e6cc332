package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"closedset/api"
)

// person is someone whose decisions must never reach a producer by name.
type person struct{ ID, Name string }

// decisionWord matches a consent decision or a check-in answer, as a whole
// value or as a word in a text.
var decisionWord = regexp.MustCompile(`(?i)\b(confirmed|declined|withdrawn|withdrew|ok|pause|paused|stop|stopped)\b`)

// whoDecided reports where one object, CSV row or text line of body pairs a
// person (user id or display name) with a consent decision or a check-in
// answer (rule 10: producers learn those only as counts). JSON is read
// object by object: an object's own values are its keys and scalars and
// those of objects nested in it, but not of lists (a scene with its cast
// list and its check-in outcome says "one of these", which counts allow). CSV
// is read row by row, anything else line by line. Other helpers (pushes, log
// lines) can run it over any text.
func whoDecided(body []byte, contentType string, people []person) []string {
	var found []string
	check := func(where string, values []string) {
		var who, what string
		for _, v := range values {
			for _, p := range people {
				if v == p.ID || strings.Contains(v, p.Name) || strings.Contains(v, p.ID) {
					who = v
				}
			}
			if m := decisionWord.FindString(v); m != "" && what == "" {
				what = m
			}
		}
		if who != "" && what != "" {
			found = append(found, where+": "+who+" with "+what)
		}
	}
	switch {
	case strings.HasPrefix(contentType, "application/json"), strings.HasPrefix(contentType, "application/problem+json"):
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return []string{"not JSON: " + err.Error()}
		}
		var walk func(path string, v any)
		var own func(v any) []string
		own = func(v any) []string {
			switch x := v.(type) {
			case map[string]any:
				var out []string
				for _, k := range slices.Sorted(maps.Keys(x)) {
					out = append(out, k)
					out = append(out, own(x[k])...)
				}
				return out
			case string:
				return []string{x}
			case []any:
				return nil
			case nil:
				return nil
			}
			return nil
		}
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				check(path, own(x))
				for _, k := range slices.Sorted(maps.Keys(x)) {
					walk(path+"."+k, x[k])
				}
			case []any:
				var scalars []string
				for i, e := range x {
					if s, ok := e.(string); ok {
						scalars = append(scalars, s)
					}
					walk(path+"["+strconv.Itoa(i)+"]", e)
				}
				check(path, scalars)
			}
		}
		walk("$", v)
	case strings.HasPrefix(contentType, "text/csv"):
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			return []string{"not CSV: " + err.Error()}
		}
		for i, r := range rows {
			check("row "+strconv.Itoa(i), r)
		}
	default:
		for i, l := range strings.Split(string(body), "\n") {
			check("line "+strconv.Itoa(i), []string{l})
		}
	}
	return found
}

// TestRule10ProducerNeverSeesWhoDecided: with two cast members who decide
// differently (one confirms, the other declines; on another scene one
// withdraws after the shoot) and answer a check-in differently (ok, stop),
// no answer to any GET a producer may make on the production — every
// operation of openapi.yaml, walked — pairs a performer's id or name with a
// decision or an answer in one object, CSV row or line.
func TestRule10ProducerNeverSeesWhoDecided(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	people := []person{{A.ID, "Ada Actor"}, {B.ID, "Ben Actor"}}
	tags := []string{"partial_nudity", "restraint_suspension"}
	for _, p := range []account{A, B} {
		r := w.putRider(w.Scene, p, riderBody("partial", []string{"back", "chest"}, tags))
		must(t, w.sign(p, w.Scene, int(r["version"].(float64)), p.Email), http.StatusOK)
	}
	w.published(w.Scene, "v1", step("Robe", map[string]string{A.ID: "partial", B.ID: "none"}, [][3]string{{B.ID, A.ID, "back"}}, ""))
	must(t, w.decide(A, w.Scene, 1, "confirmed", "Fine."), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", "Not this."), http.StatusOK)
	checkin := w.requested("Before take 1", 0)["id"].(string)
	must(t, w.answer(A, checkin, "ok", ""), http.StatusOK)
	must(t, w.answer(B, checkin, "stop", "Harness."), http.StatusOK)
	open := w.requested("Before take 2", 0)["id"].(string)
	must(t, w.answer(A, open, "pause", ""), http.StatusOK)
	debrief := w.scheduled(debriefAt, "Green room")["id"].(string)
	must(t, w.patchDebrief(w.Coordinator, debrief, map[string]any{"status": "done", "notes": "Talked."}), http.StatusOK)

	other := w.scene("43", []string{"kissing"}, A, B)
	w.published(other, "v1", w.kissStep(A, B))
	must(t, w.decide(A, other, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(B, other, 1, "confirmed", ""), http.StatusOK)
	must(t, w.patchScene(w.Producer, other, map[string]any{"status": "shot"}), http.StatusOK)
	must(t, w.withdraw(B, other, map[string]any{"note": "Footage."}), http.StatusOK)
	s.Clock.Advance(10 * time.Minute) // the first check-ins close

	values := map[string][]string{
		"productionId": {w.Production}, "sceneId": {w.Scene, other}, "checkinId": {checkin, open},
		"debriefId": {debrief}, "userId": {A.ID, B.ID}, "version": {"1"},
	}
	spec, err := api.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	for _, p := range slices.Sorted(maps.Keys(spec.Paths.Map())) {
		item := spec.Paths.Map()[p]
		op := item.Get
		if op == nil || !strings.HasPrefix(p, "/api/v1/") {
			continue
		}
		if r := op.Responses.Status(http.StatusOK); r != nil && r.Value != nil && r.Value.Content.Get("text/event-stream") != nil {
			continue // the live board: its producer view is coverage.changed only (events_test.go)
		}
		paths := []string{p}
		unknown := false
		for _, name := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(p, -1) {
			vs, ok := values[name[1]]
			if !ok {
				unknown = true
				break
			}
			var next []string
			for _, q := range paths {
				for _, v := range vs {
					next = append(next, strings.ReplaceAll(q, name[0], v))
				}
			}
			paths = next
		}
		if unknown {
			t.Logf("skipped %s: no value for its parameters", p)
			continue
		}
		for _, path := range paths {
			if strings.Contains(path, "/me/boundaries") {
				path += "?productionId=" + w.Production
			}
			res := s.Do(request{Method: "GET", Path: path, Token: w.Producer.Token})
			if res.Status >= 500 {
				t.Errorf("GET %s: %d", path, res.Status)
			}
			if res.Status == http.StatusOK {
				asked++
			}
			for _, f := range whoDecided(res.Body, res.Header.Get("Content-Type"), people) {
				t.Errorf("the producer's GET %s (%d) pairs a person with a decision: %s", path, res.Status, f)
			}
		}
	}
	t.Logf("%d producer reads answered 200", asked)
	if asked < 15 {
		t.Errorf("only %d producer reads answered 200: the walk is not reaching the production", asked)
	}

	// The check itself catches what it is for: the coordinator's views name who.
	for _, path := range []string{"/api/v1/scenes/" + w.Scene + "/consents", "/api/v1/scenes/" + w.Scene + "/checkins",
		"/api/v1/productions/" + w.Production + "/coverage.csv"} {
		res := must(t, s.Do(request{Method: "GET", Path: path, Token: w.Coordinator.Token}), http.StatusOK)
		if len(whoDecided(res.Body, res.Header.Get("Content-Type"), people)) == 0 {
			t.Errorf("the check finds no pairing in the coordinator's %s: %s", path, res.Body)
		}
	}
}
