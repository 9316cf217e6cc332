package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestRule14APersonOwnsTheirRecord: a performer downloads everything held
// about them as one JSON attachment — consents with the versions decided on,
// riders, boundaries, check-in answers, debriefs, notifications — and each
// recorded decision carries the audit seq and hash that prove it.
func TestRule14APersonOwnsTheirRecord(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	for _, p := range []account{A, B} {
		w.putRider(w.Scene, p, riderBody("partial", []string{"back"}, []string{"partial_nudity"}))
	}
	must(t, w.sign(A, w.Scene, 1, "Ada Actor"), http.StatusOK)
	w.published(w.Scene, "v1", w.kissStep(A, B))
	must(t, w.decide(A, w.Scene, 1, "confirmed", "Fine."), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", "Bens private reason."), http.StatusOK)
	must(t, w.withdraw(A, w.Scene, map[string]any{"note": "Changed my mind."}), http.StatusOK)
	must(t, w.boundary(A, map[string]any{"kind": "no_contact", "areas": []string{"thighs"}}), http.StatusCreated)
	checkin := w.requested("Before take 2", 0)["id"].(string)
	must(t, w.answer(A, checkin, "ok", "All good."), http.StatusOK)
	w.scheduled(debriefAt, "Green room")

	res := must(t, w.do(A, "GET", "/api/v1/me/export", nil), http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename=closed-set-record-[0-9-]+\.json$`).MatchString(cd) {
		t.Fatalf("Content-Disposition %q", cd)
	}
	noLeak(t, "A's record", res.Body, "Bens private reason.")
	var rec struct {
		Account          map[string]any   `json:"account"`
		Memberships      []map[string]any `json:"memberships"`
		ConsentDecisions []map[string]any `json:"consentDecisions"`
		Riders           []map[string]any `json:"riders"`
		Boundaries       []map[string]any `json:"boundaries"`
		CheckinAnswers   []map[string]any `json:"checkinAnswers"`
		Debriefs         []map[string]any `json:"debriefs"`
		Notifications    []map[string]any `json:"notifications"`
	}
	if err := json.Unmarshal(res.Body, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Account["id"] != A.ID || rec.Account["email"] != A.Email || len(rec.Memberships) != 1 {
		t.Fatalf("account %v memberships %v", rec.Account, rec.Memberships)
	}
	if len(rec.Boundaries) != 1 || len(rec.Debriefs) != 1 || len(rec.Notifications) == 0 {
		t.Fatalf("boundaries %v debriefs %v notifications %d", rec.Boundaries, rec.Debriefs, len(rec.Notifications))
	}
	if len(rec.ConsentDecisions) != 2 || rec.ConsentDecisions[0]["state"] != "confirmed" || rec.ConsentDecisions[1]["state"] != "withdrawn" ||
		rec.ConsentDecisions[0]["version"] != float64(1) || rec.ConsentDecisions[1]["note"] != "Changed my mind." {
		t.Fatalf("consent decisions %v", rec.ConsentDecisions)
	}
	if len(rec.Riders) != 1 || rec.Riders[0]["signedName"] != "Ada Actor" || rec.Riders[0]["version"] != float64(1) {
		t.Fatalf("riders %v", rec.Riders)
	}
	if len(rec.CheckinAnswers) != 1 || rec.CheckinAnswers[0]["answer"] != "ok" || rec.CheckinAnswers[0]["reason"] != "Before take 2" ||
		rec.CheckinAnswers[0]["note"] != "All good." {
		t.Fatalf("check-in answers %v", rec.CheckinAnswers)
	}

	// Every recorded decision's proof is the audit event that recorded it.
	events, _ := w.auditEvents(w.Coordinator)
	bySeq := map[float64]map[string]any{}
	for _, e := range events {
		bySeq[e["seq"].(float64)] = e
	}
	proved := []map[string]any{rec.ConsentDecisions[0], rec.ConsentDecisions[1], rec.Riders[0], rec.CheckinAnswers[0]}
	wantAction := []string{"consent.confirmed", "consent.withdrawn", "rider.signed", "checkin.answered"}
	for i, d := range proved {
		p, ok := d["proof"].(map[string]any)
		if !ok {
			t.Fatalf("no proof for %v", d)
		}
		e := bySeq[p["seq"].(float64)]
		if e == nil || e["hash"] != p["hash"] || e["action"] != wantAction[i] || p["action"] != wantAction[i] ||
			e["actorId"] != A.ID || p["productionId"] != w.Production {
			t.Fatalf("proof %v does not match the audit event %v", p, e)
		}
	}
}

// TestRule13DeleteAccount: a person deletes their account with their
// password: name and e-mail are erased (the address is free again), their
// sessions end, their ids and decisions stay and the audit chain still
// verifies; a production with no other member goes with them, and the only
// producer of a production with others cannot leave it like this.
func TestRule13DeleteAccount(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A := w.PerformerA
	w.published(w.Scene, "v1", w.kissStep(A, w.PerformerB))
	must(t, w.decide(A, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.boundary(A, map[string]any{"kind": "note", "note": "Ask first."}), http.StatusCreated)
	solo := s.createProduction(A, "Ada's own short")
	// A stored reply of A's, to be erased.
	must(t, s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + w.Scene + "/consent", Token: A.Token,
		Body: map[string]any{"version": 1, "decision": "confirmed"}, Header: map[string]string{"Idempotency-Key": "a-1"}}), http.StatusOK)
	del := func(as account, password string) response { // sent as the app sends mutations: with a key
		return s.Do(request{Method: "DELETE", Path: "/api/v1/me", Token: as.Token, Body: map[string]any{"password": password},
			Header: map[string]string{"Idempotency-Key": "delete-" + password + "-" + as.ID}})
	}

	assertProblem(t, del(A, "not my password"), http.StatusForbidden, "wrong_password")
	assertProblem(t, del(w.Producer, "correct horse battery"), http.StatusConflict, "last_producer")
	res := must(t, del(A, "correct horse battery"), http.StatusNoContent)
	if c, ok := res.Cookie(authCookieName); !ok || c.MaxAge >= 0 && c.Value != "" {
		t.Fatalf("refresh cookie not cleared: %v", c)
	}

	// Sessions end: the access token issued before and the refresh cookie.
	assertProblem(t, w.do(A, "GET", "/api/v1/me", nil), http.StatusUnauthorized, "invalid_token")
	assertProblem(t, s.Do(request{Method: "POST", Path: "/api/v1/auth/refresh",
		Header: map[string]string{"Cookie": authCookieName + "=" + A.Refresh}}), http.StatusUnauthorized, "invalid_refresh_token")
	assertProblem(t, postLogin(s, A.Email, "correct horse battery"), http.StatusUnauthorized, "invalid_credentials")
	// The e-mail is free again.
	must(t, s.Do(request{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]any{"email": A.Email,
		"password": "another good password", "displayName": "Ada Again"}}), http.StatusCreated)

	// Off the cast and the members; the decision and the chain stay.
	if ids := w.castIDs(w.Scene); len(ids) != 1 {
		t.Fatalf("cast %v", ids)
	}
	if _, ok := w.members(w.Producer)[A.ID]; ok {
		t.Fatal("still a member")
	}
	events, raw := w.auditEvents(w.Coordinator)
	noLeak(t, "audit after erasure", []byte(raw), A.Email)
	kept := false
	for _, e := range events {
		d, _ := e["data"].(map[string]any)
		kept = kept || e["action"] == "consent.confirmed" && d["userId"] == A.ID
	}
	if !kept {
		t.Fatal("the decision left the audit chain")
	}
	v := must(t, w.do(w.Producer, "GET", "/api/v1/productions/"+w.Production+"/audit/verify", nil), http.StatusOK).JSON(t)
	if v["valid"] != true {
		t.Fatalf("verify after erasure: %v", v)
	}
	// Their own production (no other member) is gone.
	if _, err := s.Store.FindProductionTitle(context.Background(), solo); err == nil {
		t.Fatal("the production with no other member survived")
	}
	// Stored replies are erased.
	if replies, err := s.Store.CountStoredReplies(context.Background(), A.ID, http.StatusNoContent); err != nil || replies != 0 {
		t.Fatalf("stored replies after erasure: %d %v", replies, err)
	}
	// What is kept names no one: the user row holds the placeholder.
	u, err := s.Store.FindUser(context.Background(), A.ID)
	if err != nil || u.DisplayName != "Former member" || strings.Contains(u.Email, "@") || u.Pronouns != "" {
		t.Fatalf("erased account %+v %v", u, err)
	}
}
