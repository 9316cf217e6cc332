package api

import (
	"testing"

	"github.com/labstack/echo/v4"
)

// TestSecurityModesMatchRoutes: every operation whose spec security asks for
// bearerAuth is found under the route template Echo registers for it, so
// authenticateFirst sees it (an operation missed here would read its body
// before authenticating).
func TestSecurityModesMatchRoutes(t *testing.T) {
	spec, err := GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	modes := securityModes(spec)
	e := echo.New()
	RegisterHandlers(e, &Server{})
	routes := map[string]bool{}
	for _, r := range e.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	for key, mode := range modes {
		if !routes[key] {
			t.Errorf("%s (mode %d) is no Echo route", key, mode)
		}
	}
	for _, key := range []string{"GET /api/v1/me", "POST /api/v1/productions", "PATCH /api/v1/scenes/:sceneId"} {
		if modes[key] != authRequired {
			t.Errorf("%s: mode %d, want required", key, modes[key])
		}
	}
	for _, key := range []string{"POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "GET " + streamRoute} {
		if modes[key] != authNone {
			t.Errorf("%s: mode %d, want none", key, modes[key])
		}
	}
	if len(modes) < 40 {
		t.Errorf("only %d signed-in operations found", len(modes))
	}
}
