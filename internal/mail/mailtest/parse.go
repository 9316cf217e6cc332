package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Parsed is the message as a mail client reads it (net/mail + mime/multipart + mime/quotedprintable).
type Parsed struct {
	Header          mail.Header
	Subject         string // RFC 2047-decoded
	MessageID       string // as in the header, with angle brackets: "<left@right>"
	ListUnsubscribe string // the URL inside List-Unsubscribe's angle brackets; "" when the header is absent
	Date            time.Time
	Text, HTML      string // decoded text/plain and text/html parts
}

var msgIDPattern = regexp.MustCompile(`^<[^<>@\s]+@[^<>@\s]+>$`)

// Parse reads raw as a mail client would. It fails if either part is missing, if Date or Message-ID is
// missing or unparsable, or if MIME-Version is not 1.0.
func Parse(raw []byte) (*Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("mailtest: read message: %w", err)
	}
	h := msg.Header
	p := &Parsed{Header: h}
	if h.Get("Date") == "" {
		return nil, errors.New("mailtest: no Date header")
	}
	if p.Date, err = h.Date(); err != nil {
		return nil, fmt.Errorf("mailtest: Date: %w", err)
	}
	p.MessageID = strings.TrimSpace(h.Get("Message-ID"))
	if !msgIDPattern.MatchString(p.MessageID) {
		return nil, fmt.Errorf("mailtest: Message-ID %q missing or not <left@right>", p.MessageID)
	}
	if v := strings.TrimSpace(h.Get("MIME-Version")); v != "1.0" {
		return nil, fmt.Errorf("mailtest: MIME-Version %q, want 1.0", v)
	}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); err != nil {
		return nil, fmt.Errorf("mailtest: Subject: %w", err)
	}
	if lu := strings.TrimSpace(h.Get("List-Unsubscribe")); lu != "" {
		if !strings.HasPrefix(lu, "<") || !strings.HasSuffix(lu, ">") {
			return nil, fmt.Errorf("mailtest: List-Unsubscribe %q is not <URL>", lu)
		}
		p.ListUnsubscribe = lu[1 : len(lu)-1]
	}
	if err := p.walk(h, msg.Body); err != nil {
		return nil, err
	}
	if p.Text == "" || p.HTML == "" {
		return nil, fmt.Errorf("mailtest: want a text/plain and a text/html part (text %d bytes, html %d bytes)",
			len(p.Text), len(p.HTML))
	}
	return p, nil
}

// header is what walk needs of a message or part header.
type header interface{ Get(string) string }

// walk collects the first text/plain and text/html parts, descending into multipart entities.
func (p *Parsed) walk(h header, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	media, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("mailtest: Content-Type %q: %w", ct, err)
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart() // raw: decode Content-Transfer-Encoding ourselves below
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailtest: %s: %w", media, err)
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	if media != "text/plain" && media != "text/html" {
		return nil
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("mailtest: %s charset %q, want utf-8", media, cs)
	}
	text, err := decode(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("mailtest: %s: %w", media, err)
	}
	switch {
	case media == "text/plain" && p.Text == "":
		p.Text = text
	case media == "text/html" && p.HTML == "":
		p.HTML = text
	}
	return nil
}

func decode(cte string, r io.Reader) (string, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineStripper{r})
	case "", "7bit", "8bit", "binary":
	default:
		return "", fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

// newlineStripper drops CR and LF so base64 bodies split into lines decode.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	for {
		c, err := n.r.Read(p)
		j := 0
		for _, b := range p[:c] {
			if b != '\r' && b != '\n' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"'()\[\]]+`)

// Links returns the http(s) URLs found in the text part, in order, without trailing sentence punctuation.
func (p *Parsed) Links() []string {
	found := linkPattern.FindAllString(p.Text, -1)
	out := make([]string, 0, len(found))
	for _, l := range found {
		out = append(out, strings.TrimRight(l, ".,;:!?"))
	}
	return out
}
