package service

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"closedset/internal/auth"
	"closedset/internal/authcache"
	"closedset/internal/domain"
	"closedset/internal/storage"
)

// RefreshTTL is how long a refresh token (and so a signed-in session) lasts
// without use.
const RefreshTTL = 30 * 24 * time.Hour

// Session is what signing in yields: the user, a short-lived access token and a
// refresh token for the HttpOnly cookie.
type Session struct {
	User           domain.User
	AccessToken    string
	ExpiresIn      int
	RefreshToken   string
	RefreshExpires time.Time
}

// RegisterInput is a sign-up request.
type RegisterInput struct {
	Email, Password, DisplayName, Pronouns string
}

// Register creates an account and signs it in. Errors: validation_failed,
// email_taken, rate_limited.
func (s *Service) Register(ctx context.Context, in RegisterInput, clientIP string) (Session, error) {
	if err := s.signupAllowed(ctx, clientIP); err != nil {
		return Session{}, err
	}
	email := domain.NormalizeEmail(in.Email)
	var fields []domain.FieldError
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || a.Name != "" {
		fields = append(fields, domain.FieldError{Field: "email", Message: "Enter a valid e-mail address."})
	}
	if utf8.RuneCountInString(in.Password) < domain.MinPasswordLength {
		fields = append(fields, domain.FieldError{Field: "password", Message: "Use at least 10 characters."})
	}
	name := strings.TrimSpace(in.DisplayName)
	if name == "" {
		fields = append(fields, domain.FieldError{Field: "displayName", Message: "Enter the name people know you by."})
	}
	if len(fields) > 0 {
		return Session{}, &domain.Error{Kind: domain.KindInvalid, Code: "validation_failed", Message: "Some fields are not valid.", Fields: fields}
	}
	hash, err := auth.HashPassword(in.Password, s.argon)
	if err != nil {
		return Session{}, err
	}
	u := domain.User{ID: newID(), Email: email, DisplayName: name, Pronouns: strings.TrimSpace(in.Pronouns), CreatedAt: s.now()}
	var sess Session
	err = s.store.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		sess, err = s.startSession(ctx, tx, u, "")
		return err
	})
	return sess, err
}

// Login signs a user in. Errors: invalid_credentials (the same for an unknown
// e-mail and a wrong password), rate_limited (per e-mail and per client IP).
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (Session, error) {
	email = domain.NormalizeEmail(email)
	keys, err := s.loginLimited(ctx, email, clientIP)
	if err != nil {
		return Session{}, err
	}
	invalid := domain.Unauthorized("invalid_credentials", "The e-mail or password is not right.")
	u, hash, err := s.store.FindUserByEmail(ctx, email)
	if domain.IsCode(err, "not_found") {
		_, _ = auth.VerifyPassword(s.dummyHash, password) // same work as a real check
		return Session{}, orErr(s.loginFailed(ctx, keys), invalid)
	}
	if err != nil {
		return Session{}, err
	}
	ok, err := auth.VerifyPassword(hash, password)
	if err != nil {
		return Session{}, err
	}
	if !ok {
		return Session{}, orErr(s.loginFailed(ctx, keys), invalid)
	}
	var sess Session
	err = s.store.Tx(ctx, func(tx *storage.Store) error {
		sess, err = s.startSession(ctx, tx, u, "")
		return err
	})
	return sess, err
}

// Login limits: failed sign-ins per (e-mail, client IP) and per client IP
// within LoginWindow, counted in the database so that they hold across
// instances. Wrong passwords from one address never lock the account out
// from another: nothing is counted per e-mail alone.
const (
	LoginWindow        = 15 * time.Minute
	LoginFailuresPerIP = 50
	LoginFailuresPair  = 10
)

// loginKeys are the hashed limit keys of a sign-in with their limits.
type loginKeys struct {
	hashes []string
	limits []int64
}

// loginLimited refuses a sign-in (rate_limited, retryAfter) when one of its
// keys has reached its limit, and returns the keys to count a failure under.
func (s *Service) loginLimited(ctx context.Context, email, clientIP string) (loginKeys, error) {
	k := loginKeys{hashes: []string{auth.HashToken("login ip\x00" + clientIP),
		auth.HashToken("login email ip\x00" + email + "\x00" + clientIP)},
		limits: []int64{LoginFailuresPerIP, LoginFailuresPair}}
	now := s.now()
	for i, h := range k.hashes {
		n, oldest, err := s.store.LoginFailures(ctx, h, now.Add(-LoginWindow))
		if err != nil {
			return k, err
		}
		if n >= k.limits[i] {
			return k, rateLimited(oldest.Add(LoginWindow).Sub(now))
		}
	}
	return k, nil
}

// loginFailed counts a failed sign-in under its keys.
func (s *Service) loginFailed(ctx context.Context, k loginKeys) error {
	now := s.now()
	ids := make([]string, len(k.hashes))
	for i := range ids {
		ids[i] = newID()
	}
	return s.store.RecordLoginFailure(ctx, ids, k.hashes, now, now.Add(-LoginWindow))
}

// Sign-up limit: sign-ups (valid or not) per client IP within SignupWindow,
// counted in the database (login_attempts) so that it holds across
// instances.
const (
	SignupWindow = time.Hour
	SignupsPerIP = 20
)

// signupAllowed counts a sign-up from clientIP, or refuses it (rate_limited,
// retryAfter) when SignupsPerIP are counted within SignupWindow. The attempt
// is written first and counted after, so concurrent attempts — on any
// instance — never let more than the limit through; a refused one is
// forgotten again.
func (s *Service) signupAllowed(ctx context.Context, clientIP string) error {
	h := auth.HashToken("signup ip\x00" + clientIP)
	now := s.now()
	id := newID()
	if err := s.store.RecordLoginFailure(ctx, []string{id}, []string{h}, now, now.Add(-SignupWindow)); err != nil {
		return err
	}
	n, oldest, err := s.store.LoginFailures(ctx, h, now.Add(-SignupWindow))
	if err != nil {
		return err
	}
	if n <= SignupsPerIP {
		return nil
	}
	if err := s.store.DeleteLoginAttempt(ctx, id); err != nil {
		return err
	}
	return rateLimited(oldest.Add(SignupWindow).Sub(now))
}

// SweepLoginFailures forgets counted attempts (failed sign-ins, reset
// requests, sign-ups) that no longer count under any limit.
func (s *Service) SweepLoginFailures(ctx context.Context) error {
	return s.store.DeleteLoginFailuresBefore(ctx, s.now().Add(-max(LoginWindow, ResetWindow, SignupWindow)))
}

// startSession issues an access token and a new refresh token, in familyID or
// a new family when it is empty.
func (s *Service) startSession(ctx context.Context, tx *storage.Store, u domain.User, familyID string) (Session, error) {
	access, expiresIn, err := s.tokens.Issue(u.ID)
	if err != nil {
		return Session{}, err
	}
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return Session{}, err
	}
	if familyID == "" {
		familyID = newID()
	}
	now := s.now()
	rt := storage.RefreshToken{ID: newID(), FamilyID: familyID, UserID: u.ID, TokenHash: hash,
		CreatedAt: now, ExpiresAt: now.Add(RefreshTTL)}
	if err := tx.CreateRefreshToken(ctx, rt); err != nil {
		return Session{}, err
	}
	return Session{User: u, AccessToken: access, ExpiresIn: expiresIn, RefreshToken: token, RefreshExpires: rt.ExpiresAt}, nil
}

// errInvalidToken refuses an access token that is not valid, or whose user
// or session has ended. Shared: domain errors are never changed once made.
var errInvalidToken = domain.Unauthorized("invalid_token", "Sign in to continue.")

var errRefresh = domain.Unauthorized("invalid_refresh_token", "Your session has ended. Sign in again.")

// RefreshGrace is how long a rotated refresh token may still be presented
// (two tabs refreshing at once, a response lost on a bad connection): it gets
// a new access token and a sibling refresh token of the same family.
const RefreshGrace = 30 * time.Second

// Refresh rotates a refresh token: the old one is used up and a new one of the
// same family is issued. A token presented again within RefreshGrace of its
// rotation gets a sibling; later, the reuse revokes the whole family (the
// token may have been stolen). A revoked family (signed out, or a reuse) is
// refused even within the grace period. Errors: invalid_refresh_token.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Session, error) {
	if refreshToken == "" {
		return Session{}, errRefresh
	}
	now := s.now()
	hash := auth.HashToken(refreshToken)
	var sess Session
	reused := false
	err := s.store.Tx(ctx, func(tx *storage.Store) error {
		rt, err := tx.FindRefreshToken(ctx, hash)
		if domain.IsCode(err, "not_found") {
			return errRefresh
		}
		if err != nil {
			return err
		}
		if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
			return errRefresh
		}
		fresh, err := tx.MarkRefreshTokenUsed(ctx, rt.ID, now)
		if err != nil {
			return err
		}
		if !fresh {
			// Rotated before, perhaps by a concurrent refresh that has just
			// committed: read it again for its used_at and revocation.
			if rt, err = tx.FindRefreshToken(ctx, hash); err != nil {
				return err
			}
			if rt.RevokedAt != nil {
				return errRefresh
			}
			if rt.UsedAt == nil || now.After(rt.UsedAt.Add(RefreshGrace)) {
				reused = true
				return tx.RevokeRefreshFamily(ctx, rt.FamilyID, now)
			}
		}
		u, err := tx.FindUser(ctx, rt.UserID)
		if err != nil {
			return err
		}
		sess, err = s.startSession(ctx, tx, u, rt.FamilyID)
		return err
	})
	if reused {
		return Session{}, errRefresh
	}
	return sess, err
}

// Logout ends the session of a refresh token (its whole family). An unknown or
// missing token is not an error: the caller is signed out either way.
func (s *Service) Logout(ctx context.Context, refreshToken string) error {
	if refreshToken == "" {
		return nil
	}
	rt, err := s.store.FindRefreshToken(ctx, auth.HashToken(refreshToken))
	if domain.IsCode(err, "not_found") {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.RevokeRefreshFamily(ctx, rt.FamilyID, s.now())
}

// Authenticate checks an access token and that its account still exists and
// was not erased, and that the token was issued after the account's sessions
// were last ended (a password reset), and returns the user id. The account's
// state comes from the auth cache when it holds it (no database round trip),
// otherwise from one query, which waits for one of the database's request
// slots (Admit). Errors: invalid_token; unavailable when no slot freed up;
// any other error is the database's (the HTTP layer answers 503, never 401).
func (s *Service) Authenticate(ctx context.Context, accessToken string) (string, error) {
	id, issued, err := s.tokens.ParseIssued(accessToken)
	if err != nil {
		return "", errInvalidToken
	}
	cutoff, ok := s.authCache.Auth(id)
	if !ok {
		release, err := s.store.Acquire(ctx)
		if err != nil {
			return "", err
		}
		gen := s.authCache.Gen()
		ok, cutoff, err = s.store.SessionCutoff(ctx, id)
		release()
		if err != nil {
			return "", err // not invalid_token: the caller is still signed in
		}
		if ok {
			s.authCache.PutAuth(id, gen, cutoff)
		}
	}
	if !ok || (cutoff != nil && !issued.After(*cutoff)) {
		return "", errInvalidToken
	}
	return id, nil
}

// Me returns the caller's account and memberships: from the auth cache when
// it holds them, otherwise read (waiting for a request slot, see Admit). The
// slice must not be changed.
func (s *Service) Me(ctx context.Context, userID string) (domain.User, []domain.Membership, error) {
	if me, ok := s.authCache.Me(userID); ok {
		return me.User, me.Memberships, nil
	}
	release, err := s.store.Acquire(ctx)
	if err != nil {
		return domain.User{}, nil, err
	}
	defer release()
	gen := s.authCache.Gen()
	u, err := s.store.FindUser(ctx, userID)
	if domain.IsCode(err, "not_found") {
		return u, nil, errInvalidToken
	}
	if err != nil {
		return u, nil, err
	}
	ms, err := s.store.ListMemberships(ctx, userID)
	if err != nil {
		return u, nil, err
	}
	s.authCache.PutMe(userID, gen, &authcache.Me{User: u, Memberships: ms})
	return u, ms, nil
}
