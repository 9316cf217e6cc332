package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/mail"
	"closedset/internal/mail/mailtest"
	"closedset/internal/mailer"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// E-mail in tests: a real SMTP server (mailtest, go-smtp on loopback) and
// the real mail worker sending to it over internal/mail (go-mail), on the
// test server's store and clock. Messages are read back as a mail client
// reads them (mailtest.Parse).

// testMailFrom is the sender of test servers' e-mail.
const testMailFrom = "Closed Set <no-reply@closedset.test>"

// testSealer seals queued messages under the test servers' secret.
func testSealer(t testing.TB) *mailer.Sealer {
	t.Helper()
	s, err := mailer.NewSealer([]byte(strings.Repeat("i", 32))) // newTestServerOn's Secret
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newMailTestServer is a test server with e-mail on, its mail worker
// sending to a fresh SMTP server.
func newMailTestServer(t *testing.T) (*testServer, *mailtest.Server) {
	t.Helper()
	smtp := mailtest.Start(t)
	return newMailTestServerOn(t, storagetest.Open(t), smtp), smtp
}

// newMailTestServerOn is a test server with e-mail on over store; with smtp
// nil no worker runs (jobs stay queued).
func newMailTestServerOn(t *testing.T, store *storage.Store, smtp *mailtest.Server) *testServer {
	t.Helper()
	var wk atomic.Pointer[mailer.Worker]
	s := newTestServerOn(t, store, func(o *service.Options) {
		o.Mail = testSealer(t)
		o.WakeMail = func() {
			if w := wk.Load(); w != nil {
				w.Wake()
			}
		}
	})
	if smtp != nil {
		wk.Store(startMailWorker(t, s, smtp))
	}
	return s
}

// startMailWorker runs the real mail worker on s's store and clock, polling
// every 20 ms, retrying after 1 s (of the test clock) at first.
func startMailWorker(t *testing.T, s *testServer, smtp *mailtest.Server) *mailer.Worker {
	t.Helper()
	settings, err := mail.ParseURL(smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	settings.From = testMailFrom
	sender, err := mail.NewSMTP(settings)
	if err != nil {
		t.Fatal(err)
	}
	wk := mailer.New(mailer.Options{Store: s.Store, Sender: sender, Sealer: testSealer(t), Permanent: mail.Permanent,
		Logger: slog.New(slog.NewTextHandler(s.Logs, nil)), Now: s.Clock.Now, PollInterval: 20 * time.Millisecond,
		BackoffBase: time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { wk.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return wk
}

// parseMail reads a received message as a mail client does.
func parseMail(t testing.TB, r mailtest.Received) *mailtest.Parsed {
	t.Helper()
	p, err := mailtest.Parse(r.Raw)
	if err != nil {
		t.Fatalf("%v\n%s", err, r.Raw)
	}
	return p
}

// mailsTo returns the parsed messages received for address.
func mailsTo(t testing.TB, smtp *mailtest.Server, address string) []*mailtest.Parsed {
	t.Helper()
	var out []*mailtest.Parsed
	for _, r := range smtp.Messages() {
		if slices.Contains(r.To, address) {
			out = append(out, parseMail(t, r))
		}
	}
	return out
}

// linkTo returns the message's one link that starts with prefix; both parts
// must carry it.
func linkTo(t testing.TB, p *mailtest.Parsed, prefix string) *url.URL {
	t.Helper()
	var found string
	for _, l := range p.Links() {
		if strings.HasPrefix(l, prefix) {
			found = l
		}
	}
	if found == "" {
		t.Fatalf("no link to %s in %q", prefix, p.Text)
	}
	if !strings.Contains(p.HTML, `href="`+strings.ReplaceAll(found, "&", "&amp;")+`"`) {
		t.Errorf("the HTML part does not link to %s:\n%s", found, p.HTML)
	}
	u, err := url.Parse(found)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// mailJob returns the only mail job, failing otherwise.
func onlyMailJob(t testing.TB, s *testServer) storage.MailJob {
	t.Helper()
	jobs, err := s.Store.MailJobs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 {
		t.Fatalf("%d mail jobs, want 1: %+v", len(jobs), jobs)
	}
	return jobs[0]
}

// waitFor polls cond every 10 ms for up to 10 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// setEmail sets a's e-mail notification setting.
func setEmail(t testing.TB, s *testServer, a account, setting string) {
	t.Helper()
	res := must(t, s.Do(request{Method: "PUT", Path: "/api/v1/me/notification-settings", Token: a.Token,
		Body: map[string]any{"email": setting}}), http.StatusOK)
	if got := res.JSON(t)["email"]; got != setting {
		t.Fatalf("setting %v, want %s", got, setting)
	}
}
