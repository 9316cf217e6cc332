package mail_test

import (
	"testing"

	"closedset/internal/mail"
)

func TestSecurityFor(t *testing.T) {
	cases := []struct {
		scheme, host string
		want         mail.Security
		wantErr      bool
	}{
		{"smtp", "mail.example.org", mail.StartTLSRequired, false},
		{"smtp", "localhost", mail.StartTLSOpportunistic, false},
		{"smtp", "LOCALHOST", mail.StartTLSOpportunistic, false},
		{"smtp", "127.0.0.1", mail.StartTLSOpportunistic, false},
		{"smtp", "127.9.9.9", mail.StartTLSOpportunistic, false},
		{"smtp", "[::1]", mail.StartTLSOpportunistic, false},
		{"smtp", "::1", mail.StartTLSOpportunistic, false},
		{"smtp", "::ffff:127.0.0.1", mail.StartTLSOpportunistic, false},
		{"smtp", "10.0.0.1", mail.StartTLSRequired, false},
		{"smtp", "128.0.0.1", mail.StartTLSRequired, false},
		{"smtp", "[::2]", mail.StartTLSRequired, false},
		{"smtp", "localhost.evil.org", mail.StartTLSRequired, false},
		{"smtp", "evil-localhost", mail.StartTLSRequired, false},
		{"smtp", "127.0.0.1.evil.org", mail.StartTLSRequired, false},
		{"smtp", "", mail.StartTLSRequired, false},
		{"smtps", "mail.example.org", mail.ImplicitTLS, false},
		{"smtps", "localhost", mail.ImplicitTLS, false},
		{"smtps", "127.0.0.1", mail.ImplicitTLS, false},
		{"smtps", "[::1]", mail.ImplicitTLS, false},
		{"http", "mail.example.org", 0, true},
		{"ftp", "localhost", 0, true},
		{"", "localhost", 0, true},
		{"smtp+tls", "mail.example.org", 0, true},
	}
	for _, c := range cases {
		got, err := mail.SecurityFor(c.scheme, c.host)
		if c.wantErr {
			if err == nil {
				t.Errorf("SecurityFor(%q, %q) = %v, want an error", c.scheme, c.host, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("SecurityFor(%q, %q) = %v, %v; want %v", c.scheme, c.host, got, err, c.want)
		}
	}
}
