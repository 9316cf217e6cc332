package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"closedset/internal/domain"
	"closedset/internal/notify"
	"closedset/internal/notify/pushtest"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
	"closedset/internal/testclock"
)

const subject = "mailto:push@closedset.test"

// fixture is a store with one user, the VAPID keys, and a push receiver.
type fixture struct {
	store        *storage.Store
	recv         *pushtest.Receiver
	pub, priv    string
	clock        *testclock.Clock
	user         string
	seq          int
	subscription map[string]pushtest.Subscription
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: storagetest.Open(t), pub: pub, priv: priv, user: "u1",
		clock: testclock.New(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)), subscription: map[string]pushtest.Subscription{}}
	f.recv = pushtest.NewReceiver(t, pub, subject)
	ctx := context.Background()
	if err := f.store.CreateUser(ctx, domain.User{ID: f.user, Email: "u1@example.test", DisplayName: "U1", CreatedAt: f.clock.Now()}, "h"); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) subscribe(t testing.TB) pushtest.Subscription {
	t.Helper()
	sub := f.recv.Subscribe()
	if _, _, err := f.store.UpsertSubscription(context.Background(), storage.PushSubscription{ID: sub.ID(), UserID: f.user,
		Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth, CreatedAt: f.clock.Now()}, 10); err != nil {
		t.Fatal(err)
	}
	f.subscription[sub.ID()] = sub
	return sub
}

// enqueue stores a notification (and so one job per subscription).
func (f *fixture) enqueue(t testing.TB, typ string, d domain.Delivery) string {
	t.Helper()
	f.seq++
	n := domain.Notification{ID: "n" + time.Duration(f.seq).String(), UserID: f.user, Type: typ, Title: "Harbour Lights",
		Body: "Scene 12: an update.", URL: "/productions/p/scenes/s", ProductionID: "p", SceneID: "s", CreatedAt: f.clock.Now()}
	payload, _ := json.Marshal(map[string]any{"id": n.ID, "type": n.Type, "title": n.Title, "body": n.Body, "url": n.URL})
	err := f.store.Tx(context.Background(), func(tx *storage.Store) error {
		_, err := tx.CreateNotification(context.Background(), n, d, string(payload), func() string {
			f.seq++
			return "job" + time.Duration(f.seq).String()
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(payload)
}

func (f *fixture) worker(opts ...func(*notify.Options)) *notify.Worker {
	o := notify.Options{Store: f.store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), VAPIDPublicKey: f.pub,
		VAPIDPrivateKey: f.priv, Subject: subject, Now: f.clock.Now, PollInterval: 20 * time.Millisecond,
		HTTPClient: &http.Client{Timeout: 5 * time.Second}, AllowedHosts: []string{"127.0.0.1"}}
	for _, fn := range opts {
		fn(&o)
	}
	return notify.New(o)
}

// run starts a worker and returns a stop function that waits for it.
func run(w *notify.Worker) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func count(t testing.TB, s *storage.Store, status string) int64 {
	t.Helper()
	n, err := s.CountPushJobs(context.Background(), status)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestDeliversEveryNotificationType sends one of each type and checks the
// receiver verified VAPID and decrypted exactly the stored payload, with the
// TTL, Urgency and Topic of the job.
func TestDeliversEveryNotificationType(t *testing.T) {
	f := newFixture(t)
	f.subscribe(t)
	types := domain.NotificationTypes
	want := map[string]string{}
	for _, typ := range types {
		want[typ] = f.enqueue(t, typ, domain.Delivery{Urgency: domain.UrgencyHigh, TTL: 90 * time.Minute, Topic: domain.PushTopic("s", typ)})
	}
	stop := run(f.worker())
	defer stop()
	msgs := f.recv.Wait(t, len(types), 10*time.Second)
	for _, m := range msgs {
		var p struct{ Type string }
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatalf("payload %q: %v", m.Payload, err)
		}
		if string(m.Payload) != want[p.Type] || m.TTL != 5400 || m.Urgency != "high" || m.Topic != domain.PushTopic("s", p.Type) {
			t.Errorf("%s: payload %s ttl %d urgency %q topic %q", p.Type, m.Payload, m.TTL, m.Urgency, m.Topic)
		}
	}
	if rej := f.recv.Rejected(); len(rej) > 0 {
		t.Fatalf("receiver rejected: %v", rej)
	}
	eventually(t, "all jobs sent", func() bool { return count(t, f.store, "sent") == int64(len(types)) })
	// Every message carried the same verified VAPID token: it is signed once
	// per push service and reused while valid, not re-signed per message.
	for _, m := range msgs[1:] {
		if got := m.Header.Get("Authorization"); got != msgs[0].Header.Get("Authorization") {
			t.Fatalf("VAPID header re-signed per message:\n%s\n%s", msgs[0].Header.Get("Authorization"), got)
		}
	}
}

// TestGoneSubscriptionIsDeleted: 404/410 from the push service delete the
// subscription (and its pending jobs); other subscriptions still get theirs.
func TestGoneSubscriptionIsDeleted(t *testing.T) {
	for _, status := range []int{http.StatusGone, http.StatusNotFound} {
		f := newFixture(t)
		gone, ok := f.subscribe(t), f.subscribe(t)
		f.recv.Respond(gone.ID(), status)
		f.enqueue(t, domain.NotifyRiderDue, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"})
		stop := run(f.worker())
		f.recv.Wait(t, 1, 10*time.Second)
		eventually(t, "the gone subscription deleted", func() bool {
			_, _, err := f.store.UpsertSubscription(context.Background(), storage.PushSubscription{ID: "probe", UserID: f.user,
				Endpoint: gone.Endpoint, P256dh: gone.P256dh, Auth: gone.Auth, CreatedAt: f.clock.Now()}, 10)
			return err == nil && count(t, f.store, "pending") == 0
		})
		stop()
		if m := f.recv.Messages(); len(m) != 1 || m[0].SubscriptionID != ok.ID() {
			t.Fatalf("%d: messages %v", status, m)
		}
	}
}

// TestRetriesWithBackoff: 429 with Retry-After and 5xx are retried later
// (not before Retry-After), then delivered exactly once.
func TestRetriesWithBackoff(t *testing.T) {
	f := newFixture(t)
	sub := f.subscribe(t)
	f.recv.RespondWithHeader(sub.ID(), http.StatusTooManyRequests, http.Header{"Retry-After": {"120"}})
	f.enqueue(t, domain.NotifyCheckinRequested, domain.Delivery{Urgency: "high", TTL: 5 * time.Minute, Topic: "t"})
	w := f.worker()
	stop := run(w)
	defer stop()
	eventually(t, "a first attempt", func() bool { return count(t, f.store, "pending") == 1 && len(f.recv.Messages()) == 0 })
	time.Sleep(100 * time.Millisecond)
	if len(f.recv.Messages()) != 0 {
		t.Fatal("retried before Retry-After")
	}
	f.clock.Advance(3 * time.Minute)
	w.Wake()
	msgs := f.recv.Wait(t, 1, 10*time.Second)
	eventually(t, "sent", func() bool { return count(t, f.store, "sent") == 1 })
	if len(msgs) != 1 {
		t.Fatalf("delivered %d times", len(msgs))
	}
}

// TestPermanentFailures: 413 and 400/401/403 fail without retry and keep the
// subscription.
func TestPermanentFailures(t *testing.T) {
	for _, status := range []int{http.StatusRequestEntityTooLarge, http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden} {
		f := newFixture(t)
		sub := f.subscribe(t)
		f.recv.Respond(sub.ID(), status)
		f.enqueue(t, domain.NotifyDebriefUpdated, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"})
		stop := run(f.worker())
		eventually(t, "failed", func() bool { return count(t, f.store, "failed") == 1 })
		f.clock.Advance(time.Hour)
		time.Sleep(100 * time.Millisecond)
		stop()
		if len(f.recv.Messages()) != 0 || count(t, f.store, "pending") != 0 {
			t.Fatalf("%d was retried", status)
		}
		created, _, err := f.store.UpsertSubscription(context.Background(), storage.PushSubscription{ID: "again", UserID: f.user,
			Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth, CreatedAt: f.clock.Now()}, 10)
		if err != nil || created {
			t.Fatalf("%d: subscription was dropped (created=%v, %v)", status, created, err)
		}
	}
}

// TestJobsSurviveRestart: jobs written while no worker runs are delivered by
// a worker started later on a reopened database.
func TestJobsSurviveRestart(t *testing.T) {
	f := newFixture(t)
	f.subscribe(t)
	for i := 0; i < 5; i++ {
		f.enqueue(t, domain.NotifyChoreographyPublished, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"})
	}
	// A first worker claims and is killed mid-flight: its lease runs out.
	if _, err := f.store.ClaimPushJobs(context.Background(), f.clock.Now(), f.clock.Now().Add(time.Minute), 2); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * time.Minute)
	stop := run(f.worker())
	defer stop()
	f.recv.Wait(t, 5, 10*time.Second)
	eventually(t, "all sent", func() bool { return count(t, f.store, "sent") == 5 })
}

// TestNoDuplicateAfterRacingRetry: a stale lease holder finishing after a
// success never turns a sent job back to pending.
func TestNoDuplicateAfterRacingRetry(t *testing.T) {
	f := newFixture(t)
	f.subscribe(t)
	f.enqueue(t, domain.NotifyRiderDue, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"})
	jobs, err := f.store.ClaimPushJobs(context.Background(), f.clock.Now(), f.clock.Now().Add(time.Minute), 1)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	now := f.clock.Now()
	if err := f.store.FinishPushJob(context.Background(), jobs[0].ID, "sent", "", now, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.FinishPushJob(context.Background(), jobs[0].ID, "pending", "late retry", now, now); err != nil {
		t.Fatal(err)
	}
	if count(t, f.store, "sent") != 1 || count(t, f.store, "pending") != 0 {
		t.Fatal("a late retry overwrote a success")
	}
	stop := run(f.worker())
	time.Sleep(150 * time.Millisecond)
	stop()
	if len(f.recv.Messages()) != 0 {
		t.Fatal("a sent job was delivered again")
	}
}

// BenchmarkDeliver measures jobs per second from the outbox to the local
// receiver (VAPID verified and payload decrypted on the other side).
func BenchmarkDeliver(b *testing.B) {
	f := newFixture(b)
	f.subscribe(b)
	for i := 0; i < b.N; i++ {
		f.enqueue(b, domain.NotifyCheckinRequested, domain.Delivery{Urgency: "high", TTL: 5 * time.Minute, Topic: "t"})
	}
	b.ResetTimer()
	start := time.Now()
	stop := run(f.worker(func(o *notify.Options) { o.Concurrency = 8 }))
	f.recv.Wait(b, b.N, time.Minute)
	b.StopTimer()
	stop()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "jobs/s")
}
