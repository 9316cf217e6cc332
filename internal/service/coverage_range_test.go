package service

import (
	"testing"
	"time"
)

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
		from, to, err := coverageRange(CoverageQuery{From: tc.day, To: tc.day}, loc)
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
