package domain

// Visibility is what one member sees of a performer's records on a scene
// (consent entries, check-in answers, boundaries, debriefs they take part
// in), beyond whether they may reach the scene at all (Authorize).
type Visibility struct {
	Record     bool // the record itself, naming whose it is (else: not listed)
	Notes      bool // its private notes: consent, check-in and debrief notes
	Boundaries bool // boundaries and the boundary_conflict flags against them
	Events     bool // the live board's events as published (else coverage.changed only)
}

// NeedToKnow is rule 10 (need to know): what a member holding role sees of a
// record that stands in relation rel to them (RelationSelf: their own;
// RelationCast or RelationNone: another's). Coordinators see everything in
// their production. A performer sees their own records, notes and
// boundaries, and nothing of anyone else's. Producers see status, counts and
// dates: never notes, boundaries or the board's events.
//
// Known gap: producers still see whose each consent entry and check-in
// answer is (Record), which product.md's rule 10 forbids ("only as counts
// per scene"); the privacy issue turns this row to counts only, and the
// coverage answer already follows it.
func NeedToKnow(role Role, rel Relation) Visibility {
	switch role {
	case RoleCoordinator:
		return Visibility{Record: true, Notes: true, Boundaries: true, Events: true}
	case RoleProducer:
		return Visibility{Record: true}
	case RolePerformer:
		if rel == RelationSelf {
			return Visibility{Record: true, Notes: true, Boundaries: true}
		}
	}
	return Visibility{}
}
