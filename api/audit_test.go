package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"closedset/internal/domain"
)

// Audit (api.md "Audit"; product.md rule 11).

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// checkChain checks the links of a whole chain as the API returns it and
// recomputes every hash with the documented formula.
func checkChain(t *testing.T, evs []map[string]any) {
	t.Helper()
	prev := ""
	for i, e := range evs {
		if e["seq"] != float64(i+1) {
			t.Fatalf("event %d has seq %v", i, e["seq"])
		}
		if e["prevHash"] != prev {
			t.Errorf("seq %d: prevHash %v, want %q", i+1, e["prevHash"], prev)
		}
		h, _ := e["hash"].(string)
		if !hexHash.MatchString(h) {
			t.Errorf("seq %d: hash %q is not hex SHA-256", i+1, h)
		}
		actor, _ := e["actorId"].(string)
		re := domain.AuditEvent{Seq: int64(i + 1), At: parseTime(t, e["at"]), ActorID: actor, Action: domain.AuditAction(e["action"].(string)),
			SubjectType: e["subjectType"].(string), SubjectID: e["subjectId"].(string), Data: e["data"].(map[string]any)}
		if got := domain.AuditHash(prev, re); got != h {
			t.Errorf("seq %d (%s): recomputed hash %s, listed %s", i+1, e["action"], got, h)
		}
		prev = h
	}
}

// Rule 11: every state change writes an audit event, in order, carrying ids
// and states but no private text; the chain verifies.
func TestRule11EverythingIsOnTheRecord(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	const (
		decisionNote = "decision note d00d"
		withdrawNote = "withdrawal note 5ca1"
		boundaryNote = "boundary note be11"
		footage      = "footage limits f00f"
		synopsis     = "synopsis text 5e5e"
	)
	start, _ := w.auditEvents(w.Coordinator)
	var sceneID string
	type auditStep struct {
		action string
		actor  account
		do     func(t *testing.T) response
		want   int
		check  func(t *testing.T, e map[string]any)
	}
	a := w.PerformerA
	steps := []auditStep{
		{"scene.created", w.Coordinator, func(t *testing.T) response {
			return s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: w.Coordinator.Token,
				Body: sceneBody("400", map[string]any{"synopsis": synopsis, "contentTags": []string{"partial_nudity"}})})
		}, 201, func(t *testing.T, e map[string]any) {
			if e["data"].(map[string]any)["status"] != "planned" {
				t.Errorf("data %v", e["data"])
			}
		}},
		{"scene.updated", w.Producer, func(t *testing.T) response {
			return w.patchScene(w.Producer, sceneID, map[string]any{"title": "Retitled", "coordinatorId": w.Coordinator.ID,
				"closedSet": map[string]any{"roster": []string{"Director"}}})
		}, 200, nil},
		{"cast.updated", w.Coordinator, func(t *testing.T) response {
			return w.putCast(sceneID, a, map[string]any{"characterName": "Ada"})
		}, 200, func(t *testing.T, e map[string]any) {
			if e["data"].(map[string]any)["userId"] != a.ID {
				t.Errorf("data %v", e["data"])
			}
		}},
		{"cast.updated", w.Coordinator, func(t *testing.T) response {
			return w.putCast(sceneID, w.PerformerB, map[string]any{"characterName": "Ben"})
		}, 200, nil},
		{"cast.removed", w.Producer, func(t *testing.T) response {
			return s.Do(request{Method: "DELETE", Path: "/api/v1/scenes/" + sceneID + "/cast/" + w.PerformerB.ID, Token: w.Producer.Token})
		}, 204, func(t *testing.T, e map[string]any) {
			if e["data"].(map[string]any)["userId"] != w.PerformerB.ID {
				t.Errorf("data %v", e["data"])
			}
		}},
		{"rider.drafted", w.Coordinator, func(t *testing.T) response {
			body := riderBody("none", []string{"lips"}, []string{"partial_nudity"})
			body["footageLimits"] = footage
			return s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + sceneID + "/riders/" + a.ID, Token: w.Coordinator.Token, Body: body})
		}, 200, nil},
		{"rider.signed", a, func(t *testing.T) response { return w.sign(a, sceneID, 1, "Ada Actor") }, 200, nil},
		{"choreography.published", w.Coordinator, func(t *testing.T) response {
			return w.publish(w.Coordinator, sceneID, "v1", step("Alone", map[string]string{a.ID: "none"}, nil, ""))
		}, 201, func(t *testing.T, e map[string]any) {
			if e["data"].(map[string]any)["version"] != float64(1) {
				t.Errorf("data %v", e["data"])
			}
		}},
		{"consent.confirmed", a, func(t *testing.T) response { return w.decide(a, sceneID, 1, "confirmed", decisionNote) }, 200,
			func(t *testing.T, e map[string]any) {
				d := e["data"].(map[string]any)
				if d["userId"] != a.ID || d["version"] != float64(1) || d["state"] != "confirmed" {
					t.Errorf("data %v", d)
				}
			}},
		{"consent.withdrawn", a, func(t *testing.T) response {
			return w.withdraw(a, sceneID, map[string]any{"note": withdrawNote})
		}, 200, func(t *testing.T, e map[string]any) {
			if d := e["data"].(map[string]any); d["state"] != "withdrawn" || d["postPhotography"] != false {
				t.Errorf("data %v", d)
			}
		}},
		{"consent.declined", a, func(t *testing.T) response { return w.decide(a, sceneID, 1, "declined", decisionNote) }, 200, nil},
	}
	prevCount := len(start)
	for i, st := range steps {
		t.Run(fmt.Sprintf("%d %s", i, st.action), func(t *testing.T) {
			w := w.in(t)
			s.Clock.Advance(time.Second)
			res := must(t, st.do(t), st.want)
			if st.action == "scene.created" {
				sceneID = res.JSON(t)["id"].(string)
			}
			evs, _ := w.auditEvents(w.Coordinator)
			if len(evs) != prevCount+1 {
				t.Fatalf("%d new events, want 1: %v", len(evs)-prevCount, evs[prevCount:])
			}
			prevCount = len(evs)
			e := evs[len(evs)-1]
			if e["action"] != st.action || e["actorId"] != st.actor.ID || e["subjectType"] != "scene" || e["subjectId"] != sceneID {
				t.Errorf("event %v, want %s by %s on scene %s", e, st.action, st.actor.Email, sceneID)
			}
			if !parseTime(t, e["at"]).Equal(s.Clock.Now()) {
				t.Errorf("at %v, want %v", e["at"], s.Clock.Now())
			}
			if st.check != nil {
				st.check(t, e)
			}
		})
	}
	t.Run("refused mutations write nothing", func(t *testing.T) {
		w := w.in(t)
		before := len(w.auditActions())
		assertProblem(t, w.decide(a, sceneID, 9, "confirmed", ""), http.StatusConflict, "stale_version")
		assertProblem(t, w.publish(w.Coordinator, sceneID, "bad", step("x", map[string]string{w.PerformerC.ID: "none"}, nil, "")),
			http.StatusUnprocessableEntity, "validation_failed")
		assertProblem(t, w.publish(w.Producer, sceneID, "v2", step("x", map[string]string{a.ID: "none"}, nil, "")), http.StatusForbidden, "forbidden")
		assertProblem(t, w.sign(a, sceneID, 1, "Ada Actor"), http.StatusConflict, "already_signed")
		assertProblem(t, w.patchScene(w.Producer, sceneID, map[string]any{"title": " "}), http.StatusUnprocessableEntity, "validation_failed")
		assertProblem(t, w.putCast(sceneID, w.Coordinator, map[string]any{"characterName": "IC"}), http.StatusUnprocessableEntity, "validation_failed")
		if after := len(w.auditActions()); after != before {
			t.Errorf("refused mutations wrote %d events", after-before)
		}
	})
	t.Run("chain links and verifies", func(t *testing.T) {
		w := w.in(t)
		evs, _ := w.auditEvents(w.Coordinator) // events are the coordinator's; both verify (rule 10)
		checkChain(t, evs)
		for _, as := range []account{w.Producer, w.Coordinator} {
			v := must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit/verify", Token: as.Token}), http.StatusOK).JSON(t)
			want := map[string]any{"valid": true, "events": len(evs), "head": evs[len(evs)-1]["hash"], "firstBadSeq": nil}
			if !jsonEqual(t, v, want) {
				t.Errorf("verify %v, want %v", v, want)
			}
		}
	})
	t.Run("no private text on the record", func(t *testing.T) {
		w := w.in(t)
		must(t, w.boundary(a, map[string]any{"kind": "note", "note": boundaryNote}), http.StatusCreated)
		must(t, w.boundary(a, map[string]any{"kind": "no_contact", "areas": []string{"genitals"}}), http.StatusCreated)
		_, raw := w.auditEvents(w.Coordinator)
		noLeak(t, "the audit log", []byte(raw), decisionNote, withdrawNote, boundaryNote, "genitals", "no_contact")
	})
	t.Run("producers verify the chain but cannot read its events (rule 10)", func(t *testing.T) {
		w := w.in(t)
		assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit", Token: w.Producer.Token}), http.StatusForbidden, "forbidden")
		must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit/verify", Token: w.Producer.Token}), http.StatusOK)
	})
	t.Run("performers and outsiders cannot read it", func(t *testing.T) {
		w := w.in(t)
		for _, path := range []string{"/audit", "/audit/verify"} {
			assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + path, Token: a.Token}), http.StatusForbidden, "forbidden")
			assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + path, Token: w.Outsider.Token}), http.StatusNotFound, "not_found")
		}
	})
}

func TestAuditPagination(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	id := w.scene("410", []string{"kissing"}, w.PerformerA)
	for i := range 110 {
		must(t, w.patchScene(w.Coordinator, id, map[string]any{"location": fmt.Sprintf("Stage %d", i)}), http.StatusOK)
	}
	all, _ := w.auditEvents(w.Coordinator)
	n := len(all)
	if n < 120 {
		t.Fatalf("only %d events", n)
	}
	checkChain(t, all)
	page := func(t *testing.T, query string) (seqs []int, next any) {
		t.Helper()
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit" + query, Token: w.Coordinator.Token}), http.StatusOK)
		p := res.JSON(t)
		for _, e := range p["events"].([]any) {
			seqs = append(seqs, int(e.(map[string]any)["seq"].(float64)))
		}
		next, ok := p["next"]
		if !ok {
			t.Errorf("no next key: %.200s", res.Body)
		}
		return seqs, next
	}
	seqRange := func(from, to int) []int {
		var out []int
		for i := from; i <= to; i++ {
			out = append(out, i)
		}
		return out
	}

	t.Run("default limit is 100", func(t *testing.T) {
		seqs, next := page(t, "")
		if !slices.Equal(seqs, seqRange(1, 100)) || next != float64(100) {
			t.Errorf("seqs %v next %v", seqs, next)
		}
	})
	t.Run("limit and after walk the chain", func(t *testing.T) {
		var got []int
		query := "?limit=7"
		for range 100 {
			seqs, next := page(t, query)
			if len(seqs) > 7 {
				t.Fatalf("page of %d", len(seqs))
			}
			got = append(got, seqs...)
			if next == nil {
				break
			}
			if next != float64(seqs[len(seqs)-1]) {
				t.Errorf("next %v after %v", next, seqs)
			}
			query = fmt.Sprintf("?limit=7&after=%d", int(next.(float64)))
		}
		if !slices.Equal(got, seqRange(1, n)) {
			t.Errorf("walked %v, want 1..%d", got, n)
		}
	})
	t.Run("an exact last page has no next", func(t *testing.T) {
		seqs, next := page(t, fmt.Sprintf("?after=%d&limit=5", n-5))
		if !slices.Equal(seqs, seqRange(n-4, n)) || next != nil {
			t.Errorf("seqs %v next %v", seqs, next)
		}
	})
	t.Run("after the end", func(t *testing.T) {
		for _, after := range []int{n, n + 100} {
			seqs, next := page(t, fmt.Sprintf("?after=%d", after))
			if len(seqs) != 0 || next != nil {
				t.Errorf("after %d: seqs %v next %v", after, seqs, next)
			}
		}
	})
	t.Run("limit 200", func(t *testing.T) {
		seqs, next := page(t, "?limit=200")
		if !slices.Equal(seqs, seqRange(1, n)) || next != nil {
			t.Errorf("seqs %d next %v", len(seqs), next)
		}
	})
	t.Run("ErrBadParameters", func(t *testing.T) {
		for _, q := range []string{"?limit=0", "?limit=201", "?limit=-1", "?limit=ten", "?after=-1", "?after=x"} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit" + q, Token: w.Coordinator.Token})
			assertProblem(t, res, http.StatusBadRequest, "invalid_parameter")
		}
	})
	t.Run("verify counts every event", func(t *testing.T) {
		v := must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit/verify", Token: w.Producer.Token}), http.StatusOK).JSON(t)
		if v["valid"] != true || v["events"] != float64(n) || v["head"] != all[n-1]["hash"] {
			t.Errorf("verify %v", v)
		}
	})
}

// The chain must verify whatever the clock's precision: a time with
// nanoseconds is what a real clock gives (PostgreSQL keeps microseconds).
// What a write answers is also what a later read returns.
func TestRule11AuditChainWithNanosecondClock(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Clock.Advance(123456789 * time.Nanosecond)
	w := newWorld(t, s)
	id := w.scene("420", []string{"kissing"}, w.PerformerA)
	s.Clock.Advance(987654321 * time.Nanosecond)
	published := w.published(id, "v1", step("Alone", map[string]string{w.PerformerA.ID: "none"}, nil, ""))
	decided := must(t, w.decide(w.PerformerA, id, 1, "confirmed", ""), http.StatusOK).JSON(t)
	v := must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/audit/verify", Token: w.Producer.Token}), http.StatusOK).JSON(t)
	if v["valid"] != true || v["firstBadSeq"] != nil {
		t.Errorf("verify %v", v)
	}
	evs, _ := w.auditEvents(w.Coordinator)
	checkChain(t, evs)

	read := must(t, s.Do(request{Method: "GET", Path: "/api/v1/scenes/" + id + "/choreography", Token: w.Coordinator.Token}), http.StatusOK).JSON(t)
	if read["publishedAt"] != published["publishedAt"] {
		t.Errorf("publishedAt answered %v, read back %v", published["publishedAt"], read["publishedAt"])
	}
	all, _ := w.consents(w.Coordinator, id)
	if got := all[w.PerformerA.ID]["decidedAt"]; got != decided["decidedAt"] {
		t.Errorf("decidedAt answered %v, read back %v", decided["decidedAt"], got)
	}
}
