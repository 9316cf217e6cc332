package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/config"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

func TestIdempotencyKey(t *testing.T) {
	s := newTestServer(t)
	a := s.signUp("Ida Empotent")
	create := func(key, title string) response {
		return s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
			Header: map[string]string{"Idempotency-Key": key},
			Body:   map[string]any{"title": title, "kind": "stage", "timezone": "Europe/Paris"}})
	}
	count := func() int {
		return len(s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token}).List(t))
	}

	t.Run("OK", func(t *testing.T) {
		first := create("k-1", "Retry Me")
		if first.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", first.Status, first.Body)
		}
		again := create("k-1", "Retry Me")
		if again.Status != http.StatusCreated || string(again.Body) != string(first.Body) ||
			again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %s %v", again.Status, again.Body, again.Header)
		}
		if n := count(); n != 1 {
			t.Fatalf("%d productions after a replayed create, want 1", n)
		}
	})
	t.Run("OtherUserSameKey", func(t *testing.T) {
		b := s.signUp("Bea Other")
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: b.Token,
			Header: map[string]string{"Idempotency-Key": "k-1"},
			Body:   map[string]any{"title": "Mine", "kind": "film", "timezone": "UTC"}})
		if res.Status != http.StatusCreated || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("another user's key replayed: %d %s", res.Status, res.Body)
		}
	})
	t.Run("ErrKeyReused", func(t *testing.T) {
		p := create("k-2", "Second").JSON(t)["id"].(string)
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + p + "/invites", Token: a.Token,
			Header: map[string]string{"Idempotency-Key": "k-2"},
			Body:   map[string]any{"email": "x@example.test", "role": "performer"}})
		assertProblem(t, res, http.StatusUnprocessableEntity, "idempotency_key_reused")
	})
	t.Run("ProblemsAreReplayedToo", func(t *testing.T) {
		bad := create("k-3", "   ")
		assertProblem(t, bad, http.StatusUnprocessableEntity, "validation_failed")
		again := create("k-3", "   ")
		if again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(bad.Body) {
			t.Fatalf("problem not replayed: %s", again.Body)
		}
	})
	t.Run("ExpiresAfter24h", func(t *testing.T) {
		before := count()
		s.Clock.Advance(24*time.Hour + time.Second)
		a.Token = s.Do(request{Method: "POST", Path: "/api/v1/auth/login",
			Body: map[string]any{"email": a.Email, "password": "correct horse battery"}}).JSON(t)["accessToken"].(string)
		res := create("k-1", "Retry Me")
		if res.Status != http.StatusCreated || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("expired key replayed: %d", res.Status)
		}
		if count() != before+1 {
			t.Fatal("expired key did not create")
		}
	})
	t.Run("ErrKeyTooLong", func(t *testing.T) {
		long := make([]byte, 256)
		for i := range long {
			long[i] = 'k'
		}
		p := assertProblem(t, create(string(long), "Too long"), http.StatusBadRequest, "invalid_parameter")
		if errs := p["errors"].([]any); errs[0].(map[string]any)["field"] != "Idempotency-Key" {
			t.Fatalf("field errors: %v", errs)
		}
	})
}

// The Idempotency-Key contract (api.md "Conventions", IETF httpapi draft):
// the key is bound to method, path and raw body; replies are stored
// encrypted, replayed byte for byte; a run holds a 30 s lease that a retry
// takes over; a run that lost its lease never records.

// rawDB is raw SQL access to a test server's database, to see what is
// stored, not what the API shows.
type rawDB struct {
	t    testing.TB
	db   *sql.DB
	pg   bool
	held *atomic.Int64 // runs held mid-way (faultHoldMidRun)
}

// in returns the same database for use in subtest t.
func (d *rawDB) in(t testing.TB) *rawDB {
	c := *d
	c.t = t
	return &c
}

// serverWithDB is a test server (real SQLite file, or PostgreSQL with
// CLOSEDSET_TEST_POSTGRES) whose database the test can also read raw.
func serverWithDB(t *testing.T) (*testServer, *rawDB) {
	t.Helper()
	url := storagetest.URL(t)
	st, err := storage.Open(url, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	driver, dsn := "pgx", url
	pg := config.IsPostgres(url)
	if !pg {
		driver = "sqlite3" // registered by gorm's SQLite driver
		if dsn, err = storage.SQLiteDSN(url); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newTestServerOn(t, st, nil), &rawDB{t: t, db: db, pg: pg, held: new(atomic.Int64)}
}

// query rewrites ? placeholders for PostgreSQL.
func (d *rawDB) query(q string) string {
	if !d.pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// count runs a SELECT count(*).
func (d *rawDB) count(q string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.db.QueryRow(d.query(q), args...).Scan(&n); err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// rows returns every stored idempotency record, every column as text.
func (d *rawDB) rows() []map[string]string {
	d.t.Helper()
	cols := []string{"user_id", "key_hash", "fingerprint", "lease_token", "lease_until", "status", "content_type", "body", "created_at"}
	rs, err := d.db.Query("SELECT " + strings.Join(cols, ", ") + " FROM idempotency_keys")
	if err != nil {
		d.t.Fatal(err)
	}
	defer rs.Close()
	var out []map[string]string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			d.t.Fatal(err)
		}
		m := map[string]string{}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				m[c] = string(b)
			} else {
				m[c] = fmt.Sprint(vals[i])
			}
		}
		out = append(out, m)
	}
	if err := rs.Err(); err != nil {
		d.t.Fatal(err)
	}
	return out
}

// decisions counts a performer's consent history rows of a state.
func (d *rawDB) decisions(scene, user, state string) int {
	d.t.Helper()
	return d.count("SELECT count(*) FROM consent_decisions WHERE scene_id = ? AND user_id = ? AND state = ?", scene, user, state)
}

// audits counts the audit events of an action about a subject.
func (d *rawDB) audits(action, subject string) int {
	d.t.Helper()
	return d.count("SELECT count(*) FROM audit_events WHERE action = ? AND subject_id = ?", action, subject)
}

// notices counts user's notifications about a scene (type "" for any).
func (d *rawDB) notices(user, scene, typ string) int {
	d.t.Helper()
	if typ == "" {
		return d.count("SELECT count(*) FROM notifications WHERE user_id = ? AND scene_id = ?", user, scene)
	}
	return d.count("SELECT count(*) FROM notifications WHERE user_id = ? AND scene_id = ? AND type = ?", user, scene, typ)
}

// consentWorld is a world with a scene (performer A cast, version 1
// published, A's consent pending).
func consentWorld(t *testing.T, s *testServer) (*world, string) {
	t.Helper()
	w := newWorld(t, s)
	id := w.scene("77", []string{"kissing"}, w.PerformerA)
	w.published(id, "v1", step("Alone", map[string]string{w.PerformerA.ID: "none"}, nil, ""))
	return w, id
}

// doWithKey sends a raw body with an Idempotency-Key as a.
func doWithKey(s *testServer, a account, method, path, key string, body []byte) response {
	s.t.Helper()
	return s.Do(request{Method: method, Path: path, Token: a.Token, Body: body,
		Header: map[string]string{"Idempotency-Key": key}})
}

// assertReplayed fails unless again is first replayed byte for byte.
func assertReplayed(t *testing.T, first, again response) {
	t.Helper()
	if again.Status != first.Status || !bytes.Equal(again.Body, first.Body) ||
		again.Header.Get("Content-Type") != first.Header.Get("Content-Type") ||
		again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay %d %q %s (Idempotent-Replayed %q), first %d %q %s", again.Status, again.Header.Get("Content-Type"),
			again.Body, again.Header.Get("Idempotent-Replayed"), first.Status, first.Header.Get("Content-Type"), first.Body)
	}
	if first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatal("the first answer says it was replayed")
	}
}

// TestIdempotencyKeyBoundToBody: the same key with another body (confirm, then
// decline) is 422 idempotency_key_reused and records nothing; the same body is
// replayed byte for byte.
func TestIdempotencyKeyBoundToBody(t *testing.T) {
	s, db := serverWithDB(t)
	w, scene := consentWorld(t, s)
	path := "/api/v1/scenes/" + scene + "/consent"
	confirm := []byte(`{"version":1,"decision":"confirmed"}`)

	first := must(t, doWithKey(s, w.PerformerA, "PUT", path, "tap-K", confirm), http.StatusOK)
	s.Clock.Advance(time.Second)
	assertReplayed(t, first, doWithKey(s, w.PerformerA, "PUT", path, "tap-K", confirm))

	for name, try := range map[string]func() response{
		"decline": func() response {
			return doWithKey(s, w.PerformerA, "PUT", path, "tap-K", []byte(`{"version":1,"decision":"declined"}`))
		},
		"same JSON, other bytes": func() response {
			return doWithKey(s, w.PerformerA, "PUT", path, "tap-K", []byte(`{"version": 1, "decision": "confirmed"}`))
		},
		"withdraw": func() response { return doWithKey(s, w.PerformerA, "POST", path+"/withdraw", "tap-K", confirm[:0]) },
	} {
		t.Run(name, func(t *testing.T) {
			assertProblem(t, try(), http.StatusUnprocessableEntity, "idempotency_key_reused")
		})
	}
	if n := db.decisions(scene, w.PerformerA.ID, "confirmed"); n != 1 {
		t.Errorf("%d confirmed decisions, want 1", n)
	}
	if n := db.decisions(scene, w.PerformerA.ID, "declined") + db.decisions(scene, w.PerformerA.ID, "withdrawn"); n != 0 {
		t.Errorf("%d declined or withdrawn decisions recorded with a reused key, want 0", n)
	}
	if c, d, wd := db.audits("consent.confirmed", scene), db.audits("consent.declined", scene), db.audits("consent.withdrawn", scene); c != 1 || d != 0 || wd != 0 {
		t.Errorf("audit: %d confirmed, %d declined, %d withdrawn; want 1, 0, 0", c, d, wd)
	}
	if n := db.notices(w.Coordinator.ID, scene, ""); n != 0 {
		t.Errorf("coordinator has %d notifications about the scene, want 0", n)
	}
	if cs, _ := w.consents(w.Coordinator, scene); cs[w.PerformerA.ID]["state"] != "confirmed" {
		t.Errorf("consent %v, want confirmed", cs[w.PerformerA.ID])
	}
	// The first answer is still what the key replays.
	assertReplayed(t, first, doWithKey(s, w.PerformerA, "PUT", path, "tap-K", confirm))
}

// TestIdempotencyStoresNoSecrets: the raw key, paths holding an invite token
// and replies holding one are never stored in plaintext; a server with
// another secret cannot read the reply and does not run the request again.
func TestIdempotencyStoresNoSecrets(t *testing.T) {
	s, db := serverWithDB(t)
	producer, guest := s.signUp("Pat Producer"), s.signUp("Gita Guest")
	p := s.createProduction(producer, "Night Garden")
	inviteKey, acceptKey := "raw-key-3c5e0f3a-invite", "raw-key-9d41b7e2-accept"
	inviteBody := []byte(`{"email":"` + guest.Email + `","role":"performer"}`)
	invitePath := "/api/v1/productions/" + p + "/invites"
	invite := must(t, doWithKey(s, producer, "POST", invitePath, inviteKey, inviteBody), http.StatusCreated)
	token := invite.JSON(t)["token"].(string)
	accept := must(t, doWithKey(s, guest, "POST", "/api/v1/invites/"+token+"/accept", acceptKey, nil), http.StatusOK)
	assertReplayed(t, invite, doWithKey(s, producer, "POST", invitePath, inviteKey, inviteBody))
	assertReplayed(t, accept, doWithKey(s, guest, "POST", "/api/v1/invites/"+token+"/accept", acceptKey, nil))

	rows := db.rows()
	if len(rows) != 2 {
		t.Fatalf("%d stored records, want 2: %v", len(rows), rows)
	}
	for _, r := range rows {
		for col, v := range r {
			for _, secret := range []string{inviteKey, acceptKey, token, guest.Email, "performer", "/invites"} {
				if strings.Contains(v, secret) {
					t.Errorf("idempotency_keys.%s holds %q in plaintext: %s", col, secret, v)
				}
			}
		}
		if len(r["key_hash"]) != 64 || len(r["fingerprint"]) != 64 {
			t.Errorf("key_hash %q, fingerprint %q: want SHA-256 hex", r["key_hash"], r["fingerprint"])
		}
		sealed, err := base64.StdEncoding.DecodeString(r["body"])
		if err != nil || len(sealed) < 12+16 {
			t.Errorf("body is not base64 of nonce || ciphertext: %q", r["body"])
		}
		if bytes.Contains(sealed, []byte(token)) {
			t.Error("the sealed body holds the invite token")
		}
	}

	// Another server secret: the reply cannot be read, and the invite is not
	// sent again.
	other := newTestServerOn(t, s.Store, func(o *service.Options) { o.Secret = []byte(strings.Repeat("o", 32)) })
	other.Clock.Advance(time.Second)
	assertProblem(t, doWithKey(other, producer, "POST", invitePath, inviteKey, inviteBody), http.StatusConflict, "idempotency_recorded")
	if n := db.count("SELECT count(*) FROM invites WHERE production_id = ?", p); n != 1 {
		t.Errorf("%d invites, want 1", n)
	}
}

// TestIdempotencyLeaseTakeOver: a first run that claimed the key and then
// vanished (a crash) holds it for its 30 s lease (409 idempotency_in_progress
// with Retry-After); after that a retry takes over and runs once; the
// vanished run's late finish is refused.
func TestIdempotencyLeaseTakeOver(t *testing.T) {
	s, db := serverWithDB(t)
	w, scene := consentWorld(t, s)
	ctx := context.Background()
	path := "/api/v1/scenes/" + scene + "/consent/withdraw"
	body := []byte(`{"note":"not today"}`)
	crashed, replay, err := s.Svc.BeginIdempotent(ctx, service.IdempotentRequest{UserID: w.PerformerA.ID, Key: "k-lease",
		Method: "POST", Path: path, Body: body})
	if err != nil || crashed == nil || replay != nil {
		t.Fatalf("claim: %v %v %v", crashed, replay, err)
	}

	s.Clock.Advance(10 * time.Second)
	busy := doWithKey(s, w.PerformerA, "POST", path, "k-lease", body)
	if p := assertProblem(t, busy, http.StatusConflict, "idempotency_in_progress"); p["retryAfter"] != float64(20) ||
		busy.Header.Get("Retry-After") != "20" {
		t.Errorf("retryAfter %v, Retry-After %q; want 20 (the lease's remaining seconds)", p["retryAfter"], busy.Header.Get("Retry-After"))
	}
	if n := db.decisions(scene, w.PerformerA.ID, "withdrawn"); n != 0 {
		t.Fatalf("%d withdrawals while the first run holds the key", n)
	}

	s.Clock.Advance(21 * time.Second) // the lease ran out
	took := must(t, doWithKey(s, w.PerformerA, "POST", path, "k-lease", body), http.StatusOK)
	if took.Header.Get("Idempotent-Replayed") != "" || took.JSON(t)["state"] != "withdrawn" {
		t.Fatalf("take-over: %s %v", took.Body, took.Header)
	}
	err = s.Svc.FinishIdempotent(ctx, crashed, &service.Replay{Status: 200, ContentType: "application/json", Body: []byte(`{"late":true}`)})
	if !errors.Is(err, service.ErrIdempotencyLeaseLost) {
		t.Errorf("the vanished run's finish: %v, want ErrIdempotencyLeaseLost", err)
	}
	assertReplayed(t, took, doWithKey(s, w.PerformerA, "POST", path, "k-lease", body))
	if n, a, c := db.decisions(scene, w.PerformerA.ID, "withdrawn"), db.audits("consent.withdrawn", scene),
		db.notices(w.Coordinator.ID, scene, ""); n != 1 || a != 1 || c != 1 {
		t.Errorf("recorded %d decisions, %d audit events, %d coordinator notifications; want 1 each", n, a, c)
	}
}

// TestIdempotencyLostLeaseNeverCommits: a run whose lease was taken over
// cannot commit (its transaction is rolled back by the commit guard) nor
// store its answer, so two runs never both record.
func TestIdempotencyLostLeaseNeverCommits(t *testing.T) {
	s, db := serverWithDB(t)
	w, scene := consentWorld(t, s)
	ctx := context.Background()
	req := service.IdempotentRequest{UserID: w.PerformerA.ID, Key: "k-guard", Method: "POST",
		Path: "/api/v1/scenes/" + scene + "/consent/withdraw", Body: []byte(`{}`)}
	slow, _, err := s.Svc.BeginIdempotent(ctx, req)
	if err != nil || slow == nil {
		t.Fatalf("first claim: %v %v", slow, err)
	}
	s.Clock.Advance(service.IdempotencyLease + time.Second)
	retry, _, err := s.Svc.BeginIdempotent(ctx, req)
	if err != nil || retry == nil {
		t.Fatalf("take-over: %v %v", retry, err)
	}

	// The slow first run wakes up and tries to commit.
	_, err = s.Svc.WithdrawConsent(slow.Guard(ctx), w.PerformerA.ID, scene, "")
	if !domain.IsCode(err, "idempotency_in_progress") {
		t.Fatalf("commit after the lease was taken over: %v, want idempotency_in_progress", err)
	}
	if n, a, c := db.decisions(scene, w.PerformerA.ID, "withdrawn"), db.audits("consent.withdrawn", scene),
		db.notices(w.Coordinator.ID, scene, ""); n != 0 || a != 0 || c != 0 {
		t.Fatalf("the refused commit left %d decisions, %d audit events, %d notifications", n, a, c)
	}
	if err := s.Svc.FinishIdempotent(ctx, slow, &service.Replay{Status: 409, ContentType: "application/problem+json",
		Body: []byte(`{}`)}); !errors.Is(err, service.ErrIdempotencyLeaseLost) {
		t.Errorf("the slow run's finish: %v, want ErrIdempotencyLeaseLost", err)
	}

	// The retry commits and records once.
	v, err := s.Svc.WithdrawConsent(retry.Guard(ctx), w.PerformerA.ID, scene, "")
	if err != nil || v.State != "withdrawn" {
		t.Fatalf("the retry's withdrawal: %+v %v", v, err)
	}
	answer := []byte(`{"state":"withdrawn"}`)
	if err := s.Svc.FinishIdempotent(ctx, retry, &service.Replay{Status: 200, ContentType: "application/json", Body: answer}); err != nil {
		t.Fatal(err)
	}
	_, replay, err := s.Svc.BeginIdempotent(ctx, req)
	if err != nil || replay == nil || replay.Status != 200 || !bytes.Equal(replay.Body, answer) {
		t.Fatalf("replay after the retry: %+v %v", replay, err)
	}
	if n, a, c := db.decisions(scene, w.PerformerA.ID, "withdrawn"), db.audits("consent.withdrawn", scene),
		db.notices(w.Coordinator.ID, scene, ""); n != 1 || a != 1 || c != 1 {
		t.Errorf("recorded %d decisions, %d audit events, %d coordinator notifications; want 1 each", n, a, c)
	}
}

// TestIdempotencyCommittedAnswerLost: a run that committed but never stored
// its answer (a crash between the two) is never run again: a take-over after
// its lease ran out misses once it committed; retries get 409
// idempotency_in_progress while its (extended) lease lasts, then 409
// idempotency_recorded.
func TestIdempotencyCommittedAnswerLost(t *testing.T) {
	s, db := serverWithDB(t)
	w, scene := consentWorld(t, s)
	ctx := context.Background()
	path := "/api/v1/scenes/" + scene + "/consent/withdraw"
	body := []byte(`{"note":"no"}`)
	first, _, err := s.Svc.BeginIdempotent(ctx, service.IdempotentRequest{UserID: w.PerformerA.ID, Key: "k-lost",
		Method: "POST", Path: path, Body: body})
	if err != nil || first == nil {
		t.Fatalf("claim: %v %v", first, err)
	}
	s.Clock.Advance(service.IdempotencyLease + time.Second) // slow, but nobody took over yet
	if _, err := s.Svc.WithdrawConsent(first.Guard(ctx), w.PerformerA.ID, scene, ""); err != nil {
		t.Fatalf("the first run's commit: %v", err)
	}
	// (crash: no finish)
	busy := doWithKey(s, w.PerformerA, "POST", path, "k-lost", body)
	assertProblem(t, busy, http.StatusConflict, "idempotency_in_progress")
	if busy.Header.Get("Retry-After") != "30" {
		t.Errorf("Retry-After %q, want 30", busy.Header.Get("Retry-After"))
	}
	s.Clock.Advance(service.IdempotencyLease)
	assertProblem(t, doWithKey(s, w.PerformerA, "POST", path, "k-lost", body), http.StatusConflict, "idempotency_recorded")
	if n, a := db.decisions(scene, w.PerformerA.ID, "withdrawn"), db.audits("consent.withdrawn", scene); n != 1 || a != 1 {
		t.Errorf("recorded %d decisions, %d audit events; want 1 each", n, a)
	}
	// A new key is a new request.
	must(t, doWithKey(s, w.PerformerA, "POST", path, "k-new", body), http.StatusOK)

	// A run that committed but then failed (500) stores no error to replay:
	// retries are told at once that the request was recorded.
	failed, _, err := s.Svc.BeginIdempotent(ctx, service.IdempotentRequest{UserID: w.PerformerA.ID, Key: "k-500",
		Method: "POST", Path: path, Body: body})
	if err != nil || failed == nil {
		t.Fatalf("claim: %v %v", failed, err)
	}
	if _, err := s.Svc.WithdrawConsent(failed.Guard(ctx), w.PerformerA.ID, scene, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Svc.FinishIdempotent(ctx, failed, &service.Replay{Status: 500, ContentType: "application/problem+json",
		Body: []byte(`{"code":"internal"}`)}); err != nil {
		t.Fatal(err)
	}
	assertProblem(t, doWithKey(s, w.PerformerA, "POST", path, "k-500", body), http.StatusConflict, "idempotency_recorded")
	if n := db.decisions(scene, w.PerformerA.ID, "withdrawn"); n != 3 {
		t.Errorf("%d withdrawals after three keys, want 3", n)
	}
}
