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

// ChoreographyPublished is the notification to each cast member of a new
// version: high urgency when the call time is within the notice period, and
// alive until the call time (at least an hour).
func ChoreographyPublished(productionTitle string, sc Scene, version, noticeHours int, now time.Time) (Notification, Delivery) {
	n := Notification{Type: NotifyChoreographyPublished, Title: productionTitle,
		Body: "Scene " + sc.Number + ": new choreography (version " + strconv.Itoa(version) + "). Please review.",
		URL:  "/productions/" + sc.ProductionID + "/scenes/" + sc.ID, ProductionID: sc.ProductionID, SceneID: sc.ID}
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
	n := Notification{Title: productionTitle, URL: "/productions/" + sc.ProductionID + "/scenes/" + sc.ID,
		ProductionID: sc.ProductionID, SceneID: sc.ID}
	switch {
	case forProducer:
		n.Type, n.Body = NotifySceneBlocked, "Scene "+sc.Number+" is blocked."
	case state == ConsentWithdrawn:
		n.Type, n.Body = NotifyConsentWithdrawn, "Scene "+sc.Number+": "+performerName+" withdrew consent."
	default:
		n.Type, n.Body = NotifyConsentDeclined, "Scene "+sc.Number+": "+performerName+" declined the current version."
	}
	return n, Delivery{Urgency: UrgencyHigh, TTL: 24 * time.Hour, Topic: PushTopic(sc.ID, n.Type)}
}
