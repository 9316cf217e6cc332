package mail_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"closedset/internal/mail"
	"closedset/internal/mail/mailtest"
)

const testFrom = "Closed Set <no-reply@closedset.example>"

// sender returns a Sender for srv configured the way production is: from its URL.
func sender(t testing.TB, rawURL string) *mail.SMTP {
	t.Helper()
	s, err := mail.ParseURL(rawURL)
	if err != nil {
		t.Fatalf("ParseURL: %v", err)
	}
	s.From = testFrom
	s.Timeout = 5 * time.Second
	c, err := mail.NewSMTP(s)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return c
}

func message(to string) mail.Message {
	return mail.Message{
		To:      to,
		Subject: "Schöne Szene 12 — neue Anfrage",
		Text:    "Szene 12 in »Nachtzug« wartet auf deine Antwort.\n\nÖffnen: https://closedset.example/app/inbox?x=1&y=2.\n",
		HTML:    `<p>Szene 12 in »Nachtzug« wartet auf deine Antwort.</p><p><a href="https://closedset.example/app/inbox?x=1&amp;y=2">Öffnen</a></p>`,
	}
}

func TestSendRoundTrip(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	m := message("Ada Performer <ada@example.org>")
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)
	if got[0].From != "no-reply@closedset.example" || len(got[0].To) != 1 || got[0].To[0] != "ada@example.org" {
		t.Errorf("envelope = %q → %q", got[0].From, got[0].To)
	}
	if got[0].TLS || got[0].Auth != "" {
		t.Errorf("plain server: TLS %v, auth %q", got[0].TLS, got[0].Auth)
	}
	p, err := mailtest.Parse(got[0].Raw)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, got[0].Raw)
	}
	if p.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", p.Subject, m.Subject)
	}
	if p.Text != m.Text {
		t.Errorf("Text = %q, want %q", p.Text, m.Text)
	}
	if p.HTML != m.HTML {
		t.Errorf("HTML = %q, want %q", p.HTML, m.HTML)
	}
	if from := p.Header.Get("From"); !strings.Contains(from, "<no-reply@closedset.example>") {
		t.Errorf("From = %q", from)
	}
	if to := p.Header.Get("To"); !strings.Contains(to, "<ada@example.org>") {
		t.Errorf("To = %q", to)
	}
	if !strings.HasSuffix(p.MessageID, "@closedset.example>") {
		t.Errorf("Message-ID = %q, want <random@closedset.example>", p.MessageID)
	}
	if d := time.Since(p.Date); d < -time.Minute || d > time.Minute {
		t.Errorf("Date = %v, not now", p.Date)
	}
	if p.ListUnsubscribe != "" || p.Header.Get("List-Unsubscribe") != "" {
		t.Errorf("List-Unsubscribe present without being asked for: %q", p.Header.Get("List-Unsubscribe"))
	}
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative;") {
		t.Errorf("Content-Type = %q, want multipart/alternative", ct)
	}
	if links := p.Links(); len(links) != 1 || links[0] != "https://closedset.example/app/inbox?x=1&y=2" {
		t.Errorf("Links = %q", links)
	}

	// A second message gets another Message-ID.
	if err := c.Send(context.Background(), message("bo@example.org")); err != nil {
		t.Fatalf("second Send: %v", err)
	}
	p2, err := mailtest.Parse(srv.WaitFor(t, 2, 5*time.Second)[1].Raw)
	if err != nil {
		t.Fatalf("Parse second: %v", err)
	}
	if p2.MessageID == p.MessageID {
		t.Errorf("two messages share Message-ID %s", p.MessageID)
	}
}

func TestSendListUnsubscribeAndMessageID(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	m := message("ada@example.org")
	m.ListUnsubscribe = "https://closedset.example/app/me#notifications"
	m.MessageID = "<job-42@closedset.example>"
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	p, err := mailtest.Parse(srv.WaitFor(t, 1, 5*time.Second)[0].Raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if p.ListUnsubscribe != m.ListUnsubscribe {
		t.Errorf("List-Unsubscribe URL = %q, want %q (header %q)", p.ListUnsubscribe, m.ListUnsubscribe, p.Header.Get("List-Unsubscribe"))
	}
	if p.MessageID != m.MessageID {
		t.Errorf("Message-ID = %q, want %q", p.MessageID, m.MessageID)
	}
}

func TestSendScriptedReplies(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	srv.Script(mailtest.TempFail, mailtest.RcptPermFail, mailtest.PermFail, mailtest.Drop,
		mailtest.MailTempFail, mailtest.MailPermFail)
	cases := []struct {
		name      string
		permanent bool
		summary   string
	}{
		{"451 at DATA end", false, "SMTP 451 4.3.0 at end of DATA"},
		{"550 at RCPT", true, "SMTP 550 5.1.1 at RCPT TO"},
		{"554 at DATA end", true, "SMTP 554 5.6.0 at end of DATA"},
		{"connection dropped after DATA", false, "SMTP connection lost at end of DATA"},
		{"451 at MAIL FROM", false, "SMTP 451 4.7.1 at MAIL FROM"},
		{"550 at MAIL FROM", true, "SMTP 550 5.7.1 at MAIL FROM"},
	}
	for i, tc := range cases {
		err := c.Send(context.Background(), message("ada@example.org"))
		if err == nil {
			t.Fatalf("%s: Send succeeded", tc.name)
		}
		if got := mail.Summary(err); got != tc.summary {
			t.Errorf("%s: Summary = %q, want %q", tc.name, got, tc.summary)
		}
		if got := mail.Permanent(err); got != tc.permanent {
			t.Errorf("%s: Permanent(%v) = %v, want %v", tc.name, err, got, tc.permanent)
		}
		if srv.Attempts() != i+1 {
			t.Errorf("%s: %d attempts seen, want %d", tc.name, srv.Attempts(), i+1)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages stored from refused attempts", n)
	}
	// The script is used up: the next attempt is accepted.
	if err := c.Send(context.Background(), message("ada@example.org")); err != nil {
		t.Fatalf("Send after script: %v", err)
	}
	srv.WaitFor(t, 1, 5*time.Second)
	if srv.Attempts() != len(cases)+1 {
		t.Errorf("attempts = %d, want %d", srv.Attempts(), len(cases)+1)
	}
}

func TestSendConnectionRefusedIsTemporary(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there any more
	c := sender(t, "smtp://"+addr)
	err = c.Send(context.Background(), message("ada@example.org"))
	if err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	if mail.Permanent(err) {
		t.Errorf("Permanent(%v) = true for a refused connection", err)
	}
}

func TestSendCanceledContextIsTemporary(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.Send(ctx, message("ada@example.org"))
	if err == nil || !errors.Is(err, context.Canceled) || mail.Permanent(err) {
		t.Fatalf("Send with canceled ctx = %v (permanent %v), want a temporary context.Canceled", err, mail.Permanent(err))
	}
}

func TestSendUnansweredServerTimesOut(t *testing.T) {
	srv := mailtest.Start(t)
	host, port, _ := net.SplitHostPort(srv.Addr)

	// Settings.Timeout bounds each command.
	s := mail.Settings{Host: host, Port: atoi(t, port), Security: mail.StartTLSOpportunistic, From: testFrom,
		Timeout: 300 * time.Millisecond}
	c, err := mail.NewSMTP(s)
	if err != nil {
		t.Fatal(err)
	}
	srv.Script(mailtest.Hang)
	start := time.Now()
	err = c.Send(context.Background(), message("ada@example.org"))
	if err == nil || mail.Permanent(err) {
		t.Fatalf("Send to a silent server = %v, want a temporary error", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v with a 300 ms timeout", d)
	}

	// The caller's context bounds the whole attempt, even with a long command timeout.
	s.Timeout = time.Minute
	if c, err = mail.NewSMTP(s); err != nil {
		t.Fatal(err)
	}
	srv.Script(mailtest.Hang)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	err = c.Send(ctx, message("ada@example.org"))
	if err == nil || mail.Permanent(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send past its deadline = %v, want a temporary context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v with a 300 ms context", d)
	}
	if srv.Attempts() != 2 || len(srv.Messages()) != 0 {
		t.Errorf("attempts %d, stored %d; want 2 and 0", srv.Attempts(), len(srv.Messages()))
	}
}

func TestSendInvalidMessageIsPermanent(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	bad := map[string]func(*mail.Message){
		"no recipient":          func(m *mail.Message) { m.To = "" },
		"two recipients":        func(m *mail.Message) { m.To = "a@example.org, b@example.org" },
		"not an address":        func(m *mail.Message) { m.To = "ada at example.org" },
		"no text part":          func(m *mail.Message) { m.Text = "" },
		"no html part":          func(m *mail.Message) { m.HTML = "" },
		"subject line break":    func(m *mail.Message) { m.Subject = "hi\r\nBcc: x@example.org" },
		"bad message id":        func(m *mail.Message) { m.MessageID = "no-at-sign" },
		"unsubscribe not a url": func(m *mail.Message) { m.ListUnsubscribe = "javascript:alert(1)" },
		"unsubscribe injection": func(m *mail.Message) { m.ListUnsubscribe = "https://x.example/>\r\nBcc: y@example.org" },
	}
	for name, mutate := range bad {
		m := message("ada@example.org")
		mutate(&m)
		err := c.Send(context.Background(), m)
		if err == nil || !mail.Permanent(err) {
			t.Errorf("%s: Send = %v, want a permanent error", name, err)
		}
	}
	if srv.Attempts() != 0 {
		t.Errorf("invalid messages reached the server: %d attempts", srv.Attempts())
	}
}

func TestSendStartTLS(t *testing.T) {
	srv, pool := mailtest.StartTLS(t)
	host, port, _ := net.SplitHostPort(srv.Addr)
	for _, sec := range []mail.Security{mail.StartTLSRequired, mail.StartTLSOpportunistic} {
		s := mail.Settings{Host: host, Username: "mailer", Password: "secret", Security: sec,
			From: testFrom, RootCAs: pool, Timeout: 5 * time.Second}
		s.Port = atoi(t, port)
		c, err := mail.NewSMTP(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Send(context.Background(), message("ada@example.org")); err != nil {
			t.Fatalf("%v: Send through STARTTLS: %v", sec, err)
		}
	}
	got := srv.WaitFor(t, 2, 5*time.Second)
	for i, r := range got {
		if !r.TLS || r.Auth != "mailer" {
			t.Errorf("message %d: TLS %v, auth %q; want STARTTLS and AUTH PLAIN as mailer", i, r.TLS, r.Auth)
		}
	}

	// Without our CA the certificate is refused, and that is not permanent (configuration can be fixed).
	s := mail.Settings{Host: host, Port: atoi(t, port), Security: mail.StartTLSRequired, From: testFrom, Timeout: 5 * time.Second}
	c, err := mail.NewSMTP(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), message("ada@example.org")); err == nil || mail.Permanent(err) {
		t.Errorf("Send with an untrusted certificate = %v, want a temporary error", err)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d messages stored, want 2", n)
	}
}

func TestSendStartTLSRequiredButNotOffered(t *testing.T) {
	srv := mailtest.Start(t)
	host, port, _ := net.SplitHostPort(srv.Addr)
	s := mail.Settings{Host: host, Port: atoi(t, port), Security: mail.StartTLSRequired, From: testFrom, Timeout: 5 * time.Second}
	c, err := mail.NewSMTP(s)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Send(context.Background(), message("ada@example.org"))
	if err == nil {
		t.Fatal("Send without STARTTLS succeeded under StartTLSRequired")
	}
	if !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("error does not name STARTTLS: %v", err)
	}
	if srv.Attempts() != 0 || len(srv.Messages()) != 0 {
		t.Errorf("message went out in clear: %d attempts", srv.Attempts())
	}
	// Opportunistic (loopback) on the same server sends in clear.
	s.Security = mail.StartTLSOpportunistic
	if c, err = mail.NewSMTP(s); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), message("ada@example.org")); err != nil {
		t.Fatalf("opportunistic Send: %v", err)
	}
	if r := srv.WaitFor(t, 1, 5*time.Second); r[0].TLS {
		t.Error("plain server reported TLS")
	}
}

func TestSendImplicitTLS(t *testing.T) {
	srv, pool := mailtest.StartImplicitTLS(t)
	s, err := mail.ParseURL("smtps://mailer:p%40ss@" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if s.Security != mail.ImplicitTLS {
		t.Fatalf("security %v", s.Security)
	}
	s.From, s.RootCAs, s.Timeout = testFrom, pool, 5*time.Second
	c, err := mail.NewSMTP(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), message("ada@example.org")); err != nil {
		t.Fatalf("Send over smtps: %v", err)
	}
	r := srv.WaitFor(t, 1, 5*time.Second)[0]
	if !r.TLS || r.Auth != "mailer" {
		t.Errorf("TLS %v, auth %q; want implicit TLS and AUTH PLAIN as mailer", r.TLS, r.Auth)
	}
	if _, err := mailtest.Parse(r.Raw); err != nil {
		t.Errorf("Parse: %v", err)
	}
}

func TestSendImplicitTLSHandshakeFailsOnPlainServer(t *testing.T) {
	srv := mailtest.Start(t)
	host, port, _ := net.SplitHostPort(srv.Addr)
	s := mail.Settings{Host: host, Port: atoi(t, port), Security: mail.ImplicitTLS, From: testFrom, Timeout: 2 * time.Second}
	c, err := mail.NewSMTP(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), message("ada@example.org")); err == nil || mail.Permanent(err) {
		t.Errorf("smtps to a plain server = %v, want a temporary error", err)
	}
}

func TestNewSMTPRejectsBadSettings(t *testing.T) {
	good := mail.Settings{Host: "mail.example.org", Port: 587, From: testFrom}
	bad := map[string]func(*mail.Settings){
		"no host":     func(s *mail.Settings) { s.Host = "" },
		"no port":     func(s *mail.Settings) { s.Port = 0 },
		"bad from":    func(s *mail.Settings) { s.From = "Closed Set" },
		"empty from":  func(s *mail.Settings) { s.From = "" },
		"bad secrity": func(s *mail.Settings) { s.Security = 7 },
	}
	if _, err := mail.NewSMTP(good); err != nil {
		t.Fatalf("good settings: %v", err)
	}
	for name, mutate := range bad {
		s := good
		mutate(&s)
		if _, err := mail.NewSMTP(s); err == nil {
			t.Errorf("%s: NewSMTP accepted %+v", name, s)
		}
	}
}

func TestSendConcurrent(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.Send(context.Background(), message("ada@example.org"))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := srv.WaitFor(t, n, 5*time.Second); len(got) != n {
		t.Errorf("%d messages, want %d", len(got), n)
	}
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("port %q", s)
		}
		n = n*10 + int(r-'0')
	}
	return n
}
