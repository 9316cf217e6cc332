package domain

// Action is something a member may try to do within a production.
type Action string

// Actions of the production and membership resources. Later resources add theirs.
const (
	ActionViewProduction Action = "production.view"
	ActionListMembers    Action = "members.list"
	ActionInvite         Action = "invite.create" // also revoke an invite of that role
	ActionInviteList     Action = "invite.list"   // unused invites (coordinators: performer invites)
	ActionMemberManage   Action = "member.manage" // change someone's role, remove someone (rule 13)

	ActionSceneList           Action = "scene.list"
	ActionSceneWrite          Action = "scene.write" // create, edit, cast, riders drafting
	ActionSceneView           Action = "scene.view"  // scene, choreography, versions
	ActionChoreographyPublish Action = "choreography.publish"
	ActionConsentDecide       Action = "consent.decide" // confirm, decline, withdraw: one's own
	ActionConsentList         Action = "consent.list"
	ActionRiderSign           Action = "rider.sign"
	ActionRiderView           Action = "rider.view"
	ActionBoundaryKeep        Action = "boundary.keep" // a performer's own boundaries
	ActionSceneBoundaries     Action = "scene.boundaries"
	ActionAuditView           Action = "audit.view"
	ActionCheckinRequest      Action = "checkin.request" // also: see every answer with notes
	ActionCheckinList         Action = "checkin.list"    // a scene's check-ins, answers without notes
	ActionDebriefWrite        Action = "debrief.write"
	ActionCoverageView        Action = "coverage.view" // readiness across scenes, its CSV
	ActionEventStream         Action = "events.stream" // the production's live event stream
)

// Relation is how the caller stands to the subject of an action beyond their
// role: e.g. cast in the scene, or the owner of the record.
type Relation int

// Relations.
const (
	RelationNone Relation = iota
	RelationCast          // cast in the scene
	RelationSelf          // cast in the scene, and the record (consent, rider) is their own
)

// Subject carries what an action is about when the role alone does not decide.
type Subject struct {
	Relation Relation
	// InviteRole is the role an invite would grant (ActionInvite).
	InviteRole Role
}

// Authorize is the single authorization decision of Closed Set: may a member
// holding role do action on subject? It returns nil, a forbidden *Error, or —
// where a performer asks about a scene or record that is not theirs (rule 10,
// need to know) — not_found, so its existence is not revealed. Non-members
// never reach it: they get not_found before (a production is invisible to
// them).
func Authorize(role Role, action Action, subject Subject) error {
	if !role.Valid() {
		return Forbidden("You are not a member of this production.")
	}
	staff := role == RoleProducer || role == RoleCoordinator
	hidden := NotFound("Scene")
	switch action {
	case ActionViewProduction, ActionListMembers, ActionSceneList:
		return nil
	case ActionMemberManage:
		return allowIf(role == RoleProducer, "Only producers can change or remove members.")
	case ActionInviteList:
		return allowIf(staff, "Only producers and coordinators can see invites.")
	case ActionSceneWrite:
		return allowIf(staff, "Only producers and coordinators can change scenes.")
	case ActionChoreographyPublish:
		return allowIf(role == RoleCoordinator, "Only coordinators can publish choreography.")
	case ActionCheckinRequest:
		return allowIf(role == RoleCoordinator, "Only coordinators can request check-ins.")
	case ActionDebriefWrite:
		return allowIf(role == RoleCoordinator, "Only coordinators can schedule debriefs.")
	case ActionCheckinList:
		return allowIf(staff, "Only producers and coordinators can see a scene's check-ins.")
	case ActionSceneBoundaries:
		return allowIf(role == RoleCoordinator, "Only coordinators can see performers' boundaries.")
	case ActionAuditView:
		return allowIf(staff, "Only producers and coordinators can read the audit log.")
	case ActionCoverageView:
		return allowIf(staff, "Only producers and coordinators can see coverage.")
	case ActionEventStream:
		return allowIf(staff, "Only producers and coordinators can follow the production's live events.")
	case ActionBoundaryKeep:
		return allowIf(role == RolePerformer, "Boundaries are kept by performers.")
	case ActionSceneView, ActionConsentList:
		if staff || subject.Relation >= RelationCast {
			return nil
		}
		return hidden
	case ActionRiderView:
		if staff || subject.Relation == RelationSelf {
			return nil
		}
		return NotFound("Rider")
	case ActionConsentDecide, ActionRiderSign:
		if role == RolePerformer && subject.Relation == RelationSelf {
			return nil
		}
		if role == RolePerformer && subject.Relation == RelationCast && action == ActionRiderSign {
			return NotFound("Rider")
		}
		if role == RolePerformer {
			return hidden
		}
		return Forbidden("Only the performer themself can do this.")
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

func allowIf(ok bool, message string) error {
	if ok {
		return nil
	}
	return Forbidden(message)
}
