package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Notification types (api.md).
const (
	NotifyChoreographyPublished = "choreography.published"
	NotifyCheckinRequested      = "checkin.requested"
	NotifyCheckinAlert          = "checkin.alert"
	NotifyDebriefScheduled      = "debrief.scheduled"
	NotifyDebriefUpdated        = "debrief.updated"
	NotifyConsentDeclined       = "consent.declined"
	NotifyConsentWithdrawn      = "consent.withdrawn"
	NotifySceneBlocked          = "scene.blocked"
	NotifyRiderDue              = "rider.due"
	NotifyFootageReview         = "footage.review"
)

// NotificationTypes is every notification type, in the order of openapi.yaml's
// NotificationType enum (a test holds the two together).
var NotificationTypes = []string{
	NotifyChoreographyPublished, NotifyCheckinRequested, NotifyCheckinAlert, NotifyDebriefScheduled,
	NotifyDebriefUpdated, NotifyConsentDeclined, NotifyConsentWithdrawn, NotifySceneBlocked, NotifyRiderDue,
	NotifyFootageReview,
}

// Push urgencies (RFC 8030).
const (
	UrgencyNormal = "normal"
	UrgencyHigh   = "high"
)

// Notification is one inbox entry; push is only a delivery channel for it.
// Title and Body are discreet (rule 12): production and scene number, never
// content tags, body areas, notes or a person's name. UserID is the
// recipient; there is no field for the person the event is about — who it
// was is on the page URL opens, for those allowed to see it.
type Notification struct {
	ID           string
	UserID       string
	Type         string
	Title        string
	Body         string
	URL          string
	ProductionID string
	SceneID      string
	CreatedAt    time.Time
	ReadAt       *time.Time
	// DoneAt is when the task it asks for was done (nil: it still needs its
	// recipient); SubjectID names what the task is about beyond the scene
	// (a check-in, a debrief, the performer of a rider), never shown.
	DoneAt    *time.Time
	SubjectID string
}

// Delivery says how a notification is pushed: urgency, lifetime and the topic
// that lets a newer message replace an undelivered older one.
type Delivery struct {
	Urgency string
	TTL     time.Duration
	Topic   string
}

// PushTopic is the Topic of a scene's notifications of one type: at most 32
// characters of the URL-safe alphabet.
func PushTopic(sceneID, typ string) string {
	sum := sha256.Sum256([]byte(sceneID + "|" + typ))
	return hex.EncodeToString(sum[:])[:32]
}

// Discreet is rule 12 (notifications are discreet): every notification's
// lock-screen text is built here, from the production's title, the scene's
// number and a fixed phrase for the kind of event — never content tags, body
// areas, notes or anyone's name ("a performer withdrew consent", not "Sam
// withdrew"). Who it was is shown inside the app, on the page the URL opens,
// to those allowed to see it (NeedToKnow). It opens the scene unless the
// caller sets another URL.
func Discreet(typ, productionTitle string, sc Scene, phrase string) Notification {
	return Notification{Type: typ, Title: productionTitle, Body: "Scene " + sc.Number + ": " + phrase,
		URL: "/productions/" + sc.ProductionID + "/scenes/" + sc.ID, ProductionID: sc.ProductionID, SceneID: sc.ID}
}

// ChoreographyPublished is the notification to each cast member of a new
// version: high urgency when the call time is within the notice period, and
// alive until the call time (at least an hour).
func ChoreographyPublished(productionTitle string, sc Scene, version, noticeHours int, now time.Time) (Notification, Delivery) {
	n := Discreet(NotifyChoreographyPublished, productionTitle, sc, "new choreography (version "+strconv.Itoa(version)+"). Please review.")
	d := Delivery{Urgency: UrgencyNormal, TTL: sc.CallTime.Sub(now), Topic: PushTopic(sc.ID, n.Type)}
	if d.TTL <= time.Duration(noticeHours)*time.Hour {
		d.Urgency = UrgencyHigh
	}
	if d.TTL < time.Hour {
		d.TTL = time.Hour
	}
	return n, d
}

// consentAlertTTL is how long a consent alert, a scene.blocked or a
// footage.review may wait for a device (product.md: 24 h, high urgency).
const consentAlertTTL = 24 * time.Hour

// ConsentChanged is the notification to the scene's coordinators of a
// decline or withdrawal: high urgency, a day. It says what happened, never
// who, and never the note.
func ConsentChanged(productionTitle string, sc Scene, state ConsentState) (Notification, Delivery) {
	n := Discreet(NotifyConsentDeclined, productionTitle, sc, "a performer declined the current version.")
	if state == ConsentWithdrawn {
		n = Discreet(NotifyConsentWithdrawn, productionTitle, sc, "a performer withdrew consent.")
	}
	return n, Delivery{Urgency: UrgencyHigh, TTL: consentAlertTTL, Topic: PushTopic(sc.ID, n.Type)}
}

// SceneBlocked is the producers' notification that a scene became blocked
// (rule 2): never the reason, the note or who.
func SceneBlocked(productionTitle string, sc Scene) (Notification, Delivery) {
	n := Discreet(NotifySceneBlocked, productionTitle, sc, "blocked.")
	return n, Delivery{Urgency: UrgencyHigh, TTL: consentAlertTTL, Topic: PushTopic(sc.ID, n.Type)}
}

// FootageReview is the notification of a withdrawal after photography (rule
// 3), to the coordinators and the producers: a request about footage use.
func FootageReview(productionTitle string, sc Scene) (Notification, Delivery) {
	n := Discreet(NotifyFootageReview, productionTitle, sc, "a footage-use question needs a decision.")
	return n, Delivery{Urgency: UrgencyHigh, TTL: consentAlertTTL, Topic: PushTopic(sc.ID, n.Type)}
}

// Message is one notification with how it is pushed.
type Message struct {
	Notification Notification
	Delivery     Delivery
}

// BlockedByConsent reports whether a cast member's current consent
// (CurrentConsent against the scene's current version) is declined or
// withdrawn — the consent half of readiness's blocked. latest holds the
// latest decision per user id as stored (a missing entry reads as pending).
func BlockedByConsent(sc Scene, latest map[string]ConsentDecision) bool {
	for _, m := range sc.Cast {
		var d *ConsentDecision
		if l, ok := latest[m.UserID]; ok {
			d = &l
		}
		if s := CurrentConsent(d, sc.CurrentVersion); s == ConsentDeclined || s == ConsentWithdrawn {
			return true
		}
	}
	return false
}

// ConsentAlerts is who learns of a consent decision, and how (rules 2, 3 and
// 12). A decline or withdrawal alerts the scene's coordinators each time
// (ConsentChanged); the producers learn only that the scene is blocked, once
// per blocking: when it was not blocked by consent before this decision
// (wasBlocked, from BlockedByConsent over the decisions before it), so they
// never learn when each decision was made. A withdrawal after photography
// is a request about footage use to both (FootageReview), instead. A
// confirmation alerts nobody.
func ConsentAlerts(productionTitle string, sc Scene, d ConsentDecision, wasBlocked bool) (toCoordinators, toProducers []Message) {
	one := func(n Notification, dl Delivery) []Message { return []Message{{n, dl}} }
	switch {
	case d.State == ConsentWithdrawn && d.PostPhotography:
		m := one(FootageReview(productionTitle, sc))
		return m, m
	case d.State != ConsentDeclined && d.State != ConsentWithdrawn:
		return nil, nil
	}
	toCoordinators = one(ConsentChanged(productionTitle, sc, d.State))
	if !wasBlocked {
		toProducers = one(SceneBlocked(productionTitle, sc))
	}
	return toCoordinators, toProducers
}

// CheckinRequested is the notification to each addressed performer: high
// urgency, alive until the check-in expires; it opens the check-in screen.
func CheckinRequested(productionTitle string, sc Scene, c CheckIn, now time.Time) (Notification, Delivery) {
	n := Discreet(NotifyCheckinRequested, productionTitle, sc, "check-in. Tap to answer.")
	n.URL = "/productions/" + sc.ProductionID + "/checkins/" + c.ID
	ttl := c.ExpiresAt.Sub(now)
	if ttl < 0 {
		ttl = 0
	}
	return n, Delivery{Urgency: UrgencyHigh, TTL: ttl, Topic: PushTopic(sc.ID, n.Type)}
}

// CheckinAlert is the notification to the scene's coordinators when an
// answer is pause or stop or the check-in expired with no response: high
// urgency, an hour. It never says who answered; the check-in screen it opens
// does, to the coordinators.
func CheckinAlert(productionTitle string, sc Scene, c CheckIn, answer string) (Notification, Delivery) {
	phrase := "a check-in closed without every answer."
	switch answer {
	case AnswerStop:
		phrase = "a performer answered stop."
	case AnswerPause:
		phrase = "a performer asked to pause."
	}
	n := Discreet(NotifyCheckinAlert, productionTitle, sc, phrase)
	n.URL = "/productions/" + sc.ProductionID + "/checkins/" + c.ID
	// One topic per check-in and answer: a pause never replaces an
	// undelivered stop, and nothing in it points at a person.
	return n, Delivery{Urgency: UrgencyHigh, TTL: time.Hour, Topic: PushTopic(sc.ID+"|"+c.ID+"|"+answer, n.Type)}
}

// DebriefChanged is the notification to participants of a scheduled, moved
// or cancelled debrief: normal urgency, alive until the debrief time (at
// least an hour).
func DebriefChanged(productionTitle string, sc Scene, d Debrief, typ, what string, now time.Time) (Notification, Delivery) {
	n := Discreet(typ, productionTitle, sc, "debrief "+what+".")
	ttl := d.ScheduledAt.Sub(now)
	if ttl < time.Hour {
		ttl = time.Hour
	}
	return n, Delivery{Urgency: UrgencyNormal, TTL: ttl, Topic: PushTopic(sc.ID+d.ID, "debrief")}
}

// RiderDueSoon is the reminder of an unsigned rider due within 24 hours, to
// the performer and the scene's coordinators: normal urgency, alive until due.
func RiderDueSoon(productionTitle string, sc Scene, due, now time.Time, forPerformer bool) (Notification, Delivery) {
	n := Discreet(NotifyRiderDue, productionTitle, sc, "a rider is waiting for a signature.")
	if forPerformer {
		n = Discreet(NotifyRiderDue, productionTitle, sc, "please review and sign your rider.")
		n.URL += "/rider"
	}
	ttl := due.Sub(now)
	if ttl < time.Minute {
		ttl = time.Minute
	}
	return n, Delivery{Urgency: UrgencyNormal, TTL: ttl, Topic: PushTopic(sc.ID, n.Type)}
}
