package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"closedset/internal/service"
)

// TestSignupLimitPerAddress: sign-ups from one client address, valid or not,
// are limited to service.SignupsPerIP an hour, counted in the database:
// attempts through two instances on one database add up, and the limit
// holds on both. Past the window the address may sign up again.
func TestSignupLimitPerAddress(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	other := newTestServerOn(t, s.Store, func(o *service.Options) { o.Now = s.Clock.Now }) // a second instance
	inst := func(i int) *testServer {
		if i%2 == 1 {
			return other
		}
		return s
	}
	for i := range service.SignupsPerIP - 1 {
		assertProblem(t, postRegister(inst(i), fmt.Sprintf("not an address %d", i), authPassword, "Sam"),
			http.StatusUnprocessableEntity, "validation_failed")
	}
	if res := postRegister(other, "sam@example.test", authPassword, "Sam"); res.Status != http.StatusCreated {
		t.Fatalf("sign-up %d: %d %s", service.SignupsPerIP, res.Status, res.Body)
	}
	for _, srv := range []*testServer{s, other} {
		res := postRegister(srv, "sam2@example.test", authPassword, "Sam")
		assertProblem(t, res, http.StatusTooManyRequests, "rate_limited")
		if res.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	s.Clock.Advance(service.SignupWindow - time.Minute) // still within the window
	assertProblem(t, postRegister(other, "sam2@example.test", authPassword, "Sam"), http.StatusTooManyRequests, "rate_limited")
	s.Clock.Advance(time.Minute + time.Second)
	if res := postRegister(other, "sam2@example.test", authPassword, "Sam"); res.Status != http.StatusCreated {
		t.Fatalf("after the window: %d %s", res.Status, res.Body)
	}
}
