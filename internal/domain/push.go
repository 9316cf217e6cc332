package domain

import (
	"net"
	"net/url"
	"strings"
)

// PushEndpointAllowed says whether a push endpoint may be stored and sent to:
// an https URL on the default port (none, or an explicit :443) of a host on
// the allow-list (exact names and ".suffix"es). Plain http and other ports
// are allowed only for loopback hosts (127.0.0.0/8, ::1, localhost: the
// tests' local receivers), which must be on the allow-list too. The same check
// runs when a browser subscribes and right before every send, so a changed
// allow-list holds for subscriptions stored before. Errors: validation_failed.
func PushEndpointAllowed(endpoint string, allowed []string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" || (u.Scheme != "https" && u.Scheme != "http") {
		return Invalid("endpoint", "Use the https endpoint of a push service.")
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if !isLoopbackHost(host) && (u.Scheme != "https" || port != "" && port != "443") {
		return Invalid("endpoint", "Use the https endpoint of a push service, on port 443.")
	}
	if !pushHostAllowed(host, allowed) && !pushHostAllowed(strings.ToLower(u.Host), allowed) {
		return Invalid("endpoint", "This push service is not allowed.")
	}
	return nil
}

// isLoopbackHost reports whether host is localhost or a loopback IP.
func isLoopbackHost(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// pushHostAllowed reports whether host is on the allow-list of exact names
// and ".suffix"es.
func pushHostAllowed(host string, allowed []string) bool {
	for _, a := range allowed {
		a = strings.ToLower(a)
		if strings.HasPrefix(a, ".") && strings.HasSuffix(host, a) || host == a {
			return true
		}
	}
	return false
}
