package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"closedset/api"
	"closedset/internal/storage/storagetest"
)

// Authorization in one place (architecture.md point 7): one row per
// operation gives the status each kind of caller gets, like
// internal/domain/authz_test.go; a walk of openapi.yaml checks that every
// implemented operation has a row.

// want is the status per kind of caller; 0 means "not asked as that caller".
// A new kind of caller is a field here, a line in callers and a line in
// matrixWorld.caller.
type want struct{ anon, outsider, removed, performer, uncast, coordinator, producer int }

// callers are the columns of want, in matrix order. uncast is a performer
// member not cast in {scene} (rule 10); it is required only of operations on
// scenes and boundaries. removed was a performer member cast in {scene}
// (with a check-in addressed to them) until the producer removed them; their
// token was issued before (rule 13): normally 404, like outsider.
var callers = []struct {
	name   string
	status func(want) int
}{
	{"anonymous", func(w want) int { return w.anon }},
	{"outsider", func(w want) int { return w.outsider }},
	{"removed", func(w want) int { return w.removed }},
	{"performer", func(w want) int { return w.performer }},
	{"uncast", func(w want) int { return w.uncast }},
	{"coordinator", func(w want) int { return w.coordinator }},
	{"producer", func(w want) int { return w.producer }},
}

// An operation row: call is "METHOD path", the path under /api/v1 (but for
// /healthz and /readyz). Placeholders (see matrixWorld.expand):
// {production}, {unknown} (an id nobody knows), {scene} (performer and
// castmate cast, version 1 published, a drafted rider each), {performerId},
// {castmateId}, {uncastId}, {version} (1), {unknownVersion} (2), {boundary}
// (the performer's), {checkin} (open, addressed to the performer only),
// {debrief} (of {scene}, the cast as participants), {invite} (a fresh invite
// to the caller), {otherInvite} (to someone else), {usedInvite} (accepted);
// in bodies {email} (fresh) and {producerEmail}.
type operation struct {
	name string
	call string
	body any
	want want
}

func (op operation) request() (method, path string) {
	method, path, _ = strings.Cut(op.call, " ")
	if !slices.Contains([]string{"/healthz", "/readyz"}, path) {
		path = "/api/v1" + path
	}
	return method, path
}

var (
	aRegistration      = map[string]any{"email": "{email}", "password": "correct horse battery", "displayName": "New Person"}
	aLogin             = map[string]any{"email": "{producerEmail}", "password": "correct horse battery"}
	aProduction        = map[string]any{"title": "Second Unit", "kind": "series", "timezone": "America/New_York"}
	aRoleChange        = map[string]any{"role": "coordinator"}
	aDemotion          = map[string]any{"role": "performer"}
	aPassword          = map[string]any{"password": "correct horse battery"}
	anEmailSetting     = map[string]any{"email": "always"}
	aResetRequest      = map[string]any{"email": "{email}"}
	aResetConfirm      = map[string]any{"token": "{unknown}", "password": "a brand new password"}
	aWrongPassword     = map[string]any{"password": "not my password"}
	aPerformerInvite   = map[string]any{"email": "{email}", "role": "performer"}
	aCoordinatorInvite = map[string]any{"email": "{email}", "role": "coordinator"}
	aProducerInvite    = map[string]any{"email": "{email}", "role": "producer"}
	aScene             = map[string]any{"number": "7B", "title": "Second kiss", "callTime": "2026-12-02T07:30:00Z", "contentTags": []string{"kissing"}}
	aScenePatch        = map[string]any{"location": "Stage 4"}
	aCastEntry         = map[string]any{"characterName": "Understudy"}
	aChoreography      = map[string]any{"summary": "Revised", "steps": []map[string]any{{"title": "Look", "description": "",
		"performers": []map[string]any{{"userId": "{performerId}", "nudity": "none"}}, "contacts": []any{}}}}
	aConsent = map[string]any{"version": 1, "decision": "confirmed"}
	aRider   = map[string]any{"nudity": "partial", "visibleAreas": []string{"back"}, "acts": []string{"kissing", "partial_nudity"},
		"stillsAllowed": false, "doubleAllowed": false, "footageLimits": ""}
	aSignature       = map[string]any{"version": 1, "fullName": "Signing Name"}
	aCheckin         = map[string]any{"reason": "Before take 4"}
	aCheckinOfUncast = map[string]any{"reason": "Before take 4", "performerIds": []string{"{uncastId}"}}
	anAnswer         = map[string]any{"answer": "ok"}
	aDebrief         = map[string]any{"scheduledAt": "2026-12-02T18:00:00Z", "location": "Green room"}
	aDebriefPatch    = map[string]any{"location": "Video call"}
	aBoundary        = map[string]any{"productionId": "{production}", "kind": "no_contact", "areas": []string{"thighs"}}
	aBoundaryPatch   = map[string]any{"note": "Ask me first."}
	aSceneBoundary   = map[string]any{"productionId": "{production}", "sceneId": "{scene}", "kind": "max_nudity", "maxNudity": "none"}
	// a browser's PushSubscription.toJSON() (keys from RFC 8291's example)
	aSubscription = map[string]any{"endpoint": "https://push.example.test/send/{email}", "expirationTime": nil,
		"keys": map[string]any{"p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", "auth": "BTBZMqHH6r4Tts7J_aSIgg"}}
)

var operations = []operation{
	// register: anyone
	{"register", "POST /auth/register", aRegistration, want{anon: 201, outsider: 201, removed: 201, performer: 201, coordinator: 201, producer: 201}},
	// login: anyone with the credentials
	{"login", "POST /auth/login", aLogin, want{anon: 200, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	// refresh: the holder of the cookie
	{"refreshToken", "POST /auth/refresh", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	// logout: anyone
	{"logout", "POST /auth/logout", nil, want{anon: 204, outsider: 204, removed: 204, performer: 204, coordinator: 204, producer: 204}},
	// me: any signed-in user
	{"getMe", "GET /me", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	// createProduction: any signed-in user
	{"createProduction", "POST /productions", aProduction, want{anon: 401, outsider: 201, removed: 201, performer: 201, coordinator: 201, producer: 201}},
	// listProductions: any signed-in user (their own)
	{"listProductions", "GET /productions", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	// getProduction: members; 404 to anyone else
	{"getProduction", "GET /productions/{production}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, coordinator: 200, producer: 200}},
	{"getProduction unknown", "GET /productions/{unknown}", nil, want{anon: 401, outsider: 404, removed: 404, producer: 404}},
	// createInvite: producer any role; coordinator performers only
	{"createInvite performer", "POST /productions/{production}/invites", aPerformerInvite, want{anon: 401, outsider: 404, removed: 404, performer: 403, coordinator: 201, producer: 201}},
	{"createInvite coordinator", "POST /productions/{production}/invites", aCoordinatorInvite, want{anon: 401, outsider: 404, removed: 404, performer: 403, coordinator: 403, producer: 201}},
	{"createInvite producer", "POST /productions/{production}/invites", aProducerInvite, want{anon: 401, outsider: 404, removed: 404, performer: 403, coordinator: 403, producer: 201}},
	{"createInvite unknown", "POST /productions/{unknown}/invites", aPerformerInvite, want{outsider: 404, removed: 404, producer: 404}},
	// acceptInvite: the signed-in user the invite was sent to
	{"acceptInvite", "POST /invites/{invite}/accept", nil, want{anon: 401, outsider: 200, removed: 200, performer: 409, coordinator: 409, producer: 409}},
	{"acceptInvite someone else's", "POST /invites/{otherInvite}/accept", nil, want{anon: 401, outsider: 403, removed: 403, performer: 403, coordinator: 403, producer: 403}},
	{"acceptInvite used", "POST /invites/{usedInvite}/accept", nil, want{outsider: 404, removed: 404, producer: 404}},
	{"acceptInvite unknown", "POST /invites/{unknown}/accept", nil, want{outsider: 404, removed: 404}},
	// listMembers: members; 404 to anyone else
	{"listMembers", "GET /productions/{production}/members", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, coordinator: 200, producer: 200}},
	{"listMembers unknown", "GET /productions/{unknown}/members", nil, want{removed: 404, producer: 404}},
	// changeMemberRole: producer (rule 13); never leaving no producer
	{"changeMemberRole", "PATCH /productions/{production}/members/{uncastId}", aRoleChange, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 403, producer: 200}},
	{"changeMemberRole last producer", "PATCH /productions/{production}/members/{producerId}", aDemotion, want{producer: 409, coordinator: 403, removed: 404}},
	{"changeMemberRole unknown", "PATCH /productions/{production}/members/{unknown}", aRoleChange, want{producer: 404, removed: 404}},
	// removeMember: producer anyone; any member themself (leave); never the last producer
	{"removeMember", "DELETE /productions/{production}/members/{uncastId}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 204, coordinator: 403, producer: 204}},
	{"removeMember self", "DELETE /productions/{production}/members/{selfId}", nil, want{outsider: 404, removed: 404, performer: 204, uncast: 204, coordinator: 204, producer: 409}},
	{"removeMember unknown", "DELETE /productions/{production}/members/{unknown}", nil, want{producer: 404, removed: 404}},
	// listInvites: producer (all), coordinator (performer invites)
	{"listInvites", "GET /productions/{production}/invites", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 200, producer: 200}},
	// revokeInvite: producer; coordinator for performer invites
	{"revokeInvite performer", "DELETE /productions/{production}/invites/{performerInviteId}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 204, producer: 204}},
	{"revokeInvite coordinator", "DELETE /productions/{production}/invites/{coordinatorInviteId}", nil, want{removed: 404, performer: 403, coordinator: 404, producer: 204}},
	{"revokeInvite unknown", "DELETE /productions/{production}/invites/{unknown}", nil, want{removed: 404, producer: 404}},
	// deleteMe: any signed-in user with their password; not the only producer of a production with others
	{"deleteMe", "DELETE /me", aPassword, want{anon: 401, outsider: 204, removed: 204, performer: 204, uncast: 204, coordinator: 204, producer: 409}},
	{"deleteMe wrong password", "DELETE /me", aWrongPassword, want{outsider: 403, removed: 403, producer: 403}},
	// exportMyRecord: any signed-in user (their own record)
	{"exportMyRecord", "GET /me/export", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, uncast: 200, coordinator: 200, producer: 200}},
	// notification settings: any signed-in user, their own
	{"getNotificationSettings", "GET /me/notification-settings", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	{"putNotificationSettings", "PUT /me/notification-settings", anEmailSetting, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	// password reset: anyone (the link is the credential); the matrix server has e-mail on
	{"requestPasswordReset", "POST /auth/password-reset", aResetRequest, want{anon: 202, outsider: 202, removed: 202, performer: 202, coordinator: 202, producer: 202}},
	{"confirmPasswordReset unknown", "POST /auth/password-reset/confirm", aResetConfirm, want{anon: 404, outsider: 404, removed: 404, performer: 404, coordinator: 404, producer: 404}},
	// createScene: producer, coordinator
	{"createScene", "POST /productions/{production}/scenes", aScene, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 201, producer: 201}},
	{"createScene unknown", "POST /productions/{unknown}/scenes", aScene, want{removed: 404, producer: 404}},
	// listScenes: members (performers: their own scenes)
	{"listScenes", "GET /productions/{production}/scenes", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 200, coordinator: 200, producer: 200}},
	{"listScenes unknown", "GET /productions/{unknown}/scenes", nil, want{removed: 404, producer: 404}},
	// listMyScenes: any signed-in user (their own scenes as a performer; none: an empty list)
	{"listMyScenes", "GET /me/scenes", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, uncast: 200, coordinator: 200, producer: 200}},
	// getScene: producer, coordinator, cast
	{"getScene", "GET /scenes/{scene}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"getScene unknown", "GET /scenes/{unknown}", nil, want{removed: 404, performer: 404, producer: 404}},
	// updateScene: producer, coordinator
	{"updateScene", "PATCH /scenes/{scene}", aScenePatch, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 200}},
	{"updateScene unknown", "PATCH /scenes/{unknown}", aScenePatch, want{removed: 404, producer: 404}},
	// putCastMember: producer, coordinator
	{"putCastMember", "PUT /scenes/{scene}/cast/{uncastId}", aCastEntry, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 200}},
	{"putCastMember unknown scene", "PUT /scenes/{unknown}/cast/{uncastId}", aCastEntry, want{removed: 404, producer: 404}},
	// removeCastMember: producer, coordinator
	{"removeCastMember", "DELETE /scenes/{scene}/cast/{castmateId}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 204, producer: 204}},
	{"removeCastMember not cast", "DELETE /scenes/{scene}/cast/{uncastId}", nil, want{removed: 404, producer: 404}},
	// publishChoreography: coordinator
	{"publishChoreography", "POST /scenes/{scene}/choreography", aChoreography, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 201, producer: 403}},
	{"publishChoreography unknown", "POST /scenes/{unknown}/choreography", aChoreography, want{removed: 404, coordinator: 404}},
	// previewChoreography: coordinator (as publishing; writes nothing)
	{"previewChoreography", "POST /scenes/{scene}/choreography/preview", aChoreography, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 403}},
	{"previewChoreography unknown", "POST /scenes/{unknown}/choreography/preview", aChoreography, want{removed: 404, coordinator: 404}},
	// getCurrentChoreography, listChoreographyVersions, getChoreographyVersion:
	// producer, coordinator, cast
	{"getCurrentChoreography", "GET /scenes/{scene}/choreography", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"getCurrentChoreography unknown", "GET /scenes/{unknown}/choreography", nil, want{removed: 404, producer: 404}},
	{"listChoreographyVersions", "GET /scenes/{scene}/choreography/versions", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"listChoreographyVersions unknown", "GET /scenes/{unknown}/choreography/versions", nil, want{removed: 404, producer: 404}},
	{"getChoreographyVersion", "GET /scenes/{scene}/choreography/versions/{version}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"getChoreographyVersion unknown version", "GET /scenes/{scene}/choreography/versions/{unknownVersion}", nil, want{removed: 404, performer: 404, producer: 404}},
	// decideConsent, withdrawConsent: the cast member themself
	{"decideConsent", "PUT /scenes/{scene}/consent", aConsent, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 403, producer: 403}},
	{"decideConsent unknown", "PUT /scenes/{unknown}/consent", aConsent, want{removed: 404, performer: 404}},
	{"withdrawConsent", "POST /scenes/{scene}/consent/withdraw", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 403, producer: 403}},
	{"withdrawConsent unknown", "POST /scenes/{unknown}/consent/withdraw", nil, want{removed: 404, performer: 404}},
	// listConsents: coordinator, cast (own entry); producer 403 (rule 10: counts only)
	{"listConsents", "GET /scenes/{scene}/consents", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 403}},
	{"listConsents unknown", "GET /scenes/{unknown}/consents", nil, want{removed: 404, producer: 404}},
	// getConsentSummary: producer, coordinator; a cast performer 403, anyone else 404
	{"getConsentSummary", "GET /scenes/{scene}/consents/summary", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 200}},
	{"getConsentSummary unknown", "GET /scenes/{unknown}/consents/summary", nil, want{removed: 404, producer: 404, coordinator: 404}},
	// putRider: producer, coordinator
	{"putRider", "PUT /scenes/{scene}/riders/{performerId}", aRider, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 200}},
	{"putRider unknown scene", "PUT /scenes/{unknown}/riders/{performerId}", aRider, want{removed: 404, producer: 404}},
	// signRider: the performer themself (own rider; someone else's is hidden)
	{"signRider own", "POST /scenes/{scene}/riders/{performerId}/sign", aSignature, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 403, producer: 403}},
	{"signRider someone else's", "POST /scenes/{scene}/riders/{castmateId}/sign", aSignature, want{removed: 404, performer: 404, uncast: 404, coordinator: 403}},
	{"signRider unknown scene", "POST /scenes/{unknown}/riders/{performerId}/sign", aSignature, want{removed: 404, performer: 404}},
	// getRider: producer, coordinator, that performer
	{"getRider own", "GET /scenes/{scene}/riders/{performerId}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"getRider someone else's", "GET /scenes/{scene}/riders/{castmateId}", nil, want{removed: 404, performer: 404, uncast: 404, coordinator: 200, producer: 200}},
	{"getRider none", "GET /scenes/{scene}/riders/{uncastId}", nil, want{removed: 404, producer: 404}},
	// createEventTicket: producer, coordinator; streamEvents: the holder of a ticket
	{"createEventTicket", "POST /productions/{production}/events/ticket", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, coordinator: 201, producer: 201}},
	{"createEventTicket unknown", "POST /productions/{unknown}/events/ticket", nil, want{removed: 404, coordinator: 404, producer: 404}},
	{"streamEvents bad ticket", "GET /productions/{production}/events?ticket=not-a-ticket", nil, want{anon: 401, outsider: 401, removed: 401, performer: 401, coordinator: 401, producer: 401}},
	// listSceneDebriefs: producer, coordinator, cast
	{"listSceneDebriefs", "GET /scenes/{scene}/debriefs", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	// push and notifications: anyone signed in (their own)
	{"getVapidPublicKey", "GET /push/vapid-public-key", nil, want{anon: 200, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	{"createPushSubscription", "POST /push/subscriptions", aSubscription, want{anon: 401, outsider: 201, removed: 201, performer: 201, coordinator: 201, producer: 201}},
	{"deletePushSubscription unknown", "DELETE /push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fnone", nil, want{anon: 401, outsider: 204, removed: 204, performer: 204, coordinator: 204, producer: 204}},
	{"listNotifications", "GET /notifications?unread=true&limit=10", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	{"getNotificationSummary", "GET /notifications/summary", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	{"markNotificationRead unknown", "POST /notifications/{unknown}/read", nil, want{anon: 401, outsider: 404, removed: 404, performer: 404, coordinator: 404, producer: 404}},
	// listMyBoundaries, createBoundary: a performer member (their own)
	{"listMyBoundaries", "GET /me/boundaries?productionId={production}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 200, coordinator: 403, producer: 403}},
	{"listMyBoundaries unknown", "GET /me/boundaries?productionId={unknown}", nil, want{removed: 404, performer: 404}},
	{"createBoundary", "POST /me/boundaries", aBoundary, want{anon: 401, outsider: 404, removed: 404, performer: 201, uncast: 201, coordinator: 403, producer: 403}},
	{"createBoundary for a scene", "POST /me/boundaries", aSceneBoundary, want{removed: 404, performer: 201, uncast: 422}},
	// updateBoundary: its owner (the performer's boundary); anyone else 404
	{"updateBoundary", "PATCH /me/boundaries/{boundary}", aBoundaryPatch, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 404, producer: 404}},
	{"updateBoundary unknown", "PATCH /me/boundaries/{unknown}", aBoundaryPatch, want{removed: 404, performer: 404}},
	// deleteBoundary: its owner (the performer's boundary)
	{"deleteBoundary", "DELETE /me/boundaries/{boundary}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 204, uncast: 404, coordinator: 404, producer: 404}},
	{"deleteBoundary unknown", "DELETE /me/boundaries/{unknown}", nil, want{removed: 404, performer: 404}},
	// listSceneBoundaries: coordinator only
	{"listSceneBoundaries", "GET /scenes/{scene}/boundaries", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 403}},
	{"listSceneBoundaries unknown", "GET /scenes/{unknown}/boundaries", nil, want{removed: 404, coordinator: 404}},
	// listAuditEvents: coordinator (producer 403: events name actors); verifyAudit: producer, coordinator
	{"listAuditEvents", "GET /productions/{production}/audit", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 200, producer: 403}},
	{"listAuditEvents unknown", "GET /productions/{unknown}/audit", nil, want{removed: 404, producer: 404}},
	{"verifyAudit", "GET /productions/{production}/audit/verify", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 200, producer: 200}},
	{"verifyAudit unknown", "GET /productions/{unknown}/audit/verify", nil, want{removed: 404, producer: 404}},
	// getCoverage, getCoverageCsv: producer, coordinator (a performer: 403, whether cast or not)
	{"getCoverage", "GET /productions/{production}/coverage", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 200, producer: 200}},
	{"getCoverage range", "GET /productions/{production}/coverage?from=2026-12-01&to=2026-12-07", nil, want{removed: 404, producer: 200}},
	{"getCoverage unknown", "GET /productions/{unknown}/coverage", nil, want{removed: 404, producer: 404}},
	{"getCoverageCsv", "GET /productions/{production}/coverage.csv", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 403, coordinator: 200, producer: 200}},
	{"getCoverageCsv range", "GET /productions/{production}/coverage.csv?from=2026-12-01&to=2026-12-07", nil, want{removed: 404, coordinator: 200}},
	{"getCoverageCsv unknown", "GET /productions/{unknown}/coverage.csv", nil, want{removed: 404, coordinator: 404}},
	// requestCheckin: coordinator (default: the whole cast)
	{"requestCheckin", "POST /scenes/{scene}/checkins", aCheckin, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 201, producer: 403}},
	{"requestCheckin unknown", "POST /scenes/{unknown}/checkins", aCheckin, want{removed: 404, coordinator: 404}},
	{"requestCheckin of someone not cast", "POST /scenes/{scene}/checkins", aCheckinOfUncast, want{removed: 404, coordinator: 422}},
	// respondCheckin: an addressed performer (everyone else: not addressed, 404)
	{"respondCheckin", "POST /checkins/{checkin}/response", anAnswer, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 404, producer: 404}},
	{"respondCheckin unknown", "POST /checkins/{unknown}/response", anAnswer, want{removed: 404, performer: 404}},
	// getCheckin: coordinator, addressed performers (own answer only)
	{"getCheckin", "GET /checkins/{checkin}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 403}},
	{"getCheckin unknown", "GET /checkins/{unknown}", nil, want{removed: 404, performer: 404, coordinator: 404}},
	// listSceneCheckins: coordinator, producer (outcome and counts, no responses)
	{"listSceneCheckins", "GET /scenes/{scene}/checkins", nil, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 200}},
	{"listSceneCheckins unknown", "GET /scenes/{unknown}/checkins", nil, want{removed: 404, coordinator: 404}},
	// listMyCheckins: any signed-in user (their own)
	{"listMyCheckins", "GET /me/checkins?open=true", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, uncast: 200, coordinator: 200, producer: 200}},
	// scheduleDebrief: coordinator
	{"scheduleDebrief", "POST /scenes/{scene}/debriefs", aDebrief, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 201, producer: 403}},
	{"scheduleDebrief unknown", "POST /scenes/{unknown}/debriefs", aDebrief, want{removed: 404, coordinator: 404}},
	// updateDebrief: coordinator
	{"updateDebrief", "PATCH /debriefs/{debrief}", aDebriefPatch, want{anon: 401, outsider: 404, removed: 404, performer: 403, uncast: 404, coordinator: 200, producer: 403}},
	{"updateDebrief unknown", "PATCH /debriefs/{unknown}", aDebriefPatch, want{removed: 404, coordinator: 404}},
	// getDebrief, getDebriefCalendar: coordinator, producer, participants
	{"getDebrief", "GET /debriefs/{debrief}", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"getDebrief unknown", "GET /debriefs/{unknown}", nil, want{removed: 404, coordinator: 404}},
	{"getDebriefCalendar", "GET /debriefs/{debrief}/calendar.ics", nil, want{anon: 401, outsider: 404, removed: 404, performer: 200, uncast: 404, coordinator: 200, producer: 200}},
	{"getDebriefCalendar unknown", "GET /debriefs/{unknown}/calendar.ics", nil, want{removed: 404, coordinator: 404}},
	// listMyDebriefs: any signed-in user (their own)
	{"listMyDebriefs", "GET /me/debriefs", nil, want{anon: 401, outsider: 200, removed: 200, performer: 200, uncast: 200, coordinator: 200, producer: 200}},
	// operations: anyone
	{"healthz", "GET /healthz", nil, want{anon: 200, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	{"getConfig", "GET /config", nil, want{anon: 200, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
	{"readyz", "GET /readyz", nil, want{anon: 200, outsider: 200, removed: 200, performer: 200, coordinator: 200, producer: 200}},
}

// matrixWorld is the world a row runs against: performer is PerformerA,
// castmate PerformerB, uncast PerformerC. Its scene (kissing, partial_nudity;
// performer and castmate cast, a drafted rider each, version 1 published), the
// performer's boundary, a check-in addressed to the performer only and a
// debrief of the cast are built on first use.
type matrixWorld struct {
	*world
	boundary, checkin, debrief string
	removed                    account
}

func (w *matrixWorld) caller(as string) (account, bool) {
	if as == "removed" {
		w.fixture()
		return w.removed, true
	}
	u, ok := map[string]account{"outsider": w.Outsider, "performer": w.PerformerA, "uncast": w.PerformerC,
		"coordinator": w.Coordinator, "producer": w.Producer}[as]
	return u, ok
}

func (w *matrixWorld) fixture() {
	w.t.Helper()
	if w.Scene != "" {
		return
	}
	A, B, tags := w.PerformerA, w.PerformerB, []string{"kissing", "partial_nudity"}
	w.removed = newAccount(w.t, w.s, "Rita Removed")
	w.s.join(w.Coordinator, w.Production, w.removed, "performer")
	w.Scene = w.scene("42A", tags, A, B, w.removed)
	for _, p := range []account{A, B} {
		w.putRider(w.Scene, p, riderBody("partial", []string{"back"}, tags))
	}
	w.published(w.Scene, "First pass", w.kissStep(A, B))
	w.boundary = must(w.t, w.world.boundary(A, map[string]any{"kind": "note", "note": "Warn me first."}), http.StatusCreated).JSON(w.t)["id"].(string)
	w.checkin = w.requested("Before take 1", 3600, A)["id"].(string)
	w.debrief = w.scheduled(debriefAt, "Green room")["id"].(string)
	w.requested("Before take 1, for Rita", 3600, w.removed)
	must(w.t, w.do(w.Producer, "DELETE", "/api/v1/productions/"+w.Production+"/members/"+w.removed.ID, nil), http.StatusNoContent)
}

// freshEmail is an address nobody has used.
func freshEmail() string { return fmt.Sprintf("fresh.%d@example.test", accountSeq.Add(1)) }

// invite is a fresh performer invite to email, from the producer.
func (w *matrixWorld) invite(email string) string {
	w.t.Helper()
	res := must(w.t, w.do(w.Producer, "POST", "/api/v1/productions/"+w.Production+"/invites",
		map[string]any{"email": email, "role": "performer"}), http.StatusCreated)
	return res.JSON(w.t)["token"].(string)
}

// placeholder matches {name} (never JSON braces, followed by a quote or a brace).
var placeholder = regexp.MustCompile(`\{[A-Za-z]*\}`)

// expand substitutes the placeholders of text for caller as.
func (w *matrixWorld) expand(text, as, email string) string {
	w.t.Helper()
	return placeholder.ReplaceAllStringFunc(text, func(ph string) string {
		switch ph {
		case "{production}":
			return w.Production
		case "{unknown}":
			return unknownID
		case "{email}":
			return email
		case "{producerEmail}":
			return w.Producer.Email
		case "{invite}":
			if u, ok := w.caller(as); ok {
				return w.invite(u.Email)
			}
			return w.invite(freshEmail())
		case "{otherInvite}":
			return w.invite(freshEmail())
		case "{producerId}":
			return w.Producer.ID
		case "{selfId}":
			if u, ok := w.caller(as); ok {
				return u.ID
			}
			return unknownID
		case "{performerInviteId}", "{coordinatorInviteId}":
			role := map[string]string{"{performerInviteId}": "performer", "{coordinatorInviteId}": "coordinator"}[ph]
			res := must(w.t, w.do(w.Producer, "POST", "/api/v1/productions/"+w.Production+"/invites",
				map[string]any{"email": freshEmail(), "role": role}), http.StatusCreated)
			return res.JSON(w.t)["id"].(string)
		case "{usedInvite}":
			someone := newAccount(w.t, w.s, "Early Bird")
			tok := w.invite(someone.Email)
			must(w.t, w.do(someone, "POST", "/api/v1/invites/"+tok+"/accept", nil), http.StatusOK)
			return tok
		}
		w.fixture()
		switch ph {
		case "{checkin}":
			return w.checkin
		case "{debrief}":
			return w.debrief
		case "{scene}":
			return w.Scene
		case "{version}":
			return "1"
		case "{unknownVersion}":
			return "2"
		case "{performerId}":
			return w.PerformerA.ID
		case "{castmateId}":
			return w.PerformerB.ID
		case "{uncastId}":
			return w.PerformerC.ID
		case "{boundary}":
			return w.boundary
		}
		w.t.Fatalf("unknown placeholder %s", ph)
		return ""
	})
}

// shape reduces a call to its method and path shape: every {…} becomes {}.
func shape(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	return method + " " + regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(path, "{}")
}

func TestAuthorizationMatrix(t *testing.T) {
	s := newMailTestServerOn(t, storagetest.Open(t), nil) // e-mail on (jobs stay queued)

	// Reads change nothing, so GET rows share one world, built up front;
	// every other request gets a fresh one.
	reads := &matrixWorld{world: newWorld(t, s)}
	reads.fixture()
	worldFor := func(t *testing.T, method string) *matrixWorld {
		if method == http.MethodGet {
			w := *reads
			w.world = reads.in(t)
			return &w
		}
		return &matrixWorld{world: newWorld(t, s)}
	}

	t.Run("rows", func(t *testing.T) {
		for _, op := range operations {
			method, path := op.request()
			for _, c := range callers {
				want := c.status(op.want)
				if want == 0 {
					continue
				}
				t.Run(op.name+"/"+c.name, func(t *testing.T) {
					w, email := worldFor(t, method), freshEmail()
					req := request{Method: method, Path: w.expand(path, c.name, email)}
					if op.body != nil {
						b, err := json.Marshal(op.body)
						if err != nil {
							t.Fatal(err)
						}
						req.Body = w.expand(string(b), c.name, email)
					}
					if u, ok := w.caller(c.name); ok {
						req.Token = u.Token
						req.Header = map[string]string{"Cookie": "closedset_refresh=" + u.Refresh}
					}
					res := s.Do(req)
					if res.Status != want {
						t.Fatalf("%s %s as %s: %d, want %d: %.300s", method, req.Path, c.name, res.Status, want, res.Body)
					}
					if res.Status >= 400 {
						p := problemShape(t, res)
						if res.Status == http.StatusUnauthorized && res.Header.Get("WWW-Authenticate") == "" {
							t.Error("401 without WWW-Authenticate")
						}
						if res.Status == http.StatusNotFound && p["code"] != "not_found" {
							t.Errorf("404 code %v, want not_found", p["code"])
						}
					}
				})
			}
		}
	})

	// The spec walk finds which operations are implemented (answer, not 501).
	implemented := map[string]string{} // shape → operationId

	t.Run("spec", func(t *testing.T) {
		spec, err := api.GetSpec()
		if err != nil {
			t.Fatal(err)
		}
		member := newWorld(t, s).Producer // a member of a production, asking about unknown ones
		paths := spec.Paths.Map()
		for _, p := range slices.Sorted(maps.Keys(paths)) {
			ops := paths[p].Operations()
			for _, method := range slices.Sorted(maps.Keys(ops)) {
				op := ops[method]
				security := op.Security
				if security == nil {
					security = &spec.Security
				}
				secured := len(*security) > 0
				for _, req := range *security {
					if len(req) == 0 {
						secured = false // an empty requirement makes auth optional
					}
				}
				target, body, aboutUnknownProduction := concreteCall(t, p, op, paths[p].Parameters)

				t.Run("anonymous/"+method+" "+p, func(t *testing.T) {
					res := s.Do(request{Method: method, Path: target, Body: body})
					if secured {
						assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
						if res.Header.Get("WWW-Authenticate") == "" {
							t.Error("401 without WWW-Authenticate")
						}
						return
					}
					noServerError(t, res)
				})

				t.Run("signed-in/"+method+" "+p, func(t *testing.T) {
					res := s.Do(request{Method: method, Path: target, Body: body, Token: member.Token})
					t.Logf("%s %s → %d %.120s", method, target, res.Status, res.Body)
					noServerError(t, res)
					if secured && res.Status == http.StatusUnauthorized {
						t.Errorf("a valid token is refused: %s", res.Body)
					}
					if aboutUnknownProduction && res.Status < 300 {
						t.Errorf("%d for an unknown production: %.300s", res.Status, res.Body)
					}
					if res.Status != http.StatusNotImplemented {
						implemented[shape(method, p)] = op.OperationID
					}
				})
			}
		}
	})

	t.Run("every implemented operation has a row", func(t *testing.T) {
		if len(implemented) == 0 {
			t.Skip("the spec walk found nothing")
		}
		asked := map[string]map[string]bool{} // shape → callers asked
		for _, op := range operations {
			method, path := op.request()
			k := shape(method, path)
			if asked[k] == nil {
				asked[k] = map[string]bool{}
			}
			for _, c := range callers {
				asked[k][c.name] = asked[k][c.name] || c.status(op.want) != 0
			}
		}
		for _, k := range slices.Sorted(maps.Keys(implemented)) {
			for _, c := range callers {
				required := c.name != "uncast" || strings.Contains(k, "/scenes") || strings.Contains(k, "/boundaries")
				if required && !asked[k][c.name] {
					t.Errorf("%s (%s) answers (not 501) but no row asks it as %s: add its column", k, implemented[k], c.name)
				}
			}
		}
	})
}

// noServerError fails on any 5xx except 501 not_implemented, and checks
// that every error is a problem.
func noServerError(t *testing.T, res response) {
	t.Helper()
	if res.Status == http.StatusNotImplemented {
		assertProblem(t, res, http.StatusNotImplemented, "not_implemented")
		return
	}
	if res.Status >= 500 {
		t.Fatalf("server error %d: %.300s", res.Status, res.Body)
	}
	if res.Status >= 400 {
		problemShape(t, res)
	}
}

// concreteCall turns a spec path into a request: unknown ids for path
// parameters, values for required query parameters, and a schema-valid body.
// It reports whether the request names an unknown production.
func concreteCall(t *testing.T, path string, op *openapi3.Operation, common openapi3.Parameters) (string, any, bool) {
	t.Helper()
	aboutProduction := false
	query := url.Values{}
	params := append(slices.Clone(common), op.Parameters...)
	for _, pr := range params {
		p := pr.Value
		if p == nil {
			continue
		}
		value := fmt.Sprint(example(p.Schema, p.Name))
		if p.Name == "productionId" {
			aboutProduction = true
		}
		switch p.In {
		case openapi3.ParameterInPath:
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(value))
		case openapi3.ParameterInQuery:
			if p.Required {
				query.Set(p.Name, value)
			}
		}
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	var body any
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			body = example(mt.Schema, "")
			if m, ok := body.(map[string]any); ok && m["productionId"] == unknownID {
				aboutProduction = true
			}
		}
	}
	return path, body, aboutProduction
}

// otherID is an id that names nothing, distinct from unknownID.
const otherID = "01937a4e-ffff-7000-8000-00000000beef"

// example builds a minimal value that satisfies schema: required
// properties only, the first enum value, minimums, formats. Ids are unknown;
// a productionId is unknownID.
func example(ref *openapi3.SchemaRef, name string) any {
	if ref == nil || ref.Value == nil {
		return "x"
	}
	sc := ref.Value
	if len(sc.AllOf) > 0 {
		var merged any
		for _, part := range sc.AllOf {
			v := example(part, name)
			if m, ok := v.(map[string]any); ok {
				if mm, ok := merged.(map[string]any); ok {
					for k, x := range m {
						mm[k] = x
					}
					continue
				}
			}
			merged = v
		}
		return merged
	}
	if len(sc.OneOf) > 0 {
		return example(sc.OneOf[0], name)
	}
	if len(sc.AnyOf) > 0 {
		return example(sc.AnyOf[0], name)
	}
	if len(sc.Enum) > 0 {
		return sc.Enum[0]
	}
	switch {
	case sc.Type.Is("object") || (sc.Type.IsEmpty() && len(sc.Properties) > 0):
		m := map[string]any{}
		for _, k := range sc.Required {
			m[k] = example(sc.Properties[k], k)
		}
		return m
	case sc.Type.Is("array"):
		out := []any{}
		for range sc.MinItems {
			out = append(out, example(sc.Items, name))
		}
		return out
	case sc.Type.Is("integer"):
		if sc.Min != nil {
			return int(*sc.Min)
		}
		return 1
	case sc.Type.Is("number"):
		if sc.Min != nil {
			return *sc.Min
		}
		return 1
	case sc.Type.Is("boolean"):
		return true
	}
	switch {
	case sc.Format == "email":
		return freshEmail()
	case sc.Format == "date-time":
		return "2026-12-01T07:30:00Z"
	case sc.Format == "date":
		return "2026-12-01"
	case sc.Format == "uri" || sc.Format == "url" || name == "endpoint" || name == "url":
		return "https://fcm.googleapis.com/fcm/send/authz-walk"
	case name == "productionId":
		return unknownID
	case strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "Ids") || name == "token":
		return otherID
	case name == "timezone":
		return "Europe/London"
	}
	n := max(int(sc.MinLength), 1)
	if sc.MaxLength != nil && int(*sc.MaxLength) < n {
		n = int(*sc.MaxLength)
	}
	return strings.Repeat("x", n)
}
