// Package service holds Closed Set's use cases. Each one validates its input,
// checks authorization through domain.Authorize, and writes its state change
// and audit event in one transaction.
package service

import (
	"context"
	"crypto/rand"
	"strconv"
	"time"

	"github.com/google/uuid"

	"closedset/internal/auth"
	"closedset/internal/authcache"
	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/live"
	"closedset/internal/mailer"
	"closedset/internal/storage"
)

// Options configures a Service.
type Options struct {
	Store     *storage.Store
	Tokens    *auth.Tokens
	Argon2    auth.Argon2Params
	Now       func() time.Time
	PublicURL string
	// VAPIDPublicKey is served to browsers; PushAllowedHosts bounds where
	// push endpoints may point.
	VAPIDPublicKey   string
	PushAllowedHosts []string
	// Live fans board events out to coordinators; nil makes a new broker.
	Live *live.Broker
	// CoverageCacheSize is how many productions' coverage lines are kept in
	// memory (0: coverage.DefaultCacheSize; negative: none, every read
	// computes everything).
	CoverageCacheSize int
	// Secret is the server secret stored replies to Idempotency-Key requests
	// are encrypted under (with the raw key); empty: a random one, good for
	// this process only.
	Secret []byte
	// WakePush is called after a commit that queued push jobs, so the push
	// worker sends them at once instead of at its next poll; nil: nobody.
	WakePush func()
	// Mail turns e-mail on: queued messages are sealed with it (see
	// mailer.Sealer). nil: e-mail is off — no mail job is written, a
	// password reset answers email_off, invites are not e-mailed.
	Mail *mailer.Sealer
	// WakeMail is called after a commit that queued mail jobs; nil: nobody.
	WakeMail func()
	// AuthCacheSize bounds how many users' auth state is kept in memory (0:
	// authcache.DefaultSize; negative: none). The cache serves only while
	// its poller runs (AuthCache().Run, started by app.Run).
	AuthCacheSize int
}

// Service is the set of use cases over one store.
type Service struct {
	store     *storage.Store
	tokens    *auth.Tokens
	argon     auth.Argon2Params
	now       func() time.Time
	publicURL string
	secret    []byte // server secret (idempotent replies)

	vapidPublicKey string
	pushHosts      []string
	live           *live.Broker
	coverage       *coverage.Reader
	wakePush       func()         // after a commit that queued push jobs
	mail           *mailer.Sealer // nil: e-mail is off
	wakeMail       func()         // after a commit that queued mail jobs
	authCache      *authcache.Cache

	dummyHash string
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Live == nil {
		o.Live = live.NewBroker()
	}
	if o.WakePush == nil {
		o.WakePush = func() {}
	}
	if o.WakeMail == nil {
		o.WakeMail = func() {}
	}
	// Stored times keep microseconds (PostgreSQL's precision), so what is
	// hashed, returned and read back is the same instant on both databases.
	clock := o.Now
	o.Now = func() time.Time { return clock().UTC().Truncate(time.Microsecond) }
	if len(o.Secret) == 0 {
		o.Secret = make([]byte, 32)
		if _, err := rand.Read(o.Secret); err != nil {
			return nil, err
		}
	}
	dummy, err := auth.HashPassword("not a real password, used for timing only", o.Argon2)
	if err != nil {
		return nil, err
	}
	authCache := authcache.New(authcache.Options{Source: o.Store, Size: o.AuthCacheSize})
	o.Store.OnAuthChange(authCache.Drop)
	return &Service{
		authCache: authCache,
		store:     o.Store, tokens: o.Tokens, argon: o.Argon2, now: o.Now, publicURL: o.PublicURL, secret: o.Secret,
		vapidPublicKey: o.VAPIDPublicKey, pushHosts: o.PushAllowedHosts, live: o.Live, coverage: coverage.New(o.Store, o.Now, o.CoverageCacheSize), wakePush: o.WakePush,
		mail: o.Mail, wakeMail: o.WakeMail,
		dummyHash: dummy,
	}, nil
}

// Coverage is the producers' and coordinators' coverage over the service's
// store and clock.
func (s *Service) Coverage() *coverage.Reader { return s.coverage }

// AuthCache is the in-memory cache of users' auth state; app.Run runs its
// poller (AuthCache().Run) and wires PostgreSQL notifications to Wake.
func (s *Service) AuthCache() *authcache.Cache { return s.authCache }

// PublicURL is the base URL people reach the app at.
func (s *Service) PublicURL() string { return s.publicURL }

// Ready reports whether the database answers with every migration applied.
func (s *Service) Ready(ctx context.Context) error { return s.store.Ready(ctx) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// authorize finds the caller's role in a production and asks domain.Authorize.
func (s *Service) authorize(ctx context.Context, userID, productionID string, action domain.Action, subject domain.Subject) (domain.Production, error) {
	return authorizeOn(ctx, s.store, userID, productionID, action, subject)
}

// authorizeOn is authorize on st (a transaction): not_found when the caller
// is not a member (the production is invisible to them).
func authorizeOn(ctx context.Context, st *storage.Store, userID, productionID string, action domain.Action, subject domain.Subject) (domain.Production, error) {
	p, err := st.FindProductionForMember(ctx, productionID, userID)
	if err != nil {
		return p, err
	}
	noteProduction(ctx, productionID) // an idempotent replay re-checks this membership
	return p, domain.Authorize(p.Role, action, subject)
}

func rateLimited(retryAfter time.Duration) error {
	e := domain.E(domain.KindRateLimited, "rate_limited", "Too many attempts. Try again later.")
	e.Extra = map[string]any{"retryAfter": int(retryAfter.Seconds()) + 1}
	return e
}

func itoa(i int) string { return strconv.Itoa(i) }

// Now is the service's clock (injected in tests).
func (s *Service) Now() time.Time { return s.now() }
