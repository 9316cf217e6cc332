package domain

import (
	"strings"
	"time"
)

// CheckDebriefPatch refuses changes a debrief's status no longer allows: a
// debrief that took place (done) or was cancelled keeps its time, place and
// status — only the coordinator's notes may still change. Rescheduling a
// cancelled debrief means scheduling a new one, so participants get a fresh
// invitation rather than a revived one. Patches that change nothing pass.
func CheckDebriefPatch(d Debrief, scheduledAt *time.Time, location, status *string) error {
	if d.Status == DebriefScheduled {
		return nil
	}
	moved := scheduledAt != nil && !scheduledAt.Equal(d.ScheduledAt) ||
		location != nil && strings.TrimSpace(*location) != d.Location
	restatus := status != nil && *status != d.Status
	if !moved && !restatus {
		return nil
	}
	if d.Status == DebriefDone {
		return E(KindConflict, "debrief_closed", "This debrief has taken place: it can no longer be moved or cancelled. Its notes can still be kept.")
	}
	return E(KindConflict, "debrief_closed", "This debrief was cancelled: schedule a new one instead. Its notes can still be kept.")
}
