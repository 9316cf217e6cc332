package domain

// DoneWhenRead reports whether a notification type only informs (a
// decline, a withdrawal, a blocked scene, a check-in alert, a footage
// question): reading it is all it asks, so marking it read marks it done.
// The others ask for a task and are done when the task is
// (NotificationTask).
func DoneWhenRead(typ string) bool {
	switch typ {
	case NotifyConsentDeclined, NotifyConsentWithdrawn, NotifySceneBlocked, NotifyCheckinAlert, NotifyFootageReview:
		return true
	}
	return false
}

// NotificationTask selects the not-done notifications that one change
// completes: of Types, on SceneID and about SubjectID when set, of UserID
// when set (everyone's otherwise). At least SceneID or SubjectID is set.
type NotificationTask struct {
	Types                      []string
	SceneID, SubjectID, UserID string
}

// The tasks each change completes (api.md, Notification.doneAt).

// CheckinAnswered: the addressee answered (userID), or the check-in closed
// for everyone (userID "").
func CheckinAnswered(checkinID, userID string) NotificationTask {
	return NotificationTask{Types: []string{NotifyCheckinRequested}, SubjectID: checkinID, UserID: userID}
}

// VersionDecided: a cast member decided on (or withdrew from) the current
// version of a scene; with userID "", a newer version supersedes every
// earlier notice of the scene.
func VersionDecided(sceneID, userID string) NotificationTask {
	return NotificationTask{Types: []string{NotifyChoreographyPublished}, SceneID: sceneID, UserID: userID}
}

// RiderSignedTask: a performer's rider on a scene was signed (their reminder
// and the coordinators' about it).
func RiderSignedTask(sceneID, performerID string) NotificationTask {
	return NotificationTask{Types: []string{NotifyRiderDue}, SceneID: sceneID, SubjectID: performerID}
}

// DebriefSettled: a debrief was done, cancelled or moved (a newer notice
// supersedes the older ones).
func DebriefSettled(debriefID string) NotificationTask {
	return NotificationTask{Types: []string{NotifyDebriefScheduled, NotifyDebriefUpdated}, SubjectID: debriefID}
}

// SceneLeft: a performer left a scene's cast; nothing there asks them any more.
func SceneLeft(sceneID, userID string) NotificationTask {
	return NotificationTask{SceneID: sceneID, UserID: userID}
}
