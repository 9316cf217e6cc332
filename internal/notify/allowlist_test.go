package notify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/notify"
	"closedset/internal/storage"
)

// storeEndpoint stores a subscription of the fixture's user at endpoint, with
// the keys of a real receiver subscription (so a delivered push would decrypt).
func (f *fixture) storeEndpoint(t *testing.T, id, endpoint string) {
	t.Helper()
	keys := f.recv.Subscribe()
	if _, _, err := f.store.UpsertSubscription(context.Background(), storage.PushSubscription{ID: id, UserID: f.user,
		Endpoint: endpoint, P256dh: keys.P256dh, Auth: keys.Auth, CreatedAt: f.clock.Now()}, 10); err != nil {
		t.Fatal(err)
	}
}

// TestRedirectsAreNeverFollowed: a push service answering 3xx is a failure
// for good; the worker never requests the Location, even one on an allowed
// host.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		f := newFixture(t)
		var followed atomic.Int64
		target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			followed.Add(1)
			w.WriteHeader(http.StatusCreated)
		}))
		t.Cleanup(target.Close)
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/push/stolen", status)
		}))
		t.Cleanup(redirector.Close)
		f.storeEndpoint(t, "redirected", redirector.URL+"/push/1")
		f.enqueue(t, domain.NotifyConsentWithdrawn, domain.Delivery{Urgency: "high", TTL: time.Hour, Topic: "t"})
		stop := run(f.worker())
		eventually(t, "failed", func() bool { return count(t, f.store, "failed") == 1 })
		f.clock.Advance(time.Hour)
		time.Sleep(100 * time.Millisecond)
		stop()
		if n := followed.Load(); n != 0 {
			t.Errorf("%d: the redirect was followed %d times", status, n)
		}
		if count(t, f.store, "pending") != 0 || count(t, f.store, "sent") != 0 {
			t.Errorf("%d: the job was retried or counted as sent", status)
		}
	}
}

// TestEndpointIsCheckedBeforeEverySend: a stored endpoint that the allow-list
// (as the worker has it now) refuses — another host, plain http off loopback,
// https on another port — is never sent to, and the job fails without retry.
func TestEndpointIsCheckedBeforeEverySend(t *testing.T) {
	t.Run("host no longer allowed", func(t *testing.T) {
		f := newFixture(t)
		f.subscribe(t) // on 127.0.0.1, which this worker does not allow
		f.enqueue(t, domain.NotifyCheckinAlert, domain.Delivery{Urgency: "high", TTL: time.Hour, Topic: "t"})
		stop := run(f.worker(func(o *notify.Options) { o.AllowedHosts = []string{"push.example.test"} }))
		eventually(t, "failed", func() bool { return count(t, f.store, "failed") == 1 })
		time.Sleep(100 * time.Millisecond)
		stop()
		if n := len(f.recv.Messages()) + len(f.recv.Rejected()); n != 0 {
			t.Fatalf("%d requests reached the receiver", n)
		}
	})
	for _, endpoint := range []string{
		"https://push.example.test:8443/push/1", // https, another port
		"http://push.example.test/push/1",       // plain http off loopback
		"https://evil.example.com/push/1",       // not on the list
	} {
		t.Run(endpoint, func(t *testing.T) {
			f := newFixture(t)
			var tried atomic.Int64
			client := &http.Client{Transport: roundTripper(func(*http.Request) (*http.Response, error) {
				tried.Add(1)
				return &http.Response{StatusCode: http.StatusCreated, Body: http.NoBody, Header: http.Header{}}, nil
			})}
			f.storeEndpoint(t, "stored", endpoint)
			f.enqueue(t, domain.NotifyRiderDue, domain.Delivery{Urgency: "normal", TTL: time.Hour, Topic: "t"})
			stop := run(f.worker(func(o *notify.Options) { o.AllowedHosts, o.HTTPClient = []string{".example.test"}, client }))
			eventually(t, "failed", func() bool { return count(t, f.store, "failed") == 1 })
			stop()
			if tried.Load() != 0 {
				t.Fatalf("the worker sent to %s", endpoint)
			}
		})
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
