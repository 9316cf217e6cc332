package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"closedset/api"
	"closedset/internal/domain"
	"closedset/internal/service"
)

// Authorization in one place (architecture.md point 7): one table walks every
// implemented operation × every kind of caller, and a second part walks every
// operation of the contract.

// authzRow is one request of the matrix.
//
//   - path may hold placeholders: {production} (the crew's production),
//     {unknown} (an id nobody knows), {invite} (a fresh invite addressed to the
//     caller), {otherInvite} (a fresh invite addressed to someone else),
//     {usedInvite} (an invite someone already accepted).
//   - scene placeholders build the consent-core fixture (see sceneFixture):
//     {scene} (a scene the performer is cast in, with a published version 1
//     and a drafted rider for each cast member), {performerId} (the cast
//     performer: "own" records when as is performer), {castmateId} (the
//     other cast member: someone else's records), {uncastId} (the uncast
//     performer), {boundary} (a boundary of the cast performer), {version}
//     (1, the published version) and {unknownVersion} (2, not published).
//   - {checkin} is an open check-in on {scene} addressed to the cast
//     performer only (expiring in an hour); {debrief} is a scheduled debrief
//     of {scene} whose participants are its cast (the performer and the
//     castmate). Both are built by checkinFixture / debriefFixture.
//   - string values in body may hold {email} (a fresh address, the same one
//     throughout the row) and {producerEmail}.
//   - as is anonymous, outsider (signed in, not a member), performer (cast
//     in {scene}), uncast (a performer member of the production who is not
//     cast in {scene}), coordinator or producer. Signed-in callers send their
//     access token and their refresh cookie, as the app in a browser does.
//
// Every row that may change something gets a fresh world (crew, production,
// invites, scene), so rows never depend on each other; GET rows share one.
type authzRow struct {
	name   string
	method string
	path   string
	body   any
	as     string
	want   int
}

var (
	// authzSubscriptionBody is a browser's PushSubscription.toJSON() (keys from RFC 8291's example).
	authzSubscriptionBody = map[string]any{"endpoint": "https://push.example.test/send/{email}", "expirationTime": nil,
		"keys": map[string]any{"p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", "auth": "BTBZMqHH6r4Tts7J_aSIgg"}}
	authzRegisterBody      = map[string]any{"email": "{email}", "password": "correct horse battery", "displayName": "New Person"}
	authzLoginBody         = map[string]any{"email": "{producerEmail}", "password": "correct horse battery"}
	authzProductionBody    = map[string]any{"title": "Second Unit", "kind": "series", "timezone": "America/New_York"}
	authzInvitePerformer   = map[string]any{"email": "{email}", "role": "performer"}
	authzInviteCoordinator = map[string]any{"email": "{email}", "role": "coordinator"}
	authzInviteProducer    = map[string]any{"email": "{email}", "role": "producer"}
	authzSceneBody         = map[string]any{"number": "7B", "title": "Second kiss", "callTime": "2026-12-02T07:30:00Z",
		"contentTags": []string{"kissing"}}
	authzScenePatch  = map[string]any{"location": "Stage 4"}
	authzCastBody    = map[string]any{"characterName": "Understudy"}
	authzPublishBody = map[string]any{"summary": "Revised", "steps": []map[string]any{{"title": "Look", "description": "",
		"performers": []map[string]any{{"userId": "{performerId}", "nudity": "none"}}, "contacts": []any{}}}}
	authzConsentBody = map[string]any{"version": 1, "decision": "confirmed"}
	authzRiderBody   = map[string]any{"nudity": "partial", "visibleAreas": []string{"back"}, "acts": []string{"kissing", "partial_nudity"},
		"stillsAllowed": false, "doubleAllowed": false, "footageLimits": ""}
	authzSignBody          = map[string]any{"version": 1, "fullName": "Signing Name"}
	authzCheckinBody       = map[string]any{"reason": "Before take 4"}
	authzCheckinUncastBody = map[string]any{"reason": "Before take 4", "performerIds": []string{"{uncastId}"}}
	authzAnswerBody        = map[string]any{"answer": "ok"}
	authzDebriefBody       = map[string]any{"scheduledAt": "2026-12-02T18:00:00Z", "location": "Green room"}
	authzDebriefPatch      = map[string]any{"location": "Video call"}
	authzBoundaryBody      = map[string]any{"productionId": "{production}", "kind": "no_contact", "areas": []string{"thighs"}}
	authzSceneBoundaryBody = map[string]any{"productionId": "{production}", "sceneId": "{scene}", "kind": "max_nudity", "maxNudity": "none"}
)

var authzRows = []authzRow{
	// register: anyone
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "anonymous", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "outsider", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "performer", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "coordinator", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "producer", 201},
	// login: anyone with the credentials
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "anonymous", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "outsider", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "performer", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "coordinator", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "producer", 200},
	// refresh: the holder of the cookie
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "anonymous", 401},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "outsider", 200},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "performer", 200},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "coordinator", 200},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "producer", 200},
	// logout: anyone
	{"logout", "POST", "/api/v1/auth/logout", nil, "anonymous", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "outsider", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "performer", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "coordinator", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "producer", 204},
	// me: any signed-in user
	{"getMe", "GET", "/api/v1/me", nil, "anonymous", 401},
	{"getMe", "GET", "/api/v1/me", nil, "outsider", 200},
	{"getMe", "GET", "/api/v1/me", nil, "performer", 200},
	{"getMe", "GET", "/api/v1/me", nil, "coordinator", 200},
	{"getMe", "GET", "/api/v1/me", nil, "producer", 200},
	// createProduction: any signed-in user
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "anonymous", 401},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "outsider", 201},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "performer", 201},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "coordinator", 201},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "producer", 201},
	// listProductions: any signed-in user (their own)
	{"listProductions", "GET", "/api/v1/productions", nil, "anonymous", 401},
	{"listProductions", "GET", "/api/v1/productions", nil, "outsider", 200},
	{"listProductions", "GET", "/api/v1/productions", nil, "performer", 200},
	{"listProductions", "GET", "/api/v1/productions", nil, "coordinator", 200},
	{"listProductions", "GET", "/api/v1/productions", nil, "producer", 200},
	// getProduction: members; 404 to anyone else
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "anonymous", 401},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "outsider", 404},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "performer", 200},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "coordinator", 200},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "producer", 200},
	{"getProduction unknown", "GET", "/api/v1/productions/{unknown}", nil, "anonymous", 401},
	{"getProduction unknown", "GET", "/api/v1/productions/{unknown}", nil, "outsider", 404},
	{"getProduction unknown", "GET", "/api/v1/productions/{unknown}", nil, "producer", 404},
	// createInvite: producer any role; coordinator performers only
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "anonymous", 401},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "outsider", 404},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "performer", 403},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "coordinator", 201},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "producer", 201},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "anonymous", 401},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "outsider", 404},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "performer", 403},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "coordinator", 403},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "producer", 201},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "anonymous", 401},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "outsider", 404},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "performer", 403},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "coordinator", 403},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "producer", 201},
	{"createInvite unknown", "POST", "/api/v1/productions/{unknown}/invites", authzInvitePerformer, "outsider", 404},
	{"createInvite unknown", "POST", "/api/v1/productions/{unknown}/invites", authzInvitePerformer, "producer", 404},
	// acceptInvite: the signed-in user the invite was sent to
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "anonymous", 401},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "outsider", 200},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "performer", 409},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "coordinator", 409},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "producer", 409},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "anonymous", 401},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "outsider", 403},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "performer", 403},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "coordinator", 403},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "producer", 403},
	{"acceptInvite used", "POST", "/api/v1/invites/{usedInvite}/accept", nil, "outsider", 404},
	{"acceptInvite used", "POST", "/api/v1/invites/{usedInvite}/accept", nil, "producer", 404},
	{"acceptInvite unknown", "POST", "/api/v1/invites/{unknown}/accept", nil, "outsider", 404},
	// listMembers: members; 404 to anyone else
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "anonymous", 401},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "outsider", 404},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "performer", 200},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "coordinator", 200},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "producer", 200},
	{"listMembers unknown", "GET", "/api/v1/productions/{unknown}/members", nil, "producer", 404},
	// createScene: producer, coordinator
	{"createScene", "POST", "/api/v1/productions/{production}/scenes", authzSceneBody, "anonymous", 401},
	{"createScene", "POST", "/api/v1/productions/{production}/scenes", authzSceneBody, "outsider", 404},
	{"createScene", "POST", "/api/v1/productions/{production}/scenes", authzSceneBody, "performer", 403},
	{"createScene", "POST", "/api/v1/productions/{production}/scenes", authzSceneBody, "uncast", 403},
	{"createScene", "POST", "/api/v1/productions/{production}/scenes", authzSceneBody, "coordinator", 201},
	{"createScene", "POST", "/api/v1/productions/{production}/scenes", authzSceneBody, "producer", 201},
	{"createScene unknown", "POST", "/api/v1/productions/{unknown}/scenes", authzSceneBody, "producer", 404},
	// listScenes: members (performers: their own scenes)
	{"listScenes", "GET", "/api/v1/productions/{production}/scenes", nil, "anonymous", 401},
	{"listScenes", "GET", "/api/v1/productions/{production}/scenes", nil, "outsider", 404},
	{"listScenes", "GET", "/api/v1/productions/{production}/scenes", nil, "performer", 200},
	{"listScenes", "GET", "/api/v1/productions/{production}/scenes", nil, "uncast", 200},
	{"listScenes", "GET", "/api/v1/productions/{production}/scenes", nil, "coordinator", 200},
	{"listScenes", "GET", "/api/v1/productions/{production}/scenes", nil, "producer", 200},
	{"listScenes unknown", "GET", "/api/v1/productions/{unknown}/scenes", nil, "producer", 404},
	// getScene: producer, coordinator, cast
	{"getScene", "GET", "/api/v1/scenes/{scene}", nil, "anonymous", 401},
	{"getScene", "GET", "/api/v1/scenes/{scene}", nil, "outsider", 404},
	{"getScene", "GET", "/api/v1/scenes/{scene}", nil, "performer", 200},
	{"getScene", "GET", "/api/v1/scenes/{scene}", nil, "uncast", 404},
	{"getScene", "GET", "/api/v1/scenes/{scene}", nil, "coordinator", 200},
	{"getScene", "GET", "/api/v1/scenes/{scene}", nil, "producer", 200},
	{"getScene unknown", "GET", "/api/v1/scenes/{unknown}", nil, "performer", 404},
	{"getScene unknown", "GET", "/api/v1/scenes/{unknown}", nil, "producer", 404},
	// updateScene: producer, coordinator
	{"updateScene", "PATCH", "/api/v1/scenes/{scene}", authzScenePatch, "anonymous", 401},
	{"updateScene", "PATCH", "/api/v1/scenes/{scene}", authzScenePatch, "outsider", 404},
	{"updateScene", "PATCH", "/api/v1/scenes/{scene}", authzScenePatch, "performer", 403},
	{"updateScene", "PATCH", "/api/v1/scenes/{scene}", authzScenePatch, "uncast", 404},
	{"updateScene", "PATCH", "/api/v1/scenes/{scene}", authzScenePatch, "coordinator", 200},
	{"updateScene", "PATCH", "/api/v1/scenes/{scene}", authzScenePatch, "producer", 200},
	{"updateScene unknown", "PATCH", "/api/v1/scenes/{unknown}", authzScenePatch, "producer", 404},
	// putCastMember: producer, coordinator
	{"putCastMember", "PUT", "/api/v1/scenes/{scene}/cast/{uncastId}", authzCastBody, "anonymous", 401},
	{"putCastMember", "PUT", "/api/v1/scenes/{scene}/cast/{uncastId}", authzCastBody, "outsider", 404},
	{"putCastMember", "PUT", "/api/v1/scenes/{scene}/cast/{uncastId}", authzCastBody, "performer", 403},
	{"putCastMember", "PUT", "/api/v1/scenes/{scene}/cast/{uncastId}", authzCastBody, "uncast", 404},
	{"putCastMember", "PUT", "/api/v1/scenes/{scene}/cast/{uncastId}", authzCastBody, "coordinator", 200},
	{"putCastMember", "PUT", "/api/v1/scenes/{scene}/cast/{uncastId}", authzCastBody, "producer", 200},
	{"putCastMember unknown scene", "PUT", "/api/v1/scenes/{unknown}/cast/{uncastId}", authzCastBody, "producer", 404},
	// removeCastMember: producer, coordinator
	{"removeCastMember", "DELETE", "/api/v1/scenes/{scene}/cast/{castmateId}", nil, "anonymous", 401},
	{"removeCastMember", "DELETE", "/api/v1/scenes/{scene}/cast/{castmateId}", nil, "outsider", 404},
	{"removeCastMember", "DELETE", "/api/v1/scenes/{scene}/cast/{castmateId}", nil, "performer", 403},
	{"removeCastMember", "DELETE", "/api/v1/scenes/{scene}/cast/{castmateId}", nil, "uncast", 404},
	{"removeCastMember", "DELETE", "/api/v1/scenes/{scene}/cast/{castmateId}", nil, "coordinator", 204},
	{"removeCastMember", "DELETE", "/api/v1/scenes/{scene}/cast/{castmateId}", nil, "producer", 204},
	{"removeCastMember not cast", "DELETE", "/api/v1/scenes/{scene}/cast/{uncastId}", nil, "producer", 404},
	// publishChoreography: coordinator
	{"publishChoreography", "POST", "/api/v1/scenes/{scene}/choreography", authzPublishBody, "anonymous", 401},
	{"publishChoreography", "POST", "/api/v1/scenes/{scene}/choreography", authzPublishBody, "outsider", 404},
	{"publishChoreography", "POST", "/api/v1/scenes/{scene}/choreography", authzPublishBody, "performer", 403},
	{"publishChoreography", "POST", "/api/v1/scenes/{scene}/choreography", authzPublishBody, "uncast", 404},
	{"publishChoreography", "POST", "/api/v1/scenes/{scene}/choreography", authzPublishBody, "coordinator", 201},
	{"publishChoreography", "POST", "/api/v1/scenes/{scene}/choreography", authzPublishBody, "producer", 403},
	{"publishChoreography unknown", "POST", "/api/v1/scenes/{unknown}/choreography", authzPublishBody, "coordinator", 404},
	// getCurrentChoreography, listChoreographyVersions, getChoreographyVersion:
	// producer, coordinator, cast
	{"getCurrentChoreography", "GET", "/api/v1/scenes/{scene}/choreography", nil, "anonymous", 401},
	{"getCurrentChoreography", "GET", "/api/v1/scenes/{scene}/choreography", nil, "outsider", 404},
	{"getCurrentChoreography", "GET", "/api/v1/scenes/{scene}/choreography", nil, "performer", 200},
	{"getCurrentChoreography", "GET", "/api/v1/scenes/{scene}/choreography", nil, "uncast", 404},
	{"getCurrentChoreography", "GET", "/api/v1/scenes/{scene}/choreography", nil, "coordinator", 200},
	{"getCurrentChoreography", "GET", "/api/v1/scenes/{scene}/choreography", nil, "producer", 200},
	{"getCurrentChoreography unknown", "GET", "/api/v1/scenes/{unknown}/choreography", nil, "producer", 404},
	{"listChoreographyVersions", "GET", "/api/v1/scenes/{scene}/choreography/versions", nil, "anonymous", 401},
	{"listChoreographyVersions", "GET", "/api/v1/scenes/{scene}/choreography/versions", nil, "outsider", 404},
	{"listChoreographyVersions", "GET", "/api/v1/scenes/{scene}/choreography/versions", nil, "performer", 200},
	{"listChoreographyVersions", "GET", "/api/v1/scenes/{scene}/choreography/versions", nil, "uncast", 404},
	{"listChoreographyVersions", "GET", "/api/v1/scenes/{scene}/choreography/versions", nil, "coordinator", 200},
	{"listChoreographyVersions", "GET", "/api/v1/scenes/{scene}/choreography/versions", nil, "producer", 200},
	{"listChoreographyVersions unknown", "GET", "/api/v1/scenes/{unknown}/choreography/versions", nil, "producer", 404},
	{"getChoreographyVersion", "GET", "/api/v1/scenes/{scene}/choreography/versions/{version}", nil, "anonymous", 401},
	{"getChoreographyVersion", "GET", "/api/v1/scenes/{scene}/choreography/versions/{version}", nil, "outsider", 404},
	{"getChoreographyVersion", "GET", "/api/v1/scenes/{scene}/choreography/versions/{version}", nil, "performer", 200},
	{"getChoreographyVersion", "GET", "/api/v1/scenes/{scene}/choreography/versions/{version}", nil, "uncast", 404},
	{"getChoreographyVersion", "GET", "/api/v1/scenes/{scene}/choreography/versions/{version}", nil, "coordinator", 200},
	{"getChoreographyVersion", "GET", "/api/v1/scenes/{scene}/choreography/versions/{version}", nil, "producer", 200},
	{"getChoreographyVersion unknown version", "GET", "/api/v1/scenes/{scene}/choreography/versions/{unknownVersion}", nil, "performer", 404},
	{"getChoreographyVersion unknown version", "GET", "/api/v1/scenes/{scene}/choreography/versions/{unknownVersion}", nil, "producer", 404},
	// decideConsent, withdrawConsent: the cast member themself
	{"decideConsent", "PUT", "/api/v1/scenes/{scene}/consent", authzConsentBody, "anonymous", 401},
	{"decideConsent", "PUT", "/api/v1/scenes/{scene}/consent", authzConsentBody, "outsider", 404},
	{"decideConsent", "PUT", "/api/v1/scenes/{scene}/consent", authzConsentBody, "performer", 200},
	{"decideConsent", "PUT", "/api/v1/scenes/{scene}/consent", authzConsentBody, "uncast", 404},
	{"decideConsent", "PUT", "/api/v1/scenes/{scene}/consent", authzConsentBody, "coordinator", 403},
	{"decideConsent", "PUT", "/api/v1/scenes/{scene}/consent", authzConsentBody, "producer", 403},
	{"decideConsent unknown", "PUT", "/api/v1/scenes/{unknown}/consent", authzConsentBody, "performer", 404},
	{"withdrawConsent", "POST", "/api/v1/scenes/{scene}/consent/withdraw", nil, "anonymous", 401},
	{"withdrawConsent", "POST", "/api/v1/scenes/{scene}/consent/withdraw", nil, "outsider", 404},
	{"withdrawConsent", "POST", "/api/v1/scenes/{scene}/consent/withdraw", nil, "performer", 200},
	{"withdrawConsent", "POST", "/api/v1/scenes/{scene}/consent/withdraw", nil, "uncast", 404},
	{"withdrawConsent", "POST", "/api/v1/scenes/{scene}/consent/withdraw", nil, "coordinator", 403},
	{"withdrawConsent", "POST", "/api/v1/scenes/{scene}/consent/withdraw", nil, "producer", 403},
	{"withdrawConsent unknown", "POST", "/api/v1/scenes/{unknown}/consent/withdraw", nil, "performer", 404},
	// listConsents: coordinator, producer, cast (own entry)
	{"listConsents", "GET", "/api/v1/scenes/{scene}/consents", nil, "anonymous", 401},
	{"listConsents", "GET", "/api/v1/scenes/{scene}/consents", nil, "outsider", 404},
	{"listConsents", "GET", "/api/v1/scenes/{scene}/consents", nil, "performer", 200},
	{"listConsents", "GET", "/api/v1/scenes/{scene}/consents", nil, "uncast", 404},
	{"listConsents", "GET", "/api/v1/scenes/{scene}/consents", nil, "coordinator", 200},
	{"listConsents", "GET", "/api/v1/scenes/{scene}/consents", nil, "producer", 200},
	{"listConsents unknown", "GET", "/api/v1/scenes/{unknown}/consents", nil, "producer", 404},
	// putRider: producer, coordinator
	{"putRider", "PUT", "/api/v1/scenes/{scene}/riders/{performerId}", authzRiderBody, "anonymous", 401},
	{"putRider", "PUT", "/api/v1/scenes/{scene}/riders/{performerId}", authzRiderBody, "outsider", 404},
	{"putRider", "PUT", "/api/v1/scenes/{scene}/riders/{performerId}", authzRiderBody, "performer", 403},
	{"putRider", "PUT", "/api/v1/scenes/{scene}/riders/{performerId}", authzRiderBody, "uncast", 404},
	{"putRider", "PUT", "/api/v1/scenes/{scene}/riders/{performerId}", authzRiderBody, "coordinator", 200},
	{"putRider", "PUT", "/api/v1/scenes/{scene}/riders/{performerId}", authzRiderBody, "producer", 200},
	{"putRider unknown scene", "PUT", "/api/v1/scenes/{unknown}/riders/{performerId}", authzRiderBody, "producer", 404},
	// signRider: the performer themself (own rider; someone else's is hidden)
	{"signRider own", "POST", "/api/v1/scenes/{scene}/riders/{performerId}/sign", authzSignBody, "anonymous", 401},
	{"signRider own", "POST", "/api/v1/scenes/{scene}/riders/{performerId}/sign", authzSignBody, "outsider", 404},
	{"signRider own", "POST", "/api/v1/scenes/{scene}/riders/{performerId}/sign", authzSignBody, "performer", 200},
	{"signRider own", "POST", "/api/v1/scenes/{scene}/riders/{performerId}/sign", authzSignBody, "uncast", 404},
	{"signRider own", "POST", "/api/v1/scenes/{scene}/riders/{performerId}/sign", authzSignBody, "coordinator", 403},
	{"signRider own", "POST", "/api/v1/scenes/{scene}/riders/{performerId}/sign", authzSignBody, "producer", 403},
	{"signRider someone else's", "POST", "/api/v1/scenes/{scene}/riders/{castmateId}/sign", authzSignBody, "performer", 404},
	{"signRider someone else's", "POST", "/api/v1/scenes/{scene}/riders/{castmateId}/sign", authzSignBody, "uncast", 404},
	{"signRider someone else's", "POST", "/api/v1/scenes/{scene}/riders/{castmateId}/sign", authzSignBody, "coordinator", 403},
	{"signRider unknown scene", "POST", "/api/v1/scenes/{unknown}/riders/{performerId}/sign", authzSignBody, "performer", 404},
	// getRider: producer, coordinator, that performer
	{"getRider own", "GET", "/api/v1/scenes/{scene}/riders/{performerId}", nil, "anonymous", 401},
	{"getRider own", "GET", "/api/v1/scenes/{scene}/riders/{performerId}", nil, "outsider", 404},
	{"getRider own", "GET", "/api/v1/scenes/{scene}/riders/{performerId}", nil, "performer", 200},
	{"getRider own", "GET", "/api/v1/scenes/{scene}/riders/{performerId}", nil, "uncast", 404},
	{"getRider own", "GET", "/api/v1/scenes/{scene}/riders/{performerId}", nil, "coordinator", 200},
	{"getRider own", "GET", "/api/v1/scenes/{scene}/riders/{performerId}", nil, "producer", 200},
	{"getRider someone else's", "GET", "/api/v1/scenes/{scene}/riders/{castmateId}", nil, "performer", 404},
	{"getRider someone else's", "GET", "/api/v1/scenes/{scene}/riders/{castmateId}", nil, "uncast", 404},
	{"getRider someone else's", "GET", "/api/v1/scenes/{scene}/riders/{castmateId}", nil, "coordinator", 200},
	{"getRider someone else's", "GET", "/api/v1/scenes/{scene}/riders/{castmateId}", nil, "producer", 200},
	{"getRider none", "GET", "/api/v1/scenes/{scene}/riders/{uncastId}", nil, "producer", 404},
	// listMyBoundaries, createBoundary: a performer member (their own)
	{"createEventTicket", "POST", "/api/v1/productions/{production}/events/ticket", nil, "anonymous", 401},
	{"createEventTicket", "POST", "/api/v1/productions/{production}/events/ticket", nil, "outsider", 404},
	{"createEventTicket", "POST", "/api/v1/productions/{production}/events/ticket", nil, "performer", 403},
	{"createEventTicket", "POST", "/api/v1/productions/{production}/events/ticket", nil, "coordinator", 201},
	{"createEventTicket", "POST", "/api/v1/productions/{production}/events/ticket", nil, "producer", 201},
	{"createEventTicket unknown", "POST", "/api/v1/productions/{unknown}/events/ticket", nil, "coordinator", 404},
	{"createEventTicket unknown", "POST", "/api/v1/productions/{unknown}/events/ticket", nil, "producer", 404},
	{"streamEvents bad ticket", "GET", "/api/v1/productions/{production}/events?ticket=not-a-ticket", nil, "anonymous", 401},
	{"streamEvents bad ticket", "GET", "/api/v1/productions/{production}/events?ticket=not-a-ticket", nil, "outsider", 401},
	{"streamEvents bad ticket", "GET", "/api/v1/productions/{production}/events?ticket=not-a-ticket", nil, "performer", 401},
	{"streamEvents bad ticket", "GET", "/api/v1/productions/{production}/events?ticket=not-a-ticket", nil, "coordinator", 401},
	{"streamEvents bad ticket", "GET", "/api/v1/productions/{production}/events?ticket=not-a-ticket", nil, "producer", 401},
	{"listSceneDebriefs", "GET", "/api/v1/scenes/{scene}/debriefs", nil, "anonymous", 401},
	{"listSceneDebriefs", "GET", "/api/v1/scenes/{scene}/debriefs", nil, "outsider", 404},
	{"listSceneDebriefs", "GET", "/api/v1/scenes/{scene}/debriefs", nil, "performer", 200},
	{"listSceneDebriefs", "GET", "/api/v1/scenes/{scene}/debriefs", nil, "uncast", 404},
	{"listSceneDebriefs", "GET", "/api/v1/scenes/{scene}/debriefs", nil, "coordinator", 200},
	{"listSceneDebriefs", "GET", "/api/v1/scenes/{scene}/debriefs", nil, "producer", 200},
	{"getVapidPublicKey", "GET", "/api/v1/push/vapid-public-key", nil, "anonymous", 200},
	{"getVapidPublicKey", "GET", "/api/v1/push/vapid-public-key", nil, "outsider", 200},
	{"getVapidPublicKey", "GET", "/api/v1/push/vapid-public-key", nil, "performer", 200},
	{"getVapidPublicKey", "GET", "/api/v1/push/vapid-public-key", nil, "coordinator", 200},
	{"getVapidPublicKey", "GET", "/api/v1/push/vapid-public-key", nil, "producer", 200},
	{"createPushSubscription", "POST", "/api/v1/push/subscriptions", authzSubscriptionBody, "anonymous", 401},
	{"createPushSubscription", "POST", "/api/v1/push/subscriptions", authzSubscriptionBody, "outsider", 201},
	{"createPushSubscription", "POST", "/api/v1/push/subscriptions", authzSubscriptionBody, "performer", 201},
	{"createPushSubscription", "POST", "/api/v1/push/subscriptions", authzSubscriptionBody, "coordinator", 201},
	{"createPushSubscription", "POST", "/api/v1/push/subscriptions", authzSubscriptionBody, "producer", 201},
	{"deletePushSubscription unknown", "DELETE", "/api/v1/push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fnone", nil, "anonymous", 401},
	{"deletePushSubscription unknown", "DELETE", "/api/v1/push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fnone", nil, "outsider", 404},
	{"deletePushSubscription unknown", "DELETE", "/api/v1/push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fnone", nil, "performer", 404},
	{"deletePushSubscription unknown", "DELETE", "/api/v1/push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fnone", nil, "coordinator", 404},
	{"deletePushSubscription unknown", "DELETE", "/api/v1/push/subscriptions?endpoint=https%3A%2F%2Fpush.example.test%2Fnone", nil, "producer", 404},
	{"listNotifications", "GET", "/api/v1/notifications?unread=true&limit=10", nil, "anonymous", 401},
	{"listNotifications", "GET", "/api/v1/notifications?unread=true&limit=10", nil, "outsider", 200},
	{"listNotifications", "GET", "/api/v1/notifications?unread=true&limit=10", nil, "performer", 200},
	{"listNotifications", "GET", "/api/v1/notifications?unread=true&limit=10", nil, "coordinator", 200},
	{"listNotifications", "GET", "/api/v1/notifications?unread=true&limit=10", nil, "producer", 200},
	{"markNotificationRead unknown", "POST", "/api/v1/notifications/{unknown}/read", nil, "anonymous", 401},
	{"markNotificationRead unknown", "POST", "/api/v1/notifications/{unknown}/read", nil, "outsider", 404},
	{"markNotificationRead unknown", "POST", "/api/v1/notifications/{unknown}/read", nil, "performer", 404},
	{"markNotificationRead unknown", "POST", "/api/v1/notifications/{unknown}/read", nil, "coordinator", 404},
	{"markNotificationRead unknown", "POST", "/api/v1/notifications/{unknown}/read", nil, "producer", 404},
	{"listMyBoundaries", "GET", "/api/v1/me/boundaries?productionId={production}", nil, "anonymous", 401},
	{"listMyBoundaries", "GET", "/api/v1/me/boundaries?productionId={production}", nil, "outsider", 404},
	{"listMyBoundaries", "GET", "/api/v1/me/boundaries?productionId={production}", nil, "performer", 200},
	{"listMyBoundaries", "GET", "/api/v1/me/boundaries?productionId={production}", nil, "uncast", 200},
	{"listMyBoundaries", "GET", "/api/v1/me/boundaries?productionId={production}", nil, "coordinator", 403},
	{"listMyBoundaries", "GET", "/api/v1/me/boundaries?productionId={production}", nil, "producer", 403},
	{"listMyBoundaries unknown", "GET", "/api/v1/me/boundaries?productionId={unknown}", nil, "performer", 404},
	{"createBoundary", "POST", "/api/v1/me/boundaries", authzBoundaryBody, "anonymous", 401},
	{"createBoundary", "POST", "/api/v1/me/boundaries", authzBoundaryBody, "outsider", 404},
	{"createBoundary", "POST", "/api/v1/me/boundaries", authzBoundaryBody, "performer", 201},
	{"createBoundary", "POST", "/api/v1/me/boundaries", authzBoundaryBody, "uncast", 201},
	{"createBoundary", "POST", "/api/v1/me/boundaries", authzBoundaryBody, "coordinator", 403},
	{"createBoundary", "POST", "/api/v1/me/boundaries", authzBoundaryBody, "producer", 403},
	{"createBoundary for a scene", "POST", "/api/v1/me/boundaries", authzSceneBoundaryBody, "performer", 201},
	{"createBoundary for a scene", "POST", "/api/v1/me/boundaries", authzSceneBoundaryBody, "uncast", 422},
	// deleteBoundary: its owner (the performer's boundary)
	{"deleteBoundary", "DELETE", "/api/v1/me/boundaries/{boundary}", nil, "anonymous", 401},
	{"deleteBoundary", "DELETE", "/api/v1/me/boundaries/{boundary}", nil, "outsider", 404},
	{"deleteBoundary", "DELETE", "/api/v1/me/boundaries/{boundary}", nil, "performer", 204},
	{"deleteBoundary", "DELETE", "/api/v1/me/boundaries/{boundary}", nil, "uncast", 404},
	{"deleteBoundary", "DELETE", "/api/v1/me/boundaries/{boundary}", nil, "coordinator", 404},
	{"deleteBoundary", "DELETE", "/api/v1/me/boundaries/{boundary}", nil, "producer", 404},
	{"deleteBoundary unknown", "DELETE", "/api/v1/me/boundaries/{unknown}", nil, "performer", 404},
	// listSceneBoundaries: coordinator only
	{"listSceneBoundaries", "GET", "/api/v1/scenes/{scene}/boundaries", nil, "anonymous", 401},
	{"listSceneBoundaries", "GET", "/api/v1/scenes/{scene}/boundaries", nil, "outsider", 404},
	{"listSceneBoundaries", "GET", "/api/v1/scenes/{scene}/boundaries", nil, "performer", 403},
	{"listSceneBoundaries", "GET", "/api/v1/scenes/{scene}/boundaries", nil, "uncast", 404},
	{"listSceneBoundaries", "GET", "/api/v1/scenes/{scene}/boundaries", nil, "coordinator", 200},
	{"listSceneBoundaries", "GET", "/api/v1/scenes/{scene}/boundaries", nil, "producer", 403},
	{"listSceneBoundaries unknown", "GET", "/api/v1/scenes/{unknown}/boundaries", nil, "coordinator", 404},
	// listAuditEvents, verifyAudit: producer, coordinator
	{"listAuditEvents", "GET", "/api/v1/productions/{production}/audit", nil, "anonymous", 401},
	{"listAuditEvents", "GET", "/api/v1/productions/{production}/audit", nil, "outsider", 404},
	{"listAuditEvents", "GET", "/api/v1/productions/{production}/audit", nil, "performer", 403},
	{"listAuditEvents", "GET", "/api/v1/productions/{production}/audit", nil, "uncast", 403},
	{"listAuditEvents", "GET", "/api/v1/productions/{production}/audit", nil, "coordinator", 200},
	{"listAuditEvents", "GET", "/api/v1/productions/{production}/audit", nil, "producer", 200},
	{"listAuditEvents unknown", "GET", "/api/v1/productions/{unknown}/audit", nil, "producer", 404},
	{"verifyAudit", "GET", "/api/v1/productions/{production}/audit/verify", nil, "anonymous", 401},
	{"verifyAudit", "GET", "/api/v1/productions/{production}/audit/verify", nil, "outsider", 404},
	{"verifyAudit", "GET", "/api/v1/productions/{production}/audit/verify", nil, "performer", 403},
	{"verifyAudit", "GET", "/api/v1/productions/{production}/audit/verify", nil, "uncast", 403},
	{"verifyAudit", "GET", "/api/v1/productions/{production}/audit/verify", nil, "coordinator", 200},
	{"verifyAudit", "GET", "/api/v1/productions/{production}/audit/verify", nil, "producer", 200},
	{"verifyAudit unknown", "GET", "/api/v1/productions/{unknown}/audit/verify", nil, "producer", 404},
	// getCoverage, getCoverageCsv: producer, coordinator (a performer: 403, whether cast or not)
	{"getCoverage", "GET", "/api/v1/productions/{production}/coverage", nil, "anonymous", 401},
	{"getCoverage", "GET", "/api/v1/productions/{production}/coverage", nil, "outsider", 404},
	{"getCoverage", "GET", "/api/v1/productions/{production}/coverage", nil, "performer", 403},
	{"getCoverage", "GET", "/api/v1/productions/{production}/coverage", nil, "uncast", 403},
	{"getCoverage", "GET", "/api/v1/productions/{production}/coverage", nil, "coordinator", 200},
	{"getCoverage", "GET", "/api/v1/productions/{production}/coverage", nil, "producer", 200},
	{"getCoverage range", "GET", "/api/v1/productions/{production}/coverage?from=2026-12-01&to=2026-12-07", nil, "producer", 200},
	{"getCoverage unknown", "GET", "/api/v1/productions/{unknown}/coverage", nil, "producer", 404},
	{"getCoverageCsv", "GET", "/api/v1/productions/{production}/coverage.csv", nil, "anonymous", 401},
	{"getCoverageCsv", "GET", "/api/v1/productions/{production}/coverage.csv", nil, "outsider", 404},
	{"getCoverageCsv", "GET", "/api/v1/productions/{production}/coverage.csv", nil, "performer", 403},
	{"getCoverageCsv", "GET", "/api/v1/productions/{production}/coverage.csv", nil, "uncast", 403},
	{"getCoverageCsv", "GET", "/api/v1/productions/{production}/coverage.csv", nil, "coordinator", 200},
	{"getCoverageCsv", "GET", "/api/v1/productions/{production}/coverage.csv", nil, "producer", 200},
	{"getCoverageCsv range", "GET", "/api/v1/productions/{production}/coverage.csv?from=2026-12-01&to=2026-12-07", nil, "coordinator", 200},
	{"getCoverageCsv unknown", "GET", "/api/v1/productions/{unknown}/coverage.csv", nil, "coordinator", 404},
	// requestCheckin: coordinator (default: the whole cast)
	{"requestCheckin", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinBody, "anonymous", 401},
	{"requestCheckin", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinBody, "outsider", 404},
	{"requestCheckin", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinBody, "performer", 403},
	{"requestCheckin", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinBody, "uncast", 404},
	{"requestCheckin", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinBody, "coordinator", 201},
	{"requestCheckin", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinBody, "producer", 403},
	{"requestCheckin unknown", "POST", "/api/v1/scenes/{unknown}/checkins", authzCheckinBody, "coordinator", 404},
	{"requestCheckin of someone not cast", "POST", "/api/v1/scenes/{scene}/checkins", authzCheckinUncastBody, "coordinator", 422},
	// respondCheckin: an addressed performer (everyone else: not addressed, 404)
	{"respondCheckin", "POST", "/api/v1/checkins/{checkin}/response", authzAnswerBody, "anonymous", 401},
	{"respondCheckin", "POST", "/api/v1/checkins/{checkin}/response", authzAnswerBody, "outsider", 404},
	{"respondCheckin", "POST", "/api/v1/checkins/{checkin}/response", authzAnswerBody, "performer", 200},
	{"respondCheckin", "POST", "/api/v1/checkins/{checkin}/response", authzAnswerBody, "uncast", 404},
	{"respondCheckin", "POST", "/api/v1/checkins/{checkin}/response", authzAnswerBody, "coordinator", 404},
	{"respondCheckin", "POST", "/api/v1/checkins/{checkin}/response", authzAnswerBody, "producer", 404},
	{"respondCheckin unknown", "POST", "/api/v1/checkins/{unknown}/response", authzAnswerBody, "performer", 404},
	// getCheckin: coordinator, addressed performers (own answer only)
	{"getCheckin", "GET", "/api/v1/checkins/{checkin}", nil, "anonymous", 401},
	{"getCheckin", "GET", "/api/v1/checkins/{checkin}", nil, "outsider", 404},
	{"getCheckin", "GET", "/api/v1/checkins/{checkin}", nil, "performer", 200},
	{"getCheckin", "GET", "/api/v1/checkins/{checkin}", nil, "uncast", 404},
	{"getCheckin", "GET", "/api/v1/checkins/{checkin}", nil, "coordinator", 200},
	{"getCheckin", "GET", "/api/v1/checkins/{checkin}", nil, "producer", 403},
	{"getCheckin unknown", "GET", "/api/v1/checkins/{unknown}", nil, "performer", 404},
	{"getCheckin unknown", "GET", "/api/v1/checkins/{unknown}", nil, "coordinator", 404},
	// listSceneCheckins: coordinator, producer (answers without notes)
	{"listSceneCheckins", "GET", "/api/v1/scenes/{scene}/checkins", nil, "anonymous", 401},
	{"listSceneCheckins", "GET", "/api/v1/scenes/{scene}/checkins", nil, "outsider", 404},
	{"listSceneCheckins", "GET", "/api/v1/scenes/{scene}/checkins", nil, "performer", 403},
	{"listSceneCheckins", "GET", "/api/v1/scenes/{scene}/checkins", nil, "uncast", 404},
	{"listSceneCheckins", "GET", "/api/v1/scenes/{scene}/checkins", nil, "coordinator", 200},
	{"listSceneCheckins", "GET", "/api/v1/scenes/{scene}/checkins", nil, "producer", 200},
	{"listSceneCheckins unknown", "GET", "/api/v1/scenes/{unknown}/checkins", nil, "coordinator", 404},
	// listMyCheckins: any signed-in user (their own)
	{"listMyCheckins", "GET", "/api/v1/me/checkins?open=true", nil, "anonymous", 401},
	{"listMyCheckins", "GET", "/api/v1/me/checkins?open=true", nil, "outsider", 200},
	{"listMyCheckins", "GET", "/api/v1/me/checkins?open=true", nil, "performer", 200},
	{"listMyCheckins", "GET", "/api/v1/me/checkins?open=true", nil, "uncast", 200},
	{"listMyCheckins", "GET", "/api/v1/me/checkins?open=true", nil, "coordinator", 200},
	{"listMyCheckins", "GET", "/api/v1/me/checkins?open=true", nil, "producer", 200},
	// scheduleDebrief: coordinator
	{"scheduleDebrief", "POST", "/api/v1/scenes/{scene}/debriefs", authzDebriefBody, "anonymous", 401},
	{"scheduleDebrief", "POST", "/api/v1/scenes/{scene}/debriefs", authzDebriefBody, "outsider", 404},
	{"scheduleDebrief", "POST", "/api/v1/scenes/{scene}/debriefs", authzDebriefBody, "performer", 403},
	{"scheduleDebrief", "POST", "/api/v1/scenes/{scene}/debriefs", authzDebriefBody, "uncast", 404},
	{"scheduleDebrief", "POST", "/api/v1/scenes/{scene}/debriefs", authzDebriefBody, "coordinator", 201},
	{"scheduleDebrief", "POST", "/api/v1/scenes/{scene}/debriefs", authzDebriefBody, "producer", 403},
	{"scheduleDebrief unknown", "POST", "/api/v1/scenes/{unknown}/debriefs", authzDebriefBody, "coordinator", 404},
	// updateDebrief: coordinator
	{"updateDebrief", "PATCH", "/api/v1/debriefs/{debrief}", authzDebriefPatch, "anonymous", 401},
	{"updateDebrief", "PATCH", "/api/v1/debriefs/{debrief}", authzDebriefPatch, "outsider", 404},
	{"updateDebrief", "PATCH", "/api/v1/debriefs/{debrief}", authzDebriefPatch, "performer", 403},
	{"updateDebrief", "PATCH", "/api/v1/debriefs/{debrief}", authzDebriefPatch, "uncast", 404},
	{"updateDebrief", "PATCH", "/api/v1/debriefs/{debrief}", authzDebriefPatch, "coordinator", 200},
	{"updateDebrief", "PATCH", "/api/v1/debriefs/{debrief}", authzDebriefPatch, "producer", 403},
	{"updateDebrief unknown", "PATCH", "/api/v1/debriefs/{unknown}", authzDebriefPatch, "coordinator", 404},
	// getDebrief, getDebriefCalendar: coordinator, producer, participants
	{"getDebrief", "GET", "/api/v1/debriefs/{debrief}", nil, "anonymous", 401},
	{"getDebrief", "GET", "/api/v1/debriefs/{debrief}", nil, "outsider", 404},
	{"getDebrief", "GET", "/api/v1/debriefs/{debrief}", nil, "performer", 200},
	{"getDebrief", "GET", "/api/v1/debriefs/{debrief}", nil, "uncast", 404},
	{"getDebrief", "GET", "/api/v1/debriefs/{debrief}", nil, "coordinator", 200},
	{"getDebrief", "GET", "/api/v1/debriefs/{debrief}", nil, "producer", 200},
	{"getDebrief unknown", "GET", "/api/v1/debriefs/{unknown}", nil, "coordinator", 404},
	{"getDebriefCalendar", "GET", "/api/v1/debriefs/{debrief}/calendar.ics", nil, "anonymous", 401},
	{"getDebriefCalendar", "GET", "/api/v1/debriefs/{debrief}/calendar.ics", nil, "outsider", 404},
	{"getDebriefCalendar", "GET", "/api/v1/debriefs/{debrief}/calendar.ics", nil, "performer", 200},
	{"getDebriefCalendar", "GET", "/api/v1/debriefs/{debrief}/calendar.ics", nil, "uncast", 404},
	{"getDebriefCalendar", "GET", "/api/v1/debriefs/{debrief}/calendar.ics", nil, "coordinator", 200},
	{"getDebriefCalendar", "GET", "/api/v1/debriefs/{debrief}/calendar.ics", nil, "producer", 200},
	{"getDebriefCalendar unknown", "GET", "/api/v1/debriefs/{unknown}/calendar.ics", nil, "coordinator", 404},
	// listMyDebriefs: any signed-in user (their own)
	{"listMyDebriefs", "GET", "/api/v1/me/debriefs", nil, "anonymous", 401},
	{"listMyDebriefs", "GET", "/api/v1/me/debriefs", nil, "outsider", 200},
	{"listMyDebriefs", "GET", "/api/v1/me/debriefs", nil, "performer", 200},
	{"listMyDebriefs", "GET", "/api/v1/me/debriefs", nil, "uncast", 200},
	{"listMyDebriefs", "GET", "/api/v1/me/debriefs", nil, "coordinator", 200},
	{"listMyDebriefs", "GET", "/api/v1/me/debriefs", nil, "producer", 200},
	// operations: anyone
	{"healthz", "GET", "/healthz", nil, "anonymous", 200},
	{"healthz", "GET", "/healthz", nil, "outsider", 200},
	{"healthz", "GET", "/healthz", nil, "performer", 200},
	{"healthz", "GET", "/healthz", nil, "coordinator", 200},
	{"healthz", "GET", "/healthz", nil, "producer", 200},
	{"readyz", "GET", "/readyz", nil, "anonymous", 200},
	{"readyz", "GET", "/readyz", nil, "outsider", 200},
	{"readyz", "GET", "/readyz", nil, "performer", 200},
	{"readyz", "GET", "/readyz", nil, "coordinator", 200},
	{"readyz", "GET", "/readyz", nil, "producer", 200},
	{"metrics", "GET", "/metrics", nil, "anonymous", 200},
	{"metrics", "GET", "/metrics", nil, "outsider", 200},
	{"metrics", "GET", "/metrics", nil, "performer", 200},
	{"metrics", "GET", "/metrics", nil, "coordinator", 200},
	{"metrics", "GET", "/metrics", nil, "producer", 200},
}

// authzCallers are the kinds of caller, in matrix order; every implemented
// operation has a row for each.
var authzCallers = []string{"anonymous", "outsider", "performer", "coordinator", "producer"}

// authzSceneCallers are the extra kinds of caller that operations on scenes and
// boundaries have rows for: uncast is a performer member of the production who
// is not cast in {scene} (rule 10: scene-level things are hidden from them).
var authzSceneCallers = []string{"uncast"}

// authzRequiredCallers are the kinds of caller an operation needs rows for.
func authzRequiredCallers(template string) []string {
	if strings.Contains(template, "/scenes") || strings.Contains(template, "/boundaries") {
		return append(slices.Clone(authzCallers), authzSceneCallers...)
	}
	return authzCallers
}

// authzWorld is the fresh state one row runs against.
type authzWorld struct {
	t          *testing.T
	s          *testServer
	production string
	users      map[string]account // by caller kind, without anonymous

	// the consent-core fixture, built on first use by sceneFixture
	scene, boundary string
	castmate        account

	// built on first use by checkinFixture and debriefFixture
	checkin, debrief string
}

func authzNewWorld(t *testing.T, s *testServer) *authzWorld {
	t.Helper()
	w := &authzWorld{t: t, s: s, users: map[string]account{
		"producer":    errsAccount(t, s, "Pat Producer"),
		"coordinator": errsAccount(t, s, "Cory Coordinator"),
		"performer":   errsAccount(t, s, "Perri Performer"),
		"outsider":    errsAccount(t, s, "Otto Outsider"),
	}}
	w.production = s.createProduction(w.users["producer"], "Night Garden")
	s.join(w.users["producer"], w.production, w.users["coordinator"], "coordinator")
	s.join(w.users["coordinator"], w.production, w.users["performer"], "performer")
	return w
}

// user returns the account of a kind of caller, creating the uncast
// performer on first use.
func (w *authzWorld) user(as string) (account, bool) {
	w.t.Helper()
	if as == "uncast" && w.users[as].ID == "" {
		w.users[as] = w.performerMember("Una Uncast")
	}
	u, ok := w.users[as]
	return u, ok
}

// performerMember signs up someone and makes them a performer of the
// production, straight through the service (fixtures need no HTTP).
func (w *authzWorld) performerMember(name string) account {
	w.t.Helper()
	ctx := w.t.Context()
	u := errsAccount(w.t, w.s, name)
	inv, err := w.s.Svc.CreateInvite(ctx, w.users["coordinator"].ID, w.production, u.Email, domain.RolePerformer)
	if err == nil {
		_, err = w.s.Svc.AcceptInvite(ctx, u.ID, inv.Token)
	}
	if err != nil {
		w.t.Fatalf("fixture performer %s: %v", name, err)
	}
	return u
}

// sceneFixture builds, once per world, the consent core a row may ask about:
// a scene tagged kissing and partial_nudity whose coordinator is the
// coordinator, with the performer and a castmate cast in it, version 1 of its
// choreography published, a drafted (unsigned) rider version 1 for each of
// them, and a boundary of the performer's. The uncast performer exists too.
// It goes through the service: the rows, not the fixture, are under test.
func (w *authzWorld) sceneFixture() {
	w.t.Helper()
	if w.scene != "" {
		return
	}
	ctx, svc := w.t.Context(), w.s.Svc
	coord, perf := w.users["coordinator"], w.users["performer"]
	w.user("uncast")
	w.castmate = w.performerMember("Cass Castmate")
	sc, err := svc.CreateScene(ctx, coord.ID, w.production, service.SceneInput{Number: "42A", Title: "The garden",
		CallTime: time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC), ContentTags: []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity},
		CoordinatorID: coord.ID, ClosedSet: []string{"Director", "DP"}})
	if err != nil {
		w.t.Fatalf("fixture scene: %v", err)
	}
	w.scene = sc.ID
	for _, p := range []account{perf, w.castmate} {
		if _, err := svc.PutCastMember(ctx, coord.ID, w.scene, p.ID, service.CastInput{CharacterName: "Role of " + p.Email}); err != nil {
			w.t.Fatalf("fixture cast: %v", err)
		}
		if _, err := svc.PutRider(ctx, coord.ID, w.scene, p.ID, domain.Rider{Nudity: domain.NudityPartial,
			VisibleAreas: []domain.BodyArea{domain.AreaBack}, Acts: sc.ContentTags}); err != nil {
			w.t.Fatalf("fixture rider: %v", err)
		}
	}
	if _, err := svc.PublishChoreography(ctx, coord.ID, w.scene, "First pass", []domain.Step{{Title: "Kiss",
		Performers: []domain.StepPerformer{{UserID: perf.ID, Nudity: domain.NudityNone}, {UserID: w.castmate.ID, Nudity: domain.NudityNone}},
		Contacts:   []domain.StepContact{{FromUserID: perf.ID, ToUserID: w.castmate.ID, Area: domain.AreaLips}}}}); err != nil {
		w.t.Fatalf("fixture choreography: %v", err)
	}
	b, err := svc.CreateBoundary(ctx, perf.ID, domain.Boundary{ProductionID: w.production, Kind: domain.BoundaryNote, Note: "Warn me first."})
	if err != nil {
		w.t.Fatalf("fixture boundary: %v", err)
	}
	w.boundary = b.ID
}

// checkinFixture builds, once per world, an open check-in on the fixture
// scene addressed to the cast performer only, expiring in an hour.
func (w *authzWorld) checkinFixture() {
	w.t.Helper()
	if w.checkin != "" {
		return
	}
	w.sceneFixture()
	c, err := w.s.Svc.RequestCheckin(w.t.Context(), w.users["coordinator"].ID, w.scene, "Before take 1",
		[]string{w.users["performer"].ID}, 3600)
	if err != nil {
		w.t.Fatalf("fixture check-in: %v", err)
	}
	w.checkin = c.ID
}

// debriefFixture builds, once per world, a scheduled debrief of the fixture
// scene with the cast (performer and castmate) as participants.
func (w *authzWorld) debriefFixture() {
	w.t.Helper()
	if w.debrief != "" {
		return
	}
	w.sceneFixture()
	d, err := w.s.Svc.ScheduleDebrief(w.t.Context(), w.users["coordinator"].ID, w.scene,
		time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC), "Green room", nil)
	if err != nil {
		w.t.Fatalf("fixture debrief: %v", err)
	}
	w.debrief = d.ID
}

// freshEmail is an address nobody has used.
func (w *authzWorld) freshEmail() string {
	return fmt.Sprintf("fresh.%d@example.test", errsSeq.Add(1))
}

// invite creates a performer invite to email as the producer and returns its
// token.
func (w *authzWorld) invite(email string) string {
	w.t.Helper()
	res := w.s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.production + "/invites",
		Token: w.users["producer"].Token, Body: map[string]any{"email": email, "role": "performer"}})
	if res.Status != http.StatusCreated {
		w.t.Fatalf("fixture invite: %d %s", res.Status, res.Body)
	}
	return res.JSON(w.t)["token"].(string)
}

// authzPlaceholderName matches a placeholder such as {production} (never
// JSON braces, which are followed by a quote or another brace).
var authzPlaceholderName = regexp.MustCompile(`\{[A-Za-z]+\}`)

// expand substitutes the placeholders of a row for caller as.
func (w *authzWorld) expand(text, as, email string) string {
	w.t.Helper()
	caller, signedIn := w.user(as)
	return authzPlaceholderName.ReplaceAllStringFunc(text, func(ph string) string {
		switch ph {
		case "{production}":
			return w.production
		case "{unknown}":
			return prodUnknownID
		case "{email}":
			return email
		case "{producerEmail}":
			return w.users["producer"].Email
		case "{invite}":
			to := w.freshEmail()
			if signedIn {
				to = caller.Email
			}
			return w.invite(to)
		case "{version}":
			w.sceneFixture()
			return "1"
		case "{unknownVersion}":
			w.sceneFixture()
			return "2"
		case "{scene}":
			w.sceneFixture()
			return w.scene
		case "{performerId}":
			w.sceneFixture()
			return w.users["performer"].ID
		case "{castmateId}":
			w.sceneFixture()
			return w.castmate.ID
		case "{uncastId}":
			w.sceneFixture()
			return w.users["uncast"].ID
		case "{boundary}":
			w.sceneFixture()
			return w.boundary
		case "{checkin}":
			w.checkinFixture()
			return w.checkin
		case "{debrief}":
			w.debriefFixture()
			return w.debrief
		case "{otherInvite}":
			return w.invite(w.freshEmail())
		case "{usedInvite}":
			someone := errsAccount(w.t, w.s, "Early Bird")
			tok := w.invite(someone.Email)
			if res := w.s.Do(request{Method: "POST", Path: "/api/v1/invites/" + tok + "/accept", Token: someone.Token}); res.Status != http.StatusOK {
				w.t.Fatalf("fixture accept: %d %s", res.Status, res.Body)
			}
			return tok
		}
		w.t.Fatalf("unknown placeholder %s", ph)
		return ""
	})
}

// body expands placeholders inside a row's body, returned as raw JSON.
func (w *authzWorld) body(body any, as, email string) any {
	w.t.Helper()
	if body == nil {
		return nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.expand(string(b), as, email)
}

// authzTemplate reduces a path to its shape: every {placeholder} becomes {}.
var authzPlaceholder = regexp.MustCompile(`\{[^}]*\}`)

func authzTemplate(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	return method + " " + authzPlaceholder.ReplaceAllString(path, "{}")
}

func TestAuthorizationMatrix(t *testing.T) {
	s := newTestServer(t)

	// Reads change nothing, so GET rows share one world (fully built up
	// front); every other row gets a fresh one.
	var readWorld *authzWorld
	worldFor := func(t *testing.T, method string) *authzWorld {
		if method != http.MethodGet {
			return authzNewWorld(t, s)
		}
		if readWorld == nil {
			readWorld = authzNewWorld(t, s)
			readWorld.sceneFixture()
			readWorld.checkinFixture()
			readWorld.debriefFixture()
		}
		w := *readWorld
		w.t = t
		return &w
	}

	t.Run("rows", func(t *testing.T) {
		for _, r := range authzRows {
			if !slices.Contains(authzCallers, r.as) && !slices.Contains(authzSceneCallers, r.as) {
				t.Fatalf("row %q: unknown caller %q", r.name, r.as)
			}
			t.Run(fmt.Sprintf("%s/%s %s %s", r.as, r.method, r.path, r.name), func(t *testing.T) {
				w := worldFor(t, r.method)
				email := w.freshEmail()
				req := request{Method: r.method, Path: w.expand(r.path, r.as, email), Body: w.body(r.body, r.as, email)}
				if u, ok := w.user(r.as); ok {
					req.Token = u.Token
					req.Header = map[string]string{"Cookie": "closedset_refresh=" + u.Refresh}
				}
				res := s.Do(req)
				if res.Status != r.want {
					t.Fatalf("%s %s as %s: %d, want %d: %.300s", r.method, req.Path, r.as, res.Status, r.want, res.Body)
				}
				if res.Status >= 400 {
					p := errsProblemShape(t, res)
					switch res.Status {
					case http.StatusUnauthorized:
						if res.Header.Get("WWW-Authenticate") == "" {
							t.Error("401 without WWW-Authenticate")
						}
					case http.StatusNotFound:
						if p["code"] != "not_found" {
							t.Errorf("404 code %v, want not_found", p["code"])
						}
					}
				}
			})
		}
	})

	// Every implemented operation of the contract has rows for every kind of
	// caller; the spec walk below finds which operations are implemented.
	implemented := map[string]string{} // template → operationId

	t.Run("spec", func(t *testing.T) {
		spec, err := api.GetSpec()
		if err != nil {
			t.Fatal(err)
		}
		w := authzNewWorld(t, s)
		member := w.users["producer"] // a member of a production, asking about unknown ones
		paths := spec.Paths.Map()
		keys := make([]string, 0, len(paths))
		for p := range paths {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			ops := paths[p].Operations()
			methods := make([]string, 0, len(ops))
			for m := range ops {
				methods = append(methods, m)
			}
			sort.Strings(methods)
			for _, method := range methods {
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
				target, body, aboutUnknownProduction := authzConcrete(t, w, p, op, paths[p].Parameters)

				t.Run("anonymous/"+method+" "+p, func(t *testing.T) {
					res := s.Do(request{Method: method, Path: target, Body: body})
					if secured {
						assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
						if res.Header.Get("WWW-Authenticate") == "" {
							t.Error("401 without WWW-Authenticate")
						}
						return
					}
					authzNoServerError(t, res)
				})

				t.Run("signed-in/"+method+" "+p, func(t *testing.T) {
					res := s.Do(request{Method: method, Path: target, Body: body, Token: member.Token})
					t.Logf("%s %s → %d %.120s", method, target, res.Status, res.Body)
					authzNoServerError(t, res)
					if secured && res.Status == http.StatusUnauthorized {
						t.Errorf("a valid token is refused: %s", res.Body)
					}
					if aboutUnknownProduction && res.Status < 300 {
						t.Errorf("%d for an unknown production: %.300s", res.Status, res.Body)
					}
					if res.Status != http.StatusNotImplemented {
						implemented[authzTemplate(method, p)] = op.OperationID
					}
				})
			}
		}
	})

	t.Run("every implemented operation has rows", func(t *testing.T) {
		if len(implemented) == 0 {
			t.Skip("the spec walk found nothing")
		}
		covered := map[string]map[string]bool{}
		for _, r := range authzRows {
			k := authzTemplate(r.method, r.path)
			if covered[k] == nil {
				covered[k] = map[string]bool{}
			}
			covered[k][r.as] = true
		}
		keys := make([]string, 0, len(implemented))
		for k := range implemented {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, as := range authzRequiredCallers(k) {
				if !covered[k][as] {
					t.Errorf("%s (%s) answers (not 501) but authzRows has no row for %s: add its rows",
						k, implemented[k], as)
				}
			}
		}
	})
}

// authzNoServerError fails on any 5xx except 501 not_implemented, and checks
// that every error is a problem.
func authzNoServerError(t *testing.T, res response) {
	t.Helper()
	if res.Status == http.StatusNotImplemented {
		assertProblem(t, res, http.StatusNotImplemented, "not_implemented")
		return
	}
	if res.Status >= 500 {
		t.Fatalf("server error %d: %.300s", res.Status, res.Body)
	}
	if res.Status >= 400 {
		errsProblemShape(t, res)
	}
}

// authzConcrete turns a spec path into a request: unknown ids for path
// parameters, values for required query parameters, and a schema-valid body.
// It reports whether the request names an unknown production.
func authzConcrete(t *testing.T, w *authzWorld, path string, op *openapi3.Operation, common openapi3.Parameters) (string, any, bool) {
	t.Helper()
	aboutProduction := false
	query := url.Values{}
	params := append(slices.Clone(common), op.Parameters...)
	for _, pr := range params {
		p := pr.Value
		if p == nil {
			continue
		}
		value := fmt.Sprint(authzExample(p.Schema, p.Name, w))
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
			body = authzExample(mt.Schema, "", w)
			if m, ok := body.(map[string]any); ok && m["productionId"] == prodUnknownID {
				aboutProduction = true
			}
		}
	}
	return path, body, aboutProduction
}

// authzOtherID is an id that names nothing, distinct from prodUnknownID.
const authzOtherID = "01937a4e-ffff-7000-8000-00000000beef"

// authzExample builds a minimal value that satisfies schema: required
// properties only, the first enum value, minimums, formats. Ids are unknown;
// a productionId is prodUnknownID.
func authzExample(ref *openapi3.SchemaRef, name string, w *authzWorld) any {
	if ref == nil || ref.Value == nil {
		return "x"
	}
	sc := ref.Value
	if len(sc.AllOf) > 0 {
		var merged any
		for _, part := range sc.AllOf {
			v := authzExample(part, name, w)
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
		return authzExample(sc.OneOf[0], name, w)
	}
	if len(sc.AnyOf) > 0 {
		return authzExample(sc.AnyOf[0], name, w)
	}
	if len(sc.Enum) > 0 {
		return sc.Enum[0]
	}
	switch {
	case sc.Type.Is("object") || (sc.Type.IsEmpty() && len(sc.Properties) > 0):
		m := map[string]any{}
		for _, k := range sc.Required {
			m[k] = authzExample(sc.Properties[k], k, w)
		}
		return m
	case sc.Type.Is("array"):
		out := []any{}
		for range sc.MinItems {
			out = append(out, authzExample(sc.Items, name, w))
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
		return w.freshEmail()
	case sc.Format == "date-time":
		return "2026-12-01T07:30:00Z"
	case sc.Format == "date":
		return "2026-12-01"
	case sc.Format == "uri" || sc.Format == "url" || name == "endpoint" || name == "url":
		return "https://fcm.googleapis.com/fcm/send/authz-walk"
	case name == "productionId":
		return prodUnknownID
	case strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "Ids") || name == "token":
		return authzOtherID
	case name == "timezone":
		return "Europe/London"
	}
	n := max(int(sc.MinLength), 1)
	if sc.MaxLength != nil && int(*sc.MaxLength) < n {
		n = int(*sc.MaxLength)
	}
	return strings.Repeat("x", n)
}
