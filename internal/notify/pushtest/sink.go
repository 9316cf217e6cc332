package pushtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// Sink is a push service for load: a TLS server that takes every POST to
// /push/<id>, answers 201 after Delay, and counts what it got — pushes per
// subscription (to tell a double delivery) and the most requests it ever
// had in flight at once. It does not decrypt (Receiver does that, for
// correctness); it measures the sender.
type Sink struct {
	srv   *httptest.Server
	delay time.Duration

	mu       sync.Mutex
	inFlight int
	maxIn    int
	got      map[string]int
	total    int
	changed  chan struct{}
}

// NewSink starts a TLS sink answering after delay; it closes on t.Cleanup.
func NewSink(t testing.TB, delay time.Duration) *Sink {
	s := &Sink{delay: delay, got: map[string]int{}, changed: make(chan struct{})}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.handle))
	s.srv.Config.ErrorLog = nil
	s.srv.StartTLS()
	t.Cleanup(s.srv.Close)
	return s
}

// Client is an HTTP client that trusts the sink's certificate, with room
// for conns connections to it.
func (s *Sink) Client(conns int) *http.Client {
	c := s.srv.Client()
	tr := c.Transport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = conns, conns
	c.Transport = tr
	c.Timeout = 30 * time.Second
	return c
}

// Host is the sink's host:port, for the allow-list.
func (s *Sink) Host() string {
	u, _ := url.Parse(s.srv.URL)
	return u.Host
}

// Endpoint is the push endpoint of subscription id.
func (s *Sink) Endpoint(id string) string { return s.srv.URL + "/push/" + id }

func (s *Sink) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inFlight++
	s.maxIn = max(s.maxIn, s.inFlight)
	s.mu.Unlock()
	_, _ = io.Copy(io.Discard, r.Body)
	time.Sleep(s.delay)
	s.mu.Lock()
	s.inFlight--
	if r.Method == http.MethodPost && r.Header.Get("Content-Encoding") == "aes128gcm" {
		s.got[r.URL.Path]++
		s.total++
		close(s.changed)
		s.changed = make(chan struct{})
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

// Counts returns how many pushes arrived, how many subscriptions got more
// than one, and the most requests in flight at once.
func (s *Sink) Counts() (total, doubled, maxInFlight int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.got {
		if n > 1 {
			doubled++
		}
	}
	return s.total, doubled, s.maxIn
}

// Wait blocks until n pushes have arrived or timeout passes, and says
// whether they did.
func (s *Sink) Wait(n int, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		total, changed := s.total, s.changed
		s.mu.Unlock()
		if total >= n {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}
