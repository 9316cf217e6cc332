package domain

// E-mail notification settings: when a person's notifications are also
// e-mailed (api.md, notification-settings).
const (
	EmailOff        = "off"          // never
	EmailWhenNoPush = "when_no_push" // only while they have no working push subscription (the default)
	EmailAlways     = "always"       // every notification that is e-mailed at all
)

// EmailSettings is every setting, in the order of openapi.yaml's EmailSetting.
var EmailSettings = []string{EmailOff, EmailWhenNoPush, EmailAlways}

// ValidEmailSetting reports whether v is one of EmailSettings.
func ValidEmailSetting(v string) bool {
	for _, s := range EmailSettings {
		if s == v {
			return true
		}
	}
	return false
}

// EmailedType reports whether notifications of a type are e-mailed at all:
// every type but check-in requests, which expire in minutes (product.md,
// Notifications).
func EmailedType(typ string) bool { return typ != NotifyCheckinRequested }

// ShouldEmail decides whether one notification of type typ is e-mailed to a
// person with this setting, who has (workingPush) or has not a working push
// subscription.
func ShouldEmail(typ, setting string, workingPush bool) bool {
	if !EmailedType(typ) {
		return false
	}
	switch setting {
	case EmailAlways:
		return true
	case EmailWhenNoPush:
		return !workingPush
	}
	return false
}
