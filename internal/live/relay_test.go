package live

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// relayURL is the test PostgreSQL, or a skip.
func relayURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("CLOSEDSET_TEST_POSTGRES")
	if url == "" {
		t.Skip("CLOSEDSET_TEST_POSTGRES is unset: the relay needs PostgreSQL (LISTEN/NOTIFY)")
	}
	return url
}

// startRelay starts a relay with its own broker, stopped at the test's end.
func startRelay(t *testing.T, url string) (*Relay, *Broker) {
	t.Helper()
	b := NewBroker()
	r := NewRelay(RelayOptions{URL: url, Broker: b, Instance: uuid.NewString(), Backoff: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	if err := r.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return r, b
}

func next(t *testing.T, ch <-chan Event) (Event, bool) {
	t.Helper()
	select {
	case e, ok := <-ch:
		return e, ok
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
		return Event{}, false
	}
}

func TestRelayCarriesEventsBetweenInstances(t *testing.T) {
	url := relayURL(t)
	_, a := startRelay(t, url)
	_, b := startRelay(t, url)
	pid := uuid.NewString()
	onA, stopA := a.Subscribe(pid)
	defer stopA()
	onB, stopB := b.Subscribe(pid)
	defer stopB()

	start := time.Now()
	a.Publish(pid, Event{Type: "consent.changed", Data: map[string]any{"sceneId": "s1", "version": 3}})
	a.Publish(pid, Event{Type: "consent.changed", Data: map[string]any{"sceneId": "s1", "version": 3}}) // identical: not folded
	for i := range 2 {
		e, ok := next(t, onB)
		if !ok || e.Type != "consent.changed" || e.Data["sceneId"] != "s1" || e.Data["version"] != float64(3) {
			t.Fatalf("B got %+v (open %v)", e, ok)
		}
		if i == 0 {
			t.Logf("A → B: %v", time.Since(start))
		}
	}
	for range 2 { // A's own subscriber: at once, and never again from the database
		if e, ok := next(t, onA); !ok || e.Type != "consent.changed" {
			t.Fatalf("A got %+v", e)
		}
	}
	b.Publish(pid, Event{Type: "checkin.closed", Data: map[string]any{"checkinId": "c1"}})
	if e, _ := next(t, onA); e.Type != "checkin.closed" {
		t.Fatalf("A got %+v from B", e)
	}
	if e, _ := next(t, onB); e.Type != "checkin.closed" {
		t.Fatalf("B got %+v", e)
	}
	select {
	case e := <-onA:
		t.Fatalf("A got an event twice, or its own back: %+v", e)
	case e := <-onB:
		t.Fatalf("B got an event twice, or its own back: %+v", e)
	case <-time.After(300 * time.Millisecond):
	}

	// An event too large for a notification is not lost silently: B's
	// streams of that production end, so their clients reconnect and reread.
	a.Publish(pid, Event{Type: "big", Data: map[string]any{"blob": strings.Repeat("x", 9000)}})
	if e, _ := next(t, onA); e.Type != "big" {
		t.Fatalf("A got %+v", e)
	}
	if e, ok := next(t, onB); ok {
		t.Fatalf("B's stream got %+v instead of ending", e.Type)
	}
}

func TestRelayOnChannel(t *testing.T) {
	url := relayURL(t)
	r, _ := startRelay(t, url)
	channel := "closedset_test_" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	got := make(chan string, 4)
	r.OnChannel(channel, func(p string) { got <- p }) // after Start: listened at once
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for { // the LISTEN may lag the registration a little: notify until heard
		if _, err := conn.Exec(context.Background(), "SELECT pg_notify($1, $2)", channel, "user-1"); err != nil {
			t.Fatal(err)
		}
		select {
		case p := <-got:
			if p != "user-1" {
				t.Fatalf("payload %q", p)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("the hook never heard its channel")
		}
	}
}

func TestRelayReconnectsAndEndsStreams(t *testing.T) {
	url := relayURL(t)
	_, a := startRelay(t, url)
	rb, b := startRelay(t, url)
	var mu sync.Mutex
	var states []bool
	rb.OnConnection(func(up bool) { mu.Lock(); states = append(states, up); mu.Unlock() })
	seen := func() []bool { mu.Lock(); defer mu.Unlock(); return append([]bool{}, states...) }
	pid := uuid.NewString()
	onB, stopB := b.Subscribe(pid)
	defer stopB()

	// Cut B's listener connection from the server side.
	admin, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var n int
	if err := admin.QueryRow(context.Background(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
		"closedset-listen-"+rb.o.Instance).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminated %d listeners: %v", n, err)
	}
	if _, ok := next(t, onB); ok {
		t.Fatal("B's stream stayed open after its listener was lost")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !rb.Listening() || len(seen()) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("B did not listen again (hooks told %v)", seen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s := seen(); s[0] || !s[len(s)-1] {
		t.Fatalf("hooks told %v, want false then true", s)
	}
	onB, stopB = b.Subscribe(pid)
	defer stopB()
	a.Publish(pid, Event{Type: "coverage.changed", Data: map[string]any{"sceneId": "s2"}})
	if e, ok := next(t, onB); !ok || e.Data["sceneId"] != "s2" {
		t.Fatalf("after reconnecting B got %+v", e)
	}
}
