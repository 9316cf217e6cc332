package mailer

import (
	"html/template"
	"net/url"
	"strings"

	"closedset/internal/domain"
)

// The messages Closed Set sends. Each has a plain-text part and a simple
// HTML part made from the same lines; every value is escaped in the HTML.
// Notification e-mails follow rule 12: they are made only from the inbox
// entry's discreet title (the production) and body (scene number and the kind
// of event) and its link — never content tags, body areas, notes or a name.

// SettingsPath is where a person changes how Closed Set e-mails them (the Me
// screen's notifications section); List-Unsubscribe points there.
const SettingsPath = "/me#notifications"

var htmlPage = template.Must(template.New("mail").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}<p><a href="{{.Link}}">{{.LinkText}}</a></p>
{{if .Footer}}<p style="color: #555; font-size: 0.9em">{{.FooterText}} <a href="{{.Footer}}">{{.Footer}}</a></p>
{{end}}</body></html>
`))

type page struct {
	Subject            string
	Paragraphs         []string
	Link, LinkText     string
	Footer, FooterText string
}

func (p page) message(to string) Message {
	var text strings.Builder
	for _, para := range p.Paragraphs {
		text.WriteString(para + "\n\n")
	}
	text.WriteString(p.LinkText + ": " + p.Link + "\n")
	if p.Footer != "" {
		text.WriteString("\n" + p.FooterText + " " + p.Footer + "\n")
	}
	var html strings.Builder
	if err := htmlPage.Execute(&html, p); err != nil {
		panic(err) // a fixed template over strings: cannot fail
	}
	return Message{To: to, Subject: p.Subject, Text: text.String(), HTML: html.String()}
}

// NotificationMessage is the e-mail of one inbox entry: subject "<production>
// — Scene <n>: <event>", a link to it in the app, and where to change the
// setting (also its List-Unsubscribe).
func NotificationMessage(publicURL, to string, n domain.Notification) Message {
	settings := publicURL + SettingsPath
	m := page{
		Subject:    oneLine(n.Title + " — " + n.Body),
		Paragraphs: []string{oneLine(n.Title), oneLine(n.Body)},
		Link:       publicURL + n.URL, LinkText: "Open in Closed Set",
		Footer: settings, FooterText: "Change how Closed Set e-mails you:",
	}.message(to)
	m.ListUnsubscribe = settings
	return m
}

// InviteMessage is an invite's e-mail: the production, the role and the
// link to accept it.
func InviteMessage(publicURL, to, productionTitle string, role domain.Role, token string) Message {
	return page{
		Subject: oneLine("Invitation to " + productionTitle + " on Closed Set"),
		Paragraphs: []string{oneLine("You are invited to join " + productionTitle + " on Closed Set as " + article(string(role)) + "."),
			"The link works once and expires in 7 days. If you did not expect this, ignore this e-mail."},
		Link: publicURL + "/invite/" + url.PathEscape(token), LinkText: "Accept the invitation",
	}.message(to)
}

// PasswordResetMessage is a password reset's e-mail: a single-use link,
// valid an hour.
func PasswordResetMessage(publicURL, to, token string) Message {
	return page{
		Subject: "Reset your Closed Set password",
		Paragraphs: []string{"Someone asked to reset the password of your Closed Set account.",
			"The link works once, for one hour, and ends every session of the account. If it was not you, ignore this e-mail: your password stays as it is."},
		Link: publicURL + "/reset-password?token=" + url.QueryEscape(token), LinkText: "Choose a new password",
	}.message(to)
}

// oneLine keeps a header-bound text on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func article(role string) string {
	if role != "" && strings.ContainsRune("aeiou", rune(role[0])) {
		return "an " + role
	}
	return "a " + role
}
