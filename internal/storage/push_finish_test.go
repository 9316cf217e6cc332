package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/notify"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// The push worker records its outcomes in batches: sent jobs in two
// statements for the whole batch, the others one by one. A batch mixing
// them records each as if alone: only a job still pending changes (a late
// retry never overwrites a success), a success resets its subscription's
// failure count, and a failure or retry adds to it.
func TestFinishPushJobsRecordsAMixedBatch(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	jobOf := map[string]string{} // "u1-1" -> job id
	for _, u := range []string{"u1", "u2"} {
		if err := s.CreateUser(ctx, domain.User{ID: u, Email: u + "@example.test", DisplayName: u, CreatedAt: now}, "h"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UpsertSubscription(ctx, storage.PushSubscription{ID: "s-" + u, UserID: u,
			Endpoint: "https://push.example.test/" + u, P256dh: "k", Auth: "a", CreatedAt: now}, 10); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 4; i++ {
			key := fmt.Sprintf("%s-%d", u, i)
			n := domain.Notification{ID: "n-" + key, UserID: u, Type: domain.NotifyRiderDue, Title: "T", Body: "B", URL: "/", CreatedAt: now}
			if _, err := s.CreateNotification(ctx, n, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"}, "{}",
				func() string { return "j-" + key }); err != nil {
				t.Fatal(err)
			}
			jobOf[key] = "j-" + key
		}
	}
	if jobs, err := s.ClaimPushJobs(ctx, now, now.Add(time.Minute), 100); err != nil || len(jobs) != 8 {
		t.Fatalf("claim: %v, %d jobs", err, len(jobs))
	}
	out := func(key, status string) notify.Outcome {
		return notify.Outcome{JobID: jobOf[key], Status: status, LastError: "x", Next: now.Add(time.Hour)}
	}
	working := func(u string) bool {
		t.Helper()
		rs, err := s.MailRecipients(ctx, []string{u})
		if err != nil || len(rs) != 1 {
			t.Fatalf("recipients: %v %+v", err, rs)
		}
		return rs[0].WorkingPush
	}
	count := func(status string) int64 {
		t.Helper()
		n, err := s.CountPushJobs(ctx, status)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Three failed sends each (a retry counts as one): neither works any more.
	if err := s.FinishPushJobs(ctx, []notify.Outcome{out("u1-1", "failed"), out("u2-1", "failed"), out("u1-2", "failed"),
		out("u2-2", "failed"), out("u1-3", "pending"), out("u2-3", "failed")}, now); err != nil {
		t.Fatal(err)
	}
	if working("u1") || working("u2") {
		t.Fatal("three failures in a row: the subscriptions should no longer count as working")
	}
	// One batch: u1's last job sent, then a late retry of the same job (must
	// not undo it), and u2's last job failed.
	if err := s.FinishPushJobs(ctx, []notify.Outcome{out("u1-4", "sent"), out("u1-4", "pending"), out("u2-4", "failed")}, now); err != nil {
		t.Fatal(err)
	}
	if !working("u1") {
		t.Fatal("a success resets the failure count: u1's subscription works again")
	}
	if working("u2") {
		t.Fatal("u2 only failed")
	}
	if got := [3]int64{count("sent"), count("pending"), count("failed")}; got != [3]int64{1, 1, 6} {
		t.Fatalf("sent, pending, failed = %v, want [1 1 6]", got)
	}
	// Recording the same success again changes nothing.
	if err := s.FinishPushJobs(ctx, []notify.Outcome{out("u1-4", "sent")}, now); err != nil {
		t.Fatal(err)
	}
	if count("sent") != 1 || !working("u1") {
		t.Fatal("a repeated success should change nothing")
	}
}
