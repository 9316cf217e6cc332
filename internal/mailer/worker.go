// Package mailer delivers the e-mail outbox: a worker claims due mail jobs
// with a lease, opens each sealed body right before sending it over
// internal/mail's Sender, and records the outcome — sent (the body is
// deleted), failed for good on a permanent refusal (the body is deleted,
// never resent), or pending again with backoff on a temporary failure. Its
// logs name the job, its kind, the attempt and the outcome, never an
// address, a subject, a body or a link.
package mailer

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"closedset/internal/mail"
)

// Job is one queued e-mail as the worker sees it: the storage adapter
// converts its rows to and from this type.
type Job struct {
	ID, Kind string
	Body     string // sealed (see Sealer)
	Attempts int    // including the one this claim starts
}

// Queue is the outbox the worker drains (storage.Store implements it).
type Queue interface {
	// ClaimMailJobs leases up to n due jobs until leaseUntil.
	ClaimMailJobs(ctx context.Context, now, leaseUntil time.Time, n int) ([]Job, error)
	// FinishMailJob records a job's outcome: sent or failed (the body is
	// deleted), or pending again at next.
	FinishMailJob(ctx context.Context, id, status, lastError string, next, now time.Time) error
}

// Options configures a Worker.
type Options struct {
	Store  Queue
	Sender Sender
	Sealer *Sealer
	// Permanent reports whether a send error must never be retried
	// (default mail.Permanent).
	Permanent    func(error) bool
	Logger       *slog.Logger
	Now          func() time.Time
	Concurrency  int           // parallel sends (default 4)
	PollInterval time.Duration // how often to look for due jobs (default 1 s)
	MaxAttempts  int           // then a job fails for good (default 10)
	// BackoffBase is the wait after the first failed attempt (default 30 s);
	// each further attempt waits 4 times longer, at most MaxBackoff.
	BackoffBase time.Duration
	MaxBackoff  time.Duration // default 6 h
	Lease       time.Duration // how long a claimed job is reserved (at least, and by default, 2 min: twice a send's timeout)
}

// Worker sends mail jobs until its context ends.
type Worker struct {
	o    Options
	wake chan struct{}
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
		o.PollInterval = time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = 30 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 6 * time.Hour
	}
	if o.Lease < 2*sendTimeout {
		o.Lease = 2 * sendTimeout
	}
	if o.Permanent == nil {
		o.Permanent = mail.Permanent
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Worker{o: o, wake: make(chan struct{}, 1)}
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
		for w.Drain(ctx) > 0 && ctx.Err() == nil {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// Drain claims one batch of due jobs and sends it; it returns how many it
// handled.
func (w *Worker) Drain(ctx context.Context) int {
	now := w.o.Now()
	// One job per sender: the whole batch is sent in one round, within
	// sendTimeout, so it ends well inside its lease and no other instance can
	// claim a job of it again while it is still being sent.
	jobs, err := w.o.Store.ClaimMailJobs(ctx, now, now.Add(w.o.Lease), w.o.Concurrency)
	if err != nil {
		if ctx.Err() == nil {
			w.o.Logger.Warn("claim mail jobs", "err", err)
		}
		return 0
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			// A send in flight finishes even when ctx ends (drain on shutdown).
			w.deliver(context.WithoutCancel(ctx), j)
		})
	}
	wg.Wait()
	return len(jobs)
}

// sendTimeout bounds one delivery attempt.
const sendTimeout = time.Minute

func (w *Worker) deliver(ctx context.Context, j Job) {
	m, err := w.o.Sealer.Open(j.ID, j.Body)
	if err != nil {
		// Sealed under another secret, or tampered with: it can never be sent.
		w.finish(ctx, j, "failed", "body unreadable", 0)
		return
	}
	sctx, cancel := context.WithTimeout(ctx, sendTimeout)
	err = w.o.Sender.Send(sctx, m)
	cancel()
	switch {
	case err == nil:
		w.finish(ctx, j, "sent", "", 0)
	case w.o.Permanent(err):
		w.finish(ctx, j, "failed", shortError(err), 0)
	case j.Attempts >= w.o.MaxAttempts:
		w.finish(ctx, j, "failed", shortError(err)+" (gave up)", 0)
	default:
		w.finish(ctx, j, "pending", shortError(err), w.backoff(j.Attempts))
	}
}

// backoff is the wait after attempt n (1-based): BackoffBase·4^(n-1), at most
// MaxBackoff, with up to 25 % jitter. With the default base: 30 s, 2 min,
// 8 min, 32 min, 2 h 8 min, then 6 h.
func (w *Worker) backoff(n int) time.Duration {
	d := w.o.BackoffBase
	for i := 1; i < n && d < w.o.MaxBackoff; i++ {
		d *= 4
	}
	d = min(d, w.o.MaxBackoff)
	return d + time.Duration(rand.Int64N(int64(d/4)+1))
}

func (w *Worker) finish(ctx context.Context, j Job, status, lastError string, retryIn time.Duration) {
	now := w.o.Now()
	level := slog.LevelInfo
	if status != "sent" {
		level = slog.LevelWarn
	}
	w.o.Logger.Log(ctx, level, "mail", "job", j.ID, "kind", j.Kind, "outcome", status, "attempt", j.Attempts)
	if err := w.o.Store.FinishMailJob(ctx, j.ID, status, lastError, now.Add(retryIn), now); err != nil {
		w.o.Logger.Warn("finish mail job", "job", j.ID, "err", err)
	}
}

// shortError is what is kept of a send error: the SMTP reply code and the
// stage it came at (mail.Summary), or the kind of failure — never the
// server's text or the error's details, which may name the address.
func shortError(err error) string {
	var coded interface{ ErrorCode() int }
	var invalid *mail.InvalidMessageError
	switch {
	case errors.As(err, &coded) && coded.ErrorCode() > 0:
		return mail.Summary(err)
	case errors.As(err, &invalid):
		return "invalid message"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "connection failed"
}
