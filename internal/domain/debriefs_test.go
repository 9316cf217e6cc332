package domain

import (
	"testing"
	"time"
)

func TestCheckDebriefPatch(t *testing.T) {
	at := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	later := at.Add(time.Hour)
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		status   string
		at       *time.Time
		location *string
		to       *string
		ok       bool
	}{
		{DebriefScheduled, &later, str("Studio 5"), nil, true},
		{DebriefScheduled, nil, nil, str(DebriefDone), true},
		{DebriefScheduled, nil, nil, str(DebriefCancelled), true},
		{DebriefDone, nil, nil, nil, true},                              // notes only
		{DebriefDone, &at, str(" Green room "), str(DebriefDone), true}, // nothing changes
		{DebriefDone, &later, nil, nil, false},
		{DebriefDone, nil, str("Studio 5"), nil, false},
		{DebriefDone, nil, nil, str(DebriefCancelled), false},
		{DebriefCancelled, nil, nil, str(DebriefCancelled), true},
		{DebriefCancelled, nil, nil, str(DebriefDone), false},
		{DebriefCancelled, &later, nil, nil, false},
	} {
		d := Debrief{Status: tc.status, ScheduledAt: at, Location: "Green room"}
		err := CheckDebriefPatch(d, tc.at, tc.location, tc.to)
		if (err == nil) != tc.ok {
			t.Errorf("%s debrief, patch at=%v location=%v status=%v: err %v, want ok=%v", tc.status, tc.at, tc.location, tc.to, err, tc.ok)
		}
		if err != nil && (As(err).Kind != KindConflict || As(err).Code != "debrief_closed") {
			t.Errorf("error %v, want a debrief_closed conflict", err)
		}
	}
}

func TestDebriefSequenceGrows(t *testing.T) {
	created := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	d := Debrief{CreatedAt: created, UpdatedAt: created}
	if DebriefSequence(d) != 0 {
		t.Fatal("a new debrief has SEQUENCE 0")
	}
	d.UpdatedAt = created.Add(90 * time.Second)
	first := DebriefSequence(d)
	d.UpdatedAt = created.Add(48 * time.Hour)
	if first != 90 || DebriefSequence(d) <= first {
		t.Fatalf("SEQUENCE %d then %d", first, DebriefSequence(d))
	}
}
