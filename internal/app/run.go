// Package app is Closed Set's composition root: configuration → database →
// services → HTTP server → background loops, and graceful shutdown.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/google/uuid"

	"closedset/api"
	"closedset/internal/auth"
	"closedset/internal/config"
	"closedset/internal/live"
	"closedset/internal/notify"
	"closedset/internal/service"
	"closedset/internal/storage"
)

// Run starts Closed Set and serves until ctx ends, then shuts down gracefully.
// It is what main calls and what end-to-end tests call (on port 0 with a
// temporary database).
func Run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 2 && args[1] == "healthcheck" {
		return healthcheck(ctx, getenv)
	}
	if len(args) > 1 {
		return fmt.Errorf("closedset takes no arguments but \"healthcheck\"; configure it with CLOSEDSET_* environment variables (got %q)", strings.Join(args[1:], " "))
	}
	// Configuration.
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	logOut := newLogWriter(stdout)
	defer logOut.Flush()
	log := slog.New(flushOnWarn{newLogger(cfg.LogFormat, logOut).Handler(), logOut})
	log.Info("starting Closed Set", "config", cfg)

	// Database.
	store, err := storage.Open(cfg.Database, storage.Options{MaxConns: cfg.DBMaxConns})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx, 0); err != nil {
		return err
	}

	// Secrets: configured, or generated once and stored.
	secrets, err := ensureSecrets(ctx, store, cfg)
	if err != nil {
		return err
	}

	// The push worker, started below; use cases wake it after a commit that
	// queued push jobs.
	pusher := notify.New(notify.Options{Store: store, Logger: log, VAPIDPublicKey: secrets.vapidPublic,
		VAPIDPrivateKey: secrets.vapidPriv, Subject: cfg.VAPIDSubject, AllowedHosts: cfg.PushAllowedHosts})

	// E-mail, when configured: its worker is started below; use cases wake
	// it after a commit that queued mail jobs.
	sealer, mailWorker, err := setupMail(cfg, secrets.jwt, store, log)
	if err != nil {
		return err
	}
	wakeMail := func() {}
	if mailWorker != nil {
		wakeMail = mailWorker.Wake
	}

	// Live board events; with PostgreSQL they cross to every other instance
	// through LISTEN/NOTIFY (see live.Relay).
	broker := live.NewBroker()
	relay, err := startRelay(ctx, cfg.Database, broker, log)
	if err != nil {
		return err
	}

	// Services.
	svc, err := service.New(service.Options{
		Live:      broker,
		Store:     store,
		Tokens:    auth.NewTokens(secrets.jwt, cfg.PublicURL, time.Now),
		Argon2:    auth.DefaultArgon2,
		Now:       time.Now,
		PublicURL: cfg.PublicURL,
		Secret:    secrets.jwt,

		VAPIDPublicKey:   secrets.vapidPublic,
		PushAllowedHosts: cfg.PushAllowedHosts,
		WakePush:         pusher.Wake,
		Mail:             sealer,
		WakeMail:         wakeMail,
	})
	if err != nil {
		return err
	}
	if relay != nil {
		// Another instance's access change wakes this instance's auth cache
		// at once; its 200 ms poll of auth_changes stays the guarantee when a
		// notification is missed (rule 13).
		cache := svc.AuthCache()
		relay.OnChannel(storage.AuthNotifyChannel, func(string) { cache.Wake() })
	}
	if cfg.Demo {
		if err := loadDemo(ctx, svc, log, stdout); err != nil {
			return err
		}
	}

	// HTTP server.
	metrics := api.NewMetrics()
	e, err := api.New(api.Options{Service: svc, Logger: log, TrustedProxies: cfg.TrustedProxies, SecureCookies: true,
		Stopping: ctx.Done(), Metrics: metrics})
	if err != nil {
		return err
	}
	// Metrics only on their own listener, when configured; never on the
	// public one.
	var metricsLn net.Listener
	if cfg.MetricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			return fmt.Errorf("CLOSEDSET_METRICS_ADDR: %w", err)
		}
		log.Info("metrics", "addr", metricsLn.Addr().String())
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		if metricsLn != nil {
			metricsLn.Close()
		}
		return err
	}
	// Headers over 64 KiB are refused by net/http itself (431 text/plain);
	// the API refuses those over 16 KiB with a problem. ReadTimeout stays above
	// the API's own 10 s limit for a body, which answers 408 problem+json.
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	log.Info("listening", "addr", ln.Addr().String(), "url", cfg.PublicURL)

	// Background loops, owned by this function and stopped with ctx.
	var wg sync.WaitGroup
	loopCtx, stopLoops := context.WithCancel(ctx)
	defer stopLoops()
	if relay != nil {
		wg.Go(func() { relay.Run(loopCtx) })
	}
	wg.Go(func() { sweep(loopCtx, store, svc, log) })
	wg.Go(func() { pusher.Run(loopCtx) })
	if mailWorker != nil {
		wg.Go(func() { mailWorker.Run(loopCtx) })
	}
	wg.Go(func() { schedule(loopCtx, store, svc, log) })
	// The auth cache's poller: another instance's change to a user's access
	// holds here within a second (rule 13).
	wg.Go(func() { svc.AuthCache().Run(loopCtx) })
	// From now on request lines are buffered (see logWriter).
	logOut.Buffer()
	wg.Go(func() { logOut.Run(loopCtx) })

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	var metricsSrv *http.Server
	if metricsLn != nil {
		metricsSrv = &http.Server{Handler: metrics.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
			WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}
		wg.Go(func() {
			if err := metricsSrv.Serve(metricsLn); !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics listener", "err", err)
			}
		})
	}

	closeMetrics := func() {
		if metricsSrv != nil {
			metricsSrv.Close()
		}
	}
	select {
	case err := <-serveErr:
		stopLoops()
		closeMetrics()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	stopLoops()
	closeMetrics()
	wg.Wait()
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

type secretSet struct {
	jwt                    []byte
	vapidPublic, vapidPriv string
}

// ensureSecrets returns the JWT key and VAPID key pair: from the configuration
// when set, otherwise generated on first start and stored in the database so
// that restarts (and other instances) agree.
func ensureSecrets(ctx context.Context, store *storage.Store, cfg config.Config) (secretSet, error) {
	var s secretSet
	jwtSecret := cfg.JWTSecret
	if jwtSecret == "" {
		var err error
		jwtSecret, err = store.EnsureSetting(ctx, "jwt_secret", func() (string, error) {
			b := make([]byte, 32)
			_, err := rand.Read(b)
			return base64.RawURLEncoding.EncodeToString(b), err
		})
		if err != nil {
			return s, fmt.Errorf("jwt secret: %w", err)
		}
	}
	s.jwt = []byte(jwtSecret)
	s.vapidPublic, s.vapidPriv = cfg.VAPIDPublicKey, cfg.VAPIDPrivateKey
	if s.vapidPublic == "" {
		pair, err := store.EnsureSetting(ctx, "vapid_keys", func() (string, error) {
			priv, pub, err := webpush.GenerateVAPIDKeys()
			if err != nil {
				return "", err
			}
			b, err := json.Marshal([2]string{pub, priv})
			return string(b), err
		})
		if err != nil {
			return s, fmt.Errorf("vapid keys: %w", err)
		}
		var keys [2]string
		if err := json.Unmarshal([]byte(pair), &keys); err != nil {
			return s, fmt.Errorf("vapid keys: %w", err)
		}
		s.vapidPublic, s.vapidPriv = keys[0], keys[1]
	}
	return s, nil
}

// loadDemo creates the demo production on an empty database and prints its
// accounts.
func loadDemo(ctx context.Context, svc *service.Service, log *slog.Logger, stdout io.Writer) error {
	created, err := svc.LoadDemo(ctx)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if !created {
		log.Info("demo mode: the database already has accounts; no demo data loaded")
		return nil
	}
	fmt.Fprintln(stdout, "\nDemo production \"Harbour Lights (demo)\" created. Sign in as any of:")
	for _, a := range service.DemoAccounts {
		fmt.Fprintf(stdout, "  %-12s %-34s password: %s\n", a.Role, a.Email, service.DemoPassword)
	}
	fmt.Fprintln(stdout)
	return nil
}

// sweep deletes expired refresh tokens, idempotency records, stream
// tickets, password reset tokens and counted sign-in attempts every hour
// until ctx ends; with several instances one of them does it at a time.
func sweep(ctx context.Context, store *storage.Store, svc *service.Service, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		_, err := store.Exclusively(ctx, "sweep", func(ctx context.Context) error {
			sweepOnce(ctx, store, svc, log)
			return nil
		})
		if err != nil && ctx.Err() == nil {
			log.Warn("sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func sweepOnce(ctx context.Context, store *storage.Store, svc *service.Service, log *slog.Logger) {
	if n, err := store.DeleteExpiredRefreshTokens(ctx, time.Now()); err != nil && ctx.Err() == nil {
		log.Warn("sweep sessions", "err", err)
	} else if n > 0 {
		log.Info("swept expired sessions", "count", n)
	}
	if _, err := svc.SweepIdempotencyKeys(ctx); err != nil && ctx.Err() == nil {
		log.Warn("sweep idempotency keys", "err", err)
	}
	if err := svc.SweepLoginFailures(ctx); err != nil && ctx.Err() == nil {
		log.Warn("sweep login failures", "err", err)
	}
	if err := store.DeleteStreamTicketsBefore(ctx, time.Now().Add(-time.Hour)); err != nil && ctx.Err() == nil {
		log.Warn("sweep stream tickets", "err", err)
	}
	if err := svc.SweepPasswordResets(ctx); err != nil && ctx.Err() == nil {
		log.Warn("sweep password resets", "err", err)
	}
}

// startRelay connects the live relay on PostgreSQL (nil on SQLite: one
// instance, nothing to relay). Its Run is started with the other loops.
func startRelay(ctx context.Context, database string, broker *live.Broker, log *slog.Logger) (*live.Relay, error) {
	if !storage.IsPostgres(database) {
		return nil, nil
	}
	instance := uuid.NewString()
	relay := live.NewRelay(live.RelayOptions{URL: database, Broker: broker, Instance: instance, Logger: log})
	if err := relay.Start(ctx); err != nil {
		return nil, fmt.Errorf("live relay: %w", err)
	}
	log.Info("live relay listening", "instance", instance, "channel", live.Channel)
	return relay, nil
}

// healthcheck asks the local server's /healthz (for container HEALTHCHECKs,
// where no curl is installed).
func healthcheck(ctx context.Context, getenv func(string) string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	_, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("CLOSEDSET_ADDR: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %d", res.StatusCode)
	}
	return nil
}

// schedule closes expired check-ins (every few seconds: coordinators wait on
// them) and sends rider reminders (every minute) until ctx ends; with several
// instances one of them runs each job at a time.
func schedule(ctx context.Context, store *storage.Store, svc *service.Service, log *slog.Logger) {
	checkins := time.NewTicker(3 * time.Second)
	riders := time.NewTicker(time.Minute)
	defer checkins.Stop()
	defer riders.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-checkins.C:
			if _, err := store.Exclusively(ctx, "expire-checkins", func(ctx context.Context) error {
				_, err := svc.ExpireCheckins(ctx)
				return err
			}); err != nil && ctx.Err() == nil {
				log.Warn("expire check-ins", "err", err)
			}
		case <-riders.C:
			if _, err := store.Exclusively(ctx, "rider-reminders", func(ctx context.Context) error {
				_, err := svc.RemindDueRiders(ctx)
				return err
			}); err != nil && ctx.Err() == nil {
				log.Warn("rider reminders", "err", err)
			}
		}
	}
}
