package domain

import (
	"sort"
	"time"
)

// What needs a performer now on one of their scenes (GET /me/scenes).
const (
	NeedDecide        = "decide"         // consent pending on the current version
	NeedSignRider     = "sign_rider"     // a rider drafted for them is unsigned
	NeedAnswerCheckin = "answer_checkin" // an open check-in waits for their answer
	NeedDebrief       = "debrief"        // their debrief of the scene is soon
)

// DebriefSoon is how far ahead a debrief counts as needing the performer.
const DebriefSoon = 7 * 24 * time.Hour

// MySceneState is one performer's own state on one scene, as their list
// reads it: nothing of anyone else's (rule 10).
type MySceneState struct {
	CallTime       time.Time
	CurrentVersion int          // 0: nothing published yet
	Consent        ConsentState // CurrentConsent of their latest decision
	RiderDueAt     *time.Time   // their latest rider is unsigned, due then
	CheckinExpires *time.Time   // an open check-in they have not answered
	DebriefAt      *time.Time   // their next scheduled debrief of the scene
}

// Needs lists what needs the performer now, in a fixed order: a decision
// when a version is published and their consent on it is pending (never
// decided, or decided on an older one; a withdrawal stands and a decline is
// a decision, so neither asks again), a rider to sign, a check-in to answer,
// a debrief within DebriefSoon.
func (st MySceneState) Needs(now time.Time) []string {
	out := []string{}
	if st.CurrentVersion > 0 && st.Consent == ConsentPending {
		out = append(out, NeedDecide)
	}
	if st.RiderDueAt != nil {
		out = append(out, NeedSignRider)
	}
	if st.CheckinExpires != nil {
		out = append(out, NeedAnswerCheckin)
	}
	if st.DebriefAt != nil && st.DebriefAt.Sub(now) <= DebriefSoon {
		out = append(out, NeedDebrief)
	}
	return out
}

// due is the earliest time that makes a scene with needs urgent: the
// check-in's expiry, the rider's due time, the debrief's time, and for a
// decision the call time.
func (st MySceneState) due(needs []string) time.Time {
	var at time.Time
	take := func(t time.Time) {
		if at.IsZero() || t.Before(at) {
			at = t
		}
	}
	for _, n := range needs {
		switch n {
		case NeedDecide:
			take(st.CallTime)
		case NeedSignRider:
			take(*st.RiderDueAt)
		case NeedAnswerCheckin:
			take(*st.CheckinExpires)
		case NeedDebrief:
			take(*st.DebriefAt)
		}
	}
	return at
}

// NeedOrder is the order of a performer's scenes, given as their states and
// needs (from Needs) in call-time order, as indexes into them: scenes with
// needs first — an open check-in before anything else, then by the earliest
// due time — then the rest by call time; ties keep the given order.
func NeedOrder(states []MySceneState, needs [][]string) []int {
	idx := make([]int, len(states))
	for i := range idx {
		idx[i] = i
	}
	rank := func(i int) (int, time.Time) {
		switch {
		case len(needs[i]) == 0:
			return 2, states[i].CallTime
		case states[i].CheckinExpires != nil:
			return 0, *states[i].CheckinExpires
		}
		return 1, states[i].due(needs[i])
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, ta := rank(idx[a])
		rb, tb := rank(idx[b])
		if ra != rb {
			return ra < rb
		}
		return ta.Before(tb)
	})
	return idx
}
