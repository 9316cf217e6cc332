package notify_test

import (
	"context"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/notify"
	"closedset/internal/notify/pushtest"
	"closedset/internal/storage"
)

// TestAtMostPerOriginInFlight: however many jobs are due, the worker never
// has more than PerOrigin requests in flight to one push service, sends
// each job once, and records every outcome.
func TestAtMostPerOriginInFlight(t *testing.T) {
	f := newFixture(t)
	sink := pushtest.NewSink(t, 20*time.Millisecond)
	ctx := context.Background()
	const jobs = 60
	for i := range jobs {
		keys := f.recv.Subscribe() // real P-256 keys; the endpoint is the sink's
		if _, _, err := f.store.UpsertSubscription(ctx, storage.PushSubscription{ID: keys.ID(), UserID: f.user,
			Endpoint: sink.Endpoint(keys.ID()), P256dh: keys.P256dh, Auth: keys.Auth, CreatedAt: f.clock.Now()}, jobs+1); err != nil {
			t.Fatalf("subscription %d: %v", i, err)
		}
	}
	f.enqueue(t, domain.NotifyChoreographyPublished, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"})
	stop := run(f.worker(func(o *notify.Options) {
		o.Concurrency, o.PerOrigin, o.HTTPClient = 16, 4, sink.Client(16)
	}))
	defer stop()
	if !sink.Wait(jobs, 20*time.Second) {
		total, _, _ := sink.Counts()
		t.Fatalf("%d of %d pushes arrived", total, jobs)
	}
	eventually(t, "every outcome recorded", func() bool { return count(t, f.store, "sent") == jobs })
	total, doubled, most := sink.Counts()
	if total != jobs || doubled != 0 {
		t.Errorf("%d pushes for %d jobs, %d subscriptions got more than one", total, jobs, doubled)
	}
	if most > 4 {
		t.Errorf("%d requests in flight to one origin at once; at most 4 allowed", most)
	}
	if most < 2 {
		t.Errorf("only %d request in flight at once: the worker does not send in parallel", most)
	}
}
