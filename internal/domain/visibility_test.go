package domain

import "testing"

func TestRule10NeedToKnow(t *testing.T) {
	all := Visibility{Record: true, Notes: true, Boundaries: true, Events: true}
	tests := []struct {
		role Role
		rel  Relation
		want Visibility
	}{
		{RoleCoordinator, RelationNone, all},
		{RoleCoordinator, RelationCast, all},
		{RoleCoordinator, RelationSelf, all},
		{RoleProducer, RelationNone, Visibility{Record: true}},
		{RoleProducer, RelationCast, Visibility{Record: true}},
		{RoleProducer, RelationSelf, Visibility{Record: true}},
		{RolePerformer, RelationNone, Visibility{}},
		{RolePerformer, RelationCast, Visibility{}},
		{RolePerformer, RelationSelf, Visibility{Record: true, Notes: true, Boundaries: true}},
		{"", RelationSelf, Visibility{}},
		{"director", RelationNone, Visibility{}},
	}
	for _, tt := range tests {
		if got := NeedToKnow(tt.role, tt.rel); got != tt.want {
			t.Errorf("NeedToKnow(%q, %d) = %+v, want %+v", tt.role, tt.rel, got, tt.want)
		}
	}
}
