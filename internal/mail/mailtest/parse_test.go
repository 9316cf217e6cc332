package mailtest_test

import (
	"strings"
	"testing"

	"closedset/internal/mail/mailtest"
)

// A message as another mail program could write it: base64 text, quoted-printable HTML, folded headers.
const goodMessage = "Date: Sat, 05 Dec 2026 09:00:00 +0000\r\n" +
	"Message-ID: <abc.123@closedset.example>\r\n" +
	"From: Closed Set <no-reply@closedset.example>\r\n" +
	"To: ada@example.org\r\n" +
	"Subject: =?UTF-8?q?Sz=C3=A8ne_4?=\r\n" +
	"List-Unsubscribe: <https://closedset.example/app/me#notifications>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n" +
	"\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"T3BlbiBodHRwczovL2Nsb3NlZHNldC5leGFtcGxlL2EvYj9jPTEuIEFuZCAoaHR0cDovL2xv\r\n" +
	"Y2FsaG9zdDo4MDgwL3gpLiBOb3QgZnRwOi8veS4K\r\n" +
	"--b1\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"<p><a href=3D\"https://closedset.example/a/b?c=3D1\">Open</a> a very long line th=\r\n" +
	"at was soft-broken</p>\r\n" +
	"--b1--\r\n"

func TestParse(t *testing.T) {
	p, err := mailtest.Parse([]byte(goodMessage))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if p.Subject != "Szène 4" || p.MessageID != "<abc.123@closedset.example>" {
		t.Errorf("Subject %q, Message-ID %q", p.Subject, p.MessageID)
	}
	if p.ListUnsubscribe != "https://closedset.example/app/me#notifications" {
		t.Errorf("ListUnsubscribe = %q", p.ListUnsubscribe)
	}
	if p.Date.UTC().Format("2006-01-02 15:04") != "2026-12-05 09:00" {
		t.Errorf("Date = %v", p.Date)
	}
	if want := "Open https://closedset.example/a/b?c=1. And (http://localhost:8080/x). Not ftp://y.\n"; p.Text != want {
		t.Errorf("Text = %q, want %q", p.Text, want)
	}
	if want := "<p><a href=\"https://closedset.example/a/b?c=1\">Open</a> a very long line that was soft-broken</p>"; p.HTML != want {
		t.Errorf("HTML = %q, want %q", p.HTML, want)
	}
	links := p.Links()
	if len(links) != 2 || links[0] != "https://closedset.example/a/b?c=1" || links[1] != "http://localhost:8080/x" {
		t.Errorf("Links = %q", links)
	}
}

func TestParseRejects(t *testing.T) {
	cases := map[string]func(string) string{
		"no Date":         func(m string) string { return strings.Replace(m, "Date: Sat, 05 Dec 2026 09:00:00 +0000\r\n", "", 1) },
		"bad Date":        func(m string) string { return strings.Replace(m, "Sat, 05 Dec 2026", "someday", 1) },
		"no Message-ID":   func(m string) string { return strings.Replace(m, "Message-ID: <abc.123@closedset.example>\r\n", "", 1) },
		"bad Message-ID":  func(m string) string { return strings.Replace(m, "<abc.123@closedset.example>", "abc.123", 1) },
		"no MIME-Version": func(m string) string { return strings.Replace(m, "MIME-Version: 1.0\r\n", "", 1) },
		"no text part":    func(m string) string { return strings.Replace(m, "text/plain", "application/pdf", 1) },
		"no html part":    func(m string) string { return strings.Replace(m, "text/html", "text/calendar", 1) },
		"latin-1 part": func(m string) string {
			return strings.Replace(m, "text/html; charset=UTF-8", "text/html; charset=ISO-8859-1", 1)
		},
		"bad unsubscribe": func(m string) string {
			return strings.Replace(m, "<https://closedset.example/app/me#notifications>", "https://x", 1)
		},
		"unknown encoding": func(m string) string { return strings.Replace(m, "base64", "x-uuencode", 1) },
		"single text/plain": func(m string) string {
			return m[:strings.Index(m, "MIME-Version")] + "MIME-Version: 1.0\r\n\r\nhello\r\n"
		},
	}
	for name, mutate := range cases {
		if _, err := mailtest.Parse([]byte(mutate(goodMessage))); err == nil {
			t.Errorf("%s: Parse accepted it", name)
		}
	}
}
