package domain

import "time"

// Visibility is what one member sees of a performer's records on a scene
// (consent, check-in answers, boundaries, flags, rider, notes) and of the
// production's records that name people (audit and live events), beyond
// whether they may reach the scene at all (Authorize).
type Visibility struct {
	// Decisions: the record naming whose it is — a per-performer consent
	// state and a check-in answer (else: not listed at all).
	Decisions bool
	// Counts: per-scene counts of consent states and check-in answers, and a
	// check-in's outcome.
	Counts bool
	// Notes: private notes — consent, check-in and debrief notes.
	Notes bool
	// Boundaries: the performer's boundaries.
	Boundaries bool
	// Flags: boundary_conflict and exceeds_rider flags about the performer.
	Flags bool
	// Events: audit events and the live board's events as published (they
	// name actors); else coverage.changed only. Verifying the audit chain
	// is not an event read and stays with Authorize.
	Events bool
	// Rider: the performer's rider terms and whether it is signed (riders are
	// contracts with the production).
	Rider bool
}

// NeedToKnow is rule 10 (need to know), decided in one place: what a member
// holding role sees of a record that stands in relation rel to them
// (RelationSelf: their own; RelationCast: another cast member's;
// RelationNone: someone's, the caller not being cast).
//
//   - Coordinators see everything in their production.
//   - A performer sees their own decisions, notes, boundaries, flags and
//     rider, no counts, and nothing of anyone else's.
//   - Producers see counts, outcomes and riders: never who gave which consent
//     decision or check-in answer, never notes, boundaries, flags, or the
//     events that name actors.
func NeedToKnow(role Role, rel Relation) Visibility {
	switch role {
	case RoleCoordinator:
		return Visibility{Decisions: true, Counts: true, Notes: true, Boundaries: true, Flags: true, Events: true, Rider: true}
	case RoleProducer:
		return Visibility{Counts: true, Rider: true}
	case RolePerformer:
		if rel == RelationSelf {
			return Visibility{Decisions: true, Notes: true, Boundaries: true, Flags: true, Rider: true}
		}
	}
	return Visibility{}
}

// RelationTo is how a record of ownerID stands to callerID: their own, or
// another's (RelationCast when the caller is cast in the scene, else
// RelationNone).
func RelationTo(callerID, ownerID string, callerCast bool) Relation {
	switch {
	case callerID == ownerID:
		return RelationSelf
	case callerCast:
		return RelationCast
	}
	return RelationNone
}

// CheckinCounts is how many addressed performers gave each answer to a
// check-in: what producers learn of check-ins (rule 10). Waiting counts the
// unanswered while it is open.
type CheckinCounts struct {
	OK, Pause, Stop, NoResponse, Waiting int
}

// CountAnswers counts the answers of a check-in's responses as seen
// (CheckinView: after expiry the unanswered read no_response).
func CountAnswers(rs []CheckInResponse) CheckinCounts {
	var c CheckinCounts
	for _, r := range rs {
		switch r.Answer {
		case AnswerOK:
			c.OK++
		case AnswerPause:
			c.Pause++
		case AnswerStop:
			c.Stop++
		case AnswerNoResponse:
			c.NoResponse++
		default:
			c.Waiting++
		}
	}
	return c
}

// CheckinFor is a check-in as callerID, holding role, may see it at now
// (rule 10): coordinators every response with notes, the outcome and the
// counts; producers the outcome and the counts, no responses at all
// (Responses nil); a performer their own response only (with its note), no
// outcome and no counts.
func CheckinFor(c CheckIn, now time.Time, role Role, callerID string) CheckIn {
	c = CheckinView(c, now, true)
	if NeedToKnow(role, RelationCast).Counts {
		n := CountAnswers(c.Responses)
		c.Counts = &n
	} else {
		c.Outcome = ""
	}
	var shown []CheckInResponse
	for _, r := range c.Responses {
		see := NeedToKnow(role, RelationTo(callerID, r.UserID, true))
		if !see.Decisions {
			continue
		}
		if !see.Notes {
			r.Note = ""
		}
		shown = append(shown, r)
	}
	c.Responses = shown
	return c
}

// ConsentCounts is how many of a scene's current cast are in each consent
// state against its current version: what producers learn of consent
// (rule 10).
type ConsentCounts struct {
	Confirmed, Pending, Declined, Withdrawn int
}

// Add counts one cast member's state (CurrentConsent); anything but a
// decision counts as pending.
func (c *ConsentCounts) Add(s ConsentState) {
	switch s {
	case ConsentConfirmed:
		c.Confirmed++
	case ConsentDeclined:
		c.Declined++
	case ConsentWithdrawn:
		c.Withdrawn++
	default:
		c.Pending++
	}
}
