package domain

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// notificationRow is one built notification of the table below: how it was
// built, and what product.md's notifications table says of its delivery.
type notificationRow struct {
	name   string
	build  func() (Notification, Delivery)
	typ    string
	phrase string
	urg    string
	ttl    time.Duration
}

// notificationTable builds every notification about a scene full of
// sensitive tags, cast with named performers, with notes around.
func notificationTable(now time.Time) (Scene, []notificationRow, []string) {
	sc := Scene{ID: "s1", ProductionID: "p1", Number: "19", Title: "The lighthouse room", Synopsis: "private synopsis",
		ContentTags: ContentTags, CallTime: now.Add(72 * time.Hour), Location: "Stage 4", CurrentVersion: 2,
		Cast: []CastMember{{UserID: "u-sam", DisplayName: "Sam Performer", CharacterName: "Keeper"},
			{UserID: "u-alex", DisplayName: "Alex Performer", CharacterName: "Diver"}}}
	soon := sc
	soon.CallTime = now.Add(30 * time.Minute)
	c := CheckIn{ID: "c1", Reason: "before take 4", ExpiresAt: now.Add(5 * time.Minute),
		Responses: []CheckInResponse{{UserID: "u-sam", DisplayName: "Sam Performer", Note: "private check-in note"}}}
	d := Debrief{ID: "d1", ScheduledAt: now.Add(3 * time.Hour), Location: "Room 2", Notes: "private debrief note"}
	withdrawn := ConsentDecision{SceneID: "s1", UserID: "u-sam", Version: 2, State: ConsentWithdrawn, Note: "private consent note"}
	after := withdrawn
	after.PostPhotography = true
	first := func(ms []Message) (Notification, Delivery) { return ms[0].Notification, ms[0].Delivery }
	rows := []notificationRow{
		{"choreography, call far", func() (Notification, Delivery) { return ChoreographyPublished("Harbour Lights", sc, 2, 48, now) },
			NotifyChoreographyPublished, "new choreography (version 2). Please review.", UrgencyNormal, 72 * time.Hour},
		{"choreography, call within notice", func() (Notification, Delivery) { return ChoreographyPublished("Harbour Lights", sc, 2, 96, now) },
			NotifyChoreographyPublished, "new choreography (version 2). Please review.", UrgencyHigh, 72 * time.Hour},
		{"choreography, call in 30 min", func() (Notification, Delivery) { return ChoreographyPublished("Harbour Lights", soon, 2, 48, now) },
			NotifyChoreographyPublished, "new choreography (version 2). Please review.", UrgencyHigh, time.Hour},
		{"check-in", func() (Notification, Delivery) { return CheckinRequested("Harbour Lights", sc, c, now) },
			NotifyCheckinRequested, "check-in. Tap to answer.", UrgencyHigh, 5 * time.Minute},
		{"stop", func() (Notification, Delivery) { return CheckinAlert("Harbour Lights", sc, c, AnswerStop) },
			NotifyCheckinAlert, "a performer answered stop.", UrgencyHigh, time.Hour},
		{"pause", func() (Notification, Delivery) { return CheckinAlert("Harbour Lights", sc, c, AnswerPause) },
			NotifyCheckinAlert, "a performer asked to pause.", UrgencyHigh, time.Hour},
		{"no response", func() (Notification, Delivery) { return CheckinAlert("Harbour Lights", sc, c, AnswerNoResponse) },
			NotifyCheckinAlert, "a check-in closed without every answer.", UrgencyHigh, time.Hour},
		{"debrief scheduled", func() (Notification, Delivery) {
			return DebriefChanged("Harbour Lights", sc, d, NotifyDebriefScheduled, "scheduled", now)
		}, NotifyDebriefScheduled, "debrief scheduled.", UrgencyNormal, 3 * time.Hour},
		{"debrief moved", func() (Notification, Delivery) {
			return DebriefChanged("Harbour Lights", sc, d, NotifyDebriefUpdated, "moved", now)
		}, NotifyDebriefUpdated, "debrief moved.", UrgencyNormal, 3 * time.Hour},
		{"declined, coordinators", func() (Notification, Delivery) { return ConsentChanged("Harbour Lights", sc, ConsentDeclined) },
			NotifyConsentDeclined, "a performer declined the current version.", UrgencyHigh, 24 * time.Hour},
		{"withdrawn, coordinators", func() (Notification, Delivery) {
			to, _ := ConsentAlerts("Harbour Lights", sc, withdrawn, false)
			return first(to)
		}, NotifyConsentWithdrawn, "a performer withdrew consent.", UrgencyHigh, 24 * time.Hour},
		{"blocked, producers", func() (Notification, Delivery) {
			_, to := ConsentAlerts("Harbour Lights", sc, withdrawn, false)
			return first(to)
		}, NotifySceneBlocked, "blocked.", UrgencyHigh, 24 * time.Hour},
		{"rider, performer", func() (Notification, Delivery) {
			return RiderDueSoon("Harbour Lights", sc, now.Add(20*time.Hour), now, true)
		}, NotifyRiderDue, "please review and sign your rider.", UrgencyNormal, 20 * time.Hour},
		{"rider, coordinators", func() (Notification, Delivery) {
			return RiderDueSoon("Harbour Lights", sc, now.Add(20*time.Hour), now, false)
		}, NotifyRiderDue, "a rider is waiting for a signature.", UrgencyNormal, 20 * time.Hour},
		{"footage, coordinators", func() (Notification, Delivery) {
			to, _ := ConsentAlerts("Harbour Lights", sc, after, true)
			return first(to)
		}, NotifyFootageReview, "a footage-use question needs a decision.", UrgencyHigh, 24 * time.Hour},
		{"footage, producers", func() (Notification, Delivery) {
			_, to := ConsentAlerts("Harbour Lights", sc, after, false)
			return first(to)
		}, NotifyFootageReview, "a footage-use question needs a decision.", UrgencyHigh, 24 * time.Hour},
	}
	private := []string{sc.Title, sc.Synopsis, sc.Location, c.Reason, c.Responses[0].Note, d.Notes, d.Location,
		withdrawn.Note, "u-sam", "u-alex", "Keeper", "Diver"}
	for _, m := range sc.Cast {
		private = append(private, m.DisplayName, strings.Fields(m.DisplayName)[0])
	}
	for _, a := range BodyAreas {
		private = append(private, string(a))
	}
	for _, tag := range ContentTags {
		private = append(private, string(tag), strings.ReplaceAll(string(tag), "_", " "))
	}
	return sc, rows, private
}

// topicAlphabet is RFC 8030's Topic: at most 32 characters of the URL- and
// filename-safe base64 alphabet.
var topicAlphabet = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// TestRule12NotificationsAreDiscreet is one row per notification type (and
// per recipient where the text differs): it fails when a type of
// NotificationTypes has no row. Each row checks product.md's urgency and
// lifetime, the push Topic (≤ 32 URL-safe characters), and that what a lock
// screen shows names the production, the scene number and the kind of event
// only — never tags, body areas, notes or anyone's name or id.
func TestRule12NotificationsAreDiscreet(t *testing.T) {
	now := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	sc, rows, private := notificationTable(now)
	covered := map[string]bool{}
	for _, tt := range rows {
		n, d := tt.build()
		covered[n.Type] = true
		if n.Type != tt.typ {
			t.Errorf("%s: type %q, want %q", tt.name, n.Type, tt.typ)
		}
		if !slices.Contains(NotificationTypes, n.Type) {
			t.Errorf("%s: type %q is not in NotificationTypes", tt.name, n.Type)
		}
		if n.Title != "Harbour Lights" || n.Body != "Scene 19: "+tt.phrase {
			t.Errorf("%s: %q / %q, want the production and \"Scene 19: %s\"", tt.name, n.Title, n.Body, tt.phrase)
		}
		if n.ProductionID != sc.ProductionID || n.SceneID != sc.ID || !strings.HasPrefix(n.URL, "/productions/p1/") {
			t.Errorf("%s: production %q scene %q url %q", tt.name, n.ProductionID, n.SceneID, n.URL)
		}
		if d.Urgency != tt.urg || d.TTL != tt.ttl {
			t.Errorf("%s: urgency %q TTL %v, want %q %v (product.md)", tt.name, d.Urgency, d.TTL, tt.urg, tt.ttl)
		}
		if !topicAlphabet.MatchString(d.Topic) {
			t.Errorf("%s: topic %q is not 1-32 URL-safe characters", tt.name, d.Topic)
		}
		for _, p := range private {
			if strings.Contains(strings.ToLower(n.Title+" "+n.Body+" "+n.URL), strings.ToLower(p)) {
				t.Errorf("%s: %q / %q / %q shows %q", tt.name, n.Title, n.Body, n.URL, p)
			}
		}
	}
	for _, typ := range NotificationTypes {
		if !covered[typ] {
			t.Errorf("notification type %q has no row in this table", typ)
		}
	}
}

// TestRule2ProducersLearnOncePerBlocking: a decline or withdrawal alerts the
// coordinators every time; producers only when the scene was not blocked by
// consent before it; after photography a withdrawal is a footage question to
// both; a confirmation alerts nobody.
func TestRule2ProducersLearnOncePerBlocking(t *testing.T) {
	sc := Scene{ID: "s1", ProductionID: "p1", Number: "4", CurrentVersion: 2,
		Cast: []CastMember{{UserID: "a"}, {UserID: "b"}}}
	types := func(ms []Message) []string {
		out := []string{}
		for _, m := range ms {
			out = append(out, m.Notification.Type)
		}
		return out
	}
	for _, tt := range []struct {
		name         string
		before       map[string]ConsentDecision
		d            ConsentDecision
		coord, produ []string
	}{
		{"first withdrawal", map[string]ConsentDecision{"b": {Version: 2, State: ConsentConfirmed}},
			ConsentDecision{UserID: "a", Version: 2, State: ConsentWithdrawn}, []string{NotifyConsentWithdrawn}, []string{NotifySceneBlocked}},
		{"first decline", nil,
			ConsentDecision{UserID: "a", Version: 2, State: ConsentDeclined}, []string{NotifyConsentDeclined}, []string{NotifySceneBlocked}},
		{"second withdrawal, already blocked", map[string]ConsentDecision{"b": {Version: 1, State: ConsentWithdrawn}},
			ConsentDecision{UserID: "a", Version: 2, State: ConsentWithdrawn}, []string{NotifyConsentWithdrawn}, []string{}},
		{"decline after an old decline (pending again)", map[string]ConsentDecision{"b": {Version: 1, State: ConsentDeclined}},
			ConsentDecision{UserID: "a", Version: 2, State: ConsentDeclined}, []string{NotifyConsentDeclined}, []string{NotifySceneBlocked}},
		{"withdrawal after photography", nil,
			ConsentDecision{UserID: "a", Version: 2, State: ConsentWithdrawn, PostPhotography: true},
			[]string{NotifyFootageReview}, []string{NotifyFootageReview}},
		{"confirmation", map[string]ConsentDecision{"b": {Version: 2, State: ConsentWithdrawn}},
			ConsentDecision{UserID: "a", Version: 2, State: ConsentConfirmed}, []string{}, []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			coord, produ := ConsentAlerts("P", sc, tt.d, BlockedByConsent(sc, tt.before))
			if got := types(coord); !slices.Equal(got, tt.coord) {
				t.Errorf("coordinators get %v, want %v", got, tt.coord)
			}
			if got := types(produ); !slices.Equal(got, tt.produ) {
				t.Errorf("producers get %v, want %v", got, tt.produ)
			}
		})
	}
	// Someone no longer cast does not keep the scene blocked.
	if BlockedByConsent(sc, map[string]ConsentDecision{"gone": {Version: 2, State: ConsentWithdrawn}}) {
		t.Error("a decision of someone not cast blocks the scene")
	}
}
