package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"closedset/internal/mail/mailtest"
)

// notificationMails are the notification e-mails address received (those
// with a List-Unsubscribe; invites and resets have none).
func notificationMails(t testing.TB, smtp *mailtest.Server, address string) []*mailtest.Parsed {
	t.Helper()
	var out []*mailtest.Parsed
	for _, m := range mailsTo(t, smtp, address) {
		if m.ListUnsubscribe != "" {
			out = append(out, m)
		}
	}
	return out
}

// apiPathOf maps an app link of a notification to the API resource it
// shows: /productions/P/scenes/S[/rider] → /api/v1/scenes/S,
// /productions/P/checkins/C → /api/v1/checkins/C.
func apiPathOf(t testing.TB, appPath string) string {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(appPath, "/"), "/")
	if len(parts) < 4 || parts[0] != "productions" {
		t.Fatalf("unexpected notification link %s", appPath)
	}
	return "/api/v1/" + parts[2] + "/" + parts[3]
}

// Every person's setting is honoured: off gets nothing; when_no_push gets
// e-mail without a subscription, none with a working one, and e-mail again
// once their subscription's last three sends failed; always gets e-mail
// even with a working subscription. Check-in requests are never e-mailed.
// Each e-mail links into the app (the link's resource opens for the
// recipient) and carries List-Unsubscribe to the settings.
func TestEmailNotificationsHonourEachSetting(t *testing.T) {
	s, smtp := newMailTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s)
	A, B, C := w.PerformerA, w.PerformerB, w.PerformerC
	scene := w.scene("42A", []string{"partial_nudity"}, A, B, C)
	w.Scene = scene

	setEmail(t, s, A, "off")
	setEmail(t, s, B, "always")
	subscribe(t, s, recv, B) // working, but B asked for e-mail always
	// C: the default (when_no_push), no subscription.
	if res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/me/notification-settings", Token: C.Token}), http.StatusOK); res.JSON(t)["email"] != "when_no_push" {
		t.Fatalf("default setting: %s", res.Body)
	}
	subscribe(t, s, recv, w.Producer) // when_no_push, working
	coordSub := subscribe(t, s, recv, w.Coordinator)
	recv.Respond(coordSub.ID(), http.StatusRequestEntityTooLarge, http.StatusRequestEntityTooLarge, http.StatusRequestEntityTooLarge)

	w.published(scene, "Plan", w.kissStep(A, B))                                            // choreography.published → A, B, C
	must(t, w.decide(A, scene, 1, "confirmed", ""), http.StatusOK)                          // nobody
	must(t, w.decide(B, scene, 1, "declined", "not this"), http.StatusOK)                   // coordinator 1, producer (blocked)
	must(t, w.decide(C, scene, 1, "declined", ""), http.StatusOK)                           // coordinator 2
	must(t, w.withdraw(A, scene, map[string]any{"note": "changed my mind"}), http.StatusOK) // coordinator 3
	// The coordinator's three pushes fail: their subscription stops counting.
	waitFor(t, "three failed pushes", func() bool {
		n, err := s.Store.CountPushJobs(context.Background(), "failed")
		return err == nil && n >= 3
	})
	c1 := w.requested("Before take 1", 0)["id"].(string)        // checkin.requested → A, B, C: never e-mailed
	must(t, w.answer(B, c1, "stop", "too much"), http.StatusOK) // checkin.alert → coordinator

	waitFor(t, "every queued e-mail sent", func() bool {
		n, err := s.Store.CountMailJobs(context.Background(), "pending")
		return err == nil && n == 0
	})
	for _, c := range []struct {
		who   account
		types []string
	}{
		{A, nil},
		{B, []string{"choreography"}},
		{C, []string{"choreography"}},
		{w.Producer, nil},
		{w.Coordinator, []string{"a performer answered stop"}},
		{w.Outsider, nil},
	} {
		got := notificationMails(t, smtp, c.who.Email)
		if len(got) != len(c.types) {
			subjects := []string{}
			for _, m := range got {
				subjects = append(subjects, m.Subject)
			}
			t.Errorf("%s got %d notification e-mails %q, want %d %v", c.who.Email, len(got), subjects, len(c.types), c.types)
			continue
		}
		for i, m := range got {
			if !strings.Contains(m.Subject, c.types[i]) || !strings.HasPrefix(m.Subject, "Night Garden — Scene 42A: ") {
				t.Errorf("subject %q, want %q", m.Subject, c.types[i])
			}
			if m.ListUnsubscribe != testPublicURL+"/me#notifications" || m.MessageID == "" || m.Date.IsZero() {
				t.Errorf("headers: List-Unsubscribe %q Message-ID %q Date %v", m.ListUnsubscribe, m.MessageID, m.Date)
			}
			if !strings.Contains(m.Text, "Change how Closed Set e-mails you: "+testPublicURL+"/me#notifications") {
				t.Errorf("no settings line in %q", m.Text)
			}
			link := linkTo(t, m, testPublicURL+"/productions/")
			must(t, s.Do(request{Method: "GET", Path: apiPathOf(t, link.Path), Token: c.who.Token}), http.StatusOK)
		}
	}
	// The push of the check-in request went out, its e-mail did not.
	if inbox := inboxTypes(t, s, C); len(inbox) == 0 || inbox[0] != "checkin.requested" {
		t.Fatalf("C's inbox %v", inbox)
	}
}

// E-mail subjects and bodies follow rule 12: the production, the scene
// number and the kind of event — never a name, an id of a person, a note, a
// content tag or a body area.
func TestRule12EmailsNeverSayWho(t *testing.T) {
	s, smtp := newMailTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	for _, a := range []account{w.Producer, w.Coordinator, A, B, w.PerformerC} {
		setEmail(t, s, a, "always")
	}
	w.published(w.Scene, "Plan", w.kissStep(A, B))
	must(t, w.decide(A, w.Scene, 1, "confirmed", "fine by me"), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", "not this"), http.StatusOK)
	must(t, w.withdraw(A, w.Scene, map[string]any{"note": "changed my mind"}), http.StatusOK)
	c1 := w.requested("Before take 1", 0)["id"].(string)
	must(t, w.answer(A, c1, "pause", "water please"), http.StatusOK)
	must(t, w.answer(B, c1, "stop", "too much"), http.StatusOK)
	other := w.scene("43", []string{"kissing"}, A, B)
	w.published(other, "Plan", w.kissStep(A, B))
	must(t, w.decide(B, other, 1, "confirmed", ""), http.StatusOK)
	must(t, w.patchScene(w.Producer, other, map[string]any{"status": "shot"}), http.StatusOK)
	must(t, w.withdraw(B, other, nil), http.StatusOK)

	waitFor(t, "every queued e-mail sent", func() bool {
		n, err := s.Store.CountMailJobs(context.Background(), "pending")
		return err == nil && n == 0
	})
	secrets := append(w.performerNamesAndIDs(), "Pat Producer", "Cory Coordinator", "fine by me", "not this", "changed my mind",
		"water please", "too much", "Before take 1", "partial_nudity", "partial nudity", "restraint", "kissing", "lips", "Kiss",
		"Blocking for")
	types := map[string]bool{}
	for _, r := range smtp.Messages() {
		m := parseMail(t, r)
		if m.ListUnsubscribe == "" {
			continue // an invite of the world's members
		}
		types[m.Subject[strings.Index(m.Subject, ": ")+2:]] = true
		noLeak(t, "e-mail", []byte(m.Subject+"\n"+m.Text+"\n"+m.HTML), secrets...)
	}
	for _, want := range []string{"a performer declined the current version.", "a performer withdrew consent.", "blocked.",
		"a performer asked to pause.", "a performer answered stop.", "a footage-use question needs a decision."} {
		if !types[want] {
			t.Errorf("no e-mail %q was sent (%v): the test would prove nothing", want, types)
		}
	}
	noLeak(t, "log", []byte(s.Logs.String()), A.Email, B.Email, w.Coordinator.Email, w.Producer.Email)
}
