package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"closedset/internal/domain"
)

// myProductions lists the productions of a.
func myProductions(t *testing.T, s *testServer, a account) []map[string]any {
	t.Helper()
	res := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token})
	if res.Status != http.StatusOK {
		t.Fatalf("list productions: %d %s", res.Status, res.Body)
	}
	return res.List(t)
}

// myRoles maps production id to the caller's role in each listed production.
func myRoles(t *testing.T, s *testServer, a account) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, p := range myProductions(t, s, a) {
		out[fmt.Sprint(p["id"])] = p["role"]
	}
	return out
}

// postInvite posts an invite as a.
func postInvite(s *testServer, a account, production, email, role string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/productions/" + production + "/invites", Token: a.Token,
		Body: map[string]any{"email": email, "role": role}})
}

// inviteToken creates an invite as a and returns its token.
func inviteToken(t *testing.T, s *testServer, a account, production, email, role string) string {
	t.Helper()
	res := postInvite(s, a, production, email, role)
	if res.Status != http.StatusCreated {
		t.Fatalf("invite %s as %s: %d %s", email, role, res.Status, res.Body)
	}
	return res.JSON(t)["token"].(string)
}

// acceptInvite accepts an invite as a.
func acceptInvite(s *testServer, a account, token string) response {
	s.t.Helper()
	return s.Do(request{Method: "POST", Path: "/api/v1/invites/" + token + "/accept", Token: a.Token})
}

// withoutRequestID returns the body with the request id removed.
func withoutRequestID(res response) []byte {
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
		if got := myRoles(t, s, a); len(got) != 1 || got[id] != "producer" {
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
				hasField(t, p, tc.field)
			})
		}
		if got := myProductions(t, s, a); len(got) != 0 {
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
		got := myRoles(t, s, ana)
		if len(got) != 2 || got[anas] != "producer" || got[bens] != "coordinator" {
			t.Fatalf("Ana's productions %v", got)
		}
		for _, p := range myProductions(t, s, ana) {
			for _, k := range []string{"id", "title", "kind", "timezone", "noticeHours", "role", "createdAt"} {
				if _, ok := p[k]; !ok {
					t.Fatalf("production without %s: %v", k, p)
				}
			}
		}
		if got := myRoles(t, s, ben); len(got) != 2 || got[bens] != "producer" || got[anas] != nil {
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
	w := newWorld(t, s)

	t.Run("OK", func(t *testing.T) {
		for _, tc := range []struct {
			who  account
			role string
		}{{w.Producer, "producer"}, {w.Coordinator, "coordinator"}, {w.PerformerA, "performer"}} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production, Token: tc.who.Token})
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.role, res.Status, res.Body)
			}
			p := res.JSON(t)
			if p["id"] != w.Production || p["title"] != "Night Garden" || p["role"] != tc.role {
				t.Fatalf("%s sees %s", tc.role, res.Body)
			}
		}
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		outsider := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production, Token: w.Outsider.Token})
		unknown := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + unknownID, Token: w.Outsider.Token})
		assertProblem(t, outsider, http.StatusNotFound, "not_found")
		assertProblem(t, unknown, http.StatusNotFound, "not_found")
		if o, u := withoutRequestID(outsider), withoutRequestID(unknown); !bytes.Equal(o, u) {
			t.Fatalf("a non-member can tell an existing production from an unknown id:\n%s\n%s", o, u)
		}
		if strings.Contains(string(outsider.Body), "Night Garden") {
			t.Fatalf("404 reveals the title: %s", outsider.Body)
		}
	})

	t.Run("ErrNoToken", func(t *testing.T) {
		res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production})
		assertProblem(t, res, http.StatusUnauthorized, "unauthorized")
	})
}

func TestListMembers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)

	t.Run("OK", func(t *testing.T) {
		for _, who := range []account{w.Producer, w.Coordinator, w.PerformerA} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/members", Token: who.Token})
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
				w.Producer.ID:    {"Pat Producer", "producer"},
				w.Coordinator.ID: {"Cory Coordinator", "coordinator"},
				w.PerformerA.ID:  {"Ada Actor", "performer"},
				w.PerformerB.ID:  {"Ben Actor", "performer"},
				w.PerformerC.ID:  {"Cleo Uncast", "performer"},
			}
			if !maps.Equal(got, want) {
				t.Fatalf("members %v, want %v", got, want)
			}
		}
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		outsider := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + w.Production + "/members", Token: w.Outsider.Token})
		unknown := s.Do(request{Method: "GET", Path: "/api/v1/productions/" + unknownID + "/members", Token: w.Outsider.Token})
		assertProblem(t, outsider, http.StatusNotFound, "not_found")
		assertProblem(t, unknown, http.StatusNotFound, "not_found")
		if o, u := withoutRequestID(outsider), withoutRequestID(unknown); !bytes.Equal(o, u) {
			t.Fatalf("outsider and unknown id answer differently:\n%s\n%s", o, u)
		}
	})
}

func TestInvites(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)

	t.Run("OK", func(t *testing.T) {
		for i, role := range []string{"producer", "coordinator", "performer"} {
			res := postInvite(s, w.Producer, w.Production, fmt.Sprintf("  New.Person%d@Example.TEST ", i), role)
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
		res := postInvite(s, w.Coordinator, w.Production, "new.performer@example.test", "performer")
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
			{"CoordinatorInvitesCoordinator", w.Coordinator, "coordinator"},
			{"CoordinatorInvitesProducer", w.Coordinator, "producer"},
			{"PerformerInvitesPerformer", w.PerformerA, "performer"},
			{"PerformerInvitesProducer", w.PerformerA, "producer"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := postInvite(s, tc.as, w.Production, "someone@example.test", tc.role)
				assertProblem(t, res, http.StatusForbidden, "forbidden")
			})
		}
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		outsider := postInvite(s, w.Outsider, w.Production, "someone@example.test", "performer")
		unknown := postInvite(s, w.Outsider, unknownID, "someone@example.test", "performer")
		assertProblem(t, outsider, http.StatusNotFound, "not_found")
		assertProblem(t, unknown, http.StatusNotFound, "not_found")
		if o, u := withoutRequestID(outsider), withoutRequestID(unknown); !bytes.Equal(o, u) {
			t.Fatalf("outsider and unknown id answer differently:\n%s\n%s", o, u)
		}
	})

	t.Run("ErrValidation", func(t *testing.T) {
		for _, tc := range []struct{ name, email, role, field string }{
			{"InvalidRole", "someone@example.test", "director", "role"},
			{"InvalidEmail", "not-an-email", "performer", "email"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := postInvite(s, w.Producer, w.Production, tc.email, tc.role)
				p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
				hasField(t, p, tc.field)
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
		tok := inviteToken(t, s, pat, p, strings.ToUpper(ana.Email), "coordinator")
		res := acceptInvite(s, ana, tok)
		if res.Status != http.StatusOK {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		if m := res.JSON(t); m["productionId"] != p || m["role"] != "coordinator" {
			t.Fatalf("accept answered %s", res.Body)
		}
		if got := myRoles(t, s, ana); len(got) != 1 || got[p] != "coordinator" {
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
		tok := inviteToken(t, s, pat, p, ana.Email, "performer")
		if res := acceptInvite(s, ana, tok); res.Status != http.StatusOK {
			t.Fatalf("first accept: %d %s", res.Status, res.Body)
		}
		assertProblem(t, acceptInvite(s, ana, tok), http.StatusNotFound, "not_found")
	})

	t.Run("ErrUnknownToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		ana := s.signUp("Ana Actor")
		assertProblem(t, acceptInvite(s, ana, "bm90LWEtcmVhbC1pbnZpdGUtdG9rZW4tYXQtYWxsLXJlYWxseQ"), http.StatusNotFound, "not_found")
	})

	t.Run("ErrExpired", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		p := s.createProduction(pat, "Night Garden")
		tok := inviteToken(t, s, pat, p, ana.Email, "performer")
		s.Clock.Advance(7*24*time.Hour + time.Second)
		res := postLogin(s, ana.Email, authPassword) // the sign-up token has expired
		if res.Status != http.StatusOK {
			t.Fatalf("login: %d %s", res.Status, res.Body)
		}
		ana.Token = res.JSON(t)["accessToken"].(string)
		assertProblem(t, acceptInvite(s, ana, tok), http.StatusGone, "invite_expired")
		if got := myRoles(t, s, ana); len(got) != 0 {
			t.Fatalf("expired invite made a membership: %v", got)
		}
	})

	t.Run("ErrEmailMismatch", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana, eve := s.signUp("Pat Producer"), s.signUp("Ana Actor"), s.signUp("Eve Else")
		p := s.createProduction(pat, "Night Garden")
		tok := inviteToken(t, s, pat, p, ana.Email, "performer")
		assertProblem(t, acceptInvite(s, eve, tok), http.StatusForbidden, "invite_email_mismatch")
		if got := myRoles(t, s, eve); len(got) != 0 {
			t.Fatalf("wrong account became a member: %v", got)
		}
		res := acceptInvite(s, ana, tok)
		if res.Status != http.StatusOK {
			t.Fatalf("right person after a mismatch: %d %s", res.Status, res.Body)
		}
		if got := myRoles(t, s, ana); got[p] != "performer" {
			t.Fatalf("Ana's productions %v", got)
		}
	})

	t.Run("ErrAlreadyMember", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat, ana := s.signUp("Pat Producer"), s.signUp("Ana Actor")
		p := s.createProduction(pat, "Night Garden")
		s.join(pat, p, ana, "performer")
		tok := inviteToken(t, s, pat, p, ana.Email, "coordinator")
		assertProblem(t, acceptInvite(s, ana, tok), http.StatusConflict, "already_member")
		if got := myRoles(t, s, ana); got[p] != "performer" {
			t.Fatalf("role changed by a refused invite: %v", got)
		}
		// The invite was not used up: a second try gives the same conflict, not 404.
		assertProblem(t, acceptInvite(s, ana, tok), http.StatusConflict, "already_member")
	})

	t.Run("ErrNoToken", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		pat := s.signUp("Pat Producer")
		p := s.createProduction(pat, "Night Garden")
		tok := inviteToken(t, s, pat, p, "ana@example.test", "performer")
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
	tok := inviteToken(t, s, pat, p, ana.Email, "performer")
	s.Clock.Advance(time.Minute)
	if res := acceptInvite(s, ana, tok); res.Status != http.StatusOK {
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
		if e.Seq != int64(i+1) || string(e.Action) != want[i].action || e.ActorID != want[i].actor || e.ProductionID != p {
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
