package mailer

import (
	"strings"
	"testing"
	"time"

	"closedset/internal/domain"
)

func TestSealer(t *testing.T) {
	s, err := NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	m := Message{To: "rae@example.test", Subject: "Reset", Text: "https://set.example.test/reset-password?token=abc", HTML: "<p>x</p>"}
	body, err := s.Seal("job-1", m)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"rae@example.test", "token=abc", "Reset"} {
		if strings.Contains(body, secret) {
			t.Fatalf("sealed body shows %q", secret)
		}
	}
	if got, err := s.Open("job-1", body); err != nil || got != m {
		t.Fatalf("open: %+v %v", got, err)
	}
	other, _ := NewSealer([]byte(strings.Repeat("o", 32)))
	tampered := []byte(body)
	tampered[len(tampered)-3] ^= 1
	for name, try := range map[string]func() error{
		"another job":    func() error { _, err := s.Open("job-2", body); return err },
		"another secret": func() error { _, err := other.Open("job-1", body); return err },
		"tampered":       func() error { _, err := s.Open("job-1", string(tampered)); return err },
		"not base64":     func() error { _, err := s.Open("job-1", "!!"); return err },
	} {
		if err := try(); err != ErrUnreadable {
			t.Errorf("%s: %v, want ErrUnreadable", name, err)
		}
	}
	if again, _ := s.Seal("job-1", m); again == body {
		t.Error("two seals of one message are equal: the nonce is not fresh")
	}
	if AddressHash(" Rae@Example.TEST ") != AddressHash("rae@example.test") {
		t.Error("the address hash depends on case")
	}
}

// Backoff: the base, then 4 times longer each attempt, capped, with at
// most 25 % jitter.
func TestBackoff(t *testing.T) {
	w := New(Options{})
	for n, want := range map[int]time.Duration{1: 30 * time.Second, 2: 2 * time.Minute, 3: 8 * time.Minute, 4: 32 * time.Minute,
		5: 128 * time.Minute, 6: 6 * time.Hour, 10: 6 * time.Hour} {
		for range 20 {
			if got := w.backoff(n); got < want || got > want+want/4 {
				t.Fatalf("backoff(%d) = %v, want %v..%v", n, got, want, want+want/4)
			}
		}
	}
}

// Messages escape what they quote in HTML and keep headers on one line;
// notification e-mails say only what the inbox entry says (rule 12).
func TestCompose(t *testing.T) {
	n := domain.Notification{Type: domain.NotifySceneBlocked, Title: "Fish & <Chips>\r\nBcc: x@evil.test",
		Body: "Scene 4: blocked.", URL: "/productions/p/scenes/s"}
	m := NotificationMessage("https://set.example.test", "a@example.test", n)
	if strings.ContainsAny(m.Subject, "\r\n") || m.Subject != "Fish & <Chips> Bcc: x@evil.test — Scene 4: blocked." {
		t.Errorf("subject %q", m.Subject)
	}
	if strings.Contains(m.HTML, "<Chips>") || !strings.Contains(m.HTML, "Fish &amp; &lt;Chips&gt;") {
		t.Errorf("HTML not escaped: %s", m.HTML)
	}
	if m.ListUnsubscribe != "https://set.example.test/me#notifications" ||
		!strings.Contains(m.Text, "Open in Closed Set: https://set.example.test/productions/p/scenes/s") ||
		!strings.Contains(m.HTML, `href="https://set.example.test/productions/p/scenes/s"`) {
		t.Errorf("links: %+v", m)
	}
	inv := InviteMessage("https://set.example.test", "b@example.test", "Night Garden", domain.RoleCoordinator, "tok")
	if inv.ListUnsubscribe != "" || !strings.Contains(inv.Text, "as a coordinator") || !strings.Contains(inv.Text, "https://set.example.test/invite/tok") {
		t.Errorf("invite: %+v", inv)
	}
	r := PasswordResetMessage("https://set.example.test", "c@example.test", "a-b_c")
	if r.ListUnsubscribe != "" || !strings.Contains(r.Text, "https://set.example.test/reset-password?token=a-b_c") {
		t.Errorf("reset: %+v", r)
	}
}
