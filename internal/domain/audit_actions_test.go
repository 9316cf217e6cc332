package domain

import (
	"slices"
	"testing"
)

// TestAuditActionsAreDeclaredOnce: the closed set lists each action once, and
// every consent decision a use case records maps onto one of them.
func TestAuditActionsAreDeclaredOnce(t *testing.T) {
	seen := map[AuditAction]bool{}
	for _, a := range AuditActions {
		if seen[a] || a == "" {
			t.Errorf("action %q listed twice or empty", a)
		}
		seen[a] = true
	}
	for _, s := range []ConsentState{ConsentConfirmed, ConsentDeclined, ConsentWithdrawn} {
		if a := ConsentAuditAction(s); !slices.Contains(AuditActions, a) {
			t.Errorf("ConsentAuditAction(%s) = %q is not declared", s, a)
		}
	}
}
