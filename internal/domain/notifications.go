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
)

// Push urgencies (RFC 8030).
const (
	UrgencyNormal = "normal"
	UrgencyHigh   = "high"
)

// Notification is one inbox entry; push is only a delivery channel for it.
// Title and Body are discreet (rule 12): production and scene number, never
// content tags, body areas or notes.
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
// areas or notes. Who it was is shown inside the app, to those allowed to
// see it (NeedToKnow). It opens the scene unless the caller sets another URL.
//
// Known gap: the coordinators' alerts of a decline, withdrawal, pause or
// stop still put the performer's name in the phrase, which rule 12's example
// ("a performer withdrew consent", not "Sam withdrew") forbids; the API's
// tests hold today's text, so changing it is left to a decision.
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

// ConsentChanged is the notification of a decline or withdrawal: to the
// scene's coordinators it names the person; to producers it only says the
// scene is blocked (rule 2). Never the note.
func ConsentChanged(productionTitle string, sc Scene, performerName string, state ConsentState, forProducer bool) (Notification, Delivery) {
	var n Notification
	switch {
	case forProducer:
		n = Discreet(NotifySceneBlocked, productionTitle, sc, "blocked.")
	case state == ConsentWithdrawn:
		n = Discreet(NotifyConsentWithdrawn, productionTitle, sc, performerName+" withdrew consent.")
	default:
		n = Discreet(NotifyConsentDeclined, productionTitle, sc, performerName+" declined the current version.")
	}
	return n, Delivery{Urgency: UrgencyHigh, TTL: 24 * time.Hour, Topic: PushTopic(sc.ID, n.Type)}
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

// CheckinAlert is the notification to the scene's coordinators when an answer
// is pause or stop (naming the performer) or the check-in expired with no
// response: high urgency, an hour.
func CheckinAlert(productionTitle string, sc Scene, c CheckIn, performerName, answer string) (Notification, Delivery) {
	phrase := "a check-in closed without every answer."
	switch answer {
	case AnswerStop:
		phrase = performerName + " answered stop."
	case AnswerPause:
		phrase = performerName + " needs a moment."
	}
	n := Discreet(NotifyCheckinAlert, productionTitle, sc, phrase)
	n.URL = "/productions/" + sc.ProductionID + "/checkins/" + c.ID
	// One topic per check-in and performer: a later alert never replaces an
	// undelivered stop from someone else.
	return n, Delivery{Urgency: UrgencyHigh, TTL: time.Hour, Topic: PushTopic(sc.ID+c.ID+performerName, n.Type)}
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
