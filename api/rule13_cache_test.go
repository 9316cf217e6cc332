package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"closedset/internal/authcache"
	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// warmMe asks GET /me as a until the server's auth cache holds a's state (the
// cache serves once its poller has polled), and returns the answer.
func warmMe(t *testing.T, s *testServer, a account) map[string]any {
	t.Helper()
	var me map[string]any
	waitFor(t, "the auth cache to hold "+a.Email, func() bool {
		me = must(t, getMe(s, a.Token), http.StatusOK).JSON(t)
		_, ok := s.Svc.AuthCache().Me(a.ID)
		_, auth := s.Svc.AuthCache().Auth(a.ID)
		return ok && auth
	})
	return me
}

// membershipsOf lists the production ids of a GET /me answer.
func membershipsOf(me map[string]any) []string {
	var out []string
	for _, m := range me["memberships"].([]any) {
		out = append(out, m.(map[string]any)["productionId"].(string))
	}
	return out
}

// Every write that changes a user's access or what GET /me shows drops the
// user from the instance's auth cache at commit, and records an auth change
// that another instance's cache acts on: after each of these operations,
// neither this server's cache nor another cache over the same database
// (polled after the change) still holds the user's old state. A write that
// forgets to record its change fails here.
func TestRule13EveryAccessChangeDropsCachedState(t *testing.T) {
	ctx := context.Background()
	type fixture struct {
		s                 *testServer
		producer, subject account
		production        string
	}
	cases := []struct {
		name string
		op   func(t *testing.T, f fixture)
	}{
		{"production created", func(t *testing.T, f fixture) { f.s.createProduction(f.subject, "Another one") }},
		{"invite accepted", func(t *testing.T, f fixture) {
			other := f.s.createProduction(f.producer, "Second production")
			f.s.join(f.producer, other, f.subject, "performer")
		}},
		{"role changed", func(t *testing.T, f fixture) {
			must(t, f.s.Do(request{Method: "PATCH", Path: "/api/v1/productions/" + f.production + "/members/" + f.subject.ID,
				Token: f.producer.Token, Body: map[string]any{"role": "coordinator"}}), http.StatusOK)
		}},
		{"member removed", func(t *testing.T, f fixture) {
			must(t, f.s.Do(request{Method: "DELETE", Path: "/api/v1/productions/" + f.production + "/members/" + f.subject.ID,
				Token: f.producer.Token}), http.StatusNoContent)
		}},
		{"member left", func(t *testing.T, f fixture) {
			must(t, f.s.Do(request{Method: "DELETE", Path: "/api/v1/productions/" + f.production + "/members/" + f.subject.ID,
				Token: f.subject.Token}), http.StatusNoContent)
		}},
		{"production deleted", func(t *testing.T, f fixture) {
			if err := f.s.Store.Tx(ctx, func(tx *storage.Store) error { return tx.DeleteProduction(ctx, f.production) }); err != nil {
				t.Fatal(err)
			}
		}},
		{"sessions ended (password reset)", func(t *testing.T, f fixture) {
			if err := f.s.Store.Tx(ctx, func(tx *storage.Store) error {
				return tx.ResetPassword(ctx, f.subject.ID, "new hash", f.s.Clock.Now())
			}); err != nil {
				t.Fatal(err)
			}
		}},
		{"account deleted", func(t *testing.T, f fixture) {
			must(t, f.s.Do(request{Method: "DELETE", Path: "/api/v1/me", Token: f.subject.Token,
				Body: map[string]any{"password": "correct horse battery"}}), http.StatusNoContent)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestServer(t)
			f := fixture{s: s, producer: newAccount(t, s, "Pia Producer"), subject: newAccount(t, s, "Sam Subject")}
			f.production = s.createProduction(f.producer, "Harbour")
			s.join(f.producer, f.production, f.subject, "performer")

			other := authcache.New(authcache.Options{Source: s.Store}) // another instance's cache
			if err := other.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			before := warmMe(t, s, f.subject)
			gen := other.Gen()
			other.PutAuth(f.subject.ID, gen, nil)
			other.PutMe(f.subject.ID, gen, &authcache.Me{User: domain.User{ID: f.subject.ID}})

			c.op(t, f)

			if _, ok := s.Svc.AuthCache().Me(f.subject.ID); ok {
				t.Error("this instance's cache still holds the subject's /me after the change")
			}
			if _, ok := s.Svc.AuthCache().Auth(f.subject.ID); ok {
				t.Error("this instance's cache still holds the subject's session state after the change")
			}
			if err := other.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			if _, ok := other.Me(f.subject.ID); ok {
				t.Error("another instance's cache still holds the subject's /me after polling")
			}
			if _, ok := other.Auth(f.subject.ID); ok {
				t.Error("another instance's cache still holds the subject's session state after polling")
			}
			// And what is served is the new state.
			res := getMe(s, f.subject.Token)
			if res.Status == http.StatusOK && jsonEqual(t, res.JSON(t)["memberships"], before["memberships"]) {
				t.Errorf("GET /me still shows the old memberships: %s", res.Body)
			}
		})
	}
}

// A member removed is refused on the very next request on the instance that
// removed them, however warm its cache was.
func TestRule13RemovedMemberRefusedOnNextRequest(t *testing.T) {
	s := newTestServer(t)
	p, a := newAccount(t, s, "Pia Producer"), newAccount(t, s, "Ada Actor")
	prod := s.createProduction(p, "Harbour")
	s.join(p, prod, a, "performer")
	if got := membershipsOf(warmMe(t, s, a)); len(got) != 1 || got[0] != prod {
		t.Fatalf("memberships before: %v", got)
	}
	must(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + prod, Token: a.Token}), http.StatusOK)

	must(t, s.Do(request{Method: "DELETE", Path: "/api/v1/productions/" + prod + "/members/" + a.ID, Token: p.Token}), http.StatusNoContent)

	if got := membershipsOf(must(t, getMe(s, a.Token), http.StatusOK).JSON(t)); len(got) != 0 {
		t.Fatalf("memberships on the next request: %v", got)
	}
	assertProblem(t, s.Do(request{Method: "GET", Path: "/api/v1/productions/" + prod, Token: a.Token}), http.StatusNotFound, "not_found")
}

// An account deleted is refused on the very next request on that instance.
func TestRule13DeletedAccountRefusedOnNextRequest(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Ada Actor")
	s.createProduction(a, "Ada's own")
	warmMe(t, s, a)
	must(t, s.Do(request{Method: "DELETE", Path: "/api/v1/me", Token: a.Token,
		Body: map[string]any{"password": "correct horse battery"}}), http.StatusNoContent)
	assertProblem(t, getMe(s, a.Token), http.StatusUnauthorized, "invalid_token")
}

// A password reset ends every session: the access token issued before is
// refused on the very next request on that instance.
func TestRule13PasswordResetRefusedOnNextRequest(t *testing.T) {
	s, smtp := newMailTestServer(t)
	a := newAccount(t, s, "Rae Reset")
	s.Clock.Advance(200 * time.Millisecond)
	must(t, requestReset(s, a.Email), http.StatusAccepted)
	token := resetToken(t, smtp, a.Email, 1)
	warmMe(t, s, a)
	must(t, confirmReset(s, token, "a brand new password"), http.StatusNoContent)
	assertProblem(t, getMe(s, a.Token), http.StatusUnauthorized, "invalid_token")
}

// Two instances over one database (two stores, as two processes): a member
// removed and an account deleted through A are refused by B within a second,
// from B's own poll of auth_changes (B's cache was warm).
func TestRule13OtherInstanceRefusesWithinOneSecond(t *testing.T) {
	storeA, storeB := storagetest.OpenPair(t)
	A := newTestServerOn(t, storeA, nil)
	B := newTestServerOn(t, storeB, nil)
	p, m, d := newAccount(t, A, "Pia Producer"), newAccount(t, A, "Max Member"), newAccount(t, A, "Dee Deleted")
	prod := A.createProduction(p, "Harbour")
	A.join(p, prod, m, "performer")
	A.join(p, prod, d, "performer")
	if got := membershipsOf(warmMe(t, B, m)); len(got) != 1 {
		t.Fatalf("B shows memberships %v", got)
	}
	warmMe(t, B, d)

	// refusedWithin asks B until refused says so; the answer at one second
	// after the change must be a refusal whatever the machine's load (a cache
	// whose last poll is older than 750 ms is not used).
	refusedWithin := func(what string, changed time.Time, refused func() bool) {
		t.Helper()
		for time.Since(changed) < time.Second {
			if refused() {
				t.Logf("%s: refused by B after %v", what, time.Since(changed).Round(time.Millisecond))
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !refused() {
			t.Fatalf("%s: B still serves the old state %v after the change", what, time.Since(changed))
		}
	}

	must(t, A.Do(request{Method: "DELETE", Path: "/api/v1/productions/" + prod + "/members/" + m.ID, Token: p.Token}), http.StatusNoContent)
	changed := time.Now()
	refusedWithin("member removed", changed, func() bool {
		return len(membershipsOf(must(t, getMe(B, m.Token), http.StatusOK).JSON(t))) == 0
	})
	assertProblem(t, B.Do(request{Method: "GET", Path: "/api/v1/productions/" + prod, Token: m.Token}), http.StatusNotFound, "not_found")

	must(t, A.Do(request{Method: "DELETE", Path: "/api/v1/me", Token: d.Token,
		Body: map[string]any{"password": "correct horse battery"}}), http.StatusNoContent)
	changed = time.Now()
	refusedWithin("account deleted", changed, func() bool { return getMe(B, d.Token).Status == http.StatusUnauthorized })
}
