package service

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// covLine is one scene's computed line of coverage as the cache keeps it:
// everything but the latest check-in's outcome depends only on the scene's
// rows, the production's notice hours and the members' display names; the
// outcome also depends on the time (an open check-in expires without a
// write), so both of its possible values are kept.
type covLine struct {
	line SceneCoverage // LastCheckIn is nil: see checkIn
	// checkinOpen is the latest check-in while it is open (nil once closed),
	// until checkinUntil (its expiry); checkinDone is it once closed or
	// expired (nil without a check-in).
	checkinOpen, checkinDone *CheckInCoverage
	checkinUntil             time.Time
	// entries counts the cast entries of a tagged scene, confirmed those who
	// confirmed the current version (the summary's consentConfirmedPct).
	entries, confirmed int
}

// covLines computes the lines of one production's scenes, one at a time.
type covLines struct {
	noticeHours int
	names       map[string]string // the members' display names by user id
	consents    map[string]domain.ConsentState
}

func newCovLines(p domain.Production, names map[string]string) *covLines {
	return &covLines{noticeHours: p.NoticeHours, names: names, consents: map[string]domain.ConsentState{}}
}

// line computes a scene's line from its current-state rows (which it does not
// keep).
func (b *covLines) line(r storage.CoverageScene) *covLine {
	sc, names, noticeHours := r.Scene, b.names, b.noticeHours
	clear(b.consents)
	in := domain.ReadinessInput{Scene: sc, Consents: b.consents,
		LatestRider: r.LatestRider, SignedRider: r.SignedRider, Steps: r.Steps, NoticeHours: noticeHours,
		DebriefScheduledOrDone: r.Debrief != nil}
	c := &covLine{line: SceneCoverage{SceneID: sc.ID, Number: sc.Number, Title: sc.Title, CallTime: sc.CallTime,
		Status: sc.Status, ContentTags: sc.ContentTags, CurrentVersion: sc.CurrentVersion, Cast: make([]CastCoverage, len(sc.Cast))}}
	due := domain.RiderDue(sc.CallTime, noticeHours)
	tagged := len(sc.ContentTags) > 0
	for i, m := range sc.Cast {
		state := domain.CurrentConsent(r.Consents[i], sc.CurrentVersion)
		in.Consents[m.UserID] = state
		c.line.Cast[i] = CastCoverage{UserID: m.UserID, DisplayName: names[m.UserID], Consent: state,
			Rider: domain.CoverageRider(sc.ContentTags, r.LatestRider[m.UserID], due)}
		if tagged {
			c.entries++
			if state == domain.ConsentConfirmed {
				c.confirmed++
			}
		}
	}
	sortCast(c.line.Cast)
	c.line.Readiness, c.line.Reasons = domain.ComputeReadiness(in)
	if sc.CoordinatorID != "" {
		c.line.Coordinator = &domain.UserRef{UserID: sc.CoordinatorID, DisplayName: names[sc.CoordinatorID]}
	}
	if k := r.LastCheckIn; k != nil {
		// CheckinView at the zero time sees the check-in open unless it was
		// closed; at its expiry, expired.
		c.checkinDone = &CheckInCoverage{At: k.RequestedAt, Outcome: domain.CheckinView(*k, k.ExpiresAt, true).Outcome}
		if k.ClosedAt == nil {
			c.checkinOpen = &CheckInCoverage{At: k.RequestedAt, Outcome: domain.CheckinView(*k, time.Time{}, true).Outcome}
			c.checkinUntil = k.ExpiresAt
		}
	}
	if d := r.Debrief; d != nil {
		c.line.Debrief = &DebriefCoverage{Status: d.Status, ScheduledAt: d.ScheduledAt}
	}
	return c
}

// checkIn is the line's latest check-in as seen at now (domain.CheckinOpen).
func (c *covLine) checkIn(now time.Time) *CheckInCoverage {
	if c.checkinOpen != nil && now.Before(c.checkinUntil) {
		return c.checkinOpen
	}
	return c.checkinDone
}

// renamed returns a copy of the line with these display names (the cast
// ordered by them again); the line itself is left as it is.
func (c *covLine) renamed(names map[string]string) *covLine {
	n := *c
	n.line.Cast = slices.Clone(c.line.Cast)
	for i := range n.line.Cast {
		n.line.Cast[i].DisplayName = names[n.line.Cast[i].UserID]
	}
	sortCast(n.line.Cast)
	if co := c.line.Coordinator; co != nil {
		n.line.Coordinator = &domain.UserRef{UserID: co.UserID, DisplayName: names[co.UserID]}
	}
	return &n
}

// sortCast orders a scene's cast by display name, then user id.
func sortCast(cast []CastCoverage) {
	slices.SortFunc(cast, func(a, b CastCoverage) int {
		return cmp.Or(strings.Compare(a.DisplayName, b.DisplayName), strings.Compare(a.UserID, b.UserID))
	})
}

// lineOrder orders lines by call time, then number, then scene id.
func lineOrder(a, b *covLine) int {
	return cmp.Or(a.line.CallTime.Compare(b.line.CallTime), strings.Compare(a.line.Number, b.line.Number),
		strings.Compare(a.line.SceneID, b.line.SceneID))
}
