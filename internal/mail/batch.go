package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// SendBatch sends several messages over one connection, in order, and returns one error per message (nil =
// accepted), each classified like Send's (Permanent, Summary). An SMTP reply refusing one message does not
// affect the others; once the connection fails, the remaining messages get that (temporary) error unsent.
func (c *SMTP) SendBatch(ctx context.Context, ms []Message) []error {
	errs := make([]error, len(ms))
	msgs := make([]*gomail.Msg, len(ms))
	pending := 0
	for i, m := range ms {
		msg, err := c.build(m)
		if err != nil {
			errs[i] = &InvalidMessageError{err: err}
			continue
		}
		msgs[i] = msg
		pending++
	}
	if pending == 0 {
		return errs
	}
	addr := net.JoinHostPort(c.s.Host, strconv.Itoa(c.s.Port))
	fail := func(err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = errors.Join(ctxErr, err)
		}
		return fmt.Errorf("mail: smtp %s: %w", addr, err)
	}
	client, stop, err := c.client(ctx)
	if err != nil {
		err = fmt.Errorf("mail: smtp client: %w", err)
	}
	var conn *smtp.Client
	if err == nil {
		defer stop()
		conn, err = client.DialToSMTPClientWithContext(ctx)
		if err != nil {
			err = fail(fmt.Errorf("dial failed: %w", err))
		} else {
			defer func() { _ = client.CloseWithSMTPClient(conn) }()
		}
	}
	broken := err
	for i, msg := range msgs {
		if msg == nil {
			continue
		}
		if broken != nil {
			errs[i] = broken
			continue
		}
		sendErr := client.SendWithSMTPClient(conn, msg)
		if msg.IsDelivered() {
			continue
		}
		if sendErr == nil {
			sendErr = errors.New("message not delivered")
		}
		errs[i] = fail(sendErr)
		if !conn.HasConnection() || replyCode(sendErr) == 0 || ctx.Err() != nil {
			broken = errs[i] // connection lost or unusable: do not try the rest on it
		}
	}
	return errs
}

// replyCode is the SMTP reply code carried by a go-mail SendError, 0 if none (connection error).
func replyCode(err error) int {
	var se *gomail.SendError
	if errors.As(err, &se) {
		return se.ErrorCode()
	}
	return 0
}
