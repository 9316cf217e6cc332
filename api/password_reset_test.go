package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"closedset/internal/mail/mailtest"
)

// requestReset asks for a reset link for email.
func requestReset(s *testServer, email string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/auth/password-reset", Body: map[string]any{"email": email}})
}

// confirmReset sets password with token.
func confirmReset(s *testServer, token, password string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/auth/password-reset/confirm", Body: map[string]any{"token": token, "password": password}})
}

// resetToken waits for the n-th message to address and returns the token
// of its reset link.
func resetToken(t *testing.T, smtp *mailtest.Server, address string, n int) string {
	t.Helper()
	var ms []*mailtest.Parsed
	waitFor(t, "the reset e-mail", func() bool { ms = mailsTo(t, smtp, address); return len(ms) >= n })
	m := ms[n-1]
	if m.ListUnsubscribe != "" || m.MessageID == "" || m.Date.IsZero() || !strings.Contains(m.Subject, "password") {
		t.Errorf("reset e-mail headers: subject %q, List-Unsubscribe %q, Message-ID %q", m.Subject, m.ListUnsubscribe, m.MessageID)
	}
	link := linkTo(t, m, testPublicURL+"/reset-password?")
	token := link.Query().Get("token")
	if link.Path != "/reset-password" || token == "" {
		t.Fatalf("reset link %s", link)
	}
	return token
}

// A reset request answers the same 202 for a known and an unknown address;
// only the known one gets a link. Following it sets the new password and
// ends every session: the access token issued before — even in the same
// second — is refused, the refresh cookie too; one issued after, in that
// same second, works. The link works once.
func TestPasswordReset(t *testing.T) {
	s, smtp := newMailTestServer(t)
	a := newAccount(t, s, "Rae Reset") // signed in at 09:00:00.000
	s.Clock.Advance(200 * time.Millisecond)

	known := must(t, requestReset(s, strings.ToUpper(a.Email)), http.StatusAccepted)
	unknown := must(t, requestReset(s, "nobody.here@example.test"), http.StatusAccepted)
	if string(known.Body) != string(unknown.Body) || known.Header.Get("Content-Type") != unknown.Header.Get("Content-Type") {
		t.Fatalf("known %q vs unknown %q", known.Body, unknown.Body)
	}
	token := resetToken(t, smtp, a.Email, 1)
	settle()
	if n := len(smtp.Messages()); n != 1 {
		t.Fatalf("%d messages, want 1 (the unknown address gets none)", n)
	}
	noLeak(t, "log", []byte(s.Logs.String()), a.Email, token)

	s.Clock.Advance(100 * time.Millisecond) // 09:00:00.300: the same second as the old token
	assertProblem(t, confirmReset(s, token, "short"), http.StatusUnprocessableEntity, "validation_failed")
	must(t, confirmReset(s, token, "a brand new password"), http.StatusNoContent)

	assertProblem(t, getMe(s, a.Token), http.StatusUnauthorized, "invalid_token")
	assertProblem(t, postRefresh(s, a.Refresh), http.StatusUnauthorized, "invalid_refresh_token")
	assertProblem(t, postLogin(s, a.Email, "correct horse battery"), http.StatusUnauthorized, "invalid_credentials")
	s.Clock.Advance(100 * time.Millisecond) // 09:00:00.400: still that second
	res := must(t, postLogin(s, a.Email, "a brand new password"), http.StatusOK)
	fresh := res.JSON(t)["accessToken"].(string)
	must(t, getMe(s, fresh), http.StatusOK)

	assertProblem(t, confirmReset(s, token, "another new password"), http.StatusNotFound, "not_found")
	assertProblem(t, confirmReset(s, "not-a-token", "another new password"), http.StatusNotFound, "not_found")

	// A second link, not used within the hour, has expired.
	must(t, requestReset(s, a.Email), http.StatusAccepted)
	late := resetToken(t, smtp, a.Email, 2)
	s.Clock.Advance(time.Hour)
	assertProblem(t, confirmReset(s, late, "another new password"), http.StatusGone, "reset_expired")
	res = must(t, postLogin(s, a.Email, "a brand new password"), http.StatusOK) // nothing changed
	fresh = res.JSON(t)["accessToken"].(string)

	// Two unused links: using one deletes the other.
	must(t, requestReset(s, a.Email), http.StatusAccepted)
	must(t, requestReset(s, a.Email), http.StatusAccepted)
	first, second := resetToken(t, smtp, a.Email, 3), resetToken(t, smtp, a.Email, 4)
	must(t, confirmReset(s, second, "yet another password"), http.StatusNoContent)
	assertProblem(t, confirmReset(s, first, "one more password"), http.StatusNotFound, "not_found")
	assertProblem(t, getMe(s, fresh), http.StatusUnauthorized, "invalid_token")
}

// Reset requests are limited per e-mail (unknown addresses too: 3 per
// 15 min) and per client IP (20 per 15 min), counted in the database: a
// second instance on the same database refuses as well.
func TestPasswordResetRateLimits(t *testing.T) {
	s, _ := newMailTestServer(t)
	other := newMailTestServerOn(t, s.Store, nil)
	unknown := "nobody.here@example.test"
	for range 3 {
		must(t, requestReset(s, unknown), http.StatusAccepted)
	}
	for _, srv := range []*testServer{s, other} {
		res := requestReset(srv, unknown)
		p := assertProblem(t, res, http.StatusTooManyRequests, "rate_limited")
		if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra <= 0 || ra > 15*60+1 || p["retryAfter"] == nil {
			t.Fatalf("Retry-After %q, problem %v", res.Header.Get("Retry-After"), p)
		}
	}
	// Per IP: 3 counted so far from 127.0.0.1; 17 more addresses, then refused.
	for i := range 17 {
		must(t, requestReset(other, fmt.Sprintf("someone.%d@example.test", i)), http.StatusAccepted)
	}
	assertProblem(t, requestReset(s, "someone.else@example.test"), http.StatusTooManyRequests, "rate_limited")
	// After the window, both limits have passed.
	s.Clock.Advance(16 * time.Minute)
	must(t, requestReset(s, unknown), http.StatusAccepted)
	if jobs, err := s.Store.MailJobs(context.Background()); err != nil || len(jobs) != 0 {
		t.Fatalf("unknown addresses got mail jobs: %v %+v", err, jobs)
	}
}
