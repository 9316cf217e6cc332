package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// A push subscription counts as working until its last three sends failed;
// a success counts from zero again. MailRecipients reads every recipient's
// address, setting and that flag in one query; erased accounts are left out.
func TestWorkingPushSubscriptions(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for _, id := range []string{"u1", "u2", "u3"} {
		if err := s.CreateUser(ctx, domain.User{ID: id, Email: id + "@example.test", DisplayName: id, CreatedAt: now}, "h"); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.UpsertSubscription(ctx, storage.PushSubscription{ID: "s1", UserID: "u1", Endpoint: "https://push.example.test/1",
		P256dh: "k", Auth: "a", CreatedAt: now}, 10); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEmailSetting(ctx, "u2", domain.EmailAlways); err != nil {
		t.Fatal(err)
	}
	if err := s.EraseUser(ctx, "u3", "Former member", now); err != nil {
		t.Fatal(err)
	}
	seq := 0
	push := func(status string) {
		t.Helper()
		seq++
		n := domain.Notification{ID: fmt.Sprintf("n%d", seq), UserID: "u1", Type: domain.NotifyRiderDue, Title: "T", Body: "B", URL: "/", CreatedAt: now}
		if _, err := s.CreateNotification(ctx, n, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"}, "{}",
			func() string { return fmt.Sprintf("j%d", seq) }); err != nil {
			t.Fatal(err)
		}
		jobs, err := s.ClaimPushJobs(ctx, now, now.Add(time.Minute), 10)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("claim: %v %+v", err, jobs)
		}
		if err := s.FinishPushJob(ctx, jobs[0].ID, status, "", now.Add(time.Hour), now); err != nil {
			t.Fatal(err)
		}
	}
	working := func() map[string]storage.MailRecipient {
		t.Helper()
		rs, err := s.MailRecipients(ctx, []string{"u1", "u2", "u3", "nobody"})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]storage.MailRecipient{}
		for _, r := range rs {
			out[r.UserID] = r
		}
		return out
	}
	got := working()
	if len(got) != 2 || !got["u1"].WorkingPush || got["u2"].WorkingPush || got["u1"].Email != "u1@example.test" ||
		got["u1"].Setting != domain.EmailWhenNoPush || got["u2"].Setting != domain.EmailAlways {
		t.Fatalf("recipients: %+v", got)
	}
	push("failed")
	push("pending") // a retryable failure counts too
	if !working()["u1"].WorkingPush {
		t.Fatal("two failures: still working")
	}
	push("sent") // a success starts again from zero
	push("failed")
	push("failed")
	if !working()["u1"].WorkingPush {
		t.Fatal("two failures since the last success: still working")
	}
	push("failed")
	if working()["u1"].WorkingPush {
		t.Fatal("three failures in a row: not working")
	}
}

// Concurrent claims never hand the same mail job to two workers (SKIP
// LOCKED on PostgreSQL, the write lock on SQLite), and a finished job is
// not claimed again.
func TestClaimMailJobsConcurrently(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	const jobs = 60
	for i := range jobs {
		if err := s.EnqueueMail(ctx, storage.MailJob{ID: fmt.Sprintf("m%03d", i), Kind: "invite", ToHash: "h", Body: "sealed",
			CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				got, err := s.ClaimMailJobs(ctx, now, now.Add(time.Minute), 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				for _, j := range got {
					mu.Lock()
					seen[j.ID]++
					mu.Unlock()
					if err := s.FinishMailJob(ctx, j.ID, "sent", "", now, now); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != jobs {
		t.Fatalf("%d jobs claimed, want %d", len(seen), jobs)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("job %s claimed %d times", id, n)
		}
	}
	all, err := s.MailJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range all {
		if j.Status != "sent" || j.Body != "" || j.Attempts != 1 || j.SentAt == nil {
			t.Fatalf("job %+v", j)
		}
	}
}
