package mail

import (
	"errors"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// InvalidMessageError is a message that cannot be sent as given (bad recipient, missing part, bad header
// value). Retrying it cannot help.
type InvalidMessageError struct{ err error }

func (e *InvalidMessageError) Error() string { return "mail: invalid message: " + e.err.Error() }
func (e *InvalidMessageError) Unwrap() error { return e.err }

// Permanent reports whether err is a permanent failure that must never be retried: an SMTP 5xx reply at
// MAIL FROM, RCPT TO or DATA (the DATA command or the reply after the message), or an invalid
// message/address. Connection errors, timeouts, TLS/AUTH failures and 4xx replies are temporary (false).
func Permanent(err error) bool {
	if err == nil {
		return false
	}
	var inv *InvalidMessageError
	if errors.As(err, &inv) {
		return true
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		return true
	case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
		code := se.ErrorCode()
		return code >= 500 && code <= 599
	}
	return false
}

// Summary describes err for logs and the job record without recipient addresses or message IDs (go-mail's
// own error text lists both): "SMTP 550 5.1.1 at RCPT TO", "invalid message: …", or the connection error.
func Summary(err error) string {
	if err == nil {
		return ""
	}
	var inv *InvalidMessageError
	if errors.As(err, &inv) {
		return "invalid message: " + inv.err.Error()
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		out := "SMTP"
		if code := se.ErrorCode(); code != 0 {
			out += " " + strconv.Itoa(code)
			if esc := se.EnhancedStatusCode(); esc != "" {
				out += " " + esc
			}
		} else {
			out += " connection lost"
		}
		return out + " at " + stage(se.Reason)
	}
	return err.Error()
}

func stage(r gomail.SendErrReason) string {
	switch r {
	case gomail.ErrSMTPMailFrom:
		return "MAIL FROM"
	case gomail.ErrSMTPRcptTo:
		return "RCPT TO"
	case gomail.ErrSMTPData:
		return "DATA"
	case gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
		return "end of DATA"
	case gomail.ErrSMTPReset:
		return "RSET"
	case gomail.ErrConnCheck:
		return "connection check"
	}
	return r.String()
}
