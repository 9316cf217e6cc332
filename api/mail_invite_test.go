package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// An invite e-mails its link: the message arrives with Message-ID, Date,
// both parts and no List-Unsubscribe; its link's token accepts the invite.
func TestInviteIsEmailed(t *testing.T) {
	s, smtp := newMailTestServer(t)
	producer := newAccount(t, s, "Pat Producer")
	production := s.createProduction(producer, "Night Garden")
	invitee := newAccount(t, s, "Ivy Invitee")

	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/invites", Token: producer.Token,
		Body: map[string]any{"email": invitee.Email, "role": "performer"}}), http.StatusCreated)
	inv := res.JSON(t)
	if inv["emailed"] != true {
		t.Fatalf("emailed %v, want true: %s", inv["emailed"], res.Body)
	}
	got := smtp.WaitFor(t, 1, 10*time.Second)
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != invitee.Email || !strings.Contains(got[0].From, "no-reply@closedset.test") {
		t.Fatalf("envelope: %+v", got)
	}
	m := parseMail(t, got[0])
	if m.MessageID == "" || m.Date.IsZero() || m.ListUnsubscribe != "" || m.Header.Get("List-Unsubscribe") != "" {
		t.Errorf("headers: Message-ID %q, Date %v, List-Unsubscribe %q", m.MessageID, m.Date, m.Header.Get("List-Unsubscribe"))
	}
	if !strings.Contains(m.Subject, "Night Garden") || !strings.Contains(m.Text, "Night Garden") ||
		!strings.Contains(m.Text, "a performer") || !strings.Contains(m.HTML, "Night Garden") {
		t.Errorf("subject %q, text %q: want the production and the role", m.Subject, m.Text)
	}
	noLeak(t, "invite e-mail", []byte(m.Subject+m.Text+m.HTML), "Pat Producer", producer.Email)
	link := linkTo(t, m, testPublicURL+"/invite/")
	token := strings.TrimPrefix(link.Path, "/invite/")
	if token != inv["token"] || link.String() != inv["url"] {
		t.Fatalf("link %s, want the invite's url %v", link, inv["url"])
	}
	res = must(t, s.Do(request{Method: "POST", Path: "/api/v1/invites/" + token + "/accept", Token: invitee.Token}), http.StatusOK)
	if res.JSON(t)["productionId"] != production {
		t.Fatalf("accept: %s", res.Body)
	}
	waitFor(t, "the job marked sent", func() bool { return onlyMailJob(t, s).Status == "sent" })
	job := onlyMailJob(t, s)
	if job.Kind != "invite" || job.Status != "sent" || job.Attempts != 1 || job.Body != "" || job.SentAt == nil || job.UserID != "" {
		t.Fatalf("job after sending: %+v", job)
	}
	// The worker's log names the job, never the address, the token or the link.
	noLeak(t, "log", []byte(s.Logs.String()), invitee.Email, token)
	if !strings.Contains(s.Logs.String(), job.ID) {
		t.Error("the worker did not log the job")
	}
}

// With e-mail off an invite is not e-mailed (emailed false, no job), the
// app is told so, and a password reset answers 503 email_off.
func TestEmailOff(t *testing.T) {
	s := newTestServer(t)
	if res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/config"}), http.StatusOK); res.JSON(t)["emailEnabled"] != false {
		t.Fatalf("config: %s", res.Body)
	}
	producer := newAccount(t, s, "Pat Producer")
	production := s.createProduction(producer, "Night Garden")
	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/invites", Token: producer.Token,
		Body: map[string]any{"email": freshEmail(), "role": "performer"}}), http.StatusCreated)
	if res.JSON(t)["emailed"] != false {
		t.Fatalf("emailed: %s", res.Body)
	}
	assertProblem(t, s.Do(request{Method: "POST", Path: "/api/v1/auth/password-reset", Body: map[string]any{"email": producer.Email}}),
		http.StatusServiceUnavailable, "email_off")
	// The setting can still be chosen (it applies once e-mail is on).
	setEmail(t, s, producer, "always")
	if jobs, err := s.Store.MailJobs(context.Background()); err != nil || len(jobs) != 0 {
		t.Fatalf("mail jobs with e-mail off: %v %+v", err, jobs)
	}

	on, _ := newMailTestServer(t)
	if res := must(t, on.Do(request{Method: "GET", Path: "/api/v1/config"}), http.StatusOK); res.JSON(t)["emailEnabled"] != true {
		t.Fatalf("config with e-mail on: %s", res.Body)
	}
}
