package api_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// openNamedStore opens a migrated store on a fresh database with opts; on
// PostgreSQL its connections carry a unique application_name, returned so the
// test can find them in pg_stat_activity ("" on SQLite).
func openNamedStore(t *testing.T, opts storage.Options) (*storage.Store, string) {
	t.Helper()
	dbURL, app := storagetest.URL(t), ""
	if os.Getenv(storagetest.PostgresEnv) != "" {
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		app = "closedset_pool_" + hex.EncodeToString(b)
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("application_name", app)
		u.RawQuery = q.Encode()
		dbURL = u.String()
	}
	st, err := storage.Open(dbURL, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	return st, app
}

// TestPoolUnderLoad: twelve times more concurrent signed-in requests (reads
// and writes) than the pool has connections. Nobody is signed out (no 401),
// nothing fails (no 500; 503 only with Retry-After), and on PostgreSQL the
// store never holds more connections than its maximum.
func TestPoolUnderLoad(t *testing.T) {
	t.Parallel()
	const maxConns, workers, perWorker = 4, 48, 10
	store, app := openNamedStore(t, storage.Options{MaxConns: maxConns})
	s := newTestServerOn(t, store, nil)
	users := make([]account, 8)
	for i := range users {
		users[i] = s.signUp(fmt.Sprintf("Load Tester %d", i))
	}

	// Sample this store's connections while the load runs.
	var maxSeen, samples int
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	if app != "" {
		mon, err := sql.Open("pgx", os.Getenv(storagetest.PostgresEnv))
		if err != nil {
			t.Fatal(err)
		}
		defer mon.Close()
		go func() {
			defer close(sampled)
			for {
				var n int
				if err := mon.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", app).Scan(&n); err == nil {
					samples++
					maxSeen = max(maxSeen, n)
				}
				select {
				case <-stopSampling:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
	} else {
		close(sampled)
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	var mu sync.Mutex
	statuses := map[int]int{}
	var problems []string
	record := func(what string, res *http.Response, body []byte, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			problems = append(problems, what+": "+err.Error())
			return
		}
		statuses[res.StatusCode]++
		switch {
		case res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "":
		case res.StatusCode == http.StatusUnauthorized || res.StatusCode >= 500:
			problems = append(problems, fmt.Sprintf("%s: %d %s", what, res.StatusCode, body))
		}
	}
	call := func(method, path, token string, body any) {
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, s.URL+path, r)
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		var b []byte
		if err == nil {
			b, _ = io.ReadAll(res.Body)
			res.Body.Close()
		}
		record(method+" "+path, res, b, err)
	}

	start := time.Now()
	var wg sync.WaitGroup
	ready := make(chan struct{})
	for w := range workers {
		u := users[w%len(users)]
		wg.Go(func() {
			<-ready
			for i := range perWorker {
				switch i % 5 {
				case 0, 3:
					call("POST", "/api/v1/productions", u.Token,
						map[string]any{"title": fmt.Sprintf("Load %d-%d", w, i), "kind": "stage", "timezone": "UTC"})
				case 1:
					call("GET", "/api/v1/me", u.Token, nil)
				case 2:
					call("GET", "/api/v1/productions", u.Token, nil)
				case 4:
					call("GET", "/api/v1/notifications", u.Token, nil)
				}
			}
		})
	}
	close(ready)
	wg.Wait()
	elapsed := time.Since(start)
	close(stopSampling)
	<-sampled

	var codes []string
	for c, n := range statuses {
		codes = append(codes, fmt.Sprintf("%d×%d", c, n))
	}
	sort.Strings(codes)
	t.Logf("%d requests by %d concurrent clients on %d connections in %v: %s; PostgreSQL connections seen at most %d (%d samples)",
		workers*perWorker, workers, maxConns, elapsed.Round(time.Millisecond), strings.Join(codes, " "), maxSeen, samples)
	if len(problems) > 0 {
		t.Fatalf("%d failed requests, e.g. %s", len(problems), strings.Join(problems[:min(5, len(problems))], "\n"))
	}
	if app != "" {
		if samples == 0 || maxSeen == 0 {
			t.Fatalf("pg_stat_activity never showed the store's connections (%d samples)", samples)
		}
		if maxSeen > maxConns {
			t.Fatalf("%d connections of the store at once, want at most %d", maxSeen, maxConns)
		}
	}
	// Every write made it.
	total := 0
	for _, u := range users {
		res := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: u.Token})
		total += len(res.List(t))
	}
	if total != statuses[http.StatusCreated] {
		t.Fatalf("%d productions stored, %d created", total, statuses[http.StatusCreated])
	}
}

// TestAdmissionTimeout: a request that waits longer than the admission wait
// for a database slot is 503 unavailable with Retry-After: 1. Reads and
// writes are admitted apart: a read never waits for a write slot (writers
// cannot hold up a producer's coverage), a write waits for one. Requests off
// the API and the live board stream take no slot.
func TestAdmissionTimeout(t *testing.T) {
	t.Parallel()
	const wait = 200 * time.Millisecond
	store, _ := openNamedStore(t, storage.Options{MaxConns: 1, WriteSlots: 1, AdmissionWait: wait})
	s := newTestServerOn(t, store, nil)
	a := s.signUp("Ana Actor")
	p := s.createProduction(a, "Night Garden")
	res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + p + "/events/ticket", Token: a.Token})
	if res.Status != http.StatusCreated {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	ticket := res.JSON(t)["ticket"].(string)

	releaseWrite, err := store.Acquire(context.Background()) // the only write slot
	if err != nil {
		t.Fatal(err)
	}
	// A read does not wait for writers.
	began := time.Now()
	assertMe(t, s, a.Token, a.ID)
	if waited := time.Since(began); waited >= wait {
		t.Fatalf("a read waited %v behind a held write slot", waited)
	}
	// A write waits for the admission wait, is 503, and is not done.
	began = time.Now()
	res = s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
		Body: map[string]any{"title": "Blocked", "kind": "film", "timezone": "UTC"}})
	waited := time.Since(began)
	p503 := assertProblem(t, res, http.StatusServiceUnavailable, "unavailable")
	if res.Header.Get("Retry-After") != "1" || p503["retryAfter"] != float64(1) {
		t.Fatalf("Retry-After %q, retryAfter %v; want 1", res.Header.Get("Retry-After"), p503["retryAfter"])
	}
	if waited < wait || waited > wait+2*time.Second {
		t.Fatalf("write answered after %v, want about %v", waited, wait)
	}
	releaseRead, err := store.Acquire(storage.ReadOnly(context.Background())) // the only read slot
	if err != nil {
		t.Fatal(err)
	}
	// With every read slot taken, a read waits the same. (Not GET /me: the
	// auth cache may answer it without the database, and then without a slot.)
	began = time.Now()
	res = s.Do(request{Method: "GET", Path: "/api/v1/productions/" + p, Token: a.Token})
	waited = time.Since(began)
	assertProblem(t, res, http.StatusServiceUnavailable, "unavailable")
	if res.Header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q, want 1", res.Header.Get("Retry-After"))
	}
	if waited < wait || waited > wait+2*time.Second {
		t.Fatalf("read answered after %v, want about %v", waited, wait)
	}
	release := func() { releaseWrite(); releaseRead() }
	// Off the API: no slot needed.
	if r, err := http.Get(s.URL + "/healthz"); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("healthz while the pool is busy: %v %v", r, err)
	}
	// The stream opens without a slot.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/api/v1/productions/"+p+"/events?ticket="+ticket, nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("stream while the pool is busy: %v %v", stream, err)
	}
	defer stream.Body.Close()
	if !bufio.NewScanner(stream.Body).Scan() {
		t.Fatal("stream sent nothing")
	}
	release()
	release() // harmless
	// And holds none while it streams: the one slot serves other requests.
	for range 3 {
		assertMe(t, s, a.Token, a.ID)
	}
	res = s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token})
	if res.Status != http.StatusOK || len(res.List(t)) != 1 {
		t.Fatalf("productions: %d %s (the blocked create must not have run)", res.Status, res.Body)
	}
}

// TestAuthDatabaseFailure: when the database fails while a token is checked,
// the answer is 503 unavailable with Retry-After, never 401, and the failure
// is logged at ERROR without the token.
func TestAuthDatabaseFailure(t *testing.T) {
	t.Parallel()
	dbURL := storagetest.URL(t)
	open := func() *storage.Store {
		st, err := storage.Open(dbURL, storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	healthy := open()
	if err := healthy.Migrate(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	s := newTestServerOn(t, healthy, nil)
	a := s.signUp("Ana Actor")
	broken := open()
	b := newTestServerOn(t, broken, nil) // another instance, same database and secret
	assertMe(t, b, a.Token, a.ID)
	broken.Close() // its database now fails every query
	// Its auth cache stops answering once its last successful poll of
	// auth_changes is older than 750 ms; from then on every token is
	// checked against the (failing) database.
	waitFor(t, "b's auth cache to be bypassed", func() bool { return !b.Svc.AuthCache().Fresh() })

	for _, r := range []request{
		{Method: "GET", Path: "/api/v1/me", Token: a.Token},
		{Method: "GET", Path: "/api/v1/productions", Token: a.Token},
		{Method: "POST", Path: "/api/v1/productions", Token: a.Token, Body: map[string]any{"title": "T", "kind": "film", "timezone": "UTC"}},
	} {
		res := b.Do(r)
		p := assertProblem(t, res, http.StatusServiceUnavailable, "unavailable")
		if ra := res.Header.Get("Retry-After"); ra == "" || p["retryAfter"] == nil {
			t.Fatalf("%s %s: 503 without Retry-After: %s", r.Method, r.Path, res.Body)
		}
		assertNoGoText(t, r.Path, res.Body)
	}
	logs := b.Logs.String()
	if !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "authentication failed") {
		t.Fatalf("the failure was not logged at ERROR:\n%s", logs)
	}
	if strings.Contains(logs, a.Token) || strings.Contains(logs, a.Token[strings.LastIndex(a.Token, ".")+1:]) {
		t.Fatal("the log holds the token")
	}
	// Without a token nothing needs the database: still 401.
	assertProblem(t, getMe(b, ""), http.StatusUnauthorized, "unauthorized")
	// The healthy instance is unaffected.
	assertMe(t, s, a.Token, a.ID)
}
