package domain

import "testing"

func TestAuthorize(t *testing.T) {
	roles := []Role{RoleProducer, RoleCoordinator, RolePerformer}
	tests := []struct {
		action  Action
		subject Subject
		allowed map[Role]bool
	}{
		{ActionViewProduction, Subject{}, map[Role]bool{RoleProducer: true, RoleCoordinator: true, RolePerformer: true}},
		{ActionListMembers, Subject{}, map[Role]bool{RoleProducer: true, RoleCoordinator: true, RolePerformer: true}},
		{ActionInvite, Subject{InviteRole: RoleProducer}, map[Role]bool{RoleProducer: true}},
		{ActionInvite, Subject{InviteRole: RoleCoordinator}, map[Role]bool{RoleProducer: true}},
		{ActionInvite, Subject{InviteRole: RolePerformer}, map[Role]bool{RoleProducer: true, RoleCoordinator: true}},
		{ActionInvite, Subject{InviteRole: "director"}, map[Role]bool{}},
		{"unknown.action", Subject{}, map[Role]bool{}},
	}
	for _, tt := range tests {
		for _, r := range roles {
			err := Authorize(r, tt.action, tt.subject)
			if got := err == nil; got != tt.allowed[r] {
				t.Errorf("%s %s(%s): allowed=%v, want %v", r, tt.action, tt.subject.InviteRole, got, tt.allowed[r])
			}
			if err != nil && !IsCode(err, "forbidden") {
				t.Errorf("%s %s: error %v is not forbidden", r, tt.action, err)
			}
		}
	}
	if err := Authorize("", ActionViewProduction, Subject{}); err == nil {
		t.Error("an empty role is allowed")
	}
}

func TestAuditHashIsCanonical(t *testing.T) {
	e := AuditEvent{Seq: 1, ActorID: "u", Action: "a", SubjectType: "s", SubjectID: "x",
		Data: map[string]any{"b": 1, "a": "z"}}
	h1 := AuditHash("", e)
	e.Data = map[string]any{"a": "z", "b": 1}
	if AuditHash("", e) != h1 {
		t.Fatal("hash depends on map order")
	}
	if AuditHash("prev", e) == h1 {
		t.Fatal("hash ignores the previous hash")
	}
	e.Data["b"] = 2
	if AuditHash("", e) == h1 {
		t.Fatal("hash ignores data")
	}
	if len(h1) != 64 {
		t.Fatalf("not hex SHA-256: %q", h1)
	}
}
