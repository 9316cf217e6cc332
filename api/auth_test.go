package api_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	authPassword   = "correct horse battery"
	authCookieName = "closedset_refresh"
)

// postRegister posts a sign-up request.
func postRegister(s *testServer, email, password, name string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/auth/register",
		Body: map[string]any{"email": email, "password": password, "displayName": name}})
}

// postLogin posts a sign-in request.
func postLogin(s *testServer, email, password string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/auth/login",
		Body: map[string]any{"email": email, "password": password}})
}

// postRefresh posts to the refresh endpoint with the refresh cookie (none when
// cookie is empty).
func postRefresh(s *testServer, cookie string) response {
	s.t.Helper()
	r := request{Method: "POST", Path: "/api/v1/auth/refresh"}
	if cookie != "" {
		r.Header = map[string]string{"Cookie": authCookieName + "=" + cookie}
	}
	return s.Do(r)
}

// getMe calls GET /me with an access token.
func getMe(s *testServer, token string) response {
	s.t.Helper()
	return s.Do(request{Method: "GET", Path: "/api/v1/me", Token: token})
}

// refreshCookie returns the refresh cookie set by res and checks its
// attributes: HttpOnly, Secure, SameSite=Strict, Path /api/v1/auth.
func refreshCookie(t *testing.T, res response) *http.Cookie {
	t.Helper()
	c, ok := res.Cookie(authCookieName)
	if !ok {
		t.Fatalf("no %s cookie set; Set-Cookie: %q", authCookieName, res.Header.Values("Set-Cookie"))
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/api/v1/auth" {
		t.Fatalf("refresh cookie attributes: HttpOnly=%v Secure=%v SameSite=%v Path=%q (raw %q)",
			c.HttpOnly, c.Secure, c.SameSite, c.Path, c.Raw)
	}
	return c
}

// assertCleared checks that res clears the refresh cookie.
func assertCleared(t *testing.T, res response) {
	t.Helper()
	c := refreshCookie(t, res)
	if c.Value != "" || c.MaxAge >= 0 {
		t.Fatalf("refresh cookie not cleared: value %q MaxAge %d (raw %q)", c.Value, c.MaxAge, c.Raw)
	}
}

// assertMe checks that an access token works on /me for userID.
func assertMe(t *testing.T, s *testServer, token, userID string) {
	t.Helper()
	res := getMe(s, token)
	if res.Status != http.StatusOK {
		t.Fatalf("GET /me: %d %s", res.Status, res.Body)
	}
	if id := res.JSON(t)["id"]; id != userID {
		t.Fatalf("GET /me id %v, want %s", id, userID)
	}
}

// fieldNames returns the field names of a validation problem.
func fieldNames(t *testing.T, p map[string]any) []string {
	t.Helper()
	errs, ok := p["errors"].([]any)
	if !ok || len(errs) == 0 {
		t.Fatalf("validation problem without errors: %v", p)
	}
	var out []string
	for _, e := range errs {
		m := e.(map[string]any)
		if m["message"] == "" || m["message"] == nil {
			t.Fatalf("field error without message: %v", m)
		}
		out = append(out, fmt.Sprint(m["field"]))
	}
	return out
}

func hasField(t *testing.T, p map[string]any, field string) {
	t.Helper()
	names := fieldNames(t, p)
	for _, n := range names {
		if n == field {
			return
		}
	}
	t.Fatalf("field errors %v do not name %q", names, field)
}

func TestRegister(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]any{
			"email": "ana@example.test", "password": authPassword, "displayName": "Ana Actor", "pronouns": "she/her"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		m := res.JSON(t)
		u, _ := m["user"].(map[string]any)
		if u == nil || u["id"] == "" || u["email"] != "ana@example.test" || u["displayName"] != "Ana Actor" || u["pronouns"] != "she/her" {
			t.Fatalf("user %v", m["user"])
		}
		if _, leaked := u["password"]; leaked {
			t.Fatal("user carries a password field")
		}
		if tok, _ := m["accessToken"].(string); tok == "" {
			t.Fatalf("no access token: %s", res.Body)
		}
		if m["expiresIn"] != float64(900) {
			t.Fatalf("expiresIn %v, want 900", m["expiresIn"])
		}
		c := refreshCookie(t, res)
		if c.Value == "" || c.MaxAge <= 0 {
			t.Fatalf("refresh cookie value %q MaxAge %d", c.Value, c.MaxAge)
		}
		if want := s.Clock.Now().Add(30 * 24 * time.Hour); !c.Expires.Equal(want) {
			t.Fatalf("refresh cookie expires %v, want %v", c.Expires, want)
		}
		assertMe(t, s, m["accessToken"].(string), u["id"].(string))
	})

	t.Run("ErrEmailTaken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := postRegister(s, "  Ana@Example.TEST ", authPassword, "Ana")
		if res.Status != http.StatusCreated {
			t.Fatalf("first sign-up: %d %s", res.Status, res.Body)
		}
		if e := res.JSON(t)["user"].(map[string]any)["email"]; e != "ana@example.test" {
			t.Fatalf("e-mail stored as %q, want normalised ana@example.test", e)
		}
		for _, email := range []string{"ana@example.test", "ANA@EXAMPLE.TEST", " ana@example.test"} {
			res := postRegister(s, email, authPassword, "Another Ana")
			assertProblem(t, res, http.StatusConflict, "email_taken")
		}
		// The normalised address signs in, whatever its case.
		if res := postLogin(s, "ANA@example.test", authPassword); res.Status != http.StatusOK {
			t.Fatalf("login with other case: %d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrValidation", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		cases := []struct {
			name, email, password, displayName, field string
		}{
			{"BadEmail", "not-an-email", authPassword, "Ana", "email"},
			{"EmailWithName", "Ana <ana@example.test>", authPassword, "Ana", "email"},
			{"ShortPassword", "ana@example.test", "123456789", "Ana", "password"},
			{"BlankDisplayName", "ana@example.test", authPassword, "   ", "displayName"},
			{"EmptyDisplayName", "ana@example.test", authPassword, "", "displayName"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := postRegister(s, tc.email, tc.password, tc.displayName)
				p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
				hasField(t, p, tc.field)
			})
		}
		// None of them created an account: the address is still free.
		if res := postRegister(s, "ana@example.test", authPassword, "Ana"); res.Status != http.StatusCreated {
			t.Fatalf("sign-up after failed attempts: %d %s", res.Status, res.Body)
		}
	})
}

func TestLogin(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		res := postLogin(s, " "+strings.ToUpper(a.Email)+" ", authPassword)
		if res.Status != http.StatusOK {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		m := res.JSON(t)
		u := m["user"].(map[string]any)
		if u["id"] != a.ID || u["email"] != a.Email || u["displayName"] != "Ana Actor" {
			t.Fatalf("user %v", u)
		}
		c := refreshCookie(t, res)
		if c.Value == "" || c.Value == a.Refresh {
			t.Fatalf("login refresh cookie %q (sign-up's was %q)", c.Value, a.Refresh)
		}
		assertMe(t, s, m["accessToken"].(string), a.ID)
		// Each sign-in is its own session: the sign-up's cookie still refreshes.
		if res := postRefresh(s, a.Refresh); res.Status != http.StatusOK {
			t.Fatalf("refresh of the first session: %d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrInvalidCredentials", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		unknown := postLogin(s, "nobody@example.test", authPassword)
		wrong := postLogin(s, a.Email, "wrong password here")
		strip := func(res response) []byte {
			t.Helper()
			assertProblem(t, res, http.StatusUnauthorized, "invalid_credentials")
			if _, ok := res.Cookie(authCookieName); ok {
				t.Fatalf("failed login set a refresh cookie")
			}
			id := res.Header.Get("X-Request-Id")
			if id == "" {
				return res.Body
			}
			return bytes.ReplaceAll(res.Body, []byte(id), nil)
		}
		if u, w := strip(unknown), strip(wrong); !bytes.Equal(u, w) {
			t.Fatalf("unknown e-mail and wrong password answer differently:\n%s\n%s", u, w)
		}
	})

	t.Run("ErrRateLimited", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a, b := s.signUp("Ana Actor"), s.signUp("Ben Boom")
		for i := 1; i <= 10; i++ {
			assertProblem(t, postLogin(s, a.Email, fmt.Sprintf("wrong password %d", i)), http.StatusUnauthorized, "invalid_credentials")
		}
		// The 11th attempt within 15 minutes is refused, even with the right
		// password and another spelling of the address.
		res := postLogin(s, strings.ToUpper(a.Email), authPassword)
		p := assertProblem(t, res, http.StatusTooManyRequests, "rate_limited")
		ra, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || ra <= 0 || ra > 15*60+1 {
			t.Fatalf("Retry-After %q, want seconds in (0, 901]; problem %v", res.Header.Get("Retry-After"), p)
		}
		if _, ok := res.Cookie(authCookieName); ok {
			t.Fatal("rate-limited login set a refresh cookie")
		}
		// Another e-mail from the same client still signs in.
		if res := postLogin(s, b.Email, authPassword); res.Status != http.StatusOK {
			t.Fatalf("other e-mail: %d %s", res.Status, res.Body)
		}
		s.Clock.Advance(10 * time.Minute)
		assertProblem(t, postLogin(s, a.Email, authPassword), http.StatusTooManyRequests, "rate_limited")
		// Past the window, the e-mail may try again.
		s.Clock.Advance(5*time.Minute + time.Second)
		if res := postLogin(s, a.Email, authPassword); res.Status != http.StatusOK {
			t.Fatalf("after the window: %d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrRateLimitedPerIP", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		limited := 0
		for i := 1; i <= 60; i++ {
			res := postLogin(s, fmt.Sprintf("guess%d@example.test", i), authPassword)
			if res.Status == http.StatusTooManyRequests {
				assertProblem(t, res, http.StatusTooManyRequests, "rate_limited")
				if res.Header.Get("Retry-After") == "" {
					t.Fatal("429 without Retry-After")
				}
				limited = i
				break
			}
			assertProblem(t, res, http.StatusUnauthorized, "invalid_credentials")
		}
		if limited == 0 {
			t.Fatal("60 different e-mails from one client were never rate limited")
		}
		if limited <= 10 {
			t.Fatalf("per-IP limit hit after %d attempts: stricter than per e-mail", limited)
		}
		s.Clock.Advance(15*time.Minute + time.Second)
		assertProblem(t, postLogin(s, "guess1@example.test", authPassword), http.StatusUnauthorized, "invalid_credentials")
	})
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		s.createProduction(a, "Night Shoot")
		s.Clock.Advance(20 * time.Minute) // the sign-up access token has expired
		res := postRefresh(s, a.Refresh)
		if res.Status != http.StatusOK {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		c := refreshCookie(t, res)
		if c.Value == "" || c.Value == a.Refresh {
			t.Fatalf("cookie not rotated: %q", c.Value)
		}
		m := res.JSON(t)
		if m["expiresIn"] != float64(900) {
			t.Fatalf("expiresIn %v", m["expiresIn"])
		}
		assertMe(t, s, m["accessToken"].(string), a.ID)
		// The answer carries what GET /me answers, so an app opening needs no second trip.
		me := getMe(s, m["accessToken"].(string))
		got, _ := json.Marshal(m["me"])
		want, _ := json.Marshal(me.JSON(t))
		if me.Status != http.StatusOK || string(got) != string(want) || !strings.Contains(string(got), "Night Shoot") {
			t.Fatalf("refresh me %s, GET /me %d %s", got, me.Status, want)
		}
		// The rotated cookie rotates again.
		res2 := postRefresh(s, c.Value)
		if res2.Status != http.StatusOK {
			t.Fatalf("second refresh: %d %s", res2.Status, res2.Body)
		}
		if c2 := refreshCookie(t, res2); c2.Value == c.Value || c2.Value == a.Refresh {
			t.Fatal("second refresh did not rotate the cookie")
		}
	})

	t.Run("ErrReuseRevokesFamily", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		other := postLogin(s, a.Email, authPassword) // a second, independent session
		otherCookie := refreshCookie(t, other).Value
		res := postRefresh(s, a.Refresh)
		if res.Status != http.StatusOK {
			t.Fatalf("rotate: %d %s", res.Status, res.Body)
		}
		newest := refreshCookie(t, res).Value
		s.Clock.Advance(31 * time.Second) // past the grace period
		res = postRefresh(s, a.Refresh)   // replay of the rotated token
		assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")
		assertCleared(t, res)
		res = postRefresh(s, newest)
		assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")
		assertCleared(t, res)
		// Only that family ends: the other session still refreshes.
		if res := postRefresh(s, otherCookie); res.Status != http.StatusOK {
			t.Fatalf("other session: %d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrNoCookie", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := postRefresh(s, "")
		assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")
		assertCleared(t, res)
	})

	t.Run("ErrUnknownCookie", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := postRefresh(s, "bm90LWEtcmVhbC10b2tlbi1ub3QtYS1yZWFsLXRva2Vu")
		assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")
		assertCleared(t, res)
	})

	t.Run("ErrExpired", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		s.Clock.Advance(31 * 24 * time.Hour)
		res := postRefresh(s, a.Refresh)
		assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")
		assertCleared(t, res)
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/logout",
			Header: map[string]string{"Cookie": authCookieName + "=" + a.Refresh}})
		if res.Status != http.StatusNoContent {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		assertCleared(t, res)
		assertProblem(t, postRefresh(s, a.Refresh), http.StatusUnauthorized, "invalid_refresh_token")
	})

	t.Run("OKRotatedSession", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		res := postRefresh(s, a.Refresh)
		newest := refreshCookie(t, res).Value
		res = s.Do(request{Method: "POST", Path: "/api/v1/auth/logout",
			Header: map[string]string{"Cookie": authCookieName + "=" + newest}})
		if res.Status != http.StatusNoContent {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		assertProblem(t, postRefresh(s, newest), http.StatusUnauthorized, "invalid_refresh_token")
	})

	t.Run("OKWithoutCookie", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/logout"})
		if res.Status != http.StatusNoContent {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		assertCleared(t, res)
	})
}

func TestMe(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		own := s.createProduction(ana, "Autumn Light")
		other := s.createProduction(pat, "Blue Hour")
		s.join(pat, other, ana, "performer")

		res := getMe(s, ana.Token)
		if res.Status != http.StatusOK {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		m := res.JSON(t)
		if m["id"] != ana.ID || m["email"] != ana.Email || m["displayName"] != "Ana Actor" || m["pronouns"] != "" {
			t.Fatalf("me %s", res.Body)
		}
		ms, _ := m["memberships"].([]any)
		got := map[string][2]any{}
		for _, x := range ms {
			e := x.(map[string]any)
			got[fmt.Sprint(e["productionId"])] = [2]any{e["productionTitle"], e["role"]}
		}
		want := map[string][2]any{own: {"Autumn Light", "producer"}, other: {"Blue Hour", "performer"}}
		if len(ms) != 2 || got[own] != want[own] || got[other] != want[other] {
			t.Fatalf("memberships %v, want %v", got, want)
		}
	})

	t.Run("OKNoMemberships", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		res := getMe(s, a.Token)
		if res.Status != http.StatusOK {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		if ms, ok := res.JSON(t)["memberships"].([]any); !ok || len(ms) != 0 {
			t.Fatalf("memberships should be an empty list: %s", res.Body)
		}
	})

	t.Run("ErrNoToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := getMe(s, "")
		assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
		if res.Header.Get("WWW-Authenticate") == "" {
			t.Fatal("401 without WWW-Authenticate")
		}
	})

	t.Run("ErrBadToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		res := getMe(s, a.Token[:len(a.Token)-2]+"xx")
		if res.Status != http.StatusUnauthorized {
			t.Fatalf("tampered token: %d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrExpiredToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		s.Clock.Advance(14 * time.Minute)
		assertMe(t, s, a.Token, a.ID)
		s.Clock.Advance(2 * time.Minute)
		assertProblem(t, getMe(s, a.Token), http.StatusUnauthorized, "invalid_token")
	})
}

func TestAccessTokenClaims(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	a := s.signUp("Ana Actor")
	parts := strings.Split(a.Token, ".")
	if len(parts) != 3 {
		t.Fatalf("access token is not a JWS compact serialisation: %q", a.Token)
	}
	decode := func(part string) map[string]any {
		t.Helper()
		b, err := base64.RawURLEncoding.DecodeString(part)
		if err != nil {
			t.Fatalf("segment is not base64url: %v", err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("segment is not JSON: %v: %s", err, b)
		}
		return m
	}
	header, claims := decode(parts[0]), decode(parts[1])
	if header["alg"] != "HS256" {
		t.Fatalf("alg %v, want HS256", header["alg"])
	}
	if claims["iss"] != testPublicURL {
		t.Fatalf("iss %v, want %s", claims["iss"], testPublicURL)
	}
	var aud []any
	switch v := claims["aud"].(type) {
	case string:
		aud = []any{v}
	case []any:
		aud = v
	}
	found := false
	for _, x := range aud {
		found = found || x == "closedset-api"
	}
	if !found {
		t.Fatalf("aud %v does not contain closedset-api", claims["aud"])
	}
	exp, ok := claims["exp"].(float64)
	if !ok {
		t.Fatalf("no exp claim: %v", claims)
	}
	if want := s.Clock.Now().Add(15 * time.Minute).Unix(); int64(exp) != want {
		t.Fatalf("exp %v, want clock + 15 min (%d)", exp, want)
	}
	if claims["sub"] != a.ID {
		t.Fatalf("sub %v, want user id %s", claims["sub"], a.ID)
	}
	for _, k := range []string{"email", "displayName", "name"} {
		if _, ok := claims[k]; ok {
			t.Fatalf("access token carries personal data %q: %v", k, claims)
		}
	}
}

// TestRefreshGrace: a rotated refresh token presented again within 30 s (two
// tabs, a response lost on a bad connection) gets a sibling session of the same
// family; later, or after a sign-out, it is refused.
func TestRefreshGrace(t *testing.T) {
	t.Parallel()
	rotate := func(t *testing.T, s *testServer, cookie string) string {
		t.Helper()
		res := postRefresh(s, cookie)
		if res.Status != http.StatusOK {
			t.Fatalf("refresh: %d %s", res.Status, res.Body)
		}
		return refreshCookie(t, res).Value
	}

	t.Run("OKWithinGraceGetsSibling", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		b := rotate(t, s, a.Refresh)
		s.Clock.Advance(29 * time.Second)
		res := postRefresh(s, a.Refresh) // the answer to the first refresh was lost
		if res.Status != http.StatusOK {
			t.Fatalf("reuse within the grace period: %d %s", res.Status, res.Body)
		}
		sibling := refreshCookie(t, res).Value
		if sibling == "" || sibling == b || sibling == a.Refresh {
			t.Fatalf("sibling cookie %q (rotated %q, first %q)", sibling, b, a.Refresh)
		}
		assertMe(t, s, res.JSON(t)["accessToken"].(string), a.ID)
		// Both tabs stay signed in: each token rotates on.
		rotate(t, s, b)
		next := rotate(t, s, sibling)
		// The sibling is of the same family: a late replay of the first token
		// ends it too.
		s.Clock.Advance(2 * time.Second) // 31 s after the first rotation
		assertProblem(t, postRefresh(s, a.Refresh), http.StatusUnauthorized, "invalid_refresh_token")
		assertProblem(t, postRefresh(s, next), http.StatusUnauthorized, "invalid_refresh_token")
	})

	t.Run("ErrAfterGraceRevokesFamily", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		b := rotate(t, s, a.Refresh)
		s.Clock.Advance(10 * time.Second)
		sibling := rotate(t, s, a.Refresh) // within: a sibling
		s.Clock.Advance(21 * time.Second)  // 31 s after the rotation (grace counts from it)
		res := postRefresh(s, a.Refresh)
		assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")
		assertCleared(t, res)
		for _, c := range []string{b, sibling, a.Refresh} {
			assertProblem(t, postRefresh(s, c), http.StatusUnauthorized, "invalid_refresh_token")
		}
	})

	t.Run("ErrSignedOutWithinGrace", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		b := rotate(t, s, a.Refresh)
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/logout",
			Header: map[string]string{"Cookie": authCookieName + "=" + b}})
		if res.Status != http.StatusNoContent {
			t.Fatalf("logout: %d %s", res.Status, res.Body)
		}
		s.Clock.Advance(time.Second)
		assertProblem(t, postRefresh(s, a.Refresh), http.StatusUnauthorized, "invalid_refresh_token")
		assertProblem(t, postRefresh(s, b), http.StatusUnauthorized, "invalid_refresh_token")
	})

	t.Run("OKConcurrent", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Ana Actor")
		const n = 4
		var wg sync.WaitGroup
		results := make([]response, n)
		for i := range n {
			wg.Go(func() { results[i] = postRefresh(s, a.Refresh) })
		}
		wg.Wait()
		seen := map[string]bool{}
		for i, res := range results {
			if res.Status != http.StatusOK {
				t.Fatalf("concurrent refresh %d: %d %s", i, res.Status, res.Body)
			}
			c := refreshCookie(t, res).Value
			if seen[c] {
				t.Fatalf("two refreshes got the same cookie %q", c)
			}
			seen[c] = true
		}
		for c := range seen {
			rotate(t, s, c)
		}
	})
}
