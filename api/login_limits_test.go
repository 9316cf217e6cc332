package api_test

import (
	"context"
	"fmt"
	"testing"

	"closedset/internal/domain"
)

// TestLoginLimitsPerAddress: wrong passwords from one client address limit
// that address (per e-mail and address), never the account from another;
// the count is in the database, so every instance sharing it applies it.
// (Tests reach the service directly to choose the client address; over HTTP
// every test request comes from 127.0.0.1.)
func TestLoginLimitsPerAddress(t *testing.T) {
	s := newTestServer(t)
	other := newTestServerOn(t, s.Store, nil) // a second instance on the same database
	a := newAccount(t, s, "Lima Login")
	ctx := context.Background()
	const ipA, ipB = "203.0.113.7", "198.51.100.9"
	for i := range 10 {
		svc := s.Svc
		if i%2 == 1 {
			svc = other.Svc // failures counted through either instance add up
		}
		if _, err := svc.Login(ctx, a.Email, fmt.Sprintf("wrong %d", i), ipA); !domain.IsCode(err, "invalid_credentials") {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	for _, svc := range []string{"this", "other"} {
		inst := s
		if svc == "other" {
			inst = other
		}
		_, err := inst.Svc.Login(ctx, a.Email, "correct horse battery", ipA)
		e := domain.As(err)
		if e == nil || e.Code != "rate_limited" || e.Extra["retryAfter"] == nil {
			t.Fatalf("%s instance, address A after 10 failures: %v, want rate_limited with retryAfter", svc, err)
		}
	}
	if _, err := s.Svc.Login(ctx, a.Email, "correct horse battery", ipB); err != nil {
		t.Fatalf("address B is locked out by A's failures: %v", err)
	}
	if _, err := other.Svc.Login(ctx, a.Email, "correct horse battery", ipB); err != nil {
		t.Fatalf("address B on the other instance: %v", err)
	}
}
