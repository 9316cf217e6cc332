// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp) on loopback for tests, with scripted
// replies per delivery attempt, and parses received messages the way a mail client does.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Reply is what the server answers to one delivery attempt.
type Reply int

const (
	Accept       Reply = iota // 250, message stored
	TempFail                  // 451 4.3.0 at DATA end (message not stored)
	PermFail                  // 554 5.6.0 at DATA end
	RcptPermFail              // 550 5.1.1 at RCPT TO
	Drop                      // close the connection after DATA without answering (connection error)
	Hang                      // read the message, then answer nothing until the client hangs up (timeouts)
	MailTempFail              // 451 4.7.1 at MAIL FROM
	MailPermFail              // 550 5.7.1 at MAIL FROM
)

// Received is one accepted message as it arrived.
type Received struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO)
	Raw  []byte   // the message as transmitted (headers and body, CRLF line ends)
	TLS  bool     // the session was encrypted (STARTTLS or implicit TLS) when the message arrived
	Auth string   // user name given with AUTH PLAIN, "" without AUTH
}

// Server is a running test SMTP server. All methods are safe for concurrent use.
type Server struct {
	Addr string // 127.0.0.1:port

	scheme   string // "smtp", or "smtps" for StartImplicitTLS
	srv      *smtp.Server
	mu       sync.Mutex
	script   []Reply
	attempts int
	conns    int
	msgs     []Received
	changed  chan struct{} // closed and replaced whenever a message is accepted
	closed   chan struct{} // closed at cleanup; releases sessions in Hang
}

// Start runs a go-smtp server on 127.0.0.1:0 until t's cleanup. It accepts AUTH PLAIN (any credentials) or
// none, any sender and recipient, and does not offer STARTTLS.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, nil, false)
}

// StartTLS is Start, but the server offers STARTTLS with a fresh self-signed certificate for 127.0.0.1, ::1
// and localhost. The returned pool trusts that certificate (put it in mail.Settings.RootCAs).
func StartTLS(t testing.TB) (*Server, *x509.CertPool) {
	t.Helper()
	cert, pool, err := selfSigned()
	if err != nil {
		t.Fatalf("mailtest: certificate: %v", err)
	}
	return start(t, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, false), pool
}

// StartImplicitTLS is StartTLS for smtps://: the listener speaks TLS from the first byte, and URL() says
// "smtps://127.0.0.1:port".
func StartImplicitTLS(t testing.TB) (*Server, *x509.CertPool) {
	t.Helper()
	cert, pool, err := selfSigned()
	if err != nil {
		t.Fatalf("mailtest: certificate: %v", err)
	}
	return start(t, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, true), pool
}

func start(t testing.TB, tlsConf *tls.Config, implicit bool) *Server {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{Addr: l.Addr().String(), scheme: "smtp", changed: make(chan struct{}), closed: make(chan struct{})}
	if implicit {
		l, s.scheme = tls.NewListener(l, tlsConf), "smtps"
		tlsConf = nil // no STARTTLS inside TLS
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.conns++
		s.mu.Unlock()
		return &session{s: s, c: c}, nil
	}))
	srv.Domain = "mailtest.localhost"
	srv.AllowInsecureAuth = true
	srv.TLSConfig = tlsConf
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.ErrorLog = discardLogger{}
	s.srv = srv
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		close(s.closed)
		_ = srv.Close()
		_ = l.Close() // go-smtp's Close misses a listener that Serve has not registered yet
		<-done
	})
	return s
}

// URL is the server as CLOSEDSET_SMTP_URL: "smtp://127.0.0.1:port" ("smtps://…" for StartImplicitTLS).
func (s *Server) URL() string { return s.scheme + "://" + s.Addr }

// Script sets the replies for the next len(replies) delivery attempts, in order (an attempt is counted at
// MAIL FROM, i.e. once per message); afterwards every attempt is accepted. A new Script replaces what is left of the old one.
func (s *Server) Script(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append([]Reply(nil), replies...)
}

// Attempts is the number of delivery attempts seen (accepted or refused).
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Connections is the number of SMTP sessions opened so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Messages returns the accepted messages, in order.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// WaitFor blocks until at least n messages were accepted and returns them all, or fails t after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			out := append([]Received(nil), s.msgs...)
			s.mu.Unlock()
			return out
		}
		got, ch := len(s.msgs), s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("mailtest: %d message(s) accepted after %v, want %d (%d attempts)", got, timeout, n, s.Attempts())
			return nil
		}
	}
}

// next takes the reply for a new delivery attempt.
func (s *Server) next() Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if len(s.script) == 0 {
		return Accept
	}
	r := s.script[0]
	s.script = s.script[1:]
	return r
}

func (s *Server) store(m Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// session is one SMTP connection; go-smtp calls it from that connection's goroutine only.
type session struct {
	s     *Server
	c     *smtp.Conn
	auth  string
	from  string
	to    []string
	reply Reply
	begun bool // a reply was taken for the current transaction
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, _ string) error {
		ss.auth = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.begun {
		ss.reply, ss.begun = ss.s.next(), true
	}
	switch ss.reply {
	case MailTempFail:
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Sender deferred (scripted)"}
	case MailPermFail:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Sender refused (scripted)"}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.reply == RcptPermFail {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user (scripted)"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch ss.reply {
	case TempFail:
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later (scripted)"}
	case PermFail:
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Message refused (scripted)"}
	case Drop:
		_ = ss.c.Conn().Close()
		return errors.New("mailtest: connection dropped (scripted)")
	case Hang:
		ss.hang()
		_ = ss.c.Conn().Close()
		return errors.New("mailtest: hung up (scripted)")
	}
	_, isTLS := ss.c.TLSConnectionState()
	ss.s.store(Received{From: ss.from, To: append([]string(nil), ss.to...), Raw: raw, TLS: isTLS, Auth: ss.auth})
	return nil
}

// hang waits until the client closes the connection (a read returns) or the server is cleaned up.
func (ss *session) hang() {
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		_, _ = ss.c.Conn().Read(make([]byte, 1))
	}()
	select {
	case <-gone:
	case <-ss.s.closed:
	}
}

func (ss *session) Reset() {
	ss.from, ss.to, ss.begun, ss.reply = "", nil, false, Accept
}

func (ss *session) Logout() error { return nil }

type discardLogger struct{}

func (discardLogger) Printf(string, ...interface{}) {}
func (discardLogger) Println(...interface{})        {}

// selfSigned makes a P-256 certificate for 127.0.0.1, ::1 and localhost, valid for a day.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
