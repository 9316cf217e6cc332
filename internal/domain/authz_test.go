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
		{ActionInviteList, Subject{}, map[Role]bool{RoleProducer: true, RoleCoordinator: true}},
		{ActionMemberManage, Subject{}, map[Role]bool{RoleProducer: true}},
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

// TestAuthorizeScenes walks the scene-level actions × role × relation: staff
// rights by role, performers' rights by relation, and not_found (never
// forbidden) for a performer asking about what is not theirs (rule 10).
func TestAuthorizeScenes(t *testing.T) {
	const ok, forbidden, hidden = "", "forbidden", "not_found"
	rels := []Relation{RelationNone, RelationCast, RelationSelf}
	tests := []struct {
		action    Action
		producer  string
		coord     string
		performer [3]string // by relation: none, cast, self
	}{
		{ActionSceneList, ok, ok, [3]string{ok, ok, ok}},
		{ActionSceneWrite, ok, ok, [3]string{forbidden, forbidden, forbidden}},
		{ActionSceneView, ok, ok, [3]string{hidden, ok, ok}},
		{ActionChoreographyPublish, forbidden, ok, [3]string{forbidden, forbidden, forbidden}},
		{ActionConsentDecide, forbidden, forbidden, [3]string{hidden, hidden, ok}},
		{ActionConsentList, ok, ok, [3]string{hidden, ok, ok}},
		{ActionRiderSign, forbidden, forbidden, [3]string{hidden, hidden, ok}},
		{ActionRiderView, ok, ok, [3]string{hidden, hidden, ok}},
		{ActionBoundaryKeep, forbidden, forbidden, [3]string{ok, ok, ok}},
		{ActionSceneBoundaries, forbidden, ok, [3]string{forbidden, forbidden, forbidden}},
		{ActionAuditView, ok, ok, [3]string{forbidden, forbidden, forbidden}},
		{ActionCoverageView, ok, ok, [3]string{forbidden, forbidden, forbidden}},
		{ActionEventStream, ok, ok, [3]string{forbidden, forbidden, forbidden}},
	}
	code := func(err error) string {
		if err == nil {
			return ok
		}
		return As(err).Code
	}
	for _, tt := range tests {
		for _, rel := range rels {
			if got := code(Authorize(RoleProducer, tt.action, Subject{Relation: rel})); got != tt.producer {
				t.Errorf("producer %s (rel %d) = %q, want %q", tt.action, rel, got, tt.producer)
			}
			if got := code(Authorize(RoleCoordinator, tt.action, Subject{Relation: rel})); got != tt.coord {
				t.Errorf("coordinator %s (rel %d) = %q, want %q", tt.action, rel, got, tt.coord)
			}
			if got := code(Authorize(RolePerformer, tt.action, Subject{Relation: rel})); got != tt.performer[rel] {
				t.Errorf("performer %s (rel %d) = %q, want %q", tt.action, rel, got, tt.performer[rel])
			}
		}
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
