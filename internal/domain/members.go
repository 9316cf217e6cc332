package domain

// ErrLastProducer refuses a role change or removal that would leave a
// production without a producer (rule 13).
var ErrLastProducer = E(KindConflict, "last_producer", "A production needs a producer: make someone else producer first.")

// MembershipChange is what changing a member's role from one role to
// another does (rule 13); to is "" when the membership ends.
type MembershipChange struct {
	// LeaveCasts: off every cast, open check-in and upcoming debrief
	// (history stays).
	LeaveCasts bool
	// ClearCoordinator: cleared as the coordinator of their scenes.
	ClearCoordinator bool
}

// ChangeMembership decides a role change or removal of a member holding
// from, in a production with producers producers (them included): what it
// does, or ErrLastProducer.
func ChangeMembership(from, to Role, producers int) (MembershipChange, error) {
	if from == RoleProducer && to != RoleProducer && producers <= 1 {
		return MembershipChange{}, ErrLastProducer
	}
	return MembershipChange{
		LeaveCasts:       from == RolePerformer && to != RolePerformer,
		ClearCoordinator: from == RoleCoordinator && to != RoleCoordinator,
	}, nil
}
