package api

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// Header values set on every answer, shared: net/http only reads them, and
// their capacity equals their length, so an Add elsewhere copies instead of
// writing into them. The keys are canonical, so they are assigned to the
// header map directly (no Header.Set work).
var (
	noStore          = []string{"no-store"}
	nosniff          = []string{"nosniff"}
	frameDeny        = []string{"DENY"}
	apiPolicy        = []string{"default-src 'none'; frame-ancestors 'none'"}
	documentPolicy   = []string{contentSecurityPolicy}
	noReferrer       = []string{"no-referrer"}
	xssAuditorOff    = []string{"0"}
	permissionsValue = []string{"camera=(), microphone=(), geolocation=(), payment=()"}
	openerPolicy     = []string{"same-origin"}
	hsts             = []string{"max-age=31536000; includeSubdomains"}
)

// contentSecurityPolicy is the app shell's: only the app's own origin.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; " +
	"base-uri 'self'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every answer carries, first in the chain
// after the request id, so errors of any later middleware carry them too.
//
// Answers under /api/ — successes, errors, replays — are data, never a
// document: Cache-Control: no-store (they carry people's data and tokens; no
// browser or proxy cache may keep them, the app keeps what it needs offline
// itself), nosniff, X-Frame-Options: DENY and a policy that allows nothing
// (OWASP's set for REST answers). What only a document uses — the shell's
// own policy, Referrer-Policy, Permissions-Policy, the opener policy, the
// legacy XSS auditor switch — goes on everything else (the PWA's files and
// index). Kept short, an API answer's headers stay within the eight entries
// a small Go map holds, so they cost no map growth when set nor when
// net/http copies them.
//
// Strict-Transport-Security goes on answers that came over TLS, directly or
// through a proxy that says so (X-Forwarded-Proto: https).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		h := c.Response().Header()
		h["X-Content-Type-Options"] = nosniff
		h["X-Frame-Options"] = frameDeny
		if strings.HasPrefix(req.URL.Path, "/api/") {
			h["Cache-Control"] = noStore
			h["Content-Security-Policy"] = apiPolicy
		} else {
			h["Content-Security-Policy"] = documentPolicy
			h["Referrer-Policy"] = noReferrer
			h["X-Xss-Protection"] = xssAuditorOff
			h["Permissions-Policy"] = permissionsValue
			h["Cross-Origin-Opener-Policy"] = openerPolicy
		}
		if req.TLS != nil || req.Header.Get(echo.HeaderXForwardedProto) == "https" {
			h["Strict-Transport-Security"] = hsts
		}
		return next(c)
	}
}
