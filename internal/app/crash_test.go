package app_test

// The crash test: the real binary, under a load of consent decisions and
// withdrawals sent with Idempotency-Keys, is killed with SIGKILL while
// requests are in flight, then restarted on the same database. Every
// acknowledged write must be there; every unacknowledged one wholly there or
// wholly absent; the audit chain must verify; and resending the
// unacknowledged requests with their keys must record each exactly once.

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"closedset/internal/config"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

const (
	// crashJWTSecret is the JWT key of both runs, so tokens survive the restart.
	crashJWTSecret = "crash-test-jwt-secret-0123456789abcdef"
	// crashPassword is every account's password.
	crashPassword = "correct horse battery staple"
	// crashPerformers are cast in the scene; each sends from
	// crashWorkersPerPerformer goroutines at once.
	crashPerformers          = 8
	crashWorkersPerPerformer = 6
	// crashLoad is how long the load runs at least before SIGKILL; then
	// until crashMinAcked requests were acknowledged, at most crashLoadMax.
	crashLoad     = 1500 * time.Millisecond
	crashLoadMax  = 15 * time.Second
	crashMinAcked = 20
)

// The two consent writes of the load, by the state they record.
const (
	crashConfirm  = "confirmed"
	crashWithdraw = "withdrawn"
)

// crashLog is the server's stdout and stderr, for failure messages.
type crashLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *crashLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// Tail is the last 12 KB of the output.
func (l *crashLog) Tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > 12<<10 {
		s = "…" + s[len(s)-12<<10:]
	}
	return s
}

// crashBinary returns the closedset binary under test: $CLOSEDSET_BIN (make
// test builds bin/closedset first and passes it), or one built now from the
// module root.
func crashBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CLOSEDSET_BIN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("CLOSEDSET_BIN: %v", err)
		}
		return p
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" || strings.TrimSpace(string(gomod)) == os.DevNull {
		t.Fatalf("go env GOMOD: %q %v", gomod, err)
	}
	bin := filepath.Join(t.TempDir(), "closedset")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashServer is one run of the binary.
type crashServer struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error // Wait's, once done is closed
}

// startCrashServer runs the binary with env and waits until base/readyz
// answers 200.
func startCrashServer(t *testing.T, bin string, env []string, base string, out *crashLog) *crashServer {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &crashServer{cmd: cmd, done: make(chan struct{})}
	go func() { s.err = cmd.Wait(); close(s.done) }()
	t.Cleanup(s.kill) // before the database is dropped (cleanups run last first)
	probe := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-s.done:
			t.Fatalf("closedset exited before it was ready: %v\n%s", s.err, out.Tail())
		default:
		}
		if res, err := probe.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("closedset not ready after 20 s:\n%s", out.Tail())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// kill sends SIGKILL (if still running) and waits for the process to end.
func (s *crashServer) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// stop asks for a graceful shutdown (SIGTERM) and waits for it.
func (s *crashServer) stop(t *testing.T, out *crashLog) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("closedset exited with %v after SIGTERM:\n%s", s.err, out.Tail())
		}
	case <-time.After(20 * time.Second):
		s.kill()
		t.Errorf("closedset did not stop within 20 s of SIGTERM:\n%s", out.Tail())
	}
}

// crashClient calls the API.
type crashClient struct {
	base string
	http *http.Client
}

func newCrashClient(base string) *crashClient {
	return &crashClient{base: base, http: &http.Client{Timeout: 15 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128, IdleConnTimeout: 30 * time.Second}}}
}

// do sends one request; err is a transport error (no complete answer).
func (c *crashClient) do(method, path, token, key string, body []byte) (int, http.Header, []byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, res.Header, b, err
	}
	return res.StatusCode, res.Header, b, nil
}

// must sends a seeding request, fails the test on anything but want, and
// decodes the JSON answer into out (when not nil).
func (c *crashClient) must(t *testing.T, out *crashLog, method, path, token string, body any, want int, into any) {
	t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	status, _, res, err := c.do(method, path, token, "", b)
	if err != nil || status != want {
		t.Fatalf("%s %s: status %d (want %d), %v: %s\nserver output:\n%s", method, path, status, want, err, res, out.Tail())
	}
	if into != nil {
		if err := json.Unmarshal(res, into); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, res)
		}
	}
}

// crashUser is a registered account.
type crashUser struct {
	ID, Token, Name string
}

func (c *crashClient) register(t *testing.T, out *crashLog, email, name string) crashUser {
	t.Helper()
	var res struct {
		User        struct{ ID string }
		AccessToken string
	}
	c.must(t, out, "POST", "/api/v1/auth/register", "", map[string]any{"email": email, "password": crashPassword,
		"displayName": name}, http.StatusCreated, &res)
	return crashUser{ID: res.User.ID, Token: res.AccessToken, Name: name}
}

// join invites email to the production as role (sent by inviter) and has
// the new account accept.
func (c *crashClient) join(t *testing.T, out *crashLog, inviter crashUser, production, role, email, name string) crashUser {
	t.Helper()
	var inv struct{ Token string }
	c.must(t, out, "POST", "/api/v1/productions/"+production+"/invites", inviter.Token,
		map[string]any{"email": email, "role": role}, http.StatusCreated, &inv)
	u := c.register(t, out, email, name)
	c.must(t, out, "POST", "/api/v1/invites/"+inv.Token+"/accept", u.Token, nil, http.StatusOK, nil)
	return u
}

// crashAttempt is one consent request of the load.
type crashAttempt struct {
	performer int
	state     string // what it records: crashConfirm or crashWithdraw
	method    string
	path      string
	body      []byte
	key       string
	status    int // 0: no answer
	err       error
	answer    []byte
}

// acked: a complete 2xx answer reached the client.
func (a *crashAttempt) acked() bool { return a.err == nil && a.status >= 200 && a.status < 300 }

// refused: a complete answer that is not 2xx.
func (a *crashAttempt) refused() bool { return a.err == nil && !a.acked() }

// keyHash is how the server stores an Idempotency-Key (service.idempotencyKeyHash).
func (a *crashAttempt) keyHash() string {
	sum := sha256.Sum256([]byte("closedset idempotency key\x00" + a.key))
	return hex.EncodeToString(sum[:])
}

func crashKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "crash-" + hex.EncodeToString(b)
}

// crashTally is a count per (user id, consent state).
type crashTally map[[2]string]int

// crashState is what the database holds of the load, read directly.
type crashState struct {
	keys       map[string]int // key hash → idempotency record status (0 running, -1 committed, else HTTP status)
	history    crashTally     // consent_decisions rows
	audits     crashTally     // consent.* audit events by actor
	coordNotes map[string]int // the coordinator's consent.withdrawn notifications, by body
	blocked    int            // the producer's scene.blocked notifications
	blockings  int            // times the scene became blocked, replaying the audit trail in order
	current    map[string]string
	unmatched  []string // performers whose current-state row matches no history row
}

// committed reports whether the request's use case committed: its key is
// marked committed (-1) or answered 2xx. The commit guard marks it in the
// use case's own transaction.
func (st crashState) committed(a *crashAttempt) bool {
	s, ok := st.keys[a.keyHash()]
	return ok && (s == -1 || s >= 200 && s < 300)
}

// describe names a request's idempotency record.
func (st crashState) describe(a *crashAttempt) string {
	s, ok := st.keys[a.keyHash()]
	switch {
	case !ok:
		return "no idempotency record"
	case s == 0:
		return "record running"
	case s == -1:
		return "record committed, answer not stored"
	default:
		return "record answered " + strconv.Itoa(s)
	}
}

// openCrashDB opens the test's database the way the server does (SQLite
// with the same settings, or PostgreSQL with the test's search_path).
func openCrashDB(t *testing.T, url string) *gorm.DB {
	t.Helper()
	var d gorm.Dialector
	if config.IsPostgres(url) {
		d = postgres.Open(url)
	} else {
		dsn, err := storage.SQLiteDSN(url)
		if err != nil {
			t.Fatal(err)
		}
		d = sqlite.Open(dsn)
	}
	db, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func closeCrashDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}

// readCrashState reads what the load left in the database.
func readCrashState(t *testing.T, url, production, scene string, producer, coordinator crashUser, performers []crashUser) crashState {
	t.Helper()
	db := openCrashDB(t, url)
	defer closeCrashDB(db)
	ids := make([]string, len(performers))
	for i, p := range performers {
		ids[i] = p.ID
	}
	st := crashState{keys: map[string]int{}, history: crashTally{}, audits: crashTally{}, coordNotes: map[string]int{},
		current: map[string]string{}}
	var keys []struct {
		KeyHash string
		Status  int
	}
	if err := db.Raw(`SELECT key_hash, status FROM idempotency_keys WHERE user_id IN ?`, ids).Scan(&keys).Error; err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		st.keys[k.KeyHash] = k.Status
	}
	var rows []struct {
		A, B string
		N    int
	}
	tally := func(into crashTally, q string, args ...any) {
		rows = rows[:0]
		if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			into[[2]string{r.A, strings.TrimPrefix(r.B, "consent.")}] += r.N
		}
	}
	tally(st.history, `SELECT user_id AS a, state AS b, COUNT(*) AS n FROM consent_decisions
		WHERE scene_id = ? GROUP BY user_id, state`, scene)
	tally(st.audits, `SELECT actor_id AS a, action AS b, COUNT(*) AS n FROM audit_events
		WHERE production_id = ? AND subject_id = ? AND action LIKE 'consent.%' GROUP BY actor_id, action`, production, scene)
	notes := crashTally{}
	tally(notes, `SELECT body AS a, type AS b, COUNT(*) AS n FROM notifications
		WHERE user_id = ? AND scene_id = ? GROUP BY body, type`, coordinator.ID, scene)
	for k, n := range notes {
		if k[1] == crashWithdraw {
			st.coordNotes[k[0]] += n
		}
	}
	if err := db.Raw(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND scene_id = ? AND type = 'scene.blocked'`,
		producer.ID, scene).Scan(&st.blocked).Error; err != nil {
		t.Fatal(err)
	}
	// The audit chain is in commit order: replay the decisions to count the
	// times the scene went from not blocked to blocked (a withdrawal while
	// nobody else had withdrawn).
	var decisions []struct{ ActorID, Action string }
	if err := db.Raw(`SELECT actor_id, action FROM audit_events WHERE production_id = ? AND subject_id = ?
		AND action LIKE 'consent.%' ORDER BY seq`, production, scene).Scan(&decisions).Error; err != nil {
		t.Fatal(err)
	}
	withdrawn := map[string]bool{}
	for _, d := range decisions {
		was := len(withdrawn) > 0
		if d.Action == "consent."+crashWithdraw {
			withdrawn[d.ActorID] = true
		} else {
			delete(withdrawn, d.ActorID)
		}
		if !was && len(withdrawn) > 0 {
			st.blockings++
		}
	}
	var current []struct {
		UserID, State string
		Matches       int
	}
	if err := db.Raw(`SELECT c.user_id, c.state, (SELECT COUNT(*) FROM consent_decisions d
			WHERE d.scene_id = c.scene_id AND d.user_id = c.user_id AND d.state = c.state AND d.decided_at = c.decided_at) AS matches
		FROM consents c WHERE c.scene_id = ?`, scene).Scan(&current).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range current {
		st.current[c.UserID] = c.State
		if c.State != "pending" && c.Matches == 0 {
			st.unmatched = append(st.unmatched, c.UserID)
		}
	}
	return st
}

// checkCrashState checks the database against the requests: each request
// that committed left exactly one history row, one audit event and, for a
// withdrawal, one notification to the coordinator — counted per performer and
// state, as the rows cannot be matched to a request one by one; the producer
// got one scene.blocked per blocking; and the current-state rows agree with
// the history.
func checkCrashState(t *testing.T, phase string, st crashState, attempts []*crashAttempt, performers []crashUser) {
	t.Helper()
	committed := crashTally{}
	for _, a := range attempts {
		if st.committed(a) {
			committed[[2]string{performers[a.performer].ID, a.state}]++
		}
	}
	withdrawals := 0
	// Rule 12: the coordinator's alerts never name the performer, so they are
	// counted together.
	const body = "Scene 1: a performer withdrew consent."
	for _, p := range performers {
		for _, state := range []string{crashConfirm, crashWithdraw} {
			k := [2]string{p.ID, state}
			if st.history[k] != committed[k] || st.audits[k] != committed[k] {
				t.Errorf("%s: %s, %s: %d requests committed, %d history rows, %d audit events",
					phase, p.Name, state, committed[k], st.history[k], st.audits[k])
			}
		}
		k := [2]string{p.ID, crashWithdraw}
		withdrawals += committed[k]
		if committed[[2]string{p.ID, crashConfirm}]+committed[k] > 0 && st.current[p.ID] != crashConfirm && st.current[p.ID] != crashWithdraw {
			t.Errorf("%s: %s decided but their consent is %q", phase, p.Name, st.current[p.ID])
		}
	}
	if st.coordNotes[body] != withdrawals || len(st.coordNotes) != 1 && withdrawals > 0 {
		t.Errorf("%s: %d withdrawals committed, notifications to the coordinator: %v", phase, withdrawals, st.coordNotes)
	}
	if st.blocked != st.blockings || withdrawals > 0 && st.blocked == 0 {
		t.Errorf("%s: the scene became blocked %d times (%d withdrawals), %d scene.blocked notifications to the producer",
			phase, st.blockings, withdrawals, st.blocked)
	}
	if len(st.unmatched) > 0 {
		t.Errorf("%s: the current consent of %v matches no history row", phase, st.unmatched)
	}
	for k, n := range st.history {
		if n > 0 && committed[k] == 0 {
			t.Errorf("%s: %d %s history rows of %s that no request committed", phase, n, k[1], k[0])
		}
	}
}

func TestCrashUnderConsentLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := crashBinary(t)
	began := time.Now()
	engine := "sqlite"
	if os.Getenv(storagetest.PostgresEnv) != "" {
		engine = "postgres"
	}
	dbURL := storagetest.URL(t)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CLOSEDSET_") {
			env = append(env, kv)
		}
	}
	env = append(env, "CLOSEDSET_ADDR="+addr, "CLOSEDSET_DATABASE="+dbURL, "CLOSEDSET_JWT_SECRET="+crashJWTSecret,
		"CLOSEDSET_PUBLIC_URL="+base, "CLOSEDSET_LOG_FORMAT=json")

	out := &crashLog{}
	srv := startCrashServer(t, bin, env, base, out)
	c := newCrashClient(base)

	// Seed: producer, production, coordinator, performers, a scene with
	// the performers cast, and a published choreography.
	producer := c.register(t, out, "producer@crash.test", "Pat Producer")
	var prod struct{ ID string }
	c.must(t, out, "POST", "/api/v1/productions", producer.Token, map[string]any{"title": "Crash Test",
		"kind": "film", "timezone": "Europe/London"}, http.StatusCreated, &prod)
	coordinator := c.join(t, out, producer, prod.ID, "coordinator", "coordinator@crash.test", "Cory Coordinator")
	performers := make([]crashUser, crashPerformers)
	for i := range performers {
		performers[i] = c.join(t, out, producer, prod.ID, "performer", fmt.Sprintf("performer%02d@crash.test", i+1),
			fmt.Sprintf("Performer %02d", i+1))
	}
	var scene struct{ ID string }
	c.must(t, out, "POST", "/api/v1/productions/"+prod.ID+"/scenes", producer.Token, map[string]any{
		"number": "1", "title": "The Crash", "callTime": time.Now().Add(7 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"contentTags": []string{"kissing"}, "coordinatorId": coordinator.ID,
		"closedSet": map[string]any{"roster": []string{"Director"}}}, http.StatusCreated, &scene)
	stepPerformers := []map[string]any{}
	for i, p := range performers {
		c.must(t, out, "PUT", "/api/v1/scenes/"+scene.ID+"/cast/"+p.ID, producer.Token,
			map[string]any{"characterName": fmt.Sprintf("Role %d", i+1)}, http.StatusOK, nil)
		stepPerformers = append(stepPerformers, map[string]any{"userId": p.ID, "nudity": "none"})
	}
	var choreo struct{ Version int }
	c.must(t, out, "POST", "/api/v1/scenes/"+scene.ID+"/choreography", coordinator.Token, map[string]any{
		"summary": "Blocking", "steps": []map[string]any{{"title": "Cross", "description": "Everyone crosses upstage.",
			"performers": stepPerformers, "contacts": []any{}}}}, http.StatusCreated, &choreo)
	if choreo.Version < 1 {
		t.Fatalf("published version %d", choreo.Version)
	}
	seeded := time.Now()

	// Load: every performer confirms and withdraws, alternately, from
	// several goroutines at once, each request with a fresh key.
	confirmBody, _ := json.Marshal(map[string]any{"version": choreo.Version, "decision": "confirmed"})
	var (
		stop       atomic.Bool
		inFlight   atomic.Int64
		ackedSoFar atomic.Int64
		wg         sync.WaitGroup
		mu         sync.Mutex
		attempts   []*crashAttempt
	)
	for p := range performers {
		for w := range crashWorkersPerPerformer {
			wg.Go(func() {
				var mine []*crashAttempt
				for i := 0; !stop.Load(); i++ {
					a := &crashAttempt{performer: p, key: crashKey(), method: "PUT", path: "/api/v1/scenes/" + scene.ID + "/consent",
						body: confirmBody, state: crashConfirm}
					if (i+w)%2 == 1 {
						a.method, a.path, a.body, a.state = "POST", "/api/v1/scenes/"+scene.ID+"/consent/withdraw", []byte(`{}`), crashWithdraw
					}
					inFlight.Add(1)
					a.status, _, a.answer, a.err = c.do(a.method, a.path, performers[p].Token, a.key, a.body)
					inFlight.Add(-1)
					if a.acked() {
						ackedSoFar.Add(1)
					}
					mine = append(mine, a)
				}
				mu.Lock()
				attempts = append(attempts, mine...)
				mu.Unlock()
			})
		}
	}
	// At least crashLoad, and until enough requests were acknowledged for
	// the crash to prove something (a loaded machine answers slowly), but
	// never more than crashLoadMax.
	for loadStart := time.Now(); time.Since(loadStart) < crashLoadMax; {
		time.Sleep(50 * time.Millisecond)
		if time.Since(loadStart) >= crashLoad && ackedSoFar.Load() >= crashMinAcked {
			break
		}
	}
	atKill := inFlight.Load()
	stop.Store(true)
	srv.kill()
	killed := time.Now()
	wg.Wait()
	c.http.CloseIdleConnections()
	if atKill == 0 {
		t.Fatalf("no request was in flight at SIGKILL: the crash tested nothing")
	}

	var acked, unacked, refused []*crashAttempt
	for _, a := range attempts {
		switch {
		case a.acked():
			acked = append(acked, a)
		case a.refused():
			refused = append(refused, a)
		default:
			unacked = append(unacked, a)
		}
	}
	for i, a := range refused {
		if i < 5 {
			t.Logf("refused during the load: %s %s → %d %s", a.method, a.path, a.status, a.answer)
		}
	}
	if len(acked) < crashMinAcked {
		t.Fatalf("only %d of %d requests were acknowledged before the crash:\n%s", len(acked), len(attempts), out.Tail())
	}

	// After the crash, with the process dead: the database itself.
	before := readCrashState(t, dbURL, prod.ID, scene.ID, producer, coordinator, performers)
	if len(before.keys) == 0 {
		t.Fatal("no idempotency records of the performers: has the key hashing (service.idempotencyKeyHash) changed?")
	}
	for _, a := range acked {
		if !before.committed(a) {
			t.Errorf("acknowledged %s of %s (key %s) is missing after the crash: %s",
				a.state, performers[a.performer].Name, a.key, before.describe(a))
		}
	}
	for _, a := range refused {
		if before.committed(a) {
			t.Errorf("%s of %s answered %d but recorded: %s", a.state, performers[a.performer].Name, a.status, before.describe(a))
		}
	}
	// Independently of the idempotency records: per performer and state,
	// at least the acknowledged requests and at most all that were not
	// refused left a history row.
	ackedBy, possibleBy := crashTally{}, crashTally{}
	for _, a := range attempts {
		k := [2]string{performers[a.performer].ID, a.state}
		if a.acked() {
			ackedBy[k]++
		}
		if !a.refused() {
			possibleBy[k]++
		}
	}
	for _, p := range performers {
		for _, state := range []string{crashConfirm, crashWithdraw} {
			k := [2]string{p.ID, state}
			if n := before.history[k]; n < ackedBy[k] || n > possibleBy[k] {
				t.Errorf("%s, %s: %d history rows for %d acknowledged and %d possible requests", p.Name, state, n, ackedBy[k], possibleBy[k])
			}
		}
	}
	checkCrashState(t, "after the crash", before, attempts, performers)
	present, absent := 0, 0
	for _, a := range unacked {
		if before.committed(a) {
			present++
		} else {
			absent++
		}
	}
	if t.Failed() {
		t.Fatalf("server output:\n%s", out.Tail())
	}

	// A retry may take a key over only once its run's lease (30 s) ran
	// out: let that time pass for the runs the crash interrupted.
	db := openCrashDB(t, dbURL)
	ids := make([]string, len(performers))
	for i, p := range performers {
		ids[i] = p.ID
	}
	if err := db.Exec(`UPDATE idempotency_keys SET lease_until = ? WHERE status IN (0, -1) AND user_id IN ?`,
		time.Now().Add(-time.Minute).UTC(), ids).Error; err != nil {
		t.Fatal(err)
	}
	closeCrashDB(db)

	// Restart on the same database.
	restart := time.Now()
	srv = startCrashServer(t, bin, env, base, out)
	ready := time.Since(restart)
	c = newCrashClient(base)
	verifyAudit := func(phase string) {
		t.Helper()
		var v struct {
			Valid  bool
			Events int64
		}
		c.must(t, out, "GET", "/api/v1/productions/"+prod.ID+"/audit/verify", producer.Token, nil, http.StatusOK, &v)
		if !v.Valid || v.Events == 0 {
			t.Errorf("%s: audit chain %+v", phase, v)
		}
	}
	verifyAudit("after the restart")
	var consents []struct{ UserID, State string }
	c.must(t, out, "GET", "/api/v1/scenes/"+scene.ID+"/consents", coordinator.Token, nil, http.StatusOK, &consents)
	if len(consents) != len(performers) {
		t.Errorf("%d consents listed, want %d", len(consents), len(performers))
	}
	for _, cs := range consents {
		if cs.State != before.current[cs.UserID] {
			t.Errorf("consent of %s is %q through the API, %q in the database", cs.UserID, cs.State, before.current[cs.UserID])
		}
	}

	// Resend every unacknowledged request with its key: one that was
	// recorded is replayed (or reported recorded), one that was not runs now.
	replayed, recorded, ranOnce := 0, 0, 0
	ranBy := crashTally{}
	for _, a := range unacked {
		status, hdr, answer, err := c.do(a.method, a.path, performers[a.performer].Token, a.key, a.body)
		if err != nil {
			t.Fatalf("resend: %v\n%s", err, out.Tail())
		}
		var problem struct{ Code string }
		_ = json.Unmarshal(answer, &problem)
		wasThere := before.committed(a)
		switch {
		case wasThere && status >= 200 && status < 300 && hdr.Get("Idempotent-Replayed") == "true":
			replayed++
		case wasThere && status == http.StatusConflict && problem.Code == "idempotency_recorded":
			recorded++
		case !wasThere && status >= 200 && status < 300 && hdr.Get("Idempotent-Replayed") == "":
			ranOnce++
			ranBy[[2]string{performers[a.performer].ID, a.state}]++
		default:
			t.Errorf("resent %s of %s (%s before): %d replayed=%q %s",
				a.state, performers[a.performer].Name, before.describe(a), status, hdr.Get("Idempotent-Replayed"), answer)
		}
	}
	after := readCrashState(t, dbURL, prod.ID, scene.ID, producer, coordinator, performers)
	for _, a := range unacked {
		if !after.committed(a) {
			t.Errorf("resent %s of %s is not recorded: %s", a.state, performers[a.performer].Name, after.describe(a))
		}
	}
	for k, n := range after.history {
		if n != before.history[k]+ranBy[k] {
			t.Errorf("%s, %s: %d history rows after the resends, %d before + %d run now", k[0], k[1], n, before.history[k], ranBy[k])
		}
	}
	checkCrashState(t, "after the resends", after, attempts, performers)
	verifyAudit("after the resends")
	srv.stop(t, out)
	if t.Failed() {
		t.Logf("server output:\n%s", out.Tail())
	}

	rows := 0
	for _, n := range after.history {
		rows += n
	}
	t.Logf("crash (%s): %d requests sent in %v (%d in flight at SIGKILL), %d acknowledged, %d unacknowledged "+
		"(%d present, %d absent after the restart), %d refused; resent %d: %d replayed, %d reported recorded, %d ran once; "+
		"%d history rows; restart ready in %v; seeding %v, test %v",
		engine, len(attempts), killed.Sub(seeded).Round(time.Millisecond), atKill, len(acked), len(unacked), present, absent,
		len(refused), len(unacked), replayed, recorded, ranOnce, rows, ready.Round(time.Millisecond),
		seeded.Sub(began).Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
}
