package coverage

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// TestEveryAuditActionHasAnEffect walks domain.AuditActions, the one
// declaration of every action: each must have a row in effects, so a new
// action cannot leave the cache stale (nor reload it by accident).
func TestEveryAuditActionHasAnEffect(t *testing.T) {
	for _, a := range domain.AuditActions {
		if _, ok := effects[a]; !ok {
			t.Errorf("audit action %q has no row in coverage's effects table", a)
		}
	}
	for a := range effects {
		if !slices.Contains(domain.AuditActions, a) {
			t.Errorf("effects names %q, which is not a domain.AuditActions action", a)
		}
	}
}

// TestCoverageRangeStartsEachDayAtItsFirstInstant: from/to are whole calendar
// days in the production's zone — 23 or 25 hours across a daylight-saving
// change, and starting when the clocks jump where a change skips midnight.
func TestCoverageRangeStartsEachDayAtItsFirstInstant(t *testing.T) {
	for _, tc := range []struct {
		zone, day        string
		wantFrom, wantTo string // UTC
	}{
		{"Europe/London", "2026-11-22", "2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z"},
		{"Europe/London", "2027-03-28", "2027-03-28T00:00:00Z", "2027-03-28T23:00:00Z"}, // 23 h
		{"Europe/London", "2026-10-25", "2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z"}, // 25 h
		// Santiago skips from 00:00 to 01:00 on 2025-09-07: that day starts at 01:00 -03.
		{"America/Santiago", "2025-09-06", "2025-09-06T04:00:00Z", "2025-09-07T04:00:00Z"},
		{"America/Santiago", "2025-09-07", "2025-09-07T04:00:00Z", "2025-09-08T03:00:00Z"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		from, to, err := dayRange(Query{From: tc.day, To: tc.day}, loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := from.Format(time.RFC3339); got != tc.wantFrom {
			t.Errorf("%s %s: from %s, want %s", tc.zone, tc.day, got, tc.wantFrom)
		}
		if got := to.Format(time.RFC3339); got != tc.wantTo {
			t.Errorf("%s %s: to %s, want %s", tc.zone, tc.day, got, tc.wantTo)
		}
	}
}

// synthetic is a production of n tagged scenes × cast performers, each with
// a published version, consents, riders and, on every fifth, a check-in,
// built in memory (no database): the lines of the encoding benchmarks.
func synthetic(n, cast int) (domain.Production, map[string]string, []*line) {
	p := domain.Production{ID: "p", Title: "Synthetic", Timezone: "UTC", NoticeHours: 48, Role: domain.RoleProducer}
	names := map[string]string{"coord": "Casey Coordinator"}
	start := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	var rows storage.CoverageRows
	rows.Steps, rows.CheckIns, rows.Debriefs = map[string][]domain.Step{}, map[string]domain.CheckIn{}, map[string]domain.Debrief{}
	for i := range n {
		sc := domain.Scene{ID: fmt.Sprintf("scene-%04d", i), Number: fmt.Sprint(i + 1), Title: "Scene", CallTime: start.Add(time.Duration(i) * time.Hour),
			ContentTags: []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity}, CoordinatorID: "coord",
			Status: domain.ScenePlanned, ClosedSet: []string{"Director"}, CurrentVersion: 1}
		signed := start.Add(-100 * time.Hour)
		for k := range cast {
			uid := fmt.Sprintf("user-%02d", k)
			names[uid] = fmt.Sprintf("Performer %02d", k)
			sc.Cast = append(sc.Cast, domain.CastMember{UserID: uid})
			rows.Consents = append(rows.Consents, domain.ConsentDecision{SceneID: sc.ID, UserID: uid, State: domain.ConsentConfirmed, Version: 1})
			rows.Riders = append(rows.Riders, domain.Rider{SceneID: sc.ID, UserID: uid, Version: 1, SignedAt: &signed,
				Nudity: domain.NudityPartial, Acts: sc.ContentTags})
		}
		if i%5 == 0 {
			rows.CheckIns[sc.ID] = domain.CheckIn{SceneID: sc.ID, RequestedAt: start, ExpiresAt: start.Add(5 * time.Minute),
				Responses: []domain.CheckInResponse{{Answer: domain.AnswerOK}}}
		}
		rows.Scenes = append(rows.Scenes, sc)
	}
	return p, names, newSnapshot(1, p, computeLines(rows, p.NoticeHours)).order
}

// TestViewJSONIsEncodingJSON: the JSON kept line by line (encodeOnce) is byte
// for byte json.Marshal of the whole view, for both roles, also after a
// rename and after an open check-in expires; what writeJSON streams (the
// HTTP answer) is the same bytes.
func TestViewJSONIsEncodingJSON(t *testing.T) {
	p, names, lines := synthetic(20, 4)
	now := time.Date(2026, 12, 1, 7, 1, 0, 0, time.UTC)
	for _, step := range []string{"first", "again", "renamed", "expired"} {
		switch step {
		case "renamed":
			names["user-02"], names["coord"] = "Aaron Renamed", "Zed Coordinator"
		case "expired":
			now = now.Add(time.Hour)
		}
		for _, role := range []domain.Role{domain.RoleProducer, domain.RoleCoordinator} {
			p.Role = role
			v := newView(p, time.UTC, Query{}, now, names, lines)
			got, err := v.json()
			encodeOnce = false
			want, _ := v.json() // json.Marshal of the whole document
			encodeOnce = true
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s, %s: kept JSON differs from encoding/json's (%v):\n got %s\nwant %s", step, role, err, got, want)
			}
			var streamed bytes.Buffer // what GET …/coverage sends, part by part
			if err := v.writeJSON(&streamed); err != nil || !bytes.Equal(streamed.Bytes(), want) {
				t.Fatalf("%s, %s: streamed JSON differs from encoding/json's (%v):\n got %s\nwant %s", step, role, err, streamed.Bytes(), want)
			}
		}
	}
}

// BenchmarkViewJSON compares the warm encoding of 1,000 scenes × 20 cast
// (the producer's view): plain json.Marshal of the view against the lines'
// kept JSON (encodeOnce), the one micro-optimisation kept.
func BenchmarkViewJSON(b *testing.B) {
	p, names, lines := synthetic(1000, 20)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, once := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "encode_once"}[once], func(b *testing.B) {
			defer func(was bool) { encodeOnce = was }(encodeOnce)
			encodeOnce = once
			b.ReportAllocs()
			for b.Loop() {
				if _, err := newView(p, time.UTC, Query{}, now, names, lines).json(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
