package api

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadSpecFile(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile("../openapi.yaml")
	if err != nil {
		t.Fatalf("load ../openapi.yaml: %v", err)
	}
	return doc
}

func TestOpenAPISpecIsValid(t *testing.T) {
	doc := loadSpecFile(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not valid: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi version = %q, want 3.0.3 (oapi-codegen does not support 3.1)", doc.OpenAPI)
	}

	seen := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
				continue
			}
			if prev, dup := seen[op.OperationID]; dup {
				t.Errorf("operationId %q used by %s and %s %s", op.OperationID, prev, method, path)
			}
			seen[op.OperationID] = method + " " + path
		}
	}

	// The spec embedded in openapi.gen.go must match the file: a mismatch
	// means someone edited openapi.yaml without running `go generate ./api`.
	embedded, err := GetSpec()
	if err != nil {
		t.Fatalf("embedded spec: %v", err)
	}
	if got, want := embedded.Paths.Len(), doc.Paths.Len(); got != want {
		t.Fatalf("embedded spec has %d paths, openapi.yaml has %d: run go generate ./api", got, want)
	}
	if got, want := len(embedded.Components.Schemas), len(doc.Components.Schemas); got != want {
		t.Fatalf("embedded spec has %d schemas, openapi.yaml has %d: run go generate ./api", got, want)
	}
	// oapi-codegen capitalises operationIds in the spec it embeds; compare
	// them case-insensitively, then compare the rest of the document.
	fileIDs, embeddedIDs := clearOperationIDs(doc), clearOperationIDs(embedded)
	for route, id := range fileIDs {
		if !strings.EqualFold(embeddedIDs[route], id) {
			t.Errorf("%s: embedded operationId %q, openapi.yaml %q: run go generate ./api", route, embeddedIDs[route], id)
		}
	}
	fileJSON, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	embeddedJSON, err := json.Marshal(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if string(fileJSON) != string(embeddedJSON) {
		t.Fatal("embedded spec differs from openapi.yaml: run go generate ./api")
	}
}

// clearOperationIDs blanks every operationId in doc and returns them by route.
func clearOperationIDs(doc *openapi3.T) map[string]string {
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ids[method+" "+path] = op.OperationID
			op.OperationID = ""
		}
	}
	return ids
}

// contract lists every route in design/api.md.
var contract = []struct{ method, path string }{
	// Auth and people
	{http.MethodPost, "/api/v1/auth/register"},
	{http.MethodPost, "/api/v1/auth/login"},
	{http.MethodPost, "/api/v1/auth/refresh"},
	{http.MethodPost, "/api/v1/auth/logout"},
	{http.MethodGet, "/api/v1/me"},
	{http.MethodDelete, "/api/v1/me"},
	{http.MethodGet, "/api/v1/me/export"},
	{http.MethodGet, "/api/v1/me/notification-settings"},
	{http.MethodPut, "/api/v1/me/notification-settings"},
	{http.MethodPost, "/api/v1/auth/password-reset"},
	{http.MethodPost, "/api/v1/auth/password-reset/confirm"},
	// Productions and membership
	{http.MethodPost, "/api/v1/productions"},
	{http.MethodGet, "/api/v1/productions"},
	{http.MethodGet, "/api/v1/productions/{productionId}"},
	{http.MethodPost, "/api/v1/productions/{productionId}/invites"},
	{http.MethodPost, "/api/v1/invites/{token}/accept"},
	{http.MethodPatch, "/api/v1/productions/{productionId}/members/{userId}"},
	{http.MethodDelete, "/api/v1/productions/{productionId}/members/{userId}"},
	{http.MethodGet, "/api/v1/productions/{productionId}/invites"},
	{http.MethodDelete, "/api/v1/productions/{productionId}/invites/{inviteId}"},
	{http.MethodGet, "/api/v1/productions/{productionId}/members"},
	// Scenes and cast
	{http.MethodPost, "/api/v1/productions/{productionId}/scenes"},
	{http.MethodGet, "/api/v1/productions/{productionId}/scenes"},
	{http.MethodGet, "/api/v1/me/scenes"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}"},
	{http.MethodPatch, "/api/v1/scenes/{sceneId}"},
	{http.MethodPut, "/api/v1/scenes/{sceneId}/cast/{userId}"},
	{http.MethodDelete, "/api/v1/scenes/{sceneId}/cast/{userId}"},
	// Choreography
	{http.MethodPost, "/api/v1/scenes/{sceneId}/choreography"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/choreography"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/choreography/versions"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/choreography/versions/{version}"},
	{http.MethodPost, "/api/v1/scenes/{sceneId}/choreography/preview"},
	// Consent
	{http.MethodPut, "/api/v1/scenes/{sceneId}/consent"},
	{http.MethodPost, "/api/v1/scenes/{sceneId}/consent/withdraw"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/consents"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/consents/summary"},
	// Riders
	{http.MethodPut, "/api/v1/scenes/{sceneId}/riders/{userId}"},
	{http.MethodPost, "/api/v1/scenes/{sceneId}/riders/{userId}/sign"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/riders/{userId}"},
	// Boundaries
	{http.MethodGet, "/api/v1/me/boundaries"},
	{http.MethodPost, "/api/v1/me/boundaries"},
	{http.MethodPatch, "/api/v1/me/boundaries/{boundaryId}"},
	{http.MethodDelete, "/api/v1/me/boundaries/{boundaryId}"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/boundaries"},
	// Check-ins
	{http.MethodPost, "/api/v1/scenes/{sceneId}/checkins"},
	{http.MethodPost, "/api/v1/checkins/{checkinId}/response"},
	{http.MethodGet, "/api/v1/checkins/{checkinId}"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/checkins"},
	{http.MethodGet, "/api/v1/me/checkins"},
	// Debriefs
	{http.MethodPost, "/api/v1/scenes/{sceneId}/debriefs"},
	{http.MethodPatch, "/api/v1/debriefs/{debriefId}"},
	{http.MethodGet, "/api/v1/debriefs/{debriefId}"},
	{http.MethodGet, "/api/v1/debriefs/{debriefId}/calendar.ics"},
	{http.MethodGet, "/api/v1/me/debriefs"},
	// Coverage
	{http.MethodGet, "/api/v1/productions/{productionId}/coverage"},
	{http.MethodGet, "/api/v1/productions/{productionId}/coverage.csv"},
	// Extensions beyond api.md: the live board stream and its ticket.
	{http.MethodPost, "/api/v1/productions/{productionId}/events/ticket"},
	{http.MethodGet, "/api/v1/productions/{productionId}/events"},
	{http.MethodGet, "/api/v1/scenes/{sceneId}/debriefs"},
	// Notifications
	{http.MethodGet, "/api/v1/push/vapid-public-key"},
	{http.MethodPost, "/api/v1/push/subscriptions"},
	{http.MethodDelete, "/api/v1/push/subscriptions"},
	{http.MethodGet, "/api/v1/notifications"},
	{http.MethodPost, "/api/v1/notifications/{notificationId}/read"},
	{http.MethodGet, "/api/v1/notifications/summary"},
	// Audit
	{http.MethodGet, "/api/v1/productions/{productionId}/audit"},
	{http.MethodGet, "/api/v1/productions/{productionId}/audit/verify"},
	// Operations
	{http.MethodGet, "/api/v1/config"},
	{http.MethodGet, "/healthz"},
	{http.MethodGet, "/readyz"},
}

func TestSpecCoversContract(t *testing.T) {
	doc := loadSpecFile(t)
	want := map[string]bool{}
	for _, c := range contract {
		want[c.method+" "+c.path] = true
		item := doc.Paths.Value(c.path)
		if item == nil || item.GetOperation(c.method) == nil {
			t.Errorf("spec lacks %s %s", c.method, c.path)
		}
	}
	// Everything in the spec should be in the contract list too, so that an
	// added endpoint is a deliberate change to this test.
	var extra []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !want[method+" "+path] {
				extra = append(extra, method+" "+path)
			}
		}
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("spec has %s, which is not in the contract list", e)
	}
}
