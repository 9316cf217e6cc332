package domain

import "strings"

// ReadinessInput is everything ComputeReadiness needs about one scene, loaded
// by the caller.
type ReadinessInput struct {
	Scene Scene
	// Consents holds each cast member's computed current state (CurrentConsent),
	// keyed by user id; a missing entry reads as pending.
	Consents map[string]ConsentState
	// LatestRider holds the latest rider version per cast user id, signed or
	// not; a missing or nil entry means no rider.
	LatestRider map[string]*Rider
	// SignedRider holds the latest signed rider version per cast user id.
	SignedRider map[string]Rider
	// Steps are the current choreography version's steps; nil when none.
	Steps       []Step
	NoticeHours int
	// There are no boundaries here: boundary conflicts are for coordinators
	// only (rules 6 and 10), and readiness is what producers see.
	DebriefScheduledOrDone bool
}

// ReasonOrder is the fixed order of reason codes in ComputeReadiness's list:
// the codes that block first, then debrief_due, then the at-risk codes.
var ReasonOrder = []string{
	ReasonNoCoordinator, ReasonConsentDeclined, ReasonConsentWithdrawn, ReasonExceedsRider, ReasonMinorRule,
	ReasonDebriefDue,
	ReasonNoChoreography, ReasonConsentPending, ReasonRiderMissing, ReasonLateRider, ReasonClosedSetMissing,
}

var blockingReasons = map[string]bool{
	ReasonNoCoordinator: true, ReasonConsentDeclined: true, ReasonConsentWithdrawn: true,
	ReasonExceedsRider: true, ReasonMinorRule: true,
}

// ComputeReadiness returns a scene's readiness and every applicable reason code
// in ReasonOrder (never nil; empty for ready and not_needed): not_needed
// without content tags; blocked on no_coordinator, consent_declined,
// consent_withdrawn, exceeds_rider (against the signed riders) or minor_rule;
// after photography, debrief_due when no debrief is scheduled or done and
// nothing blocks; at_risk on no_choreography, consent_pending, rider_missing,
// late_rider or closed_set_missing; ready otherwise.
func ComputeReadiness(in ReadinessInput) (Readiness, []string) {
	sc := in.Scene
	if len(sc.ContentTags) == 0 {
		return ReadinessNotNeeded, []string{}
	}
	has := map[string]bool{}
	needsRider := RequiresRider(sc.ContentTags)

	if RequiresCoordinator(sc.ContentTags) && strings.TrimSpace(sc.CoordinatorID) == "" {
		has[ReasonNoCoordinator] = true
	}
	if sc.CurrentVersion == 0 {
		has[ReasonNoChoreography] = true
	}

	// Consent and rider reasons are per cast member: a tagged scene with no cast
	// yet has nobody to consent or sign, so none of them apply to it.
	signedCast := 0 // cast members with a signed rider
	due := RiderDue(sc.CallTime, in.NoticeHours)
	for _, m := range sc.Cast {
		state, ok := in.Consents[m.UserID]
		if !ok {
			state = ConsentPending // never inferred from silence
		}
		switch state {
		case ConsentDeclined:
			has[ReasonConsentDeclined] = true
		case ConsentWithdrawn:
			has[ReasonConsentWithdrawn] = true
		case ConsentConfirmed:
		default:
			// Without a published version there is nothing to consent to yet:
			// no_choreography says so instead.
			if sc.CurrentVersion != 0 {
				has[ReasonConsentPending] = true
			}
		}

		if MinorRule(m, sc.ContentTags) != MinorOK {
			has[ReasonMinorRule] = true
		}

		if !needsRider {
			continue
		}
		if latest := in.LatestRider[m.UserID]; latest == nil || latest.SignedAt == nil {
			has[ReasonRiderMissing] = true
		}
		if r, ok := in.SignedRider[m.UserID]; ok && r.SignedAt != nil {
			signedCast++
			if RiderLate(*r.SignedAt, due) {
				has[ReasonLateRider] = true
			}
		}
	}

	if needsRider {
		if sc.CurrentVersion != 0 && signedCast > 0 {
			for _, f := range DetectFlags(in.Steps, sc.ContentTags, castSigned(in, signedCast), nil) {
				if f.Code == FlagExceedsRider {
					has[ReasonExceedsRider] = true
					break
				}
			}
		}
		if ClosedSetMissing(sc) {
			has[ReasonClosedSetMissing] = true
		}
	}

	blocked := false
	for code := range has {
		blocked = blocked || blockingReasons[code]
	}
	// After the shoot the debrief is due unless scheduled or done; the rules
	// before the shoot still apply, and a block (e.g. a post-photography
	// withdrawal) outranks it so the footage-use question stays visible.
	if IsPostPhotography(sc.Status) && !in.DebriefScheduledOrDone {
		has[ReasonDebriefDue] = true
	}

	reasons := []string{}
	for _, code := range ReasonOrder {
		if has[code] {
			reasons = append(reasons, code)
		}
	}
	switch {
	case blocked:
		return ReadinessBlocked, reasons
	case has[ReasonDebriefDue]:
		return ReadinessDebriefDue, reasons
	case len(reasons) > 0:
		return ReadinessAtRisk, reasons
	}
	return ReadinessReady, reasons
}

// castSigned returns the signed riders of the scene's cast members, of whom
// n have one: in.SignedRider itself when it holds nothing else (a cast lists
// each performer once, so n entries of its members are all of it), which
// saves a copy of every rider per scene on the producer's coverage.
func castSigned(in ReadinessInput, n int) map[string]Rider {
	if n == len(in.SignedRider) {
		return in.SignedRider
	}
	signed := make(map[string]Rider, n)
	for _, m := range in.Scene.Cast {
		if r, ok := in.SignedRider[m.UserID]; ok && r.SignedAt != nil {
			signed[m.UserID] = r
		}
	}
	return signed
}
