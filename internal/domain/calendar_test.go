package domain

import (
	"strings"
	"testing"
	"time"
)

func TestDebriefCalendar(t *testing.T) {
	at := time.Date(2026, 12, 1, 17, 30, 0, 0, time.FixedZone("CET", 3600))
	d := Debrief{ID: "d1", ScheduledAt: at, Location: "Room 3, Stage 2; or https://meet.example/abc", Status: DebriefScheduled}
	ics := DebriefCalendar(d, "27A", "Harbour Lights", "closedset.example", time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "UID:d1@closedset.example\r\n", "DTSTAMP:20261122T090000Z\r\n",
		"DTSTART:20261201T163000Z\r\n", "STATUS:CONFIRMED\r\n", `LOCATION:Room 3\, Stage 2\; or https://meet.example/abc`, "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("calendar lacks %q:\n%s", want, ics)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line over 75 octets: %q", line)
		}
	}
	d.Status = DebriefCancelled
	if !strings.Contains(DebriefCalendar(d, "27A", "H", "h", at), "STATUS:CANCELLED") {
		t.Error("cancelled debrief not marked")
	}
}
