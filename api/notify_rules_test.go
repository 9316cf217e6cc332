package api_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"closedset/internal/domain"
)

// TestNotificationTypesMatchTheSpec: the NotificationType enum of
// openapi.yaml is domain.NotificationTypes, which the domain's table test
// walks row by row.
func TestNotificationTypesMatchTheSpec(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var enum []string
	for _, v := range doc.Components.Schemas["NotificationType"].Value.Enum {
		enum = append(enum, v.(string))
	}
	if !slices.Equal(enum, domain.NotificationTypes) {
		t.Fatalf("openapi.yaml NotificationType %v, domain.NotificationTypes %v", enum, domain.NotificationTypes)
	}
}

// TestRule2ProducersLearnOncePerBlocking: coordinators hear of every decline
// and withdrawal; producers get one scene.blocked when the scene becomes
// blocked, none while it stays blocked, and one more when it becomes blocked
// again after being unblocked.
func TestRule2ProducersLearnOncePerBlocking(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	producerSub := subscribe(t, s, recv, w.Producer)
	A, B := w.PerformerA, w.PerformerB
	w.published(w.Scene, "Plan", w.kissStep(A, B))
	must(t, w.decide(A, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "confirmed", ""), http.StatusOK)

	check := func(step string, blocked, withdrawn, declined int) {
		t.Helper()
		if got := countOf(inboxTypes(t, s, w.Producer), "scene.blocked"); got != blocked {
			t.Errorf("%s: the producer has %d scene.blocked, want %d", step, got, blocked)
		}
		coord := inboxTypes(t, s, w.Coordinator)
		if got := countOf(coord, "consent.withdrawn"); got != withdrawn {
			t.Errorf("%s: the coordinator has %d consent.withdrawn, want %d", step, got, withdrawn)
		}
		if got := countOf(coord, "consent.declined"); got != declined {
			t.Errorf("%s: the coordinator has %d consent.declined, want %d", step, got, declined)
		}
	}
	must(t, w.withdraw(A, w.Scene, nil), http.StatusOK)
	check("A withdrew while B confirmed", 1, 1, 0)
	must(t, w.decide(B, w.Scene, 1, "declined", ""), http.StatusOK)
	check("B declined, already blocked", 1, 1, 1)
	must(t, w.withdraw(B, w.Scene, map[string]any{}), http.StatusOK)
	check("B withdrew, already blocked", 1, 2, 1)
	must(t, w.decide(A, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "confirmed", ""), http.StatusOK)
	check("both confirmed again", 1, 2, 1)
	must(t, w.decide(B, w.Scene, 1, "declined", ""), http.StatusOK)
	check("B declined: blocked again", 2, 2, 2)

	// The pushes follow the inbox: two to the producer's device, both scene.blocked.
	recv.Wait(t, 2, 10*time.Second)
	settle()
	got := pushesTo(recv, producerSub)
	if len(got) != 2 {
		t.Fatalf("the producer's device got %d pushes, want 2", len(got))
	}
	for _, m := range got {
		if p := decodePush(t, m); p.Type != "scene.blocked" || p.Body != "Scene 42A: blocked." || m.Urgency != "high" || m.TTL != 24*3600 {
			t.Errorf("producer push %+v %+v", m, p)
		}
	}
}

// TestRule3WithdrawalAfterPhotographyAsksAboutFootage: a withdrawal from a
// shot scene reaches the coordinators and the producers as footage.review,
// "Scene N: a footage-use question needs a decision", and nothing else.
func TestRule3WithdrawalAfterPhotographyAsksAboutFootage(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	coordSub := subscribe(t, s, recv, w.Coordinator)
	producerSub := subscribe(t, s, recv, w.Producer)
	w.published(w.Scene, "Plan", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.decide(w.PerformerA, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(w.PerformerB, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.patchScene(w.Producer, w.Scene, map[string]any{"status": "shot"}), http.StatusOK)

	must(t, w.withdraw(w.PerformerA, w.Scene, map[string]any{"note": "footage worry"}), http.StatusOK)
	for _, a := range []account{w.Coordinator, w.Producer} {
		if got := inboxTypes(t, s, a); !slices.Equal(got, []string{"footage.review"}) {
			t.Errorf("%s's inbox %v, want one footage.review", a.Email, got)
		}
	}
	recv.Wait(t, 2, 10*time.Second)
	settle()
	for _, sub := range []string{coordSub.ID(), producerSub.ID()} {
		var mine int
		for _, m := range recv.Messages() {
			if m.SubscriptionID != sub {
				continue
			}
			mine++
			p := decodePush(t, m)
			if p.Type != "footage.review" || p.Title != "Night Garden" || p.Body != "Scene 42A: a footage-use question needs a decision." ||
				p.URL != "/productions/"+w.Production+"/scenes/"+w.Scene || m.Urgency != "high" || m.TTL != 24*3600 {
				t.Errorf("footage push %+v %+v", m, p)
			}
		}
		if mine != 1 {
			t.Errorf("subscription %s got %d pushes, want 1", sub, mine)
		}
	}
}

// TestRule12PushesAndLogsNeverSayWho: with two cast members deciding and
// answering differently, no push any device decrypts and no line the server
// logs holds a performer's name or id together with a consent decision or a
// check-in answer. (Pushes name no performer at all.)
func TestRule12PushesAndLogsNeverSayWho(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	for _, a := range []account{w.Producer, w.Coordinator, A, B} {
		subscribe(t, s, recv, a)
	}
	w.published(w.Scene, "Plan", w.kissStep(A, B))
	must(t, w.decide(A, w.Scene, 1, "confirmed", "fine by me"), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", "not this"), http.StatusOK)
	must(t, w.withdraw(A, w.Scene, map[string]any{"note": "changed my mind"}), http.StatusOK)
	c1 := w.requested("Before take 1", 0)["id"].(string)
	must(t, w.answer(A, c1, "ok", ""), http.StatusOK)
	must(t, w.answer(B, c1, "stop", "too much"), http.StatusOK)
	c2 := w.requested("Before take 2", 0)["id"].(string)
	must(t, w.answer(A, c2, "pause", "water please"), http.StatusOK)
	s.Clock.Advance(10 * time.Minute) // B never answers c2
	if _, err := s.Svc.ExpireCheckins(t.Context()); err != nil {
		t.Fatal(err)
	}
	// A second scene, shot, where B withdraws: a footage question.
	other := w.scene("43", []string{"kissing"}, A, B)
	w.published(other, "Plan", w.kissStep(A, B))
	must(t, w.decide(B, other, 1, "confirmed", ""), http.StatusOK)
	must(t, w.patchScene(w.Producer, other, map[string]any{"status": "shot"}), http.StatusOK)
	must(t, w.withdraw(B, other, nil), http.StatusOK)

	// Pushes: publish ×2 to the cast (4), alerts, check-ins; wait until they stop coming.
	recv.Wait(t, 12, 10*time.Second)
	settle()
	msgs := recv.Messages()
	who := w.performerNamesAndIDs()
	types := map[string]int{}
	for _, m := range msgs {
		types[decodePush(t, m).Type]++
		noLeak(t, "push payload", m.Payload, who...)
		noLeak(t, "push topic", []byte(m.Topic), who...)
	}
	for _, typ := range []string{"consent.declined", "consent.withdrawn", "scene.blocked", "checkin.alert", "footage.review"} {
		if types[typ] == 0 {
			t.Errorf("no %s push was delivered (%v): the test would prove nothing", typ, types)
		}
	}

	// Logs: no line with a name or id and a decision or an answer.
	decision := regexp.MustCompile(`(?i)confirm|declin|withdr|\bstop\b|\bpause\b|no_response|answer`)
	lines := strings.Split(s.Logs.String(), "\n")
	if len(lines) < 20 {
		t.Fatalf("only %d log lines: is the server's logger captured?", len(lines))
	}
	for _, line := range lines {
		if !decision.MatchString(line) {
			continue
		}
		for _, x := range who {
			if strings.Contains(line, x) {
				t.Errorf("a log line pairs %q with a decision or answer: %s", x, line)
			}
		}
	}
}
