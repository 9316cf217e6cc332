package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"closedset/internal/mail/mailtest"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// inviteFresh creates a production and a performer invite to a fresh
// address as a new producer; it returns the address and the invite's token.
func inviteFresh(t *testing.T, s *testServer) (string, string) {
	t.Helper()
	producer := newAccount(t, s, "Pat Producer")
	production := s.createProduction(producer, "Night Garden")
	email := freshEmail()
	res := must(t, s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/invites", Token: producer.Token,
		Body: map[string]any{"email": email, "role": "performer"}}), http.StatusCreated)
	return email, res.JSON(t)["token"].(string)
}

// A refused or failed delivery is retried with backoff unless the refusal
// is permanent (5xx): then the job fails at once, its body is deleted and it
// is never sent again.
func TestMailFailurePaths(t *testing.T) {
	for _, c := range []struct {
		name      string
		reply     mailtest.Reply
		permanent bool
	}{
		{"451 at DATA is retried", mailtest.TempFail, false},
		{"a dropped connection is retried", mailtest.Drop, false},
		{"554 at DATA is never resent", mailtest.PermFail, true},
		{"550 at RCPT is never resent", mailtest.RcptPermFail, true},
		{"451 at MAIL FROM is retried", mailtest.MailTempFail, false},
		{"550 at MAIL FROM is never resent", mailtest.MailPermFail, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, smtp := newMailTestServer(t)
			smtp.Script(c.reply)
			email, _ := inviteFresh(t, s)
			waitFor(t, "the first attempt recorded", func() bool {
				j := onlyMailJob(t, s)
				return j.Status != "pending" || j.LastError != ""
			})
			job := onlyMailJob(t, s)
			if c.permanent {
				if job.Status != "failed" || job.Body != "" || job.Attempts != 1 || job.SentAt != nil || !strings.HasPrefix(job.LastError, "SMTP 5") {
					t.Fatalf("after a permanent refusal: %+v", job)
				}
				s.Clock.Advance(24 * time.Hour)
				settle()
				if n := smtp.Attempts(); n != 1 || len(smtp.Messages()) != 0 {
					t.Fatalf("%d attempts, %d messages: a permanent failure was resent", n, len(smtp.Messages()))
				}
				if j := onlyMailJob(t, s); j.Attempts != 1 || j.Status != "failed" {
					t.Fatalf("job changed: %+v", j)
				}
				return
			}
			if job.Status != "pending" || job.Body == "" || job.LastError != "SMTP 451 4.3.0 at end of DATA" && c.reply == mailtest.TempFail {
				t.Fatalf("after a temporary failure: %+v", job)
			}
			settle() // not before its backoff (1 s of the test clock)
			if n := smtp.Attempts(); n != 1 {
				t.Fatalf("%d attempts before the backoff ran out", n)
			}
			s.Clock.Advance(2 * time.Second)
			got := smtp.WaitFor(t, 1, 10*time.Second)
			if len(got) != 1 || got[0].To[0] != email {
				t.Fatalf("delivered: %+v", got)
			}
			waitFor(t, "the job marked sent", func() bool { return onlyMailJob(t, s).Status == "sent" })
			if j := onlyMailJob(t, s); j.Attempts != 2 || j.Body != "" || j.SentAt == nil {
				t.Fatalf("after the retry: %+v", j)
			}
		})
	}
}

// A queued message survives a restart: one instance queues it and stops
// (another had claimed it and crashed mid-send); a new process on the same
// database delivers it exactly once, once the crashed claim's lease is over.
func TestMailJobsSurviveARestart(t *testing.T) {
	dbURL := storagetest.URL(t)
	open := func() *storage.Store {
		st, err := storage.Open(dbURL, storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Migrate(context.Background(), 0); err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := open()
	s1 := newMailTestServerOn(t, first, nil) // e-mail on, no worker running
	email, token := inviteFresh(t, s1)
	now := s1.Clock.Now()
	claimed, err := first.ClaimMailJobs(context.Background(), now, now.Add(2*time.Minute), 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %+v", err, claimed)
	}
	first.Close() // the process stops, its claim not finished

	second := open()
	t.Cleanup(func() { second.Close() })
	smtp := mailtest.Start(t)
	s2 := newMailTestServerOn(t, second, smtp)
	settle()
	if n := smtp.Attempts(); n != 0 {
		t.Fatalf("%d attempts while the crashed claim's lease runs", n)
	}
	s2.Clock.Advance(3 * time.Minute)
	got := smtp.WaitFor(t, 1, 10*time.Second)
	settle()
	if len(smtp.Messages()) != 1 || got[0].To[0] != email {
		t.Fatalf("%d messages after the restart, want exactly 1", len(smtp.Messages()))
	}
	if link := linkTo(t, parseMail(t, got[0]), testPublicURL+"/invite/"); link.Path != "/invite/"+token {
		t.Fatalf("link %s", link)
	}
	if j := onlyMailJob(t, s2); j.Status != "sent" || j.Attempts != 2 || j.Body != "" {
		t.Fatalf("job: %+v", j)
	}
}

// A queued message is encrypted at rest: the stored body holds neither the
// address, the token, the link nor the production; it opens only under the
// server secret and for its own job; the address is kept only as a hash;
// once sent, the body is gone.
func TestMailBodyEncryptedAtRest(t *testing.T) {
	s := newMailTestServerOn(t, storagetest.Open(t), nil)
	email, token := inviteFresh(t, s)
	job := onlyMailJob(t, s)
	if job.Status != "pending" || job.Body == "" {
		t.Fatalf("job: %+v", job)
	}
	noLeak(t, "stored body", []byte(job.Body), email, token, "/invite/", "Night Garden", "performer", "Closed Set")
	sum := sha256.Sum256([]byte(strings.ToLower(email)))
	if job.ToHash != hex.EncodeToString(sum[:]) {
		t.Errorf("to_hash %s, want the SHA-256 of the address", job.ToHash)
	}
	sealer := testSealer(t)
	m, err := sealer.Open(job.ID, job.Body)
	if err != nil || m.To != email || !strings.Contains(m.Text, token) {
		t.Fatalf("the body does not open to the invite: %v %+v", err, m)
	}
	if _, err := sealer.Open("01937a4e-0000-7000-8000-000000000001", job.Body); err == nil {
		t.Fatal("a body moved to another job opens")
	}

	smtp := mailtest.Start(t)
	startMailWorker(t, s, smtp)
	smtp.WaitFor(t, 1, 10*time.Second)
	waitFor(t, "the job marked sent", func() bool { return onlyMailJob(t, s).Status == "sent" })
	if j := onlyMailJob(t, s); j.Body != "" || j.ToHash != job.ToHash {
		t.Fatalf("after sending: %+v", j)
	}
}

// Deleting an account deletes its queued mail (api.md: "queued mail").
func TestDeleteMeDeletesQueuedMail(t *testing.T) {
	s := newMailTestServerOn(t, storagetest.Open(t), nil)
	w := newWorld(t, s).withScene()
	setEmail(t, s, w.PerformerA, "always")
	w.published(w.Scene, "Plan", w.kissStep(w.PerformerA, w.PerformerB)) // mail to A (always) and B (no push)
	count := func(userID string) int {
		jobs, err := s.Store.MailJobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, j := range jobs {
			if j.UserID == userID {
				n++
			}
		}
		return n
	}
	if count(w.PerformerA.ID) != 1 || count(w.PerformerB.ID) != 1 {
		t.Fatalf("queued: A %d, B %d", count(w.PerformerA.ID), count(w.PerformerB.ID))
	}
	must(t, w.do(w.PerformerA, "DELETE", "/api/v1/me", map[string]any{"password": "correct horse battery"}), http.StatusNoContent)
	if count(w.PerformerA.ID) != 0 || count(w.PerformerB.ID) != 1 {
		t.Fatalf("after deletion: A %d, B %d", count(w.PerformerA.ID), count(w.PerformerB.ID))
	}
}
