package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"closedset/api"
)

// Authorization in one place (architecture.md point 7): one table walks every
// implemented operation × every kind of caller, and a second part walks every
// operation of the contract.

// authzRow is one request of the matrix.
//
//   - path may hold placeholders: {production} (the crew's production),
//     {unknown} (an id nobody knows), {invite} (a fresh invite addressed to the
//     caller), {otherInvite} (a fresh invite addressed to someone else),
//     {usedInvite} (an invite someone already accepted).
//   - string values in body may hold {email} (a fresh address, the same one
//     throughout the row) and {producerEmail}.
//   - as is anonymous, outsider (signed in, not a member), performer,
//     coordinator or producer. Signed-in callers send their access token and
//     their refresh cookie, as the app in a browser does.
//
// Every row gets a fresh world (crew, production, invites), so rows never
// depend on each other.
type authzRow struct {
	name   string
	method string
	path   string
	body   any
	as     string
	want   int
}

var (
	authzRegisterBody      = map[string]any{"email": "{email}", "password": "correct horse battery", "displayName": "New Person"}
	authzLoginBody         = map[string]any{"email": "{producerEmail}", "password": "correct horse battery"}
	authzProductionBody    = map[string]any{"title": "Second Unit", "kind": "series", "timezone": "America/New_York"}
	authzInvitePerformer   = map[string]any{"email": "{email}", "role": "performer"}
	authzInviteCoordinator = map[string]any{"email": "{email}", "role": "coordinator"}
	authzInviteProducer    = map[string]any{"email": "{email}", "role": "producer"}
)

var authzRows = []authzRow{
	// register: anyone
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "anonymous", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "outsider", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "performer", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "coordinator", 201},
	{"register", "POST", "/api/v1/auth/register", authzRegisterBody, "producer", 201},
	// login: anyone with the credentials
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "anonymous", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "outsider", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "performer", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "coordinator", 200},
	{"login", "POST", "/api/v1/auth/login", authzLoginBody, "producer", 200},
	// refresh: the holder of the cookie
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "anonymous", 401},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "outsider", 200},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "performer", 200},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "coordinator", 200},
	{"refreshToken", "POST", "/api/v1/auth/refresh", nil, "producer", 200},
	// logout: anyone
	{"logout", "POST", "/api/v1/auth/logout", nil, "anonymous", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "outsider", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "performer", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "coordinator", 204},
	{"logout", "POST", "/api/v1/auth/logout", nil, "producer", 204},
	// me: any signed-in user
	{"getMe", "GET", "/api/v1/me", nil, "anonymous", 401},
	{"getMe", "GET", "/api/v1/me", nil, "outsider", 200},
	{"getMe", "GET", "/api/v1/me", nil, "performer", 200},
	{"getMe", "GET", "/api/v1/me", nil, "coordinator", 200},
	{"getMe", "GET", "/api/v1/me", nil, "producer", 200},
	// createProduction: any signed-in user
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "anonymous", 401},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "outsider", 201},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "performer", 201},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "coordinator", 201},
	{"createProduction", "POST", "/api/v1/productions", authzProductionBody, "producer", 201},
	// listProductions: any signed-in user (their own)
	{"listProductions", "GET", "/api/v1/productions", nil, "anonymous", 401},
	{"listProductions", "GET", "/api/v1/productions", nil, "outsider", 200},
	{"listProductions", "GET", "/api/v1/productions", nil, "performer", 200},
	{"listProductions", "GET", "/api/v1/productions", nil, "coordinator", 200},
	{"listProductions", "GET", "/api/v1/productions", nil, "producer", 200},
	// getProduction: members; 404 to anyone else
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "anonymous", 401},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "outsider", 404},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "performer", 200},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "coordinator", 200},
	{"getProduction", "GET", "/api/v1/productions/{production}", nil, "producer", 200},
	{"getProduction unknown", "GET", "/api/v1/productions/{unknown}", nil, "anonymous", 401},
	{"getProduction unknown", "GET", "/api/v1/productions/{unknown}", nil, "outsider", 404},
	{"getProduction unknown", "GET", "/api/v1/productions/{unknown}", nil, "producer", 404},
	// createInvite: producer any role; coordinator performers only
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "anonymous", 401},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "outsider", 404},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "performer", 403},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "coordinator", 201},
	{"createInvite performer", "POST", "/api/v1/productions/{production}/invites", authzInvitePerformer, "producer", 201},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "anonymous", 401},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "outsider", 404},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "performer", 403},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "coordinator", 403},
	{"createInvite coordinator", "POST", "/api/v1/productions/{production}/invites", authzInviteCoordinator, "producer", 201},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "anonymous", 401},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "outsider", 404},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "performer", 403},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "coordinator", 403},
	{"createInvite producer", "POST", "/api/v1/productions/{production}/invites", authzInviteProducer, "producer", 201},
	{"createInvite unknown", "POST", "/api/v1/productions/{unknown}/invites", authzInvitePerformer, "outsider", 404},
	{"createInvite unknown", "POST", "/api/v1/productions/{unknown}/invites", authzInvitePerformer, "producer", 404},
	// acceptInvite: the signed-in user the invite was sent to
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "anonymous", 401},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "outsider", 200},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "performer", 409},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "coordinator", 409},
	{"acceptInvite", "POST", "/api/v1/invites/{invite}/accept", nil, "producer", 409},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "anonymous", 401},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "outsider", 403},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "performer", 403},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "coordinator", 403},
	{"acceptInvite someone else's", "POST", "/api/v1/invites/{otherInvite}/accept", nil, "producer", 403},
	{"acceptInvite used", "POST", "/api/v1/invites/{usedInvite}/accept", nil, "outsider", 404},
	{"acceptInvite used", "POST", "/api/v1/invites/{usedInvite}/accept", nil, "producer", 404},
	{"acceptInvite unknown", "POST", "/api/v1/invites/{unknown}/accept", nil, "outsider", 404},
	// listMembers: members; 404 to anyone else
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "anonymous", 401},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "outsider", 404},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "performer", 200},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "coordinator", 200},
	{"listMembers", "GET", "/api/v1/productions/{production}/members", nil, "producer", 200},
	{"listMembers unknown", "GET", "/api/v1/productions/{unknown}/members", nil, "producer", 404},
	// operations: anyone
	{"healthz", "GET", "/healthz", nil, "anonymous", 200},
	{"healthz", "GET", "/healthz", nil, "outsider", 200},
	{"healthz", "GET", "/healthz", nil, "performer", 200},
	{"healthz", "GET", "/healthz", nil, "coordinator", 200},
	{"healthz", "GET", "/healthz", nil, "producer", 200},
	{"readyz", "GET", "/readyz", nil, "anonymous", 200},
	{"readyz", "GET", "/readyz", nil, "outsider", 200},
	{"readyz", "GET", "/readyz", nil, "performer", 200},
	{"readyz", "GET", "/readyz", nil, "coordinator", 200},
	{"readyz", "GET", "/readyz", nil, "producer", 200},
	{"metrics", "GET", "/metrics", nil, "anonymous", 200},
	{"metrics", "GET", "/metrics", nil, "outsider", 200},
	{"metrics", "GET", "/metrics", nil, "performer", 200},
	{"metrics", "GET", "/metrics", nil, "coordinator", 200},
	{"metrics", "GET", "/metrics", nil, "producer", 200},
}

// authzCallers are the kinds of caller, in matrix order.
var authzCallers = []string{"anonymous", "outsider", "performer", "coordinator", "producer"}

// authzWorld is the fresh state one row runs against.
type authzWorld struct {
	t          *testing.T
	s          *testServer
	production string
	users      map[string]account // by caller kind, without anonymous
}

func authzNewWorld(t *testing.T, s *testServer) *authzWorld {
	t.Helper()
	w := &authzWorld{t: t, s: s, users: map[string]account{
		"producer":    errsAccount(t, s, "Pat Producer"),
		"coordinator": errsAccount(t, s, "Cory Coordinator"),
		"performer":   errsAccount(t, s, "Perri Performer"),
		"outsider":    errsAccount(t, s, "Otto Outsider"),
	}}
	w.production = s.createProduction(w.users["producer"], "Night Garden")
	s.join(w.users["producer"], w.production, w.users["coordinator"], "coordinator")
	s.join(w.users["coordinator"], w.production, w.users["performer"], "performer")
	return w
}

// freshEmail is an address nobody has used.
func (w *authzWorld) freshEmail() string {
	return fmt.Sprintf("fresh.%d@example.test", errsSeq.Add(1))
}

// invite creates a performer invite to email as the producer and returns its
// token.
func (w *authzWorld) invite(email string) string {
	w.t.Helper()
	res := w.s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.production + "/invites",
		Token: w.users["producer"].Token, Body: map[string]any{"email": email, "role": "performer"}})
	if res.Status != http.StatusCreated {
		w.t.Fatalf("fixture invite: %d %s", res.Status, res.Body)
	}
	return res.JSON(w.t)["token"].(string)
}

// authzPlaceholderName matches a placeholder such as {production} (never
// JSON braces, which are followed by a quote or another brace).
var authzPlaceholderName = regexp.MustCompile(`\{[A-Za-z]+\}`)

// expand substitutes the placeholders of a row for caller as.
func (w *authzWorld) expand(text, as, email string) string {
	w.t.Helper()
	caller, signedIn := w.users[as]
	return authzPlaceholderName.ReplaceAllStringFunc(text, func(ph string) string {
		switch ph {
		case "{production}":
			return w.production
		case "{unknown}":
			return prodUnknownID
		case "{email}":
			return email
		case "{producerEmail}":
			return w.users["producer"].Email
		case "{invite}":
			to := w.freshEmail()
			if signedIn {
				to = caller.Email
			}
			return w.invite(to)
		case "{otherInvite}":
			return w.invite(w.freshEmail())
		case "{usedInvite}":
			someone := errsAccount(w.t, w.s, "Early Bird")
			tok := w.invite(someone.Email)
			if res := w.s.Do(request{Method: "POST", Path: "/api/v1/invites/" + tok + "/accept", Token: someone.Token}); res.Status != http.StatusOK {
				w.t.Fatalf("fixture accept: %d %s", res.Status, res.Body)
			}
			return tok
		}
		w.t.Fatalf("unknown placeholder %s", ph)
		return ""
	})
}

// body expands placeholders inside a row's body, returned as raw JSON.
func (w *authzWorld) body(body any, as, email string) any {
	w.t.Helper()
	if body == nil {
		return nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.expand(string(b), as, email)
}

// authzTemplate reduces a path to its shape: every {placeholder} becomes {}.
var authzPlaceholder = regexp.MustCompile(`\{[^}]*\}`)

func authzTemplate(method, path string) string {
	return method + " " + authzPlaceholder.ReplaceAllString(path, "{}")
}

func TestAuthorizationMatrix(t *testing.T) {
	s := newTestServer(t)

	t.Run("rows", func(t *testing.T) {
		for _, r := range authzRows {
			if !slices.Contains(authzCallers, r.as) {
				t.Fatalf("row %q: unknown caller %q", r.name, r.as)
			}
			t.Run(fmt.Sprintf("%s/%s %s %s", r.as, r.method, r.path, r.name), func(t *testing.T) {
				w := authzNewWorld(t, s)
				email := w.freshEmail()
				req := request{Method: r.method, Path: w.expand(r.path, r.as, email), Body: w.body(r.body, r.as, email)}
				if u, ok := w.users[r.as]; ok {
					req.Token = u.Token
					req.Header = map[string]string{"Cookie": "closedset_refresh=" + u.Refresh}
				}
				res := s.Do(req)
				if res.Status != r.want {
					t.Fatalf("%s %s as %s: %d, want %d: %.300s", r.method, req.Path, r.as, res.Status, r.want, res.Body)
				}
				if res.Status >= 400 {
					p := errsProblemShape(t, res)
					switch res.Status {
					case http.StatusUnauthorized:
						if res.Header.Get("WWW-Authenticate") == "" {
							t.Error("401 without WWW-Authenticate")
						}
					case http.StatusNotFound:
						if p["code"] != "not_found" {
							t.Errorf("404 code %v, want not_found", p["code"])
						}
					}
				}
			})
		}
	})

	// Every implemented operation of the contract has rows for every kind of
	// caller; the spec walk below finds which operations are implemented.
	implemented := map[string]string{} // template → operationId

	t.Run("spec", func(t *testing.T) {
		spec, err := api.GetSpec()
		if err != nil {
			t.Fatal(err)
		}
		w := authzNewWorld(t, s)
		member := w.users["producer"] // a member of a production, asking about unknown ones
		paths := spec.Paths.Map()
		keys := make([]string, 0, len(paths))
		for p := range paths {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			ops := paths[p].Operations()
			methods := make([]string, 0, len(ops))
			for m := range ops {
				methods = append(methods, m)
			}
			sort.Strings(methods)
			for _, method := range methods {
				op := ops[method]
				security := op.Security
				if security == nil {
					security = &spec.Security
				}
				secured := len(*security) > 0
				for _, req := range *security {
					if len(req) == 0 {
						secured = false // an empty requirement makes auth optional
					}
				}
				target, body, aboutUnknownProduction := authzConcrete(t, w, p, op, paths[p].Parameters)

				t.Run("anonymous/"+method+" "+p, func(t *testing.T) {
					res := s.Do(request{Method: method, Path: target, Body: body})
					if secured {
						assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
						if res.Header.Get("WWW-Authenticate") == "" {
							t.Error("401 without WWW-Authenticate")
						}
						return
					}
					authzNoServerError(t, res)
				})

				t.Run("signed-in/"+method+" "+p, func(t *testing.T) {
					res := s.Do(request{Method: method, Path: target, Body: body, Token: member.Token})
					t.Logf("%s %s → %d %.120s", method, target, res.Status, res.Body)
					authzNoServerError(t, res)
					if secured && res.Status == http.StatusUnauthorized {
						t.Errorf("a valid token is refused: %s", res.Body)
					}
					if aboutUnknownProduction && res.Status < 300 {
						t.Errorf("%d for an unknown production: %.300s", res.Status, res.Body)
					}
					if res.Status != http.StatusNotImplemented {
						implemented[authzTemplate(method, p)] = op.OperationID
					}
				})
			}
		}
	})

	t.Run("every implemented operation has rows", func(t *testing.T) {
		if len(implemented) == 0 {
			t.Skip("the spec walk found nothing")
		}
		covered := map[string]map[string]bool{}
		for _, r := range authzRows {
			k := authzTemplate(r.method, r.path)
			if covered[k] == nil {
				covered[k] = map[string]bool{}
			}
			covered[k][r.as] = true
		}
		keys := make([]string, 0, len(implemented))
		for k := range implemented {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, as := range authzCallers {
				if !covered[k][as] {
					t.Errorf("%s (%s) answers (not 501) but authzRows has no row for %s: add its rows",
						k, implemented[k], as)
				}
			}
		}
	})
}

// authzNoServerError fails on any 5xx except 501 not_implemented, and checks
// that every error is a problem.
func authzNoServerError(t *testing.T, res response) {
	t.Helper()
	if res.Status == http.StatusNotImplemented {
		assertProblem(t, res, http.StatusNotImplemented, "not_implemented")
		return
	}
	if res.Status >= 500 {
		t.Fatalf("server error %d: %.300s", res.Status, res.Body)
	}
	if res.Status >= 400 {
		errsProblemShape(t, res)
	}
}

// authzConcrete turns a spec path into a request: unknown ids for path
// parameters, values for required query parameters, and a schema-valid body.
// It reports whether the request names an unknown production.
func authzConcrete(t *testing.T, w *authzWorld, path string, op *openapi3.Operation, common openapi3.Parameters) (string, any, bool) {
	t.Helper()
	aboutProduction := false
	query := url.Values{}
	params := append(slices.Clone(common), op.Parameters...)
	for _, pr := range params {
		p := pr.Value
		if p == nil {
			continue
		}
		value := fmt.Sprint(authzExample(p.Schema, p.Name, w))
		if p.Name == "productionId" {
			aboutProduction = true
		}
		switch p.In {
		case openapi3.ParameterInPath:
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(value))
		case openapi3.ParameterInQuery:
			if p.Required {
				query.Set(p.Name, value)
			}
		}
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	var body any
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			body = authzExample(mt.Schema, "", w)
			if m, ok := body.(map[string]any); ok && m["productionId"] == prodUnknownID {
				aboutProduction = true
			}
		}
	}
	return path, body, aboutProduction
}

// authzOtherID is an id that names nothing, distinct from prodUnknownID.
const authzOtherID = "01937a4e-ffff-7000-8000-00000000beef"

// authzExample builds a minimal value that satisfies schema: required
// properties only, the first enum value, minimums, formats. Ids are unknown;
// a productionId is prodUnknownID.
func authzExample(ref *openapi3.SchemaRef, name string, w *authzWorld) any {
	if ref == nil || ref.Value == nil {
		return "x"
	}
	sc := ref.Value
	if len(sc.AllOf) > 0 {
		var merged any
		for _, part := range sc.AllOf {
			v := authzExample(part, name, w)
			if m, ok := v.(map[string]any); ok {
				if mm, ok := merged.(map[string]any); ok {
					for k, x := range m {
						mm[k] = x
					}
					continue
				}
			}
			merged = v
		}
		return merged
	}
	if len(sc.OneOf) > 0 {
		return authzExample(sc.OneOf[0], name, w)
	}
	if len(sc.AnyOf) > 0 {
		return authzExample(sc.AnyOf[0], name, w)
	}
	if len(sc.Enum) > 0 {
		return sc.Enum[0]
	}
	switch {
	case sc.Type.Is("object") || (sc.Type.IsEmpty() && len(sc.Properties) > 0):
		m := map[string]any{}
		for _, k := range sc.Required {
			m[k] = authzExample(sc.Properties[k], k, w)
		}
		return m
	case sc.Type.Is("array"):
		out := []any{}
		for range sc.MinItems {
			out = append(out, authzExample(sc.Items, name, w))
		}
		return out
	case sc.Type.Is("integer"):
		if sc.Min != nil {
			return int(*sc.Min)
		}
		return 1
	case sc.Type.Is("number"):
		if sc.Min != nil {
			return *sc.Min
		}
		return 1
	case sc.Type.Is("boolean"):
		return true
	}
	switch {
	case sc.Format == "email":
		return w.freshEmail()
	case sc.Format == "date-time":
		return "2026-12-01T07:30:00Z"
	case sc.Format == "date":
		return "2026-12-01"
	case sc.Format == "uri" || sc.Format == "url" || name == "endpoint" || name == "url":
		return "https://fcm.googleapis.com/fcm/send/authz-walk"
	case name == "productionId":
		return prodUnknownID
	case strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "Ids") || name == "token":
		return authzOtherID
	case name == "timezone":
		return "Europe/London"
	}
	n := max(int(sc.MinLength), 1)
	if sc.MaxLength != nil && int(*sc.MaxLength) < n {
		n = int(*sc.MaxLength)
	}
	return strings.Repeat("x", n)
}
