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
	// FinishPushJobs records jobs' outcomes (sent, failed, or pending again
	// at Next), many in one transaction.
	FinishPushJobs(ctx context.Context, outs []Outcome, now time.Time) error
	// DeleteSubscriptionByID removes a subscription the push service reported gone.
	DeleteSubscriptionByID(ctx context.Context, id string) error
}

// Outcome is what one attempt of a job came to, as the worker records it.
type Outcome struct {
	JobID     string
	Status    string // sent, failed, pending (retry at Next)
	LastError string
	Next      time.Time
}

// Options configures a Worker.
type Options struct {
	Store           Queue
	Logger          *slog.Logger
	VAPIDPublicKey  string
	VAPIDPrivateKey string
	Subject         string // mailto: or https: URL
	Now             func() time.Time
	Concurrency     int           // sends in flight in all (default 512)
	PerOrigin       int           // sends in flight per push-service origin (default 256)
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
	o       Options
	wake    chan struct{}
	vapid   *vapidSigner
	http    vapidClient
	origins origins
}

// New returns a Worker with defaults filled in.
func New(o Options) *Worker {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 512
	}
	if o.PerOrigin <= 0 {
		o.PerOrigin = 256
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 500 * time.Millisecond
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{
			MaxIdleConns: o.Concurrency, MaxIdleConnsPerHost: o.PerOrigin, IdleConnTimeout: 90 * time.Second,
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
	return &Worker{o: o, wake: make(chan struct{}, 1), vapid: signer,
		http: vapidClient{client: o.HTTPClient, signer: signer}, origins: origins{per: o.PerOrigin}}
}

// Wake asks the worker to look for due jobs now (after a use case enqueued).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers due jobs until ctx ends; sends in flight finish first, and
// their outcomes are recorded before it returns.
//
// It is a pipeline: sends run in parallel (Concurrency in all, PerOrigin per
// push service), each one as soon as its origin has room, while this loop
// alone talks to the database. It leases more due jobs whenever at least a
// quarter of the send slots are free, and records finished sends in batches
// (one transaction for up to finishBatch outcomes): an outcome waits at most
// finishDelay for others to join it, or none at all once nothing else is in
// flight. The worker's own writes therefore never wait for each other, and a
// fan-out to thousands costs a few dozen transactions, not thousands.
func (w *Worker) Run(ctx context.Context) {
	store := context.WithoutCancel(ctx) // outcomes are recorded even on shutdown
	slots := make(chan struct{}, w.o.Concurrency)
	done := make(chan finished, w.o.Concurrency)
	var sends sync.WaitGroup
	t := time.NewTicker(w.o.PollInterval)
	defer t.Stop()
	delay := time.NewTimer(time.Hour)
	delay.Stop()
	batch := make([]finished, 0, finishBatch)
	drained := false // the last claim found every due job
	add := func(f finished) {
		<-slots
		if len(batch) == 0 {
			delay.Reset(finishDelay)
		}
		batch = append(batch, f)
		if len(batch) == finishBatch {
			w.finish(store, batch)
			batch = batch[:0]
		}
	}
	for {
		// Collect what has finished; record it when the batch is full
		// enough, has waited long enough, nothing else is in flight, or
		// the worker is stopping.
	collect:
		for {
			select {
			case f := <-done:
				add(f)
			default:
				break collect
			}
		}
		if len(batch) > 0 && (len(batch) >= finishBatch/4 || len(slots) == 0 || ctx.Err() != nil) {
			w.finish(store, batch)
			batch = batch[:0]
			delay.Stop()
		}
		if ctx.Err() != nil {
			break
		}
		// Lease more while there is room — unless the last claim found fewer
		// due jobs than it asked for: then not before the next tick or wake.
		if free := cap(slots) - len(slots); !drained && free >= max(1, cap(slots)/4) {
			now := w.o.Now()
			jobs, err := w.o.Store.ClaimPushJobs(ctx, now, now.Add(lease), free)
			if err != nil && ctx.Err() == nil {
				w.o.Logger.Warn("claim push jobs", "err", err)
			}
			for _, j := range jobs {
				slots <- struct{}{}
				sends.Go(func() {
					// A send in flight finishes even when ctx ends (drain on shutdown).
					done <- finished{job: j, out: w.deliver(store, j)}
				})
			}
			if len(jobs) == free {
				continue // there may be more due now
			}
			drained = err == nil
		}
		select {
		case <-ctx.Done():
		case <-t.C:
			drained = false
		case <-w.wake:
			drained = false
		case f := <-done:
			add(f)
		case <-delay.C:
			w.finish(store, batch)
			batch = batch[:0]
		}
	}
	// Shutdown: wait for the sends in flight and record their outcomes.
	go func() { sends.Wait(); close(done) }()
	for f := range done {
		batch = append(batch, f)
		if len(batch) == finishBatch {
			w.finish(store, batch)
			batch = batch[:0]
		}
	}
	w.finish(store, batch)
}

// finishDelay is the longest a finished send's outcome waits for others to
// be recorded with it.
const finishDelay = 20 * time.Millisecond

// lease is how long a claimed job is reserved for this worker.
const lease = time.Minute

// origins bounds the sends in flight per push-service origin.
type origins struct {
	per int
	mu  sync.Mutex
	sem map[string]chan struct{}
}

func (o *origins) acquire(endpoint string) func() {
	key := endpoint
	if u, err := url.Parse(endpoint); err == nil {
		key = u.Scheme + "://" + u.Host
	}
	o.mu.Lock()
	if o.sem == nil {
		o.sem = map[string]chan struct{}{}
	}
	sem, ok := o.sem[key]
	if !ok {
		sem = make(chan struct{}, o.per)
		o.sem[key] = sem
	}
	o.mu.Unlock()
	sem <- struct{}{}
	return func() { <-sem }
}

// finished is one send's job and outcome, on its way to be recorded.
type finished struct {
	job Job
	out outcome
}

// finishBatch is the most outcomes recorded in one transaction.
const finishBatch = 256

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

// deliver sends one job, once its origin has room, and says what came of it.
func (w *Worker) deliver(ctx context.Context, j Job) outcome {
	if err := domain.PushEndpointAllowed(j.Endpoint, w.o.AllowedHosts); err != nil {
		// Stored before the allow-list changed (or written around the API):
		// never sent, kept in case the list is widened again.
		return outcome{status: "failed", lastError: "endpoint not allowed: " + err.Error()}
	}
	release := w.origins.acquire(j.Endpoint)
	defer release()
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
	return out
}

// finish records a batch of outcomes and drops subscriptions reported gone.
func (w *Worker) finish(ctx context.Context, batch []finished) {
	if len(batch) == 0 {
		return
	}
	now := w.o.Now()
	outs := make([]Outcome, 0, len(batch))
	for _, f := range batch {
		if f.out.dropSub {
			if err := w.o.Store.DeleteSubscriptionByID(ctx, f.job.SubscriptionID); err != nil {
				w.o.Logger.Warn("delete gone subscription", "err", err)
			}
			continue // its jobs went with it
		}
		if f.out.status == "failed" {
			w.o.Logger.Error("push failed", "job", f.job.ID, "reason", f.out.lastError)
		}
		outs = append(outs, Outcome{JobID: f.job.ID, Status: f.out.status, LastError: f.out.lastError, Next: now.Add(f.out.retryIn)})
	}
	if err := w.o.Store.FinishPushJobs(ctx, outs, now); err != nil {
		w.o.Logger.Warn("finish push jobs", "jobs", len(outs), "err", err)
	}
}
