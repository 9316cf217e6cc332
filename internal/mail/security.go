// Package mail is Closed Set's e-mail transport: it turns CLOSEDSET_SMTP_URL into Settings, applies the
// STARTTLS policy, and sends multipart text+HTML messages over SMTP through github.com/wneessen/go-mail.
// It knows nothing about jobs, users or templates.
package mail

import (
	"fmt"
	"net/netip"
	"strings"
)

// Security is how the connection is protected.
type Security int

const (
	// StartTLSRequired is smtp:// to a non-loopback host: STARTTLS or fail.
	StartTLSRequired Security = iota
	// StartTLSOpportunistic is smtp:// to a loopback host: STARTTLS if offered, plain otherwise.
	StartTLSOpportunistic
	// ImplicitTLS is smtps://: TLS from the first byte.
	ImplicitTLS
)

// String names the policy for logs.
func (s Security) String() string {
	switch s {
	case StartTLSRequired:
		return "starttls-required"
	case StartTLSOpportunistic:
		return "starttls-opportunistic"
	case ImplicitTLS:
		return "implicit-tls"
	}
	return fmt.Sprintf("Security(%d)", int(s))
}

// SecurityFor is the pure policy: scheme "smtp"|"smtps", host as in the URL (name or IP, maybe [::1]).
// Loopback = "localhost", 127.0.0.0/8, ::1 (also as an IPv4-mapped address). Any other scheme → error.
// A name that merely starts with "localhost" (localhost.evil.org) is not loopback.
func SecurityFor(scheme, host string) (Security, error) {
	switch strings.ToLower(scheme) {
	case "smtps":
		return ImplicitTLS, nil
	case "smtp":
		if isLoopback(host) {
			return StartTLSOpportunistic, nil
		}
		return StartTLSRequired, nil
	}
	return 0, fmt.Errorf("mail: unsupported URL scheme %q (want smtp or smtps)", scheme)
}

func isLoopback(host string) bool {
	h := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(strings.TrimSuffix(h, "."), "localhost") {
		return true
	}
	addr, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	return addr.Unmap().IsLoopback()
}
