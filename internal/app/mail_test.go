package app

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"closedset/internal/mail/mailtest"
)

// With CLOSEDSET_SMTP_URL the binary sends e-mail: the start-up log says so
// (the URL without its password), the app is told, and a password reset
// request arrives at the SMTP server. Without it the log says once that
// e-mail is off; an invalid URL stops the start with a clear message.
func TestRunWithAndWithoutEmail(t *testing.T) {
	smtp := mailtest.Start(t)
	db := "file:" + filepath.Join(t.TempDir(), "run.db")
	url, out, stop := start(t, map[string]string{"CLOSEDSET_ADDR": "127.0.0.1:0", "CLOSEDSET_DATABASE": db,
		"CLOSEDSET_SMTP_URL": smtp.URL(), "CLOSEDSET_PUBLIC_URL": "http://set.example.test"})
	post := func(path, body string) int {
		res, err := http.Post(url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := post("/api/v1/auth/register", `{"email":"rae@example.test","password":"correct horse battery","displayName":"Rae"}`); got != http.StatusCreated {
		t.Fatalf("register: %d", got)
	}
	if got := post("/api/v1/auth/password-reset", `{"email":"rae@example.test"}`); got != http.StatusAccepted {
		t.Fatalf("reset: %d", got)
	}
	m, err := mailtest.Parse(smtp.WaitFor(t, 1, 10*time.Second)[0].Raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("From") == "" || !strings.Contains(m.Header.Get("From"), "no-reply@set.example.test") ||
		len(m.Links()) == 0 || !strings.HasPrefix(m.Links()[0], "http://set.example.test/reset-password?token=") {
		t.Fatalf("reset e-mail: From %q, links %v", m.Header.Get("From"), m.Links())
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "e-mail is on") || strings.Contains(logs, "e-mail is off") || strings.Contains(logs, m.Links()[0]) {
		t.Fatalf("log:\n%s", logs)
	}

	_, out, stop = start(t, map[string]string{"CLOSEDSET_ADDR": "127.0.0.1:0", "CLOSEDSET_DATABASE": db})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "e-mail is off"); n != 1 {
		t.Fatalf("%d lines say e-mail is off:\n%s", n, out.String())
	}

	err = Run(context.Background(), []string{"closedset"}, func(k string) string {
		return map[string]string{"CLOSEDSET_DATABASE": db, "CLOSEDSET_SMTP_URL": "smtp://user:hunter2secret@"}[k]
	}, &lockedBuffer{})
	if err == nil || !strings.Contains(err.Error(), "CLOSEDSET_SMTP_URL") || strings.Contains(err.Error(), "hunter2secret") {
		t.Fatalf("invalid SMTP URL: %v", err)
	}
}
