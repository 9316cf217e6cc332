package domain

import "testing"

func TestShouldEmail(t *testing.T) {
	for _, c := range []struct {
		typ, setting string
		push, want   bool
	}{
		{NotifyConsentWithdrawn, EmailOff, false, false},
		{NotifyConsentWithdrawn, EmailOff, true, false},
		{NotifyConsentWithdrawn, EmailWhenNoPush, false, true},
		{NotifyConsentWithdrawn, EmailWhenNoPush, true, false},
		{NotifyConsentWithdrawn, EmailAlways, false, true},
		{NotifyConsentWithdrawn, EmailAlways, true, true},
		{NotifyCheckinRequested, EmailAlways, false, false},
		{NotifyCheckinRequested, EmailWhenNoPush, false, false},
		{NotifyRiderDue, "", false, false},
		{NotifyRiderDue, "sometimes", false, false},
	} {
		if got := ShouldEmail(c.typ, c.setting, c.push); got != c.want {
			t.Errorf("ShouldEmail(%s, %s, push %v) = %v, want %v", c.typ, c.setting, c.push, got, c.want)
		}
	}
}

// Every notification type in product.md's table is e-mailed, except
// check-in requests (they expire in minutes).
func TestEmailedTypes(t *testing.T) {
	for _, typ := range NotificationTypes {
		if got, want := EmailedType(typ), typ != NotifyCheckinRequested; got != want {
			t.Errorf("EmailedType(%s) = %v, want %v", typ, got, want)
		}
	}
	for _, s := range EmailSettings {
		if !ValidEmailSetting(s) {
			t.Errorf("%s not valid", s)
		}
	}
	if ValidEmailSetting("never") {
		t.Error("never is not a setting")
	}
}
