package domain

// Action is something a member may try to do within a production.
type Action string

// Actions of the production and membership resources. Later resources add theirs.
const (
	ActionViewProduction Action = "production.view"
	ActionListMembers    Action = "members.list"
	ActionInvite         Action = "invite.create"
)

// Relation is how the caller stands to the subject of an action beyond their
// role: e.g. cast in the scene, or the owner of the record.
type Relation int

// Relations.
const (
	RelationNone Relation = iota
	RelationCast
	RelationSelf
)

// Subject carries what an action is about when the role alone does not decide.
type Subject struct {
	Relation Relation
	// InviteRole is the role an invite would grant (ActionInvite).
	InviteRole Role
}

// Authorize is the single authorization decision of Closed Set: may a member
// holding role do action on subject? It returns nil, or a forbidden *Error.
// Non-members never reach it: they get not_found before (a production is
// invisible to them).
func Authorize(role Role, action Action, subject Subject) error {
	if !role.Valid() {
		return Forbidden("You are not a member of this production.")
	}
	switch action {
	case ActionViewProduction, ActionListMembers:
		return nil
	case ActionInvite:
		switch role {
		case RoleProducer:
			if subject.InviteRole.Valid() {
				return nil
			}
		case RoleCoordinator:
			if subject.InviteRole == RolePerformer {
				return nil
			}
			return Forbidden("Coordinators can invite performers only.")
		}
		return Forbidden("Your role cannot invite people to this production.")
	}
	return Forbidden("Your role cannot do this.")
}
