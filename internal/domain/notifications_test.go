package domain

import (
	"strings"
	"testing"
	"time"
)

// TestRule12NotificationsAreDiscreet builds every notification about a scene
// full of sensitive tags, with notes around, and checks that what a lock
// screen shows names the production, the scene number and the kind of event
// only.
func TestRule12NotificationsAreDiscreet(t *testing.T) {
	now := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	sc := Scene{ID: "s1", ProductionID: "p1", Number: "19", Title: "The lighthouse room", Synopsis: "private synopsis",
		ContentTags: ContentTags, CallTime: now.Add(72 * time.Hour), Location: "Stage 4"}
	c := CheckIn{ID: "c1", Reason: "before take 4", ExpiresAt: now.Add(5 * time.Minute),
		Responses: []CheckInResponse{{UserID: "u", DisplayName: "Sam", Note: "private check-in note"}}}
	d := Debrief{ID: "d1", ScheduledAt: now.Add(time.Hour), Location: "Room 2", Notes: "private debrief note"}
	type built struct {
		name   string
		n      Notification
		phrase string
	}
	n := func(n Notification, _ Delivery) Notification { return n }
	cases := []built{
		{"choreography", n(ChoreographyPublished("Harbour Lights", sc, 2, 48, now)), "new choreography (version 2). Please review."},
		{"declined, coordinator", n(ConsentChanged("Harbour Lights", sc, "Sam", ConsentDeclined, false)), "Sam declined the current version."},
		{"withdrawn, coordinator", n(ConsentChanged("Harbour Lights", sc, "Sam", ConsentWithdrawn, false)), "Sam withdrew consent."},
		{"withdrawn, producer", n(ConsentChanged("Harbour Lights", sc, "Sam", ConsentWithdrawn, true)), "blocked."},
		{"declined, producer", n(ConsentChanged("Harbour Lights", sc, "Sam", ConsentDeclined, true)), "blocked."},
		{"check-in", n(CheckinRequested("Harbour Lights", sc, c, now)), "check-in. Tap to answer."},
		{"stop", n(CheckinAlert("Harbour Lights", sc, c, "Sam", AnswerStop)), "Sam answered stop."},
		{"pause", n(CheckinAlert("Harbour Lights", sc, c, "Sam", AnswerPause)), "Sam needs a moment."},
		{"no response", n(CheckinAlert("Harbour Lights", sc, c, "", AnswerNoResponse)), "a check-in closed without every answer."},
		{"debrief", n(DebriefChanged("Harbour Lights", sc, d, NotifyDebriefScheduled, "scheduled", now)), "debrief scheduled."},
		{"rider, performer", n(RiderDueSoon("Harbour Lights", sc, now.Add(time.Hour), now, true)), "please review and sign your rider."},
		{"rider, coordinator", n(RiderDueSoon("Harbour Lights", sc, now.Add(time.Hour), now, false)), "a rider is waiting for a signature."},
	}
	private := []string{sc.Title, sc.Synopsis, sc.Location, c.Reason, c.Responses[0].Note, d.Notes, d.Location}
	for _, a := range BodyAreas {
		private = append(private, string(a))
	}
	for _, tag := range ContentTags {
		private = append(private, string(tag), strings.ReplaceAll(string(tag), "_", " "))
	}
	for _, tt := range cases {
		if tt.n.Title != "Harbour Lights" || tt.n.Body != "Scene 19: "+tt.phrase {
			t.Errorf("%s: %q / %q, want the production and \"Scene 19: %s\"", tt.name, tt.n.Title, tt.n.Body, tt.phrase)
		}
		for _, p := range private {
			if strings.Contains(strings.ToLower(tt.n.Title+" "+tt.n.Body), strings.ToLower(p)) {
				t.Errorf("%s: %q shows %q", tt.name, tt.n.Body, p)
			}
		}
		if strings.Contains(tt.name, "producer") && strings.Contains(tt.n.Body, "Sam") {
			t.Errorf("%s: a producer's notification names the performer: %q", tt.name, tt.n.Body)
		}
	}
}
