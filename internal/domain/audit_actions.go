package domain

// AuditAction names a kind of state change in a production's audit chain.
// The set is closed: every action is declared once, in AuditActions, and
// anything that reacts to audit events (the coverage cache) must say what it
// does for each one — a test walks this list.
type AuditAction string

// The audit actions.
const (
	AuditProductionCreated AuditAction = "production.created"
	AuditInviteCreated     AuditAction = "invite.created"
	AuditMemberJoined      AuditAction = "member.joined"
	// Rule 13: a role changed; a member removed (or left); an unused invite
	// revoked; an account erased (its memberships ended, its name gone).
	AuditMemberRoleChanged AuditAction = "member.role_changed"
	AuditMemberRemoved     AuditAction = "member.removed"
	AuditInviteRevoked     AuditAction = "invite.revoked"

	AuditSceneCreated AuditAction = "scene.created"
	AuditSceneUpdated AuditAction = "scene.updated"
	AuditCastUpdated  AuditAction = "cast.updated"
	AuditCastRemoved  AuditAction = "cast.removed"

	AuditChoreographyPublished AuditAction = "choreography.published"

	AuditConsentConfirmed AuditAction = "consent.confirmed"
	AuditConsentDeclined  AuditAction = "consent.declined"
	AuditConsentWithdrawn AuditAction = "consent.withdrawn"

	AuditRiderDrafted AuditAction = "rider.drafted"
	AuditRiderSigned  AuditAction = "rider.signed"

	AuditCheckinRequested AuditAction = "checkin.requested"
	AuditCheckinAnswered  AuditAction = "checkin.answered"
	AuditCheckinClosed    AuditAction = "checkin.closed"

	AuditDebriefScheduled AuditAction = "debrief.scheduled"
	AuditDebriefUpdated   AuditAction = "debrief.updated"
)

// AuditActions is every audit action, in the order above.
var AuditActions = []AuditAction{
	AuditProductionCreated, AuditInviteCreated, AuditMemberJoined,
	AuditMemberRoleChanged, AuditMemberRemoved, AuditInviteRevoked,
	AuditSceneCreated, AuditSceneUpdated, AuditCastUpdated, AuditCastRemoved,
	AuditChoreographyPublished,
	AuditConsentConfirmed, AuditConsentDeclined, AuditConsentWithdrawn,
	AuditRiderDrafted, AuditRiderSigned,
	AuditCheckinRequested, AuditCheckinAnswered, AuditCheckinClosed,
	AuditDebriefScheduled, AuditDebriefUpdated,
}

// ConsentAuditAction is the action that records a consent decision of state s.
func ConsentAuditAction(s ConsentState) AuditAction {
	return AuditAction("consent." + string(s))
}
