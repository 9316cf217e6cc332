package mail

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// DefaultTimeout bounds connecting and each SMTP command when Settings.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Settings configure an SMTP sender.
type Settings struct {
	Host     string // name or IP, without brackets
	Port     int
	Username string
	Password string
	Security Security
	From     string         // "Closed Set <no-reply@example.org>" (parsed with net/mail; error if invalid)
	RootCAs  *x509.CertPool // nil = system roots (tests pass their own)
	Timeout  time.Duration  // connect+command timeout; default 15 s
}

const urlForm = "expected smtp://user:pass@host:587 or smtps://user:pass@host:465"

// ParseURL parses CLOSEDSET_SMTP_URL: smtp://user:pass@host:587 or smtps://user:pass@host:465 (default ports
// 587 / 465; percent-decoded user and password; no path, query or fragment). From is left empty for the caller.
// Errors never contain the password (nor the raw URL).
func ParseURL(raw string) (Settings, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the whole input, password included: say only what is expected.
		return Settings{}, errors.New("mail: CLOSEDSET_SMTP_URL is not a valid URL (" + urlForm + ")")
	}
	sec, err := SecurityFor(u.Scheme, u.Hostname())
	if err != nil {
		return Settings{}, err
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return Settings{}, errors.New("mail: CLOSEDSET_SMTP_URL has no host (" + urlForm + ")")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return Settings{}, errors.New("mail: CLOSEDSET_SMTP_URL must not have a path, query or fragment (" + urlForm + ")")
	}
	port := 587
	if sec == ImplicitTLS {
		port = 465
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Settings{}, fmt.Errorf("mail: CLOSEDSET_SMTP_URL port %q is not a port number", p)
		}
		port = n
	}
	s := Settings{Host: u.Hostname(), Port: port, Security: sec, Timeout: DefaultTimeout}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
		if s.Username == "" && s.Password != "" {
			return Settings{}, errors.New("mail: CLOSEDSET_SMTP_URL has a password but no user name")
		}
	}
	return s, nil
}

// Redacted returns the URL with the password masked, for the start-up log. An unparsable URL is not echoed.
func Redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid SMTP URL)"
	}
	return u.Redacted()
}
