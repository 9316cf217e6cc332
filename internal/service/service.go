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
	"closedset/internal/domain"
	"closedset/internal/live"
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
	// memory (0: DefaultCoverageCacheSize; negative: none, every read
	// computes everything).
	CoverageCacheSize int
	// Secret is the server secret stored replies to Idempotency-Key requests
	// are encrypted under (with the raw key); empty: a random one, good for
	// this process only.
	Secret []byte
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
	coverage       *coverageCache // nil: coverage is computed afresh on every read

	loginByEmail *auth.Limiter
	loginByIP    *auth.Limiter
	signupByIP   *auth.Limiter
	dummyHash    string
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Live == nil {
		o.Live = live.NewBroker()
	}
	// Stored times keep microseconds (PostgreSQL's precision), so what is
	// hashed, returned and read back is the same instant on both databases.
	clock := o.Now
	o.Now = func() time.Time { return clock().UTC().Truncate(time.Microsecond) }
	var coverage *coverageCache
	switch {
	case o.CoverageCacheSize == 0:
		coverage = newCoverageCache(DefaultCoverageCacheSize)
	case o.CoverageCacheSize > 0:
		coverage = newCoverageCache(o.CoverageCacheSize)
	}
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
	return &Service{
		store: o.Store, tokens: o.Tokens, argon: o.Argon2, now: o.Now, publicURL: o.PublicURL, secret: o.Secret,
		vapidPublicKey: o.VAPIDPublicKey, pushHosts: o.PushAllowedHosts, live: o.Live, coverage: coverage,
		loginByEmail: auth.NewLimiter(10, 15*time.Minute, o.Now),
		loginByIP:    auth.NewLimiter(50, 15*time.Minute, o.Now),
		signupByIP:   auth.NewLimiter(20, time.Hour, o.Now),
		dummyHash:    dummy,
	}, nil
}

// PublicURL is the base URL people reach the app at.
func (s *Service) PublicURL() string { return s.publicURL }

// Ready reports whether the database answers with every migration applied.
func (s *Service) Ready(ctx context.Context) error { return s.store.Ready(ctx) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// membership returns the caller's role in a production, or not_found when they
// are not a member (the production is invisible to them).
func (s *Service) membership(ctx context.Context, userID, productionID string) (domain.Production, error) {
	return s.store.FindProductionForMember(ctx, productionID, userID)
}

// authorize finds the caller's role in a production and asks domain.Authorize.
func (s *Service) authorize(ctx context.Context, userID, productionID string, action domain.Action, subject domain.Subject) (domain.Production, error) {
	p, err := s.membership(ctx, userID, productionID)
	if err != nil {
		return p, err
	}
	return p, domain.Authorize(p.Role, action, subject)
}

func rateLimited(retryAfter time.Duration) error {
	e := domain.E(domain.KindRateLimited, "rate_limited", "Too many attempts. Try again later.")
	e.Extra = map[string]any{"retryAfter": int(retryAfter.Seconds()) + 1}
	return e
}

// authorizeIn is authorize within a transaction.
func (s *Service) authorizeIn(ctx context.Context, tx *storage.Store, userID, productionID string, action domain.Action) (domain.Production, error) {
	p, err := tx.FindProductionForMember(ctx, productionID, userID)
	if err != nil {
		return p, err
	}
	return p, domain.Authorize(p.Role, action, domain.Subject{})
}

// audit appends an event to a production's chain in the caller's transaction.
func audit(ctx context.Context, tx *storage.Store, productionID, actorID string, at time.Time, action, subjectType, subjectID string, data map[string]any) error {
	_, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: productionID, At: at, ActorID: actorID,
		Action: action, SubjectType: subjectType, SubjectID: subjectID, Data: data})
	return err
}

func itoa(i int) string { return strconv.Itoa(i) }

// Now is the service's clock (injected in tests).
func (s *Service) Now() time.Time { return s.now() }
