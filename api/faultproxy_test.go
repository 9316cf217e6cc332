package api_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/testclock"
)

// A fault-injecting TCP proxy in front of the test server: phones on a bad
// connection lose requests and answers at every point. Decisions sent with an
// Idempotency-Key through it, cut and retried with the same key, are recorded
// exactly once, and the key never sticks. Helpers here are prefixed fault.

// faultMode is what the proxy does to one connection.
type faultMode int

const (
	faultNone         faultMode = iota // pass everything through
	faultCutRequest                    // (a) forward the request, wait delay, close both sides before any response byte
	faultCutResponse                   // (b) forward n response bytes (after the headers with afterHeaders), then close
	faultTruncateBody                  // (c) forward the headers and n body bytes, stall for delay, then close
)

type fault struct {
	mode         faultMode
	delay        time.Duration
	n            int
	afterHeaders bool
	// midRun (with faultCutRequest): cut once the server is inside the run
	// (the proxy's midRun hook returns), hold it there for delay, then let it go.
	midRun bool
}

func (f fault) String() string {
	switch f.mode {
	case faultCutRequest:
		if f.midRun {
			return "cut in the middle of the run"
		}
		return fmt.Sprintf("cut after the request (+%v)", f.delay)
	case faultCutResponse:
		if f.afterHeaders {
			return fmt.Sprintf("cut after the response headers + %d bytes", f.n)
		}
		return fmt.Sprintf("cut after %d response bytes", f.n)
	case faultTruncateBody:
		return fmt.Sprintf("body truncated to %d bytes, stalled %v", f.n, f.delay)
	}
	return "none"
}

// faultProxy listens on 127.0.0.1 and forwards each connection to target,
// applying the next queued fault (none when the queue is empty).
type faultProxy struct {
	t      *testing.T
	ln     net.Listener
	target string
	client *http.Client
	// midRun, when set, is called before the request is forwarded; the wait
	// it returns, called after, waits until the server is inside the run of
	// that request and keeps it there until release is called.
	midRun func() (wait func() (release func()))

	mu    sync.Mutex
	queue []fault
	conns int // connections accepted
	cuts  int // connections cut
	wg    sync.WaitGroup
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{t: t, ln: ln, target: u.Host,
		// One connection per request (so each gets its own fault) and no
		// automatic retries of the transport.
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.wg.Wait()
	})
	return p
}

func (p *faultProxy) URL() string { return "http://" + p.ln.Addr().String() }

// push queues faults for the next connections.
func (p *faultProxy) push(fs ...fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = append(p.queue, fs...)
}

func (p *faultProxy) pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue)
}

func (p *faultProxy) stats() (conns, cuts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns, p.cuts
}

func (p *faultProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns++
		f := fault{}
		if len(p.queue) > 0 {
			f, p.queue = p.queue[0], p.queue[1:]
		}
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.handle(c, f)
		}()
	}
}

func (p *faultProxy) handle(client net.Conn, f fault) {
	defer client.Close()
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer server.Close()
	head, body, err := faultReadRequest(bufio.NewReader(client))
	if err != nil {
		return
	}
	cut := func() {
		p.mu.Lock()
		p.cuts++
		p.mu.Unlock()
		// Abrupt: both sides see the connection die (RST), no more bytes.
		for _, c := range []net.Conn{client, server} {
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = c.Close()
		}
	}
	switch f.mode {
	case faultTruncateBody:
		_, _ = server.Write(head)
		_, _ = server.Write(body[:min(f.n, len(body))])
		time.Sleep(f.delay)
		cut()
		return
	}
	var wait func() func()
	if f.mode == faultCutRequest && f.midRun && p.midRun != nil {
		wait = p.midRun()
	}
	if _, err := server.Write(append(head, body...)); err != nil {
		return
	}
	switch f.mode {
	case faultCutRequest:
		if wait != nil {
			release := wait()
			cut()
			time.Sleep(f.delay) // the server notices the cut while still inside the run
			release()
			return
		}
		faultSpin(f.delay)
		cut()
	case faultCutResponse:
		br := bufio.NewReader(server)
		n := f.n
		if f.afterHeaders {
			for {
				line, err := br.ReadBytes('\n')
				if _, werr := client.Write(line); err != nil || werr != nil {
					cut()
					return
				}
				if len(bytes.TrimSpace(line)) == 0 {
					break
				}
			}
		}
		_, _ = io.CopyN(client, br, int64(n))
		cut()
	default:
		_, _ = io.Copy(client, server) // the server closes after the answer (Connection: close)
	}
}

// faultSpin waits d precisely (sleeps are too coarse for microseconds).
func faultSpin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
		runtime.Gosched()
	}
}

// faultReadRequest reads one HTTP/1.1 request with a Content-Length body (the
// Go client sends one for byte bodies), as raw bytes.
func faultReadRequest(br *bufio.Reader) (head, body []byte, err error) {
	length := 0
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			return nil, nil, err
		}
		head = append(head, line...)
		s := strings.TrimSpace(string(line))
		if s == "" {
			break
		}
		if k, v, ok := strings.Cut(s, ":"); ok && strings.EqualFold(k, "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return nil, nil, err
			}
		}
	}
	body = make([]byte, length)
	_, err = io.ReadFull(br, body)
	return head, body, err
}

// faultHoldMidRun arms the server's clock so that the forwarded request's
// run stops in the middle: the first time the server reads the clock after
// the request claimed its key (a new record with status 0) — at the start of
// its use case, before its transaction — it waits there until release. The
// wait it returns waits until the run is held, or 1 s (no new claim: a
// replay, or a request that never arrived).
func faultHoldMidRun(clock *testclock.Clock, db *rawDB) (wait func() (release func())) {
	const claimed = "SELECT count(*) FROM idempotency_keys WHERE status = 0"
	var before int
	if err := db.db.QueryRow(claimed).Scan(&before); err != nil {
		db.t.Errorf("mid-run: %v", err) // not Fatal: the proxy's goroutine
	}
	held, release := make(chan struct{}), make(chan struct{})
	var fired atomic.Bool
	hook := func() {
		if fired.Load() {
			return
		}
		var n int
		if err := db.db.QueryRow(claimed).Scan(&n); err != nil || n <= before || fired.Swap(true) {
			return
		}
		close(held)
		<-release
	}
	clock.Hook(hook)
	return func() func() {
		select {
		case <-held:
		case <-time.After(time.Second):
			if !fired.Swap(true) { // not held, and now never will be
				clock.Hook(nil)
				return func() {}
			}
			<-held // held just now
		}
		db.held.Add(1)
		return func() {
			clock.Hook(nil)
			close(release)
		}
	}
}

// send makes one request through the proxy; a connection cut (at any point,
// the body included) is an error.
func (p *faultProxy) send(method, path, token, key string, body []byte) (response, error) {
	p.t.Helper()
	req, err := http.NewRequest(method, p.URL()+path, bytes.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	res, err := p.client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	out := response{Status: res.StatusCode, Header: res.Header, Body: b}
	checkResponseAgainstSpec(p.t, req, out)
	return out, nil
}

// faultTally counts what the retry loops saw, for the summary line.
type faultTally struct {
	tried, cutSeen, busy, replayed, fresh, lost, exactlyOnce, cases, stuck int
}

// faultRetry sends the request until it gets an answer other than 409
// idempotency_in_progress (which it waits out briefly: the server may still
// be running the cut request), within bounds. It fails when the key sticks.
func faultRetry(t *testing.T, p *faultProxy, tally *faultTally, method, path, token, key string, body []byte) response {
	t.Helper()
	busyFor := time.Duration(0)
	for attempt := 0; attempt < 200; attempt++ {
		tally.tried++
		res, err := p.send(method, path, token, key, body)
		if err != nil {
			tally.cutSeen++
			continue
		}
		if res.Status == http.StatusConflict && bytes.Contains(res.Body, []byte(`"idempotency_in_progress"`)) {
			tally.busy++
			if busyFor > 3*time.Second {
				tally.stuck++
				t.Fatalf("the key sticks: still 409 idempotency_in_progress %v after the first run: %s", busyFor, res.Body)
			}
			time.Sleep(20 * time.Millisecond)
			busyFor += 20 * time.Millisecond
			continue
		}
		return res
	}
	t.Fatal("no answer after 200 attempts")
	return response{}
}

// faultCase is one decision sent through the proxy.
type faultCase struct {
	name, method, path, key string
	body                    []byte
	// recorded counts what the decision leaves behind: history rows, audit
	// events and coordinator notifications.
	recorded func() (rows, audits, notices int)
	// wantNotices is how many coordinator notifications one decision makes.
	wantNotices int
	// check looks at the final answer; state at the state read back (when
	// the answer was lost).
	check, state func(t *testing.T, res response)
}

// TestIdempotencyFaultProxy: withdraw, confirm and check-in answers sent with
// an Idempotency-Key through a proxy that (a) cuts the connection once the
// request is forwarded, (b) cuts it once the server started answering, (c)
// truncates and stalls the request body; each is retried with the same key
// until it succeeds. Every decision is recorded exactly once (history rows,
// audit events, coordinator notifications), a retry after a completed first
// run is a replay, a truncated body records nothing and leaves the key free,
// and the key never sticks.
func TestIdempotencyFaultProxy(t *testing.T) {
	s, db := serverWithDB(t)
	w := newWorld(t, s)
	ciScene := w.scene("CI", []string{"kissing"}, w.PerformerA)
	p := newFaultProxy(t, s.URL)
	tally := &faultTally{}
	a := w.PerformerA

	p.midRun = func() func() func() { return faultHoldMidRun(s.Clock, db) }

	// (a) first cuts in the middle of the run (deterministic: the server has
	// claimed the key and is held at the start of its use case), then
	// sweeps the cut through the whole handling of a request (about a
	// millisecond here) in 100 µs steps: an attempt cut too early runs afresh.
	cutRequest := []fault{{mode: faultCutRequest, midRun: true, delay: 30 * time.Millisecond}}
	for d := time.Duration(0); d <= 2*time.Millisecond; d += 100 * time.Microsecond {
		cutRequest = append(cutRequest, fault{mode: faultCutRequest, delay: d})
	}
	cutResponse := []fault{{mode: faultCutResponse, n: 1}, {mode: faultCutResponse, n: 40},
		{mode: faultCutResponse, afterHeaders: true, n: 1}}
	truncate := []fault{{mode: faultTruncateBody, n: 0}, {mode: faultTruncateBody, n: 7},
		{mode: faultTruncateBody, n: 12, delay: 150 * time.Millisecond}}
	modes := []struct {
		name   string
		faults []fault
	}{{"a cut after the request", cutRequest}, {"b cut while answering", cutResponse}, {"c truncated body", truncate}}

	n := 0
	consentCase := func(w *world, db *rawDB, kind string) faultCase {
		n++
		scene := w.scene(fmt.Sprintf("F%d", n), []string{"kissing"}, a)
		w.published(scene, "v1", step("Alone", map[string]string{a.ID: "none"}, nil, ""))
		c := faultCase{name: kind, key: fmt.Sprintf("%s-%d-7d2f", kind, n)}
		state := "confirmed"
		if kind == "withdraw" {
			state, c.method, c.path = "withdrawn", "POST", "/api/v1/scenes/"+scene+"/consent/withdraw"
			c.body, c.wantNotices = []byte(`{"note":"I need to stop here, sorry."}`), 1
		} else {
			c.method, c.path = "PUT", "/api/v1/scenes/"+scene+"/consent"
			c.body = []byte(`{"version":1,"decision":"confirmed","note":"Fine with the blocking."}`)
		}
		c.recorded = func() (int, int, int) {
			return db.decisions(scene, a.ID, state), db.audits("consent."+state, scene), db.notices(w.Coordinator.ID, scene, "")
		}
		c.check = func(t *testing.T, res response) {
			if m := res.JSON(t); res.Status != http.StatusOK || m["state"] != state {
				t.Fatalf("final answer %d %s, want 200 %s", res.Status, res.Body, state)
			}
		}
		c.state = func(t *testing.T, _ response) {
			if cs, _ := w.in(t).consents(a, scene); cs[a.ID]["state"] != state {
				t.Fatalf("consent read back %v, want %s", cs[a.ID], state)
			}
		}
		return c
	}
	checkinCase := func(ci *world, db *rawDB) faultCase {
		n++
		id := ci.requested(fmt.Sprintf("Before take %d", n), 0, a)["id"].(string)
		return faultCase{name: "checkin", method: "POST", path: "/api/v1/checkins/" + id + "/response",
			key: fmt.Sprintf("ans-%d-91c2", n), body: []byte(`{"answer":"stop","note":"My knee hurts."}`), wantNotices: 1,
			recorded: func() (int, int, int) {
				return db.count("SELECT count(*) FROM checkin_responses WHERE checkin_id = ? AND user_id = ? AND answer = 'stop'", id, a.ID),
					db.audits("checkin.answered", id),
					db.notices(ci.Coordinator.ID, ci.Scene, "checkin.alert")
			},
			check: func(t *testing.T, res response) {
				if res.Status != http.StatusOK || responsesByUser(t, res.JSON(t))[a.ID]["answer"] != "stop" {
					t.Fatalf("final answer %d %s, want 200 with stop", res.Status, res.Body)
				}
			},
			state: func(t *testing.T, _ response) {
				ci := ci.in(t)
				if got, _ := ci.get(a, id); responsesByUser(t, got)[a.ID]["answer"] != "stop" {
					t.Fatalf("check-in read back %v, want stop", got)
				}
			},
		}
	}

	for _, mode := range modes {
		for _, kind := range []string{"withdraw", "confirm", "checkin"} {
			t.Run(mode.name+"/"+kind, func(t *testing.T) {
				w, db := w.in(t), db.in(t)
				var c faultCase
				if kind == "checkin" {
					cw := *w
					cw.Scene = ciScene
					c = checkinCase(&cw, db)
				} else {
					c = consentCase(w, db, kind)
				}
				busy0 := tally.busy
				_, _, notices0 := c.recorded()
				if mode.faults[0].mode == faultTruncateBody {
					// Each truncated attempt is cut, and records nothing.
					for _, f := range mode.faults {
						p.push(f)
						tally.tried++
						if res, err := p.send(c.method, c.path, a.Token, c.key, c.body); err == nil {
							t.Fatalf("%v: got an answer %d %s", f, res.Status, res.Body)
						}
						tally.cutSeen++
					}
					time.Sleep(50 * time.Millisecond) // let the server notice
					if rows, audits, notices := c.recorded(); rows != 0 || audits != 0 || notices != notices0 {
						t.Fatalf("truncated bodies recorded %d rows, %d audit events, %d notifications", rows, audits, notices-notices0)
					}
				} else {
					p.push(mode.faults...)
				}
				final := faultRetry(t, p, tally, c.method, c.path, a.Token, c.key, c.body)
				if p.pending() != 0 {
					t.Fatalf("answered before every fault was applied: %d left", p.pending())
				}
				// A cut can also fall on the commit itself (the database
				// committed, the server saw an error): then the answer is lost
				// and the key says so (409 idempotency_recorded) — never runs
				// again; the app reloads the state.
				lost := final.Status == http.StatusConflict && bytes.Contains(final.Body, []byte(`"idempotency_recorded"`))
				replayed := final.Header.Get("Idempotent-Replayed") == "true"
				switch {
				case lost && mode.faults[0].mode != faultCutRequest:
					t.Fatalf("answer lost without a cut before the answer: %s", final.Body)
				case lost:
					tally.lost++
					c.state(t, final)
				case replayed:
					tally.replayed++
					c.check(t, final)
				default:
					tally.fresh++
					c.check(t, final)
				}
				switch mode.faults[0].mode {
				case faultCutResponse: // the first run answered: everything after is a replay
					if !replayed {
						t.Errorf("the retry after a completed first run is not a replay: %v", final.Header)
					}
				case faultTruncateBody: // nothing was claimed: the key was free
					if replayed || tally.busy != busy0 {
						t.Errorf("the first complete request was replayed or kept waiting: a truncated body claimed the key")
					}
				}
				// The key is done, not stuck: once more is a byte-identical replay.
				again := faultRetry(t, p, tally, c.method, c.path, a.Token, c.key, c.body)
				if lost {
					assertProblem(t, again, http.StatusConflict, "idempotency_recorded")
				} else if again.Status != final.Status || !bytes.Equal(again.Body, final.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("replay %d %s (%q), want the answer %d %s", again.Status, again.Body,
						again.Header.Get("Idempotent-Replayed"), final.Status, final.Body)
				}
				rows, audits, notices := c.recorded()
				if rows != 1 || audits != 1 || notices-notices0 != c.wantNotices {
					t.Errorf("recorded %d history rows, %d audit events, %d coordinator notifications; want 1, 1, %d",
						rows, audits, notices-notices0, c.wantNotices)
				} else {
					tally.exactlyOnce++
				}
				tally.cases++
			})
		}
	}
	conns, cuts := p.stats()
	// Runs the server saw cancelled by a cut (logged as abandoned, then
	// released): before their claim, or inside their use case. A client
	// going away is never logged as an error of ours.
	var early, inside int
	for _, l := range strings.Split(s.Logs.String(), "\n") {
		if strings.Contains(l, "level=ERROR") {
			t.Errorf("a cut connection was logged as an error: %s", l)
		}
		switch {
		case !strings.Contains(l, "request abandoned") || !strings.Contains(l, "context canceled"):
		case strings.Contains(l, "idempotency key"):
			early++
		default:
			inside++
		}
	}
	t.Logf("fault proxy: %d requests tried over %d connections, %d connections cut (%d seen by the client; %d runs "+
		"held and cut between their claim and their finish; runs cancelled: %d before their claim, %d inside their use case), %d waits on 409 idempotency_in_progress, "+
		"%d final answers replayed, %d fresh, %d lost (409 idempotency_recorded); %d of %d decisions recorded exactly once; %d keys stuck",
		tally.tried, conns, cuts, tally.cutSeen, db.held.Load(), early, inside, tally.busy, tally.replayed, tally.fresh,
		tally.lost, tally.exactlyOnce, tally.cases, tally.stuck)
}
