package domain

import "testing"

// TestRule13MembershipChanges: leaving the performer role takes someone off
// casts; leaving the coordinator role clears them as coordinator; nothing
// ever leaves a production without a producer.
func TestRule13MembershipChanges(t *testing.T) {
	const P, C, F = RoleProducer, RoleCoordinator, RolePerformer
	tests := []struct {
		from, to       Role
		producers      int
		leave, clear   bool
		lastProducerEr bool
	}{
		{F, C, 1, true, false, false},
		{F, P, 1, true, false, false},
		{F, "", 1, true, false, false},
		{F, F, 1, false, false, false},
		{C, F, 1, false, true, false},
		{C, P, 1, false, true, false},
		{C, "", 1, false, true, false},
		{C, C, 1, false, false, false},
		{P, C, 1, false, false, true},
		{P, "", 1, false, false, true},
		{P, F, 2, false, false, false},
		{P, "", 2, false, false, false},
		{P, P, 1, false, false, false},
	}
	for _, tt := range tests {
		got, err := ChangeMembership(tt.from, tt.to, tt.producers)
		if tt.lastProducerEr != IsCode(err, "last_producer") {
			t.Errorf("%s→%q with %d producers: err %v", tt.from, tt.to, tt.producers, err)
		}
		if got.LeaveCasts != tt.leave || got.ClearCoordinator != tt.clear {
			t.Errorf("%s→%q: %+v, want leave %v clear %v", tt.from, tt.to, got, tt.leave, tt.clear)
		}
	}
}
