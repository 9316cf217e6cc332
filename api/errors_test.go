package api_test

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"closedset/internal/auth"
)

// The error model (api.md "Conventions"): every failure is RFC 9457
// application/problem+json with a stable code, and nothing about a failed
// request leaks into logs.

// doRaw performs a hand-built request with client (http.DefaultClient when
// nil) and reads the whole answer.
func doRaw(t testing.TB, client *http.Client, req *http.Request) response {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// anyProblem checks that res is a 4xx problem+json with a stable code and
// returns the decoded problem.
func anyProblem(t testing.TB, res response) map[string]any {
	t.Helper()
	if res.Status < 400 || res.Status > 499 {
		t.Fatalf("status %d, want a 4xx problem: %s", res.Status, res.Body)
	}
	return problemShape(t, res)
}

// problemShape checks the RFC 9457 members of a problem of any status.
func problemShape(t testing.TB, res response) map[string]any {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("status %d with content type %q, want application/problem+json: %.300s", res.Status, ct, res.Body)
	}
	var p map[string]any
	if err := json.Unmarshal(res.Body, &p); err != nil {
		t.Fatalf("problem is not a JSON object: %v: %.300s", err, res.Body)
	}
	code, _ := p["code"].(string)
	if code == "" {
		t.Fatalf("problem without a code: %s", res.Body)
	}
	if st, _ := p["status"].(float64); int(st) != res.Status {
		t.Fatalf("problem status %v, HTTP status %d", p["status"], res.Status)
	}
	for _, k := range []string{"type", "title", "detail"} {
		if v, _ := p[k].(string); v == "" {
			t.Fatalf("problem without %q: %s", k, res.Body)
		}
	}
	return p
}

// problemFields returns the field names of a validation problem's errors, each
// of which must have a message.
func problemFields(t testing.TB, p map[string]any) []string {
	t.Helper()
	list, ok := p["errors"].([]any)
	if !ok || len(list) == 0 {
		t.Fatalf("problem without errors: %v", p)
	}
	var out []string
	for _, e := range list {
		fe, _ := e.(map[string]any)
		field, _ := fe["field"].(string)
		msg, _ := fe["message"].(string)
		if msg == "" {
			t.Errorf("field error without a message: %v", e)
		}
		out = append(out, field)
	}
	return out
}

func TestErrorUnknownAPIRoute(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Una Known")
	for _, r := range []request{
		{Method: "GET", Path: "/api/v1/nope"},
		{Method: "GET", Path: "/api/v1/nope", Token: a.Token},
		{Method: "POST", Path: "/api/v1/nope", Token: a.Token, Body: map[string]any{}},
		{Method: "DELETE", Path: "/api/v1/nope/deeper", Token: a.Token},
		{Method: "GET", Path: "/api/v1/productions/x/nope", Token: a.Token},
		{Method: "GET", Path: "/api/v2/productions", Token: a.Token},
		{Method: "GET", Path: "/api/", Token: a.Token},
	} {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			res := s.Do(r)
			assertProblem(t, res, http.StatusNotFound, "not_found")
		})
	}
}

func TestErrorWrongMethod(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Meth Odd")
	for _, r := range []request{
		{Method: "POST", Path: "/api/v1/me", Token: a.Token, Body: map[string]any{}},
		{Method: "PUT", Path: "/api/v1/productions", Token: a.Token, Body: map[string]any{}},
		{Method: "GET", Path: "/api/v1/auth/login"},
		{Method: "PATCH", Path: "/api/v1/auth/register", Body: map[string]any{}},
		{Method: "DELETE", Path: "/api/v1/productions/" + unknownID, Token: a.Token},
	} {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			res := s.Do(r)
			assertProblem(t, res, http.StatusMethodNotAllowed, "method_not_allowed")
		})
	}
}

func TestErrorMalformedJSON(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Mal Formed")
	for _, r := range []request{
		{Method: "POST", Path: "/api/v1/auth/register", Body: `{"email": "x@example.test", "password":`},
		{Method: "POST", Path: "/api/v1/auth/login", Body: `{email: 'x'}`},
		{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: `{"title": "A" "kind": "film"}`},
		{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: `{"title":"A","kind":"film","timezone":"UTC"} trailing`},
		{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: "\xff\xfe{}"},
	} {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			res := s.Do(r)
			assertProblem(t, res, http.StatusBadRequest, "malformed_json")
		})
	}
	// Nothing was created by the request with trailing garbage.
	if l := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token}).List(t); len(l) != 0 {
		t.Errorf("malformed requests created productions: %v", l)
	}
}

func TestErrorMissingBody(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Miss Ing")
	for _, r := range []request{
		{Method: "POST", Path: "/api/v1/auth/register"},
		{Method: "POST", Path: "/api/v1/auth/login"},
		{Method: "POST", Path: "/api/v1/productions", Token: a.Token},
		{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: ""},
	} {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			res := s.Do(r)
			assertProblem(t, res, http.StatusBadRequest, "body_required")
		})
	}
}

func TestErrorValidation(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Val Idation")

	t.Run("register names every bad field", func(t *testing.T) {
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/register",
			Body: map[string]any{"email": "val@example.test", "password": "short"}})
		p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		fields := problemFields(t, p)
		for _, want := range []string{"password", "displayName"} {
			if !slices.Contains(fields, want) {
				t.Errorf("errors %v do not name %q", fields, want)
			}
		}
		if slices.Contains(fields, "email") {
			t.Errorf("errors %v name the valid email", fields)
		}
		// Nothing was created: the same e-mail registers fine afterwards.
		res = s.Do(request{Method: "POST", Path: "/api/v1/auth/register",
			Body: map[string]any{"email": "val@example.test", "password": "correct horse battery", "displayName": "Val"}})
		if res.Status != http.StatusCreated {
			t.Errorf("register after a refused attempt: %d %s", res.Status, res.Body)
		}
	})

	t.Run("createProduction schema", func(t *testing.T) {
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
			Body: map[string]any{"title": "", "kind": "opera", "timezone": "Europe/London", "noticeHours": 721}})
		p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		fields := problemFields(t, p)
		for _, want := range []string{"title", "kind", "noticeHours"} {
			if !slices.Contains(fields, want) {
				t.Errorf("errors %v do not name %q", fields, want)
			}
		}
	})

	t.Run("createProduction rule", func(t *testing.T) {
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
			Body: map[string]any{"title": "Mars", "kind": "film", "timezone": "Mars/Olympus_Mons"}})
		p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		if fields := problemFields(t, p); !slices.Equal(fields, []string{"timezone"}) {
			t.Errorf("errors name %v, want [timezone]", fields)
		}
	})

	t.Run("nested field paths", func(t *testing.T) {
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + unknownID + "/invites", Token: a.Token,
			Body: map[string]any{"email": "x@example.test", "role": "director"}})
		p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		if fields := problemFields(t, p); !slices.Contains(fields, "role") {
			t.Errorf("errors %v do not name role", fields)
		}
	})
}

func TestErrorBodyTooLarge(t *testing.T) {
	s := newTestServer(t)
	const password = "too large password 1"
	big := strings.Repeat("a", 1<<20+10)
	body := func(email string) []byte {
		b, _ := json.Marshal(map[string]any{"email": email, "password": password, "displayName": big})
		return b
	}

	t.Run("with Content-Length", func(t *testing.T) {
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/register", Body: body("big@example.test")})
		assertProblem(t, res, http.StatusRequestEntityTooLarge, "body_too_large")
	})

	t.Run("chunked", func(t *testing.T) {
		req, err := http.NewRequest("POST", s.URL+"/api/v1/auth/register", io.MultiReader(bytes.NewReader(body("chunked@example.test"))))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = -1 // unknown length: sent chunked
		res := doRaw(t, nil, req)
		assertProblem(t, res, http.StatusRequestEntityTooLarge, "body_too_large")
	})

	t.Run("authenticated", func(t *testing.T) {
		a := newAccount(t, s, "Big Body")
		b, _ := json.Marshal(map[string]any{"title": big, "kind": "film", "timezone": "UTC"})
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: b})
		assertProblem(t, res, http.StatusRequestEntityTooLarge, "body_too_large")
		if l := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token}).List(t); len(l) != 0 {
			t.Errorf("a refused body created a production: %v", l)
		}
	})

	// Nothing was written: neither address is registered.
	for _, email := range []string{"big@example.test", "chunked@example.test"} {
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]any{"email": email, "password": password}})
		assertProblem(t, res, http.StatusUnauthorized, "invalid_credentials")
	}
	if strings.Contains(s.Logs.String(), password) || strings.Contains(s.Logs.String(), big[:1000]) {
		t.Errorf("logs contain the refused body")
	}
}

func TestErrorBadParameters(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Para Meter")
	long := strings.Repeat("p", 65)
	for _, tc := range []struct {
		name   string
		r      request
		fields []string
	}{
		{"path id over maxLength", request{Method: "GET", Path: "/api/v1/productions/" + long}, []string{"productionId"}},
		{"members path id over maxLength", request{Method: "GET", Path: "/api/v1/productions/" + long + "/members"}, []string{"productionId"}},
		{"invite token over maxLength", request{Method: "POST", Path: "/api/v1/invites/" + strings.Repeat("t", 129) + "/accept"}, []string{"token"}},
		{"integer path parameter", request{Method: "GET", Path: "/api/v1/scenes/s1/choreography/versions/latest"}, []string{"version"}},
		{"integer path parameter below minimum", request{Method: "GET", Path: "/api/v1/scenes/s1/choreography/versions/0"}, []string{"version"}},
		{"integer query parameter", request{Method: "GET", Path: "/api/v1/notifications?limit=abc"}, []string{"limit"}},
		{"query parameter over maximum", request{Method: "GET", Path: "/api/v1/notifications?limit=100000"}, []string{"limit"}},
		{"boolean query parameter", request{Method: "GET", Path: "/api/v1/me/checkins?open=maybe"}, []string{"open"}},
		{"date query parameter", request{Method: "GET", Path: "/api/v1/productions/p1/coverage?from=yesterday"}, []string{"from"}},
		{"required query parameter missing", request{Method: "DELETE", Path: "/api/v1/push/subscriptions"}, []string{"endpoint"}},
		{"header over maxLength", request{Method: "POST", Path: "/api/v1/productions",
			Body: map[string]any{"title": "T", "kind": "film", "timezone": "UTC"}, Header: map[string]string{"Idempotency-Key": strings.Repeat("k", 256)}}, []string{"Idempotency-Key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Token = a.Token
			res := s.Do(tc.r)
			p := assertProblem(t, res, http.StatusBadRequest, "invalid_parameter")
			fields := problemFields(t, p)
			for _, f := range tc.fields {
				if !slices.Contains(fields, f) {
					t.Errorf("errors %v do not name %q", fields, f)
				}
			}
		})
	}
	if l := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token}).List(t); len(l) != 0 {
		t.Errorf("a refused request created a production: %v", l)
	}
}

// signJWT signs claims with method and key (nil key: alg "none").
func signJWT(t testing.TB, method jwt.SigningMethod, claims jwt.Claims, key any) string {
	t.Helper()
	if method == jwt.SigningMethodNone {
		key = jwt.UnsafeAllowNoneSignatureType
	}
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestErrorUnauthorized(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Tok En")
	secret := []byte(strings.Repeat("s", 32)) // the harness's signing key
	now := s.Clock.Now()
	claims := func(mod func(*jwt.RegisteredClaims)) jwt.RegisteredClaims {
		c := jwt.RegisteredClaims{Issuer: testPublicURL, Subject: a.ID, Audience: jwt.ClaimStrings{auth.Audience},
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(10 * time.Minute))}
		if mod != nil {
			mod(&c)
		}
		return c
	}
	// The forging is right: the same claims signed properly are accepted.
	if res := s.Do(request{Method: "GET", Path: "/api/v1/me", Token: signJWT(t, jwt.SigningMethodHS256, claims(nil), secret)}); res.Status != http.StatusOK {
		t.Fatalf("a well-formed token is refused: %d %s", res.Status, res.Body)
	}

	for _, tc := range []struct {
		name, authorization, code string
	}{
		{"no header", "", "unauthorized"},
		{"empty bearer", "Bearer ", "unauthorized"},
		{"basic scheme", "Basic dXNlcjpwYXNz", "unauthorized"},
		{"token without scheme", a.Token, "unauthorized"},
		{"garbage", "Bearer not-a-jwt", "invalid_token"},
		{"three garbage parts", "Bearer aaa.bbb.ccc", "invalid_token"},
		{"alg none", "Bearer " + signJWT(t, jwt.SigningMethodNone, claims(nil), nil), "invalid_token"},
		{"alg none without signature dot", "Bearer " + strings.TrimSuffix(signJWT(t, jwt.SigningMethodNone, claims(nil), nil), "."), "invalid_token"},
		{"HS512 with the right key", "Bearer " + signJWT(t, jwt.SigningMethodHS512, claims(nil), secret), "invalid_token"},
		{"other key", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(nil), []byte(strings.Repeat("x", 32))), "invalid_token"},
		{"expired", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) {
			c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Second))
		}), secret), "invalid_token"},
		{"no expiry", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = nil }), secret), "invalid_token"},
		{"not yet valid", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) {
			c.NotBefore = jwt.NewNumericDate(now.Add(time.Hour))
		}), secret), "invalid_token"},
		{"wrong audience", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) {
			c.Audience = jwt.ClaimStrings{"someone-else"}
		}), secret), "invalid_token"},
		{"wrong issuer", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) { c.Issuer = "https://evil.test" }), secret), "invalid_token"},
		{"no subject", "Bearer " + signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) { c.Subject = "" }), secret), "invalid_token"},
		{"tampered payload", "Bearer " + tamper(a.Token), "invalid_token"},
		{"refresh token as bearer", "Bearer " + a.Refresh, "invalid_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request{Method: "GET", Path: "/api/v1/me"}
			if tc.authorization != "" {
				r.Header = map[string]string{"Authorization": tc.authorization}
			}
			res := s.Do(r)
			assertProblem(t, res, http.StatusUnauthorized, tc.code)
			if wa := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(wa, "Bearer") {
				t.Errorf("WWW-Authenticate %q, want a Bearer challenge", wa)
			}
		})
	}

	t.Run("token of a user that does not exist", func(t *testing.T) {
		tok := signJWT(t, jwt.SigningMethodHS256, claims(func(c *jwt.RegisteredClaims) { c.Subject = unknownID }), secret)
		for _, r := range []request{
			{Method: "GET", Path: "/api/v1/me", Token: tok},
			{Method: "POST", Path: "/api/v1/productions", Token: tok, Body: map[string]any{"title": "Ghost", "kind": "film", "timezone": "UTC"}},
			{Method: "GET", Path: "/api/v1/productions", Token: tok},
		} {
			res := s.Do(r)
			if res.Status >= 500 {
				t.Errorf("%s %s with a ghost's token: %d %s", r.Method, r.Path, res.Status, res.Body)
			} else if res.Status >= 400 {
				anyProblem(t, res)
			}
		}
	})

	t.Run("access token expires", func(t *testing.T) {
		if res := s.Do(request{Method: "GET", Path: "/api/v1/me", Token: a.Token}); res.Status != http.StatusOK {
			t.Fatalf("fresh token: %d %s", res.Status, res.Body)
		}
		s.Clock.Advance(auth.AccessTTL + time.Second)
		res := s.Do(request{Method: "GET", Path: "/api/v1/me", Token: a.Token})
		assertProblem(t, res, http.StatusUnauthorized, "invalid_token")
		if res.Header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
	})
}

// tamper flips the subject claim of a JWT without re-signing it.
func tamper(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return token
	}
	payload, err := jwt.NewParser().DecodeSegment(parts[1])
	if err != nil {
		return token
	}
	var m map[string]any
	_ = json.Unmarshal(payload, &m)
	m["sub"] = unknownID
	b, _ := json.Marshal(m)
	parts[1] = strings.TrimRight((&jwt.Token{}).EncodeSegment(b), "=")
	return strings.Join(parts, ".")
}

func TestErrorRequestID(t *testing.T) {
	s := newTestServer(t)

	res := s.Do(request{Method: "GET", Path: "/api/v1/me"})
	id := res.Header.Get("X-Request-Id")
	if id == "" {
		t.Fatal("no X-Request-Id on a problem")
	}
	if p := assertProblem(t, res, http.StatusUnauthorized, "unauthorized"); p["requestId"] != id {
		t.Errorf("problem requestId %v, header %q", p["requestId"], id)
	}
	if other := s.Do(request{Method: "GET", Path: "/api/v1/me"}).Header.Get("X-Request-Id"); other == id {
		t.Errorf("two requests share the request id %q", id)
	}

	res = s.Do(request{Method: "GET", Path: "/api/v1/nope", Header: map[string]string{"X-Request-Id": "trace-42-abc"}})
	if got := res.Header.Get("X-Request-Id"); got != "trace-42-abc" {
		t.Errorf("X-Request-Id %q, want the caller's trace-42-abc", got)
	}
	if p := assertProblem(t, res, http.StatusNotFound, "not_found"); p["requestId"] != "trace-42-abc" {
		t.Errorf("problem requestId %v, want trace-42-abc", p["requestId"])
	}

	for _, path := range []string{"/healthz", "/"} {
		if res := s.Do(request{Method: "GET", Path: path}); res.Header.Get("X-Request-Id") == "" {
			t.Errorf("GET %s: no X-Request-Id", path)
		}
	}
	if !strings.Contains(s.Logs.String(), "trace-42-abc") {
		t.Error("the request log does not carry the request id")
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Head Er")
	for _, r := range []request{
		{Method: "GET", Path: "/api/v1/productions", Token: a.Token},
		{Method: "GET", Path: "/api/v1/me"},
		{Method: "GET", Path: "/api/v1/nope"},
		{Method: "POST", Path: "/api/v1/auth/login", Body: `{`},
		{Method: "GET", Path: "/healthz"},
		{Method: "GET", Path: "/"},
		{Method: "GET", Path: "/productions/abc"},
		{Method: "GET", Path: "/api/v1/productions", Token: a.Token, Header: map[string]string{"Accept-Encoding": "gzip"}},
	} {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			res := s.Do(r)
			h := res.Header
			api := strings.HasPrefix(r.Path, "/api/")
			csp := h.Get("Content-Security-Policy")
			want := []string{"default-src 'self'", "frame-ancestors 'none'"}
			if api { // data, never a document: a policy that allows nothing
				want = []string{"default-src 'none'", "frame-ancestors 'none'"}
			}
			for _, want := range want {
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("Content-Security-Policy %q allows unsafe sources", csp)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := h.Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("X-Frame-Options %q", got)
			}
			if got := h.Get("Strict-Transport-Security"); got != "" {
				t.Errorf("Strict-Transport-Security %q over plain HTTP", got)
			}
			if api {
				if got := h.Get("Cache-Control"); got != "no-store" {
					t.Errorf("Cache-Control %q on an API answer", got)
				}
				// What the handler's header map holds (net/http adds Date
				// and Content-Length on its own): eight entries at most, a
				// small Go map, never grown (document-only headers are not
				// needed on data).
				if n := len(h) - len(h.Values("Date")) - len(h.Values("Content-Length")); n > 8 {
					t.Errorf("%d headers on an API answer: %v", n, h)
				}
				return
			}
			switch got := h.Get("Referrer-Policy"); got {
			case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
			default:
				t.Errorf("Referrer-Policy %q", got)
			}
			if got := h.Get("Permissions-Policy"); !strings.Contains(got, "camera=()") {
				t.Errorf("Permissions-Policy %q", got)
			}
			if got := h.Get("Cross-Origin-Opener-Policy"); got != "same-origin" {
				t.Errorf("Cross-Origin-Opener-Policy %q", got)
			}
		})
	}
}

// TestSecurityHeadersOverTLS: behind a proxy that terminated TLS (it says
// so with X-Forwarded-Proto: https), answers carry Strict-Transport-Security,
// API answers and documents alike.
func TestSecurityHeadersOverTLS(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Ti Ls")
	tls := map[string]string{"X-Forwarded-Proto": "https"}
	for _, r := range []request{
		{Method: "GET", Path: "/api/v1/productions", Token: a.Token, Header: tls},
		{Method: "GET", Path: "/api/v1/me", Header: tls},
		{Method: "GET", Path: "/", Header: tls},
	} {
		if got := s.Do(r).Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("%s %s over TLS: Strict-Transport-Security %q", r.Method, r.Path, got)
		}
	}
}

func TestGzip(t *testing.T) {
	s := newTestServer(t)
	a := newAccount(t, s, "Zip Per")
	for i := range 20 {
		s.createProduction(a, fmt.Sprintf("Production number %d with a rather long title to compress", i))
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(acceptEncoding string) response {
		req, _ := http.NewRequest("GET", s.URL+"/api/v1/productions", nil)
		req.Header.Set("Authorization", "Bearer "+a.Token)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		return doRaw(t, client, req)
	}

	res := get("gzip")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	if ce := res.Header.Get("Content-Encoding"); ce != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", ce)
	}
	if v := strings.Join(res.Header.Values("Vary"), ","); !strings.Contains(v, "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", v)
	}
	zr, err := gzip.NewReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(plain, &list); err != nil || len(list) != 20 {
		t.Fatalf("decompressed body: %v, %d items", err, len(list))
	}
	if len(res.Body) >= len(plain) {
		t.Errorf("gzip did not shrink the body: %d >= %d", len(res.Body), len(plain))
	}

	res = get("")
	if ce := res.Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("Content-Encoding %q without Accept-Encoding", ce)
	}
	if !json.Valid(res.Body) {
		t.Errorf("plain body is not JSON: %.100s", res.Body)
	}

	// An answer under 1 KB is sent as it is, even to a client that accepts
	// gzip: compressing it costs more than it saves.
	b := newAccount(t, s, "Small Answer")
	req, _ := http.NewRequest("GET", s.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+b.Token)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	small := doRaw(t, client, req)
	if small.Status != http.StatusOK || small.Header.Get("Content-Encoding") != "" || len(small.Body) >= 1024 {
		t.Errorf("small answer: status %d, Content-Encoding %q, %d bytes", small.Status, small.Header.Get("Content-Encoding"), len(small.Body))
	}
	if !json.Valid(small.Body) || small.Header.Get("Content-Type") != "application/json" {
		t.Errorf("small answer not plain JSON (%s): %.100s", small.Header.Get("Content-Type"), small.Body)
	}
	// Errors (written by the error handler after the middleware) too.
	req, _ = http.NewRequest("GET", s.URL+"/api/v1/productions/"+unknownID, nil)
	req.Header.Set("Authorization", "Bearer "+a.Token)
	req.Header.Set("Accept-Encoding", "gzip")
	if nf := doRaw(t, client, req); nf.Status != http.StatusNotFound || nf.Header.Get("Content-Encoding") != "" || !json.Valid(nf.Body) {
		t.Errorf("404: status %d, Content-Encoding %q: %.100s", nf.Status, nf.Header.Get("Content-Encoding"), nf.Body)
	}
}

// hostileCase is one hostile request to an implemented operation.
type hostileCase struct {
	name   string
	method string // POST when empty
	path   string // {production} is substituted
	token  bool   // send the caller's access token
	body   any    // string: sent raw as application/json; []byte likewise
	header map[string]string
	// mayPass: the input is odd but acceptable, so a 2xx is fine too.
	mayPass bool
}

func TestHostileInputs(t *testing.T) {
	s := newTestServer(t)
	producer := newAccount(t, s, "Hos Tile")
	production := s.createProduction(producer, "Hostile Takeover")

	huge := strings.Repeat("Ω", 300)      // over every maxLength of these bodies
	vast := strings.Repeat("x", 900*1024) // under the body limit, far over maxLength
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	weird := "Zoë \u202eevil\u202c 🎬 \u0000 \ufeff 名前"
	weirdHeader := strings.ReplaceAll(weird, "\u0000", "") // header values cannot carry NUL
	reg := "/api/v1/auth/register"
	login := "/api/v1/auth/login"
	prods := "/api/v1/productions"
	invites := "/api/v1/productions/{production}/invites"

	cases := []hostileCase{
		// register
		{name: "empty object", path: reg, body: `{}`},
		{name: "null", path: reg, body: `null`},
		{name: "array", path: reg, body: `[]`},
		{name: "array of the object", path: reg, body: []any{map[string]any{"email": "arr@example.test", "password": "correct horse battery", "displayName": "A"}}},
		{name: "string", path: reg, body: `"register me"`},
		{name: "number", path: reg, body: `42`},
		{name: "huge number", path: reg, body: `1e999`},
		{name: "wrong types", path: reg, body: map[string]any{"email": 1, "password": true, "displayName": []any{"a"}}},
		{name: "nested objects", path: reg, body: map[string]any{"email": map[string]any{"$ne": nil}, "password": map[string]any{"$gt": ""}, "displayName": map[string]any{}}},
		{name: "nulls", path: reg, body: map[string]any{"email": nil, "password": nil, "displayName": nil}},
		{name: "over maxLength", path: reg, body: map[string]any{"email": "long@example.test", "password": "correct horse battery", "displayName": huge}},
		{name: "password over maxLength", path: reg, body: map[string]any{"email": "pw@example.test", "password": vast, "displayName": "P"}},
		{name: "email over maxLength", path: reg, body: map[string]any{"email": strings.Repeat("e", 250) + "@example.test", "password": "correct horse battery", "displayName": "E"}},
		{name: "not an email", path: reg, body: map[string]any{"email": "Robert'); DROP TABLE users;--", "password": "correct horse battery", "displayName": "Bobby"}},
		{name: "email with display name", path: reg, body: map[string]any{"email": "Eve <eve@example.test>", "password": "correct horse battery", "displayName": "Eve"}},
		{name: "blank display name", path: reg, body: map[string]any{"email": "blank@example.test", "password": "correct horse battery", "displayName": "   "}},
		{name: "deep nesting", path: reg, body: deep},
		{name: "NUL byte", path: reg, body: map[string]any{"email": "nul@example.test", "password": "correct horse battery", "displayName": "A\u0000B"}, mayPass: true},
		{name: "NUL byte in e-mail", path: reg, body: map[string]any{"email": "nul\u0000@example.test", "password": "correct horse battery", "displayName": "N"}},
		{name: "unicode", path: reg, body: map[string]any{"email": "zoe.unicode@example.test", "password": "pässwörd 🔑 long", "displayName": weird, "pronouns": "they/them ✨"}, mayPass: true},
		{name: "unicode e-mail", path: reg, body: map[string]any{"email": "ζωή@παράδειγμα.δοκιμή", "password": "correct horse battery", "displayName": "Zoe"}, mayPass: true},
		{name: "invalid UTF-8", path: reg, body: "{\"email\":\"utf@example.test\",\"password\":\"correct horse battery\",\"displayName\":\"\xff\xfe\"}", mayPass: true},
		{name: "text/plain", path: reg, body: `{"email":"tp@example.test","password":"correct horse battery","displayName":"T"}`, header: map[string]string{"Content-Type": "text/plain"}},
		{name: "form encoded", path: reg, body: `email=f%40example.test&password=correct+horse+battery&displayName=F`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
		// login
		{name: "empty object", path: login, body: `{}`},
		{name: "null", path: login, body: `null`},
		{name: "array", path: login, body: `[{"email":"a@example.test","password":"x"}]`},
		{name: "wrong types", path: login, body: map[string]any{"email": 12, "password": 3.5}},
		{name: "nulls", path: login, body: map[string]any{"email": nil, "password": nil}},
		{name: "over maxLength", path: login, body: map[string]any{"email": producer.Email, "password": vast}},
		{name: "empty password", path: login, body: map[string]any{"email": producer.Email, "password": ""}},
		{name: "unicode", path: login, body: map[string]any{"email": "ζωή@παράδειγμα.δοκιμή", "password": weird}},
		{name: "NUL byte in e-mail", path: login, body: map[string]any{"email": "nul\u0000@example.test", "password": "correct horse battery"}},
		{name: "NUL byte in password", path: login, body: map[string]any{"email": producer.Email, "password": "correct horse\u0000battery"}},
		{name: "operator injection", path: login, body: map[string]any{"email": producer.Email, "password": map[string]any{"$ne": "x"}}},
		// refresh and logout read only the cookie
		{name: "no cookie", path: "/api/v1/auth/refresh"},
		{name: "garbage cookie", path: "/api/v1/auth/refresh", header: map[string]string{"Cookie": "closedset_refresh=" + weirdHeader}},
		{name: "cookie over maxLength", path: "/api/v1/auth/refresh", header: map[string]string{"Cookie": "closedset_refresh=" + strings.Repeat("r", 2000)}},
		{name: "access token as cookie", path: "/api/v1/auth/refresh", header: map[string]string{"Cookie": "closedset_refresh=" + producer.Token}},
		{name: "body instead of cookie", path: "/api/v1/auth/refresh", body: map[string]any{"refreshToken": producer.Refresh}},
		{name: "garbage cookie", path: "/api/v1/auth/logout", header: map[string]string{"Cookie": "closedset_refresh=" + weirdHeader}, mayPass: true},
		{name: "cookie over maxLength", path: "/api/v1/auth/logout", header: map[string]string{"Cookie": "closedset_refresh=" + strings.Repeat("r", 2000)}},
		{name: "array body", path: "/api/v1/auth/logout", body: `[]`, mayPass: true},
		// createProduction
		{name: "empty object", path: prods, token: true, body: `{}`},
		{name: "null", path: prods, token: true, body: `null`},
		{name: "array", path: prods, token: true, body: `[]`},
		{name: "array of the object", path: prods, token: true, body: []any{map[string]any{"title": "A", "kind": "film", "timezone": "UTC"}}},
		{name: "wrong types", path: prods, token: true, body: map[string]any{"title": 7, "kind": true, "timezone": []any{}, "noticeHours": "48"}},
		{name: "nulls", path: prods, token: true, body: map[string]any{"title": nil, "kind": nil, "timezone": nil, "noticeHours": nil}},
		{name: "title over maxLength", path: prods, token: true, body: map[string]any{"title": huge, "kind": "film", "timezone": "UTC"}},
		{name: "vast title", path: prods, token: true, body: map[string]any{"title": vast, "kind": "film", "timezone": "UTC"}},
		{name: "timezone over maxLength", path: prods, token: true, body: map[string]any{"title": "T", "kind": "film", "timezone": huge}},
		{name: "blank title", path: prods, token: true, body: map[string]any{"title": "  \t ", "kind": "film", "timezone": "UTC"}},
		{name: "path traversal timezone", path: prods, token: true, body: map[string]any{"title": "T", "kind": "film", "timezone": "../../../etc/passwd"}},
		{name: "Local timezone", path: prods, token: true, body: map[string]any{"title": "T", "kind": "film", "timezone": "Local"}},
		{name: "fractional noticeHours", path: prods, token: true, body: `{"title":"T","kind":"film","timezone":"UTC","noticeHours":1.5}`},
		{name: "huge noticeHours", path: prods, token: true, body: `{"title":"T","kind":"film","timezone":"UTC","noticeHours":1e20}`},
		{name: "noticeHours beyond int64", path: prods, token: true, body: `{"title":"T","kind":"film","timezone":"UTC","noticeHours":99999999999999999999999}`},
		{name: "negative noticeHours", path: prods, token: true, body: map[string]any{"title": "T", "kind": "film", "timezone": "UTC", "noticeHours": -1}},
		{name: "kind in capitals", path: prods, token: true, body: map[string]any{"title": "T", "kind": "FILM", "timezone": "UTC"}},
		{name: "unicode", path: prods, token: true, body: map[string]any{"title": weird, "kind": "stage", "timezone": "Asia/Tokyo"}, mayPass: true},
		{name: "NUL byte", path: prods, token: true, body: map[string]any{"title": "A\u0000B", "kind": "film", "timezone": "UTC"}, mayPass: true},
		{name: "NUL byte in timezone", path: prods, token: true, body: map[string]any{"title": "T", "kind": "film", "timezone": "UTC\u0000"}},
		{name: "idempotency key over maxLength", path: prods, token: true, body: map[string]any{"title": "T", "kind": "film", "timezone": "UTC"}, header: map[string]string{"Idempotency-Key": strings.Repeat("k", 300)}},
		// createInvite
		{name: "empty object", path: invites, token: true, body: `{}`},
		{name: "null", path: invites, token: true, body: `null`},
		{name: "array", path: invites, token: true, body: `[]`},
		{name: "wrong types", path: invites, token: true, body: map[string]any{"email": false, "role": 1}},
		{name: "nulls", path: invites, token: true, body: map[string]any{"email": nil, "role": nil}},
		{name: "unknown role", path: invites, token: true, body: map[string]any{"email": "r@example.test", "role": "admin"}},
		{name: "empty role", path: invites, token: true, body: map[string]any{"email": "r@example.test", "role": ""}},
		{name: "role array", path: invites, token: true, body: map[string]any{"email": "r@example.test", "role": []any{"producer"}}},
		{name: "email over maxLength", path: invites, token: true, body: map[string]any{"email": strings.Repeat("e", 300) + "@example.test", "role": "performer"}},
		{name: "not an email", path: invites, token: true, body: map[string]any{"email": "nobody", "role": "performer"}},
		{name: "email with header injection", path: invites, token: true, body: map[string]any{"email": "a@example.test\r\nBcc: b@example.test", "role": "performer"}},
		{name: "unicode email", path: invites, token: true, body: map[string]any{"email": "ζωή@παράδειγμα.δοκιμή", "role": "performer"}, mayPass: true},
		{name: "unknown production", path: "/api/v1/productions/" + unknownID + "/invites", token: true, body: map[string]any{"email": "r@example.test", "role": "performer"}},
		{name: "unicode production id", path: "/api/v1/productions/%E2%80%AE%F0%9F%8E%AC/invites", token: true, body: map[string]any{"email": "r@example.test", "role": "performer"}},
		{name: "encoded slash in id", path: "/api/v1/productions/a%2Fb/invites", token: true, body: map[string]any{"email": "r@example.test", "role": "performer"}},
		{name: "NUL byte in id", path: "/api/v1/productions/ab%00cd/invites", token: true, body: map[string]any{"email": "r@example.test", "role": "performer"}},
		{name: "NUL byte in e-mail", path: invites, token: true, body: map[string]any{"email": "r\u0000@example.test", "role": "performer"}},
		// the path ids of the implemented reads
		{name: "NUL byte in id", method: "GET", path: "/api/v1/productions/ab%00cd", token: true},
		{name: "NUL byte in id", method: "GET", path: "/api/v1/productions/ab%00cd/members", token: true},
		{name: "unicode id", method: "GET", path: "/api/v1/productions/%E2%80%AE%F0%9F%8E%AC", token: true},
		{name: "SQL in id", method: "GET", path: "/api/v1/productions/'%20OR%20'1'='1/members", token: true},
		// acceptInvite takes no body: the token is the input
		{name: "unknown token", path: "/api/v1/invites/nope/accept", token: true},
		{name: "unicode token", path: "/api/v1/invites/%F0%9F%8E%AC%E2%80%AE/accept", token: true},
		{name: "SQL in token", path: "/api/v1/invites/'%20OR%201=1--/accept", token: true},
		{name: "NUL byte in token", path: "/api/v1/invites/ab%00cd/accept", token: true},
		{name: "dot-dot token", path: "/api/v1/invites/../accept", token: true},
		{name: "token over maxLength", path: "/api/v1/invites/" + strings.Repeat("t", 500) + "/accept", token: true},
		{name: "body with a token", path: "/api/v1/invites/nope/accept", token: true, body: map[string]any{"token": "nope"}},
	}
	for _, tc := range cases {
		path := strings.ReplaceAll(tc.path, "{production}", production)
		method := cmp.Or(tc.method, "POST")
		t.Run(method+" "+path+" "+tc.name, func(t *testing.T) {
			r := request{Method: method, Path: path, Body: tc.body, Header: tc.header}
			if tc.token {
				r.Token = producer.Token
			}
			res := s.Do(r)
			if tc.mayPass && res.Status < 300 {
				return
			}
			if res.Status >= 500 {
				t.Fatalf("server error %d: %.300s", res.Status, res.Body)
			}
			anyProblem(t, res)
		})
	}

	// Still healthy and nothing hostile made it in.
	if res := s.Do(request{Method: "GET", Path: "/readyz"}); res.Status != http.StatusOK {
		t.Errorf("readyz after hostile inputs: %d %s", res.Status, res.Body)
	}
	for _, p := range s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: producer.Token}).List(t) {
		if title, _ := p["title"].(string); title != "Hostile Takeover" && title != weird && title != "A\u0000B" {
			t.Errorf("a hostile request created %q", title)
		}
	}
	for _, email := range []string{"arr@example.test", "long@example.test", "pw@example.test", "tp@example.test", "blank@example.test"} {
		res := s.Do(request{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]any{"email": email, "password": "correct horse battery"}})
		if res.Status == http.StatusOK {
			t.Errorf("a hostile registration of %s went through", email)
		}
	}
	if strings.Contains(s.Logs.String(), vast[:100]) {
		t.Error("logs contain request bodies")
	}
}

func TestLogsHoldNoSecrets(t *testing.T) {
	s := newTestServer(t)
	const password = "log-me-not password 1"
	const wrongPassword = "guess-me-not password 2"
	var secrets []string

	res := s.Do(request{Method: "POST", Path: "/api/v1/auth/register",
		Body: map[string]any{"email": "secret@example.test", "password": password, "displayName": "Sec Ret"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", res.Status, res.Body)
	}
	access := res.JSON(t)["accessToken"].(string)
	c, _ := res.Cookie("closedset_refresh")
	secrets = append(secrets, password, wrongPassword, access, c.Value)

	res = s.Do(request{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]any{"email": "secret@example.test", "password": wrongPassword}})
	assertProblem(t, res, http.StatusUnauthorized, "invalid_credentials")
	res = s.Do(request{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]any{"email": "secret@example.test", "password": password}})
	if res.Status != http.StatusOK {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	access = res.JSON(t)["accessToken"].(string)
	c, _ = res.Cookie("closedset_refresh")
	refresh := c.Value
	secrets = append(secrets, access, refresh)

	res = s.Do(request{Method: "POST", Path: "/api/v1/auth/refresh", Header: map[string]string{"Cookie": "closedset_refresh=" + refresh}})
	if res.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", res.Status, res.Body)
	}
	access = res.JSON(t)["accessToken"].(string)
	c, _ = res.Cookie("closedset_refresh")
	secrets = append(secrets, access, c.Value)
	// Reusing the rotated token after the grace period revokes the family: an
	// error path.
	s.Clock.Advance(31 * time.Second)
	res = s.Do(request{Method: "POST", Path: "/api/v1/auth/refresh", Header: map[string]string{"Cookie": "closedset_refresh=" + refresh}})
	assertProblem(t, res, http.StatusUnauthorized, "invalid_refresh_token")

	other := newAccount(t, s, "In Vitee")
	secrets = append(secrets, other.Token, other.Refresh)
	res = s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: access,
		Body: map[string]any{"title": "Secrets", "kind": "film", "timezone": "UTC"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("create production: %d %s", res.Status, res.Body)
	}
	production := res.JSON(t)["id"].(string)
	res = s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/invites", Token: access,
		Body: map[string]any{"email": other.Email, "role": "performer"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", res.Status, res.Body)
	}
	invite := res.JSON(t)["token"].(string)
	secrets = append(secrets, invite)
	for range 2 { // the second answer is an error: the invite is used
		s.Do(request{Method: "POST", Path: "/api/v1/invites/" + invite + "/accept", Token: other.Token})
	}
	s.Do(request{Method: "GET", Path: "/api/v1/me", Token: "garbage-" + invite})
	s.Do(request{Method: "POST", Path: "/api/v1/auth/logout", Header: map[string]string{"Cookie": "closedset_refresh=" + c.Value}})

	logs := s.Logs.String()
	if !strings.Contains(logs, "/api/v1/invites/:token/accept") {
		t.Fatalf("request logs are missing or do not name route templates:\n%s", logs)
	}
	for _, secret := range secrets {
		if secret == "" {
			t.Fatal("a secret of the test is empty")
		}
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain the secret %.12s…", secret)
		}
		// JWTs: no part of the signature or payload either.
		for part := range strings.SplitSeq(secret, ".") {
			if len(part) >= 16 && strings.Contains(logs, part) {
				t.Errorf("logs contain part of the secret %.12s…", part)
			}
		}
	}
}
