package domain

import (
	"strconv"
	"strings"
	"time"
)

// DebriefCalendar renders a debrief as an RFC 5545 calendar with one event:
// UID, DTSTAMP, DTSTART/DTEND in UTC, a discreet SUMMARY (scene number only),
// the location, STATUS:CANCELLED when cancelled, and a SEQUENCE that grows with
// every change (seconds from creation to the last change), so calendar apps
// replace an event they imported before a move. Lines end in CRLF and are
// folded at 75 octets.
func DebriefCalendar(d Debrief, sceneNumber, productionTitle, host string, now time.Time) string {
	const stamp = "20060102T150405Z"
	status := "CONFIRMED"
	if d.Status == DebriefCancelled {
		status = "CANCELLED"
	}
	lines := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//Closed Set//Debriefs//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:" + d.ID + "@" + host,
		"DTSTAMP:" + now.UTC().Format(stamp),
		"SEQUENCE:" + strconv.FormatInt(DebriefSequence(d), 10),
		"DTSTART:" + d.ScheduledAt.UTC().Format(stamp),
		"DTEND:" + d.ScheduledAt.Add(30*time.Minute).UTC().Format(stamp),
		"SUMMARY:" + icsText("Debrief: "+productionTitle+", scene "+sceneNumber),
		"LOCATION:" + icsText(d.Location),
		"STATUS:" + status,
		"END:VEVENT",
		"END:VCALENDAR",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(fold(l))
		b.WriteString("\r\n")
	}
	return b.String()
}

// DebriefSequence is the debrief's RFC 5545 SEQUENCE: 0 as created, then the
// whole seconds from creation to its last change, which only ever grows.
func DebriefSequence(d Debrief) int64 {
	return max(0, int64(d.UpdatedAt.Sub(d.CreatedAt)/time.Second))
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "")
	return r.Replace(s)
}

// fold splits a content line into 75-octet pieces joined by CRLF + space,
// never inside a UTF-8 sequence.
func fold(line string) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	return b.String()
}
