package storage

import (
	"testing"
	"time"
)

// TestParseStoredTimeMatchesTimeParse holds the hand-written fast path to
// what time.Parse reads from the same text (SQLite's and PostgreSQL's forms),
// and checks it refuses what is not a time rather than guessing.
func TestParseStoredTimeMatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-11-22 09:00:00+00:00",
		"2026-11-22 09:00:00.5+00:00",
		"2026-11-22 09:00:00.123456+00:00",
		"2026-11-22 09:00:00.123456789+00:00",
		"2026-11-22 09:00:00",
		"2026-11-22 09:00:00.000001",
		"2026-11-22T09:00:00Z",
		"2026-11-22 10:00:00+01:00",
		"2026-11-22 10:00:00.25+01",
		"2024-02-29 23:59:59+00:00",
	} {
		got, err := parseStoredTime(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		var want time.Time
		for _, layout := range storedTimeLayouts {
			if w, err := time.Parse(layout, s); err == nil {
				want = w.UTC()
				break
			}
		}
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%q: %v, want %v in UTC", s, got, want)
		}
	}
	for _, s := range []string{"", "2026-02-31 09:00:00", "2026-11-22 24:00:00", "2026-13-01 09:00:00", "2026-11-22 09:00:00.", "2026-11-22 09:00:00.12x",
		"yesterday"} {
		if got, err := parseStoredTime(s); err == nil {
			t.Errorf("%q read as %v, want an error", s, got)
		}
	}
}
