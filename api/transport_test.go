package api_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"closedset/api"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// transportServer is the real application behind a handler that counts the
// request body bytes the application reads, with a short body timeout.
type transportServer struct {
	*testServer
	Addr     string
	bodyRead atomic.Int64
}

// testBodyTimeout stands in for the 10 s of production.
const testBodyTimeout = 300 * time.Millisecond

func newTransportServer(t *testing.T, store *storage.Store) *transportServer {
	t.Helper()
	if store == nil {
		store = storagetest.Open(t)
	}
	base := newTestServerOn(t, store, nil) // its service and clock; its own listener stays unused
	logs := &syncBuffer{}
	e, err := api.New(api.Options{Service: base.Svc, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		SecureCookies: true, BodyTimeout: testBodyTimeout})
	if err != nil {
		t.Fatal(err)
	}
	ts := &transportServer{}
	hs := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = countingBody{ReadCloser: r.Body, n: &ts.bodyRead}
		}
		e.ServeHTTP(w, r)
	}))
	hs.Config.MaxHeaderBytes = 64 << 10 // as internal/app/run.go
	hs.Start()
	t.Cleanup(hs.Close)
	s := *base
	s.URL, s.Logs = hs.URL, logs
	ts.testServer, ts.Addr = &s, hs.Listener.Addr().String()
	return ts
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// rawCall is one request written by hand on a new TCP connection.
type rawCall struct {
	Head string // request line and headers, each ending in \r\n, without the blank line
	Body []byte // written after the blank line
	// End half-closes the connection after the body (the client is done
	// sending: a short body ends there). net/http then takes the client for
	// gone and cancels the request's context.
	End bool
	// Stall keeps the connection open and, after the answer, checks whether
	// the server closed it.
	Stall bool
}

type rawResult struct {
	Status  int
	Header  http.Header
	Body    []byte
	Elapsed time.Duration // from writing the headers to the complete answer
	Closed  bool          // the server closed the connection after the answer
}

func (s *transportServer) raw(t *testing.T, c rawCall) rawResult {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	start := time.Now()
	if _, err := io.WriteString(conn, c.Head+"\r\n"); err != nil {
		t.Fatal(err)
	}
	go func() { // the server may answer (and close) before reading it all
		_, _ = conn.Write(c.Body)
		if c.End {
			_ = conn.(*net.TCPConn).CloseWrite()
		}
	}()
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatalf("answer body: %v", err)
	}
	out := rawResult{Status: res.StatusCode, Header: res.Header, Body: body, Elapsed: time.Since(start)}
	if c.Stall {
		_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, err := br.ReadByte()
		out.Closed = err == io.EOF
	}
	return out
}

// head builds a request head with Host, JSON content type and, when token is
// set, a bearer token.
func head(method, path, token string, headers ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: closedset.test\r\nContent-Type: application/json\r\n", method, path)
	if token != "" {
		fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", token)
	}
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	return b.String()
}

// goErrorText are fragments of Go, network and decoder error strings that
// must never reach a caller.
var goErrorText = []string{"read tcp", "unexpected EOF", "EOF", "http:", "net/", "i/o timeout", "tcp ",
	"connection reset", "broken pipe", "strconv", "invalid syntax", "json:", "invalid character", "chunk",
	"127.0.0.1", "goroutine", "runtime", "deadline", "reading failed", "failed to decode", "<nil>"}

var requestIDMember = regexp.MustCompile(`"requestId":"[^"]*"`)

func assertNoGoText(t *testing.T, what string, body []byte) {
	t.Helper()
	body = requestIDMember.ReplaceAll(body, nil) // random letters
	for _, f := range goErrorText {
		if bytes.Contains(body, []byte(f)) {
			t.Errorf("%s: the answer holds Go error text %q: %s", what, f, body)
		}
	}
}

// assertRawProblem checks a problem+json answer of a raw call.
func assertRawProblem(t *testing.T, what string, r rawResult, status int, code string) {
	t.Helper()
	assertProblem(t, response{Status: r.Status, Header: r.Header, Body: r.Body}, status, code)
	assertNoGoText(t, what, r.Body)
}

// TestBodyIncomplete: a body that ends before its Content-Length (the client
// closed its side) is 400 body_incomplete at once, signed in or not.
func TestBodyIncomplete(t *testing.T) {
	t.Parallel()
	s := newTransportServer(t, nil)
	a := s.signUp("Ana Actor")
	body := `{"title":"Night Garden","kind":"film","timezone":"UTC"}`
	r := s.raw(t, rawCall{Head: head("POST", "/api/v1/productions", a.Token, "Content-Length: 200"), Body: []byte(body), End: true})
	assertRawProblem(t, "signed-in", r, http.StatusBadRequest, "body_incomplete")
	if r.Elapsed > 2*time.Second {
		t.Errorf("took %v", r.Elapsed)
	}
	login := fmt.Sprintf(`{"email":%q,"password":"correct horse battery"}`, a.Email)
	r = s.raw(t, rawCall{Head: head("POST", "/api/v1/auth/login", "", "Content-Length: 500"), Body: []byte(login), End: true})
	assertRawProblem(t, "login", r, http.StatusBadRequest, "body_incomplete")
	if strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), ";"), "closedset_refresh=") {
		t.Fatal("an incomplete login set a refresh cookie")
	}
	// Nothing was created from the part that arrived.
	res := s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token})
	if res.Status != http.StatusOK || len(res.List(t)) != 0 {
		t.Fatalf("productions after an incomplete create: %d %s", res.Status, res.Body)
	}
}

// TestBodyTimeout: a body still incomplete BodyTimeout after the request
// started is 408 request_timeout and the connection is closed; a slow body
// that makes it in time is served, and the connection stays usable.
func TestBodyTimeout(t *testing.T) {
	t.Parallel()
	s := newTransportServer(t, nil)
	a := s.signUp("Ana Actor")
	for _, tc := range []struct{ name, head string }{
		{"signed-in", head("POST", "/api/v1/productions", a.Token, "Content-Length: 200")},
		{"login", head("POST", "/api/v1/auth/login", "", "Content-Length: 200")},
		{"chunked", head("POST", "/api/v1/productions", a.Token, "Transfer-Encoding: chunked")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"title":"Nig`
			if strings.Contains(tc.head, "chunked") {
				body = fmt.Sprintf("%x\r\n%s\r\n", len(body), body)
			}
			r := s.raw(t, rawCall{Head: tc.head, Body: []byte(body), Stall: true})
			assertRawProblem(t, tc.name, r, http.StatusRequestTimeout, "request_timeout")
			if r.Elapsed < testBodyTimeout-50*time.Millisecond || r.Elapsed > 5*time.Second {
				t.Errorf("408 after %v, want about %v", r.Elapsed, testBodyTimeout)
			}
			if !r.Closed {
				t.Error("the connection stayed open after 408")
			}
		})
	}

	t.Run("OKSlowButInTime", func(t *testing.T) {
		conn, err := net.Dial("tcp", s.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		br := bufio.NewReader(conn)
		body := `{"title":"Night Garden","kind":"film","timezone":"UTC"}`
		call := func(title string) int {
			t.Helper()
			b := strings.Replace(body, "Night Garden", title, 1)
			fmt.Fprintf(conn, "%sContent-Length: %d\r\n\r\n%s", head("POST", "/api/v1/productions", a.Token), len(b), b[:10])
			time.Sleep(testBodyTimeout / 3)
			io.WriteString(conn, b[10:])
			res, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode
		}
		if st := call("First"); st != http.StatusCreated {
			t.Fatalf("slow body: %d", st)
		}
		time.Sleep(testBodyTimeout + 100*time.Millisecond) // idle longer than the body timeout
		if st := call("Second"); st != http.StatusCreated {
			t.Fatalf("second request on the same connection: %d", st)
		}
	})
}

// TestUnauthenticatedBodyNotRead: without a valid token a signed-in operation
// is refused before its body is read, however large.
func TestUnauthenticatedBodyNotRead(t *testing.T) {
	t.Parallel()
	s := newTransportServer(t, nil)
	a := s.signUp("Ana Actor")
	big := []byte(`{"title":"` + strings.Repeat("x", 700<<10) + `","kind":"film","timezone":"UTC"}`)
	for _, tc := range []struct{ name, token string }{{"no token", ""}, {"bad token", a.Token[:len(a.Token)-4] + "AAAA"}} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.bodyRead.Load()
			r := s.raw(t, rawCall{Head: head("POST", "/api/v1/productions", tc.token, fmt.Sprintf("Content-Length: %d", len(big))), Body: big})
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			if n := s.bodyRead.Load() - before; n != 0 {
				t.Fatalf("the server read %d bytes of the body before refusing", n)
			}
			if r.Elapsed > 2*time.Second {
				t.Errorf("refused after %v", r.Elapsed)
			}
		})
	}
	t.Run("signed in reads it", func(t *testing.T) { // the counter counts
		before := s.bodyRead.Load()
		r := s.raw(t, rawCall{Head: head("POST", "/api/v1/productions", a.Token, fmt.Sprintf("Content-Length: %d", len(big))), Body: big})
		if r.Status == http.StatusUnauthorized || r.Status >= 500 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		if n := s.bodyRead.Load() - before; n != int64(len(big)) {
			t.Fatalf("read %d bytes, want %d", n, len(big))
		}
	})
}

// TestHeadersTooLarge: headers over 16 KiB are 431 problem+json from the API;
// over 64 KiB (+4 KiB of slack) net/http refuses them itself, before routing,
// with a text/plain 431 and a closed connection.
func TestHeadersTooLarge(t *testing.T) {
	t.Parallel()
	s := newTransportServer(t, nil)
	a := s.signUp("Ana Actor")
	call := func(size int) response {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+a.Token)
		req.Header.Set("X-Filler", strings.Repeat("f", size))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return response{Status: res.StatusCode, Header: res.Header, Body: b}
	}
	if res := call(15 << 10); res.Status != http.StatusOK {
		t.Fatalf("15 KiB of headers: %d %s", res.Status, res.Body)
	}
	res := call(17 << 10)
	assertProblem(t, res, http.StatusRequestHeaderFieldsTooLarge, "headers_too_large")
	assertNoGoText(t, "17 KiB", res.Body)
	res = call(70 << 10)
	if res.Status != http.StatusRequestHeaderFieldsTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("70 KiB of headers: %d %q %s (want net/http's own text/plain 431)", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
}

// TestNoGoErrorText sends truncated, stalled and odd requests to login and to a
// signed-in mutation: every answer is a problem without Go error text, never
// 500, and never 401 for the signed-in caller.
func TestNoGoErrorText(t *testing.T) {
	t.Parallel()
	s := newTransportServer(t, nil)
	a := s.signUp("Ana Actor")
	login := fmt.Sprintf(`{"email":%q,"password":"correct horse battery"}`, a.Email)
	create := `{"title":"Night Garden","kind":"film","timezone":"UTC"}`
	type tc struct {
		name  string
		extra []string
		body  string
		end   bool
		stall bool
		ok    bool // may succeed
	}
	cases := []tc{
		{name: "truncated", extra: []string{"Content-Length: 400"}, body: "BODY"[:2], end: true},
		{name: "truncated chunked", extra: []string{"Transfer-Encoding: chunked"}, body: "40\r\n{\"email\":", end: true},
		{name: "malformed chunk", extra: []string{"Transfer-Encoding: chunked"}, body: "zz\r\n{}\r\n0\r\n\r\n"},
		{name: "chunk longer than said", extra: []string{"Transfer-Encoding: chunked"}, body: "2\r\n{\"title\":1}\r\n0\r\n\r\n"},
		{name: "stalled", extra: []string{"Content-Length: 400"}, body: `{"ema`, stall: true},
		{name: "invalid JSON", body: `{"email":`},
		{name: "trailing garbage", body: `{"email":"a@example.test"} {`},
		{name: "text/plain", extra: []string{"Content-Type: text/plain"}, body: "BODY"},
		{name: "gzip claimed", extra: []string{"Content-Encoding: gzip"}, body: "BODY", ok: true}, // the coding is ignored
		{name: "wrong types", body: `{"email":1,"password":[],"title":{},"kind":2,"timezone":null}`},
		{name: "NUL", body: "{\"email\":\"a\u0000\",\"title\":\"a\u0000\"}"},
		{name: "binary", body: "\xff\xfe\x00\x01"},
	}
	for _, target := range []struct{ name, path, token, good string }{
		{"login", "/api/v1/auth/login", "", login},
		{"create production", "/api/v1/productions", a.Token, create},
	} {
		for _, c := range cases {
			t.Run(target.name+"/"+c.name, func(t *testing.T) {
				body := c.body
				if body == "BODY" {
					body = target.good
				}
				h := head("POST", target.path, target.token, c.extra...)
				if strings.Contains(strings.Join(c.extra, ","), "Content-Type") {
					h = strings.Replace(h, "Content-Type: application/json\r\n", "", 1)
				}
				if !strings.Contains(h, "Content-Length") && !strings.Contains(h, "chunked") {
					h += fmt.Sprintf("Content-Length: %d\r\n", len(body))
				}
				r := s.raw(t, rawCall{Head: h, Body: []byte(body), End: c.end, Stall: c.stall})
				if c.ok && r.Status < 300 {
					return
				}
				if r.Status >= 500 || r.Status < 400 || target.token != "" && r.Status == http.StatusUnauthorized {
					t.Fatalf("status %d: %s\n%s", r.Status, r.Body, s.Logs)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
					t.Fatalf("content type %q: %s", ct, r.Body)
				}
				assertNoGoText(t, c.name, r.Body)
			})
		}
	}
	t.Run("bad parameters", func(t *testing.T) {
		for _, q := range []string{"limit=abc", "limit=99999999999999999999999", "unread=maybe", "limit=1.5", "limit=-1"} {
			res := s.Do(request{Method: "GET", Path: "/api/v1/notifications?" + q, Token: a.Token})
			if res.Status != http.StatusBadRequest {
				t.Fatalf("%s: %d %s", q, res.Status, res.Body)
			}
			assertNoGoText(t, q, res.Body)
		}
	})
}
