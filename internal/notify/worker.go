// Package notify delivers the push outbox: a worker claims due push jobs and
// sends them with Web Push (VAPID, RFC 8291 aes128gcm), deleting
// subscriptions the push service reports gone and retrying failures with
// backoff. The inbox row is the record; push is only a channel.
package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"closedset/internal/domain"
)

// Job is one push of one notification to one subscription, as the worker
// sends it: the storage adapter converts its rows to and from this type, so
// the worker never sees a database row.
type Job struct {
	ID, SubscriptionID     string
	Endpoint, P256dh, Auth string // the subscription's
	Payload                []byte
	TTL                    time.Duration
	Urgency, Topic         string
	Attempts               int // including the one this claim starts
}

// Queue is the outbox the worker drains (storage.Store implements it).
type Queue interface {
	// ClaimPushJobs leases up to n due jobs until leaseUntil.
	ClaimPushJobs(ctx context.Context, now, leaseUntil time.Time, n int) ([]Job, error)
	// FinishPushJob records a job's outcome: sent, failed, or pending again at next.
	FinishPushJob(ctx context.Context, id, status, lastError string, next, now time.Time) error
	// DeleteSubscriptionByID removes a subscription the push service reported gone.
	DeleteSubscriptionByID(ctx context.Context, id string) error
}

// Options configures a Worker.
type Options struct {
	Store           Queue
	Logger          *slog.Logger
	VAPIDPublicKey  string
	VAPIDPrivateKey string
	Subject         string // mailto: or https: URL
	Now             func() time.Time
	Concurrency     int           // parallel sends (default 4)
	PollInterval    time.Duration // how often to look for due jobs (default 500ms)
	MaxAttempts     int           // then a job fails for good (default 8)
	// AllowedHosts is the push-service allow-list (CLOSEDSET_PUSH_ALLOWED_HOSTS):
	// every endpoint is checked against it right before each send
	// (domain.PushEndpointAllowed); with none, nothing is sent.
	AllowedHosts []string
	// HTTPClient sends the pushes; redirects are never followed, whatever
	// client is given.
	HTTPClient *http.Client
}

// Worker sends push jobs until its context ends.
type Worker struct {
	o     Options
	wake  chan struct{}
	vapid *vapidSigner
	http  vapidClient
}

// New returns a Worker with defaults filled in.
func New(o Options) *Worker {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 500 * time.Millisecond
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{
			MaxIdleConns: o.Concurrency * 2, MaxIdleConnsPerHost: o.Concurrency, IdleConnTimeout: 90 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 10 * time.Second}}
	}
	// A redirect could lead anywhere, past the allow-list: the 3xx answer
	// itself is the outcome (classify fails the job).
	client := *o.HTTPClient
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	o.HTTPClient = &client
	// VAPID tokens are checked by push services against real clocks, so they
	// are stamped with time.Now rather than o.Now (a test clock).
	signer := newVAPIDSigner(o.VAPIDPublicKey, o.VAPIDPrivateKey, o.Subject, time.Now)
	if signer.err != nil && o.Logger != nil {
		o.Logger.Error("push is misconfigured: every send will fail until the keys are fixed", "err", signer.err)
	}
	return &Worker{o: o, wake: make(chan struct{}, 1), vapid: signer, http: vapidClient{client: o.HTTPClient, signer: signer}}
}

// Wake asks the worker to look for due jobs now (after a use case enqueued).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers due jobs until ctx ends; sends in flight finish first.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.o.PollInterval)
	defer t.Stop()
	for {
		for w.drain(ctx) > 0 && ctx.Err() == nil {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// lease is how long a claimed job is reserved for this worker.
const lease = time.Minute

// drain claims one batch and sends it; it returns how many it handled.
func (w *Worker) drain(ctx context.Context) int {
	now := w.o.Now()
	jobs, err := w.o.Store.ClaimPushJobs(ctx, now, now.Add(lease), w.o.Concurrency*4)
	if err != nil {
		if ctx.Err() == nil {
			w.o.Logger.Warn("claim push jobs", "err", err)
		}
		return 0
	}
	sem := make(chan struct{}, w.o.Concurrency)
	var wg sync.WaitGroup
	for _, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			// A send in flight finishes even when ctx ends (drain on shutdown).
			w.deliver(context.WithoutCancel(ctx), j)
		})
	}
	wg.Wait()
	return len(jobs)
}

// outcome is what to do with a job after one attempt.
type outcome struct {
	status    string // sent, failed, pending (retry)
	retryIn   time.Duration
	dropSub   bool
	lastError string
}

// classify maps a push service answer to an outcome.
func classify(status int, retryAfter string, attempts, maxAttempts int) outcome {
	switch {
	case status >= 200 && status < 300:
		return outcome{status: "sent"}
	case status == http.StatusNotFound || status == http.StatusGone:
		return outcome{status: "failed", dropSub: true, lastError: fmt.Sprintf("subscription gone (%d)", status)}
	case status >= 300 && status < 400:
		return outcome{status: "failed", lastError: fmt.Sprintf("the push service redirected (%d); redirects are not followed", status)}
	case status == http.StatusRequestEntityTooLarge:
		return outcome{status: "failed", lastError: "payload too large (413)"}
	case status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden:
		return outcome{status: "failed", lastError: fmt.Sprintf("rejected by the push service (%d): check VAPID keys and subject", status)}
	}
	// 429, 5xx, anything else: retry with backoff.
	return retry(fmt.Sprintf("push service answered %d", status), retryAfter, attempts, maxAttempts)
}

func retry(reason, retryAfter string, attempts, maxAttempts int) outcome {
	if attempts >= maxAttempts {
		return outcome{status: "failed", lastError: reason + "; giving up after " + strconv.Itoa(attempts) + " attempts"}
	}
	backoff := time.Duration(1<<min(attempts, 10)) * time.Second
	backoff += time.Duration(rand.Int64N(int64(backoff/2) + 1)) // jitter
	if s, err := strconv.Atoi(strings.TrimSpace(retryAfter)); err == nil && s >= 0 {
		backoff = max(backoff, time.Duration(s)*time.Second)
	} else if t, err := http.ParseTime(retryAfter); err == nil {
		backoff = max(backoff, time.Until(t))
	}
	return outcome{status: "pending", retryIn: backoff, lastError: reason}
}

func (w *Worker) deliver(ctx context.Context, j Job) {
	if err := domain.PushEndpointAllowed(j.Endpoint, w.o.AllowedHosts); err != nil {
		// Stored before the allow-list changed (or written around the API):
		// never sent, kept in case the list is widened again.
		w.o.Logger.Error("push failed", "job", j.ID, "reason", "endpoint not allowed")
		w.finish(ctx, j, outcome{status: "failed", lastError: "endpoint not allowed: " + err.Error()})
		return
	}
	payload := j.Payload
	res, err := webpush.SendNotificationWithContext(ctx, payload[:len(payload):len(payload)], &webpush.Subscription{
		Endpoint: j.Endpoint, Keys: webpush.Keys{P256dh: j.P256dh, Auth: j.Auth},
	}, &webpush.Options{
		HTTPClient:      w.http,                                     // replaces webpush-go's per-message token with the cached one
		Subscriber:      strings.TrimPrefix(w.o.Subject, "mailto:"), // webpush-go adds mailto: itself
		VAPIDPublicKey:  w.o.VAPIDPublicKey,
		VAPIDPrivateKey: w.o.VAPIDPrivateKey,
		TTL:             int(j.TTL / time.Second),
		Urgency:         webpush.Urgency(j.Urgency),
		Topic:           j.Topic,
		RecordSize:      3070,
	})
	var out outcome
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the endpoint URL, which is a capability
		}
		out = retry("send: "+err.Error(), "", j.Attempts, w.o.MaxAttempts)
	} else {
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 4096))
		res.Body.Close()
		out = classify(res.StatusCode, res.Header.Get("Retry-After"), j.Attempts, w.o.MaxAttempts)
	}
	w.finish(ctx, j, out)
}

// finish records a job's outcome and drops a subscription reported gone.
func (w *Worker) finish(ctx context.Context, j Job, out outcome) {
	now := w.o.Now()
	if out.dropSub {
		if err := w.o.Store.DeleteSubscriptionByID(ctx, j.SubscriptionID); err != nil {
			w.o.Logger.Warn("delete gone subscription", "err", err)
		}
	}
	if out.status == "failed" && !out.dropSub {
		w.o.Logger.Error("push failed", "job", j.ID, "reason", out.lastError)
	}
	if err := w.o.Store.FinishPushJob(ctx, j.ID, out.status, out.lastError, now.Add(out.retryIn), now); err != nil && !out.dropSub {
		w.o.Logger.Warn("finish push job", "job", j.ID, "err", err)
	}
}
