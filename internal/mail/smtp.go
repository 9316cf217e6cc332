package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base32"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail to one recipient.
type Message struct {
	To              string // one address
	Subject         string
	Text            string // plain-text part (required)
	HTML            string // simple HTML part (required)
	ListUnsubscribe string // URL; when non-empty adds List-Unsubscribe: <URL> (notification mails only)
	MessageID       string // optional: when empty the sender makes a unique one "<random@from-domain>"
}

// Sender sends messages. Send returns nil when the server accepted the message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends each message over its own connection through go-mail. It is safe for concurrent use.
type SMTP struct {
	s          Settings
	from       *netmail.Address
	fromDomain string
}

var _ Sender = (*SMTP)(nil)

// NewSMTP checks the settings and returns a Sender over go-mail. It does not connect.
func NewSMTP(s Settings) (*SMTP, error) {
	if s.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	if s.Port < 1 || s.Port > 65535 {
		return nil, fmt.Errorf("mail: SMTP port %d out of range", s.Port)
	}
	switch s.Security {
	case StartTLSRequired, StartTLSOpportunistic, ImplicitTLS:
	default:
		return nil, fmt.Errorf("mail: unknown security %d", int(s.Security))
	}
	from, err := netmail.ParseAddress(s.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender %q is not an e-mail address: %w", s.From, err)
	}
	if s.Timeout <= 0 {
		s.Timeout = DefaultTimeout
	}
	s.Host = strings.TrimSuffix(strings.TrimPrefix(s.Host, "["), "]")
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	return &SMTP{s: s, from: from, fromDomain: domain}, nil
}

// Send builds the message and delivers it over a new connection. ctx bounds the whole attempt (connecting,
// every command); Settings.Timeout bounds connecting and each command. A message the server accepted is a
// success even if closing the session afterwards fails, so an accepted message is never reported for retry.
func (c *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := c.build(m)
	if err != nil {
		return &InvalidMessageError{err: err}
	}
	client, stop, err := c.client(ctx)
	if err != nil {
		return fmt.Errorf("mail: smtp client: %w", err)
	}
	defer stop()
	err = client.DialAndSendWithContext(ctx, msg)
	if msg.IsDelivered() {
		return nil
	}
	if err == nil { // go-mail reports every failure; be safe rather than claim a delivery
		err = errors.New("message not delivered")
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = errors.Join(ctxErr, err)
	}
	return fmt.Errorf("mail: smtp %s: %w", net.JoinHostPort(c.s.Host, strconv.Itoa(c.s.Port)), err)
}

// client returns a go-mail client for one Send. Its dialer closes the connection when ctx ends (stop releases
// that hook) and dials host:port itself, so IPv6 literals work and implicit TLS uses our tls.Config.
func (c *SMTP) client(ctx context.Context) (*gomail.Client, func(), error) {
	tlsConf := &tls.Config{ServerName: c.s.Host, RootCAs: c.s.RootCAs, MinVersion: tls.VersionTLS12}
	addr := net.JoinHostPort(c.s.Host, strconv.Itoa(c.s.Port))
	var stops []func() bool
	stop := func() {
		for _, s := range stops {
			s()
		}
	}
	dial := func(dctx context.Context, network, _ string) (net.Conn, error) {
		d := &net.Dialer{}
		var conn net.Conn
		var err error
		if c.s.Security == ImplicitTLS {
			conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConf}).DialContext(dctx, network, addr)
		} else {
			conn, err = d.DialContext(dctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		stops = append(stops, context.AfterFunc(ctx, func() { _ = conn.Close() }))
		return conn, nil
	}
	opts := []gomail.Option{
		gomail.WithPort(c.s.Port),
		gomail.WithTimeout(c.s.Timeout),
		gomail.WithTLSConfig(tlsConf),
		gomail.WithDialContextFunc(dial),
		gomail.WithoutNoop(), // fresh connection: no need to probe it before MAIL FROM
	}
	switch c.s.Security {
	case StartTLSRequired:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case StartTLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	}
	if c.s.Username != "" {
		// go-mail refuses PLAIN on an unencrypted link unless the host is localhost/127.0.0.1/::1.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(c.s.Username), gomail.WithPassword(c.s.Password))
	}
	client, err := gomail.NewClient(c.s.Host, opts...)
	if err != nil {
		return nil, nil, err
	}
	return client, stop, nil
}

// build turns m into a go-mail message: multipart/alternative text/plain + text/html, UTF-8, quoted-printable,
// with From, To, Subject, Date, Message-ID, MIME-Version and, when set, List-Unsubscribe.
func (c *SMTP) build(m Message) (*gomail.Msg, error) {
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("recipient is not one e-mail address: %w", err)
	}
	if m.Text == "" || m.HTML == "" {
		return nil, errors.New("message needs both a text and an HTML part")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("subject contains a line break")
	}
	id, err := c.messageID(m.MessageID)
	if err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	msg.FromMailAddress(c.from)
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderTo, to)
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(id)
	if m.ListUnsubscribe != "" {
		if err := checkUnsubscribe(m.ListUnsubscribe); err != nil {
			return nil, err
		}
		msg.SetListUnsubscribe(m.ListUnsubscribe)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// messageID returns the Message-ID without angle brackets: the given one, or 128 random bits at the From domain.
func (c *SMTP) messageID(given string) (string, error) {
	if given == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		return strings.ToLower(idEncoding.EncodeToString(b)) + "@" + c.fromDomain, nil
	}
	id := strings.TrimSuffix(strings.TrimPrefix(given, "<"), ">")
	at := strings.LastIndexByte(id, '@')
	if at <= 0 || at == len(id)-1 || strings.ContainsAny(id, "<>\r\n\t ") {
		return "", fmt.Errorf("message ID %q is not of the form <left@right>", given)
	}
	return id, nil
}

func checkUnsubscribe(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(raw, "<>\r\n\t ,") {
		return errors.New("List-Unsubscribe is not a URL")
	}
	switch u.Scheme {
	case "https", "http":
		if u.Host == "" {
			return errors.New("List-Unsubscribe URL has no host")
		}
	case "mailto":
	default:
		return fmt.Errorf("List-Unsubscribe URL scheme %q is not http(s) or mailto", u.Scheme)
	}
	return nil
}
