package mail_test

import (
	"strings"
	"testing"

	"closedset/internal/mail"
)

func TestParseURL(t *testing.T) {
	ok := []struct {
		raw  string
		want mail.Settings
	}{
		{"smtp://user:pass@mail.example.org:587", mail.Settings{Host: "mail.example.org", Port: 587, Username: "user", Password: "pass", Security: mail.StartTLSRequired}},
		{"smtp://user:pass@mail.example.org", mail.Settings{Host: "mail.example.org", Port: 587, Username: "user", Password: "pass", Security: mail.StartTLSRequired}},
		{"smtps://user:pass@mail.example.org", mail.Settings{Host: "mail.example.org", Port: 465, Username: "user", Password: "pass", Security: mail.ImplicitTLS}},
		{"smtps://mail.example.org:2465", mail.Settings{Host: "mail.example.org", Port: 2465, Security: mail.ImplicitTLS}},
		{"smtp://127.0.0.1:2525", mail.Settings{Host: "127.0.0.1", Port: 2525, Security: mail.StartTLSOpportunistic}},
		{"smtp://[::1]:2525/", mail.Settings{Host: "::1", Port: 2525, Security: mail.StartTLSOpportunistic}},
		{"smtp://localhost", mail.Settings{Host: "localhost", Port: 587, Security: mail.StartTLSOpportunistic}},
		{"SMTP://MAIL.example.org", mail.Settings{Host: "MAIL.example.org", Port: 587, Security: mail.StartTLSRequired}},
		{"smtp://apikey:p%40ss%3Aw%2Ford%20%25x@smtp.example.net:587",
			mail.Settings{Host: "smtp.example.net", Port: 587, Username: "apikey", Password: "p@ss:w/ord %x", Security: mail.StartTLSRequired}},
		{"smtp://no-reply%40example.org:s3cret@smtp.example.net",
			mail.Settings{Host: "smtp.example.net", Port: 587, Username: "no-reply@example.org", Password: "s3cret", Security: mail.StartTLSRequired}},
		{"smtp://user@smtp.example.net", mail.Settings{Host: "smtp.example.net", Port: 587, Username: "user", Security: mail.StartTLSRequired}},
	}
	for _, c := range ok {
		got, err := mail.ParseURL(c.raw)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", c.raw, err)
			continue
		}
		c.want.Timeout = mail.DefaultTimeout
		if got != c.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", c.raw, got, c.want)
		}
	}

	const secret = "Sup3rSecretPw"
	bad := []string{
		"",
		"mail.example.org:587",
		"http://user:" + secret + "@mail.example.org",
		"smtp://user:" + secret + "@mail.example.org:99999",
		"smtp://user:" + secret + "@mail.example.org:0",
		"smtp://user:" + secret + "@mail.example.org:abc",
		"smtp://user:" + secret + "@mail.example.org/inbox",
		"smtp://user:" + secret + "@mail.example.org?tls=no",
		"smtp://user:" + secret + "@mail.example.org#x",
		"smtp://user:" + secret + "@:587",
		"smtp:user:" + secret,
		"smtp://user:" + secret + "%zz@mail.example.org",
		"smtp://user:" + secret + "@mail example.org",
		"smtp://:" + secret + "@mail.example.org",
		"smtps://user:" + secret + "@[::1",
	}
	for _, raw := range bad {
		got, err := mail.ParseURL(raw)
		if err == nil {
			t.Errorf("ParseURL(%q) = %+v, want an error", raw, got)
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "Secret") {
			t.Errorf("ParseURL(%q) error reveals the password: %v", raw, err)
		}
	}
}

func TestRedacted(t *testing.T) {
	cases := map[string]string{
		"smtp://user:Sup3rSecret@mail.example.org:587": "smtp://user:xxxxx@mail.example.org:587",
		"smtps://mail.example.org":                     "smtps://mail.example.org",
		"smtp://user@mail.example.org":                 "smtp://user@mail.example.org",
		"smtp://user:p%40ss@[::1]:25":                  "smtp://user:xxxxx@[::1]:25",
		"smtp://user:Sup3rSecret%zz@mail.example.org":  "(invalid SMTP URL)",
	}
	for raw, want := range cases {
		if got := mail.Redacted(raw); got != want {
			t.Errorf("Redacted(%q) = %q, want %q", raw, got, want)
		}
	}
}
