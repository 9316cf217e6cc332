package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"closedset/internal/domain"
)

// prodUnknownID is a well-formed id no production has.
const prodUnknownID = "01937a4e-0000-7000-8000-000000000000"

// prodList lists the productions of a.
func prodList(t *testing.T, s *testServer, a account) []map[string]any {
	t.Helper()
	res := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token})
	if res.Status != http.StatusOK {
		t.Fatalf("list productions: %d %s", res.Status, res.Body)
	}
	return res.List(t)
}

// prodRoles maps production id to the caller's role in each listed production.
func prodRoles(t *testing.T, s *testServer, a account) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, p := range prodList(t, s, a) {
		out[fmt.Sprint(p["id"])] = p["role"]
	}
	return out
}

// prodInvite posts an invite as a.
func prodInvite(s *testServer, a account, production, email, role string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/invites", Token: a.Token,
		Body: map[string]any{"email": email, "role": role}})
}

// prodInviteToken creates an invite as a and returns its token.
func prodInviteToken(t *testing.T, s *testServer, a account, production, email, role string) string {
	t.Helper()
	res := prodInvite(s, a, production, email, role)
	if res.Status != http.StatusCreated {
		t.Fatalf("invite %s as %s: %d %s", email, role, res.Status, res.Body)
	}
	return res.JSON(t)["token"].(string)
}

// prodAccept accepts an invite as a.
func prodAccept(s *testServer, a account, token string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/invites/" + token + "/accept", Token: a.Token})
}

// prodWithoutRequestID returns the body with the request id removed.
func prodWithoutRequestID(res response) []byte {
	if id := res.Header.Get("X-Request-Id"); id != "" {
		return bytes.ReplaceAll(res.Body, []byte(id), nil)
	}
	return res.Body
}

func TestCreateProduction(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Pat Producer")
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
			Body: map[string]any{"title": "  Night Garden ", "kind": "series", "timezone": "America/New_York"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("status %d: %s", res.Status, res.Body)
		}
		p := res.JSON(t)
		id, _ := p["id"].(string)
		if id == "" || p["title"] != "Night Garden" || p["kind"] != "series" || p["timezone"] != "America/New_York" {
			t.Fatalf("production %s", res.Body)
		}
		if p["role"] != "producer" {
			t.Fatalf("role %v, want producer", p["role"])
		}
		if p["noticeHours"] != float64(48) {
			t.Fatalf("noticeHours %v, want default 48", p["noticeHours"])
		}
		if p["createdAt"] != "2026-11-22T09:00:00Z" {
			t.Fatalf("createdAt %v, want the injected clock 2026-11-22T09:00:00Z", p["createdAt"])
		}
		if got := prodRoles(t, s, a); len(got) != 1 || got[id] != "producer" {
			t.Fatalf("listed productions %v", got)
		}
		res = s.Do(request{Method: "GET", Path: "/api/v1/productions/" + id + "/members", Token: a.Token})
		if ms := res.List(t); len(ms) != 1 || ms[0]["userId"] != a.ID || ms[0]["role"] != "producer" {
			t.Fatalf("members %s", res.Body)
		}
	})

	t.Run("OKExplicitNoticeHours", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Pat Producer")
		for _, hours := range []int{0, 720} {
			res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
				Body: map[string]any{"title": "Short Notice", "kind": "commercial", "timezone": "UTC", "noticeHours": hours}})
			if res.Status != http.StatusCreated {
				t.Fatalf("noticeHours %d: %d %s", hours, res.Status, res.Body)
			}
			if got := res.JSON(t)["noticeHours"]; got != float64(hours) {
				t.Fatalf("noticeHours %v, want %d", got, hours)
			}
		}
	})

	t.Run("ErrValidation", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		a := s.signUp("Pat Producer")
		valid := func() map[string]any {
			return map[string]any{"title": "Night Garden", "kind": "film", "timezone": "Europe/London"}
		}
		cases := []struct {
			name, key string
			value     any
			field     string
		}{
			{"UnknownTimezone", "timezone", "Mars/Olympus_Mons", "timezone"},
			{"LocalTimezone", "timezone", "Local", "timezone"},
			{"NoticeHoursTooMany", "noticeHours", 721, "noticeHours"},
			{"NoticeHoursNegative", "noticeHours", -1, "noticeHours"},
			{"UnknownKind", "kind", "opera", "kind"},
			{"EmptyTitle", "title", "", "title"},
			{"BlankTitle", "title", "   ", "title"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				body := valid()
				body[tc.key] = tc.value
				res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: body})
				p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
				authHasField(t, p, tc.field)
			})
		}
		if got := prodList(t, s, a); len(got) != 0 {
			t.Fatalf("invalid requests created productions: %v", got)
		}
	})

	t.Run("ErrNoToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions",
			Body: map[string]any{"title": "Night Garden", "kind": "film", "timezone": "Europe/London"}})
		assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
	})
}

func TestListProductions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ana, ben, cat := s.signUp("Ana Actor"), s.signUp("Ben Boom"), s.signUp("Cat Camera")
	anas := s.createProduction(ana, "Autumn Light")
	bens := s.createProduction(ben, "Blue Hour")
	s.createProduction(ben, "Cold Open") // Ana is not a member
	s.join(ben, bens, ana, "coordinator")

	t.Run("OK", func(t *testing.T) {
		got := prodRoles(t, s, ana)
		if len(got) != 2 || got[anas] != "producer" || got[bens] != "coordinator" {
			t.Fatalf("Ana's productions %v", got)
		}
		for _, p := range prodList(t, s, ana) {
			for _, k := range []string{"id", "title", "kind", "timezone", "noticeHours", "role", "createdAt"} {
				if _, ok := p[k]; !ok {
					t.Fatalf("production without %s: %v", k, p)
				}
			}
		}
		if got := prodRoles(t, s, ben); len(got) != 2 || got[bens] != "producer" || got[anas] != nil {
			t.Fatalf("Ben's productions %v", got)
		}
	})

	t.Run("OKEmpty", func(t *testing.T) {
		res := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: cat.Token})
		if res.Status != http.StatusOK || strings.TrimSpace(string(res.Body)) != "[]" {
			t.Fatalf("no productions: %d %s (want [])", res.Status, res.Body)
		}
	})
}

func TestGetProduction(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := s.newCrew()

	t.Run("OK", func(t *testing.T) {
		for _, tc := range []struct {
			who  account
			role string
		}{{c.Producer, "producer"}, {c.Coordinator, "coordinator"}, {c.Performer, "performer"}} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + c.Production, Token: tc.who.Token})
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.role, res.Status, res.Body)
			}
			p := res.JSON(t)
			if p["id"] != c.Production || p["title"] != "Night Garden" || p["role"] != tc.role {
				t.Fatalf("%s sees %s", tc.role, res.Body)
			}
		}
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		outsider := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + c.Production, Token: c.Outsider.Token})
		unknown := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + prodUnknownID, Token: c.Outsider.Token})
		assertProblem(t, outsider, http.StatusNotFound, "not_found")
		assertProblem(t, unknown, http.StatusNotFound, "not_found")
		if o, u := prodWithoutRequestID(outsider), prodWithoutRequestID(unknown); !bytes.Equal(o, u) {
			t.Fatalf("a non-member can tell an existing production from an unknown id:\n%s\n%s", o, u)
		}
		if strings.Contains(string(outsider.Body), "Night Garden") {
			t.Fatalf("404 reveals the title: %s", outsider.Body)
		}
	})

	t.Run("ErrNoToken", func(t *testing.T) {
		res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + c.Production})
		assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
	})
}

func TestListMembers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := s.newCrew()

	t.Run("OK", func(t *testing.T) {
		for _, who := range []account{c.Producer, c.Coordinator, c.Performer} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + c.Production + "/members", Token: who.Token})
			if res.Status != http.StatusOK {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
			got := map[any][2]any{}
			for _, m := range res.List(t) {
				got[m["userId"]] = [2]any{m["displayName"], m["role"]}
				if _, ok := m["email"]; ok {
					t.Fatalf("member list exposes e-mail addresses: %s", res.Body)
				}
			}
			want := map[any][2]any{
				c.Producer.ID:    {"Pat Producer", "producer"},
				c.Coordinator.ID: {"Cory Coordinator", "coordinator"},
				c.Performer.ID:   {"Perri Performer", "performer"},
			}
			if len(got) != 3 || got[c.Producer.ID] != want[c.Producer.ID] ||
				got[c.Coordinator.ID] != want[c.Coordinator.ID] || got[c.Performer.ID] != want[c.Performer.ID] {
				t.Fatalf("members %v, want %v", got, want)
			}
		}
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		outsider := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + c.Production + "/members", Token: c.Outsider.Token})
		unknown := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + prodUnknownID + "/members", Token: c.Outsider.Token})
		assertProblem(t, outsider, http.StatusNotFound, "not_found")
		assertProblem(t, unknown, http.StatusNotFound, "not_found")
		if o, u := prodWithoutRequestID(outsider), prodWithoutRequestID(unknown); !bytes.Equal(o, u) {
			t.Fatalf("outsider and unknown id answer differently:\n%s\n%s", o, u)
		}
	})
}

func TestInvites(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := s.newCrew()

	t.Run("OK", func(t *testing.T) {
		for i, role := range []string{"producer", "coordinator", "performer"} {
			res := prodInvite(s, c.Producer, c.Production, fmt.Sprintf("  New.Person%d@Example.TEST ", i), role)
			if res.Status != http.StatusCreated {
				t.Fatalf("invite %s: %d %s", role, res.Status, res.Body)
			}
			inv := res.JSON(t)
			tok, _ := inv["token"].(string)
			if tok == "" || inv["id"] == "" || inv["id"] == nil || inv["role"] != role {
				t.Fatalf("invite %s", res.Body)
			}
			if want := fmt.Sprintf("new.person%d@example.test", i); inv["email"] != want {
				t.Fatalf("email %v, want normalised %s", inv["email"], want)
			}
			if inv["url"] != testPublicURL+"/invite/"+tok {
				t.Fatalf("url %v, want %s/invite/%s", inv["url"], testPublicURL, tok)
			}
			exp, err := time.Parse(time.RFC3339, fmt.Sprint(inv["expiresAt"]))
			if want := s.Clock.Now().Add(7 * 24 * time.Hour); err != nil || !exp.Equal(want) {
				t.Fatalf("expiresAt %v, want %v", inv["expiresAt"], want)
			}
		}
	})

	t.Run("OKCoordinatorInvitesPerformer", func(t *testing.T) {
		res := prodInvite(s, c.Coordinator, c.Production, "new.performer@example.test", "performer")
		if res.Status != http.StatusCreated {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			as   account
			role string
		}{
			{"CoordinatorInvitesCoordinator", c.Coordinator, "coordinator"},
			{"CoordinatorInvitesProducer", c.Coordinator, "producer"},
			{"PerformerInvitesPerformer", c.Performer, "performer"},
			{"PerformerInvitesProducer", c.Performer, "producer"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := prodInvite(s, tc.as, c.Production, "someone@example.test", tc.role)
				assertProblem(t, res, http.StatusForbidden, "forbidden")
			})
		}
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		outsider := prodInvite(s, c.Outsider, c.Production, "someone@example.test", "performer")
		unknown := prodInvite(s, c.Outsider, prodUnknownID, "someone@example.test", "performer")
		assertProblem(t, outsider, http.StatusNotFound, "not_found")
		assertProblem(t, unknown, http.StatusNotFound, "not_found")
		if o, u := prodWithoutRequestID(outsider), prodWithoutRequestID(unknown); !bytes.Equal(o, u) {
			t.Fatalf("outsider and unknown id answer differently:\n%s\n%s", o, u)
		}
	})

	t.Run("ErrValidation", func(t *testing.T) {
		for _, tc := range []struct{ name, email, role, field string }{
			{"InvalidRole", "someone@example.test", "director", "role"},
			{"InvalidEmail", "not-an-email", "performer", "email"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := prodInvite(s, c.Producer, c.Production, tc.email, tc.role)
				p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
				authHasField(t, p, tc.field)
			})
		}
	})
}

func TestAcceptInvite(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		p := s.createProduction(pat, "Night Garden")
		tok := prodInviteToken(t, s, pat, p, strings.ToUpper(ana.Email), "coordinator")
		res := prodAccept(s, ana, tok)
		if res.Status != http.StatusOK {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		if m := res.JSON(t); m["productionId"] != p || m["role"] != "coordinator" {
			t.Fatalf("accept answered %s", res.Body)
		}
		if got := prodRoles(t, s, ana); len(got) != 1 || got[p] != "coordinator" {
			t.Fatalf("Ana's productions %v", got)
		}
		res = s.Do(request{Method: "GET", Path: "/api/v1/productions/" + p, Token: ana.Token})
		if res.Status != http.StatusOK || res.JSON(t)["role"] != "coordinator" {
			t.Fatalf("get production: %d %s", res.Status, res.Body)
		}
	})

	t.Run("ErrSingleUse", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		p := s.createProduction(pat, "Night Garden")
		tok := prodInviteToken(t, s, pat, p, ana.Email, "performer")
		if res := prodAccept(s, ana, tok); res.Status != http.StatusOK {
			t.Fatalf("first accept: %d %s", res.Status, res.Body)
		}
		assertProblem(t, prodAccept(s, ana, tok), http.StatusNotFound, "not_found")
	})

	t.Run("ErrUnknownToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		ana := s.signUp("Ana Actor")
		assertProblem(t, prodAccept(s, ana, "bm90LWEtcmVhbC1pbnZpdGUtdG9rZW4tYXQtYWxsLXJlYWxseQ"), http.StatusNotFound, "not_found")
	})

	t.Run("ErrExpired", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		p := s.createProduction(pat, "Night Garden")
		tok := prodInviteToken(t, s, pat, p, ana.Email, "performer")
		s.Clock.Advance(7*24*time.Hour + time.Second)
		res := authLogin(s, ana.Email, authPassword) // the sign-up token has expired
		if res.Status != http.StatusOK {
			t.Fatalf("login: %d %s", res.Status, res.Body)
		}
		ana.Token = res.JSON(t)["accessToken"].(string)
		assertProblem(t, prodAccept(s, ana, tok), http.StatusGone, "invite_expired")
		if got := prodRoles(t, s, ana); len(got) != 0 {
			t.Fatalf("expired invite made a membership: %v", got)
		}
	})

	t.Run("ErrEmailMismatch", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana, eve := s.signUp("Pat Producer"), s.signUp("Ana Actor"), s.signUp("Eve Else")
		p := s.createProduction(pat, "Night Garden")
		tok := prodInviteToken(t, s, pat, p, ana.Email, "performer")
		assertProblem(t, prodAccept(s, eve, tok), http.StatusForbidden, "invite_email_mismatch")
		if got := prodRoles(t, s, eve); len(got) != 0 {
			t.Fatalf("wrong account became a member: %v", got)
		}
		res := prodAccept(s, ana, tok)
		if res.Status != http.StatusOK {
			t.Fatalf("right person after a mismatch: %d %s", res.Status, res.Body)
		}
		if got := prodRoles(t, s, ana); got[p] != "performer" {
			t.Fatalf("Ana's productions %v", got)
		}
	})

	t.Run("ErrAlreadyMember", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		p := s.createProduction(pat, "Night Garden")
		s.join(pat, p, ana, "performer")
		tok := prodInviteToken(t, s, pat, p, ana.Email, "coordinator")
		assertProblem(t, prodAccept(s, ana, tok), http.StatusConflict, "already_member")
		if got := prodRoles(t, s, ana); got[p] != "performer" {
			t.Fatalf("role changed by a refused invite: %v", got)
		}
		// The invite was not used up: a second try gives the same conflict, not 404.
		assertProblem(t, prodAccept(s, ana, tok), http.StatusConflict, "already_member")
	})

	t.Run("ErrNoToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat := s.signUp("Pat Producer")
		p := s.createProduction(pat, "Night Garden")
		tok := prodInviteToken(t, s, pat, p, "ana@example.test", "performer")
		res := s.Do(request{Method: "POST", Path: "/api/v1/invites/" + tok + "/accept"})
		assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
	})
}

func TestAuditOnMembership(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
	p := s.createProduction(pat, "Night Garden")
	s.Clock.Advance(time.Minute)
	tok := prodInviteToken(t, s, pat, p, ana.Email, "performer")
	s.Clock.Advance(time.Minute)
	if res := prodAccept(s, ana, tok); res.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}

	events, err := s.Store.ListAudit(context.Background(), p, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		action, actor string
	}{{"production.created", pat.ID}, {"invite.created", pat.ID}, {"member.joined", ana.ID}}
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(events), len(want), events)
	}
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	prev := ""
	for i, e := range events {
		if e.Seq != int64(i+1) || e.Action != want[i].action || e.ActorID != want[i].actor || e.ProductionID != p {
			t.Fatalf("event %d: seq %d action %q actor %q production %q, want seq %d %q by %s",
				i, e.Seq, e.Action, e.ActorID, e.ProductionID, i+1, want[i].action, want[i].actor)
		}
		if at := start.Add(time.Duration(i) * time.Minute); !e.At.Equal(at) {
			t.Fatalf("event %d at %v, want the injected clock %v", e.Seq, e.At, at)
		}
		if e.PrevHash != prev {
			t.Fatalf("event %d prevHash %q, want previous hash %q", e.Seq, e.PrevHash, prev)
		}
		if h := domain.AuditHash(e.PrevHash, e); e.Hash != h || len(h) != 64 {
			t.Fatalf("event %d hash %q, recomputed %q", e.Seq, e.Hash, h)
		}
		b, err := json.Marshal(e.Data)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{ana.Email, pat.Email, "@", tok, ana.Token, pat.Token} {
			if strings.Contains(string(b), secret) {
				t.Fatalf("event %d (%s) data holds %q: %s", e.Seq, e.Action, secret, b)
			}
		}
		prev = e.Hash
	}
	if e := events[2]; e.SubjectType != "user" || e.SubjectID != ana.ID || e.Data["role"] != "performer" {
		t.Fatalf("member.joined event %+v", e)
	}
	if e := events[1]; e.SubjectType != "invite" || e.Data["role"] != "performer" {
		t.Fatalf("invite.created event %+v", e)
	}
}
