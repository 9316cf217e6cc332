package api_test

import (
	"net/http"
	"reflect"
	"testing"
)

// TestCoverageDateRangeInProductionTimeZone: from and to are inclusive call
// dates in the production's zone (America/New_York), not UTC — across
// midnight and across the end of daylight saving time (1 November 2026, a
// 25-hour day).
func TestCoverageDateRangeInProductionTimeZone(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: w.Producer.Token,
		Body: map[string]any{"title": "Night Shoot", "kind": "film", "timezone": "America/New_York"}}), http.StatusCreated)
	w.Production = res.JSON(t)["id"].(string)
	s.join(w.Producer, w.Production, w.Coordinator, "coordinator")
	scenes := map[string]string{
		"A": "2026-11-01T03:30:00Z", // 31 Oct 23:30 EDT
		"B": "2026-11-01T04:30:00Z", // 1 Nov 00:30 EDT
		"C": "2026-11-02T04:30:00Z", // 1 Nov 23:30 EST (the clocks went back at 02:00)
		"D": "2026-11-02T05:15:00Z", // 2 Nov 00:15 EST
		"E": "2026-12-01T04:59:00Z", // 30 Nov 23:59 EST
	}
	for n, call := range scenes {
		w.createScene(w.Coordinator, sceneBody(n, map[string]any{"callTime": call}))
	}
	numbers := func(query string) []string {
		cov, _ := w.covRead(w.Producer, query)
		out := []string{}
		for _, sc := range cov["scenes"].([]any) {
			out = append(out, sc.(map[string]any)["number"].(string))
		}
		return out
	}
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"", []string{"A", "B", "C", "D", "E"}},
		{"?from=2026-11-01&to=2026-11-01", []string{"B", "C"}},
		{"?to=2026-10-31", []string{"A"}},
		{"?from=2026-11-02", []string{"D", "E"}},
		{"?from=2026-11-02&to=2026-11-30", []string{"D", "E"}},
		{"?from=2026-10-31&to=2026-11-01", []string{"A", "B", "C"}},
		{"?from=2026-12-01", []string{}},
	} {
		if got := numbers(tt.query); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.query, got, tt.want)
		}
	}
}

// TestCoverageAccess: producers and coordinators read coverage; a performer
// is refused (403); a production one is not a member of does not exist (404);
// dates must be dates, and the range must not end before it starts.
func TestCoverageAccess(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	w.scene("1", []string{"kissing"}, w.PerformerA)
	for _, suffix := range []string{"", ".csv"} {
		path := func(production, query string) string {
			return "/api/v1/productions/" + production + "/coverage" + suffix + query
		}
		get := func(as account, production, query string) response {
			return s.Do(request{Method: "GET", Path: path(production, query), Token: as.Token})
		}
		t.Run("OK"+suffix, func(t *testing.T) {
			must(t, get(w.Producer, w.Production, ""), http.StatusOK)
			must(t, get(w.Coordinator, w.Production, "?from=2026-12-01&to=2026-12-01"), http.StatusOK)
		})
		t.Run("ErrPerformer"+suffix, func(t *testing.T) {
			assertProblem(t, get(w.PerformerA, w.Production, ""), http.StatusForbidden, "forbidden")
			assertProblem(t, get(w.PerformerC, w.Production, ""), http.StatusForbidden, "forbidden")
		})
		t.Run("ErrNotMember"+suffix, func(t *testing.T) {
			assertProblem(t, get(w.Outsider, w.Production, ""), http.StatusNotFound, "not_found")
			assertProblem(t, get(w.Producer, unknownID, ""), http.StatusNotFound, "not_found")
		})
		t.Run("ErrAnonymous"+suffix, func(t *testing.T) {
			assertProblem(t, s.Do(request{Method: "GET", Path: path(w.Production, "")}), http.StatusUnauthorized, "unauthorized")
		})
		t.Run("ErrBadDate"+suffix, func(t *testing.T) {
			for _, q := range []string{"?from=tomorrow", "?to=2026-13-01", "?from=2026-02-30", "?from=01-12-2026", "?to=2026-12-01T00:00:00Z"} {
				res := get(w.Producer, w.Production, q)
				if res.Status != http.StatusBadRequest {
					t.Errorf("%s: %d %s", q, res.Status, res.Body)
					continue
				}
				problemShape(t, res)
			}
		})
		t.Run("ErrRangeEndsBeforeItStarts"+suffix, func(t *testing.T) {
			p := assertProblem(t, get(w.Producer, w.Production, "?from=2026-12-02&to=2026-12-01"), http.StatusUnprocessableEntity, "validation_failed")
			if d, _ := p["detail"].(string); d == "" || !reflect.DeepEqual(p["errors"], []any{map[string]any{"field": "to", "message": "must be on or after from"}}) {
				t.Errorf("problem %v", p)
			}
		})
	}
}
