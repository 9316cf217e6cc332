package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRule12NotificationsAreDiscreet publishes choreography and withdraws
// consent, and checks what arrives on the devices: decrypted payloads name the
// production and scene number only — never tags, body areas or notes — and
// the producer learns only that the scene is blocked.
func TestRule12NotificationsAreDiscreet(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s)
	performerSub := subscribe(t, s, recv, w.PerformerA)
	coordSub := subscribe(t, s, recv, w.Coordinator)
	producerSub := subscribe(t, s, recv, w.Producer)

	res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + w.Production + "/scenes", Token: w.Coordinator.Token,
		Body: map[string]any{"number": "42A", "title": "Night swim", "callTime": "2026-11-23T08:00:00Z",
			"contentTags": []string{"partial_nudity"}, "coordinatorId": w.Coordinator.ID, "closedSet": map[string]any{"roster": []string{"Director"}}}})
	scene := res.JSON(t)["id"].(string)
	s.Do(request{Method: "PUT", Path: "/api/v1/scenes/" + scene + "/cast/" + w.PerformerA.ID, Token: w.Coordinator.Token,
		Body: map[string]any{"characterName": "Ada"}})
	res = s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/choreography", Token: w.Coordinator.Token,
		Body: map[string]any{"summary": "Plan", "steps": []any{map[string]any{"title": "Swim", "description": "Ada swims past.",
			"performers": []any{map[string]any{"userId": w.PerformerA.ID, "nudity": "partial"}}, "contacts": []any{}}}}})
	if res.Status != http.StatusCreated {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	first := recv.Wait(t, 1, 10*time.Second)[0]
	p := decodePush(t, first)
	if first.SubscriptionID != performerSub.ID() || p.Type != "choreography.published" || p.Title != "Night Garden" ||
		!strings.Contains(p.Body, "Scene 42A") || first.Urgency != "high" || first.TTL < 3600 || len(first.Topic) > 32 {
		t.Fatalf("choreography push: %+v %+v", first, p)
	}

	res = s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + scene + "/consent/withdraw", Token: w.PerformerA.Token,
		Body: map[string]any{"note": "my private reason"}})
	if res.Status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", res.Status, res.Body)
	}
	msgs := recv.Wait(t, 3, 10*time.Second)[1:]
	got := map[string]pushBody{}
	for _, m := range msgs {
		got[m.SubscriptionID] = decodePush(t, m)
		if m.Urgency != "high" || m.TTL != 24*3600 {
			t.Errorf("alert delivery: urgency %q ttl %d", m.Urgency, m.TTL)
		}
	}
	if pb := got[coordSub.ID()]; pb.Type != "consent.withdrawn" || pb.Body != "Scene 42A: a performer withdrew consent." {
		t.Errorf("coordinator alert: %+v", pb)
	}
	if pb := got[producerSub.ID()]; pb.Type != "scene.blocked" || pb.Body != "Scene 42A: blocked." {
		t.Errorf("producer alert: %+v", pb)
	}
	// No performer's name, first name or id, no tag, area or note, in any
	// push or any inbox entry of anyone.
	secrets := []string{"nudity", "partial", "swim", "Swim", "private reason", "Night swim"}
	secrets = append(secrets, w.performerNamesAndIDs()...)
	for _, m := range recv.Messages() {
		noLeak(t, "push payload", m.Payload, secrets...)
	}
	for _, a := range []account{w.Coordinator, w.Producer, w.PerformerA} {
		res := must(t, s.Do(request{Method: "GET", Path: "/api/v1/notifications?limit=100", Token: a.Token}), http.StatusOK)
		for _, it := range res.JSON(t)["items"].([]any) {
			n := it.(map[string]any)
			noLeak(t, a.Email+"'s inbox", []byte(n["title"].(string)+" "+n["body"].(string)), secrets...)
			for _, k := range []string{"userId", "performerId", "actorId", "displayName", "person"} {
				if _, ok := n[k]; ok {
					t.Errorf("a notification carries a person field %q: %v", k, n)
				}
			}
		}
	}
	// Every push is also in the inbox, the record.
	inbox := s.Do(request{Method: "GET", Path: "/api/v1/notifications?unread=true", Token: w.Producer.Token}).JSON(t)
	items := inbox["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["type"] != "scene.blocked" {
		t.Fatalf("producer inbox: %v", inbox)
	}
	id := items[0].(map[string]any)["id"].(string)
	if res := s.Do(request{Method: "POST", Path: "/api/v1/notifications/" + id + "/read", Token: w.Producer.Token}); res.Status != http.StatusNoContent {
		t.Fatalf("mark read: %d", res.Status)
	}
	if res := s.Do(request{Method: "POST", Path: "/api/v1/notifications/" + id + "/read", Token: w.Coordinator.Token}); res.Status != http.StatusNotFound {
		t.Fatalf("someone else's notification: %d", res.Status)
	}
	inbox = s.Do(request{Method: "GET", Path: "/api/v1/notifications?unread=true", Token: w.Producer.Token}).JSON(t)
	if len(inbox["items"].([]any)) != 0 {
		t.Fatalf("still unread: %v", inbox)
	}
}

// performerNamesAndIDs are the world's performers' display names, first
// names and ids.
func (w *world) performerNamesAndIDs() []string {
	out := []string{"Ada Actor", "Ada", "Ben Actor", "Ben", "Cleo Uncast", "Cleo"}
	for _, p := range []account{w.PerformerA, w.PerformerB, w.PerformerC} {
		out = append(out, p.ID)
	}
	return out
}

func TestPushSubscriptions(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	a := s.signUp("Sub Scriber")
	sub := recv.Subscribe()
	res := s.Do(request{Method: "GET", Path: "/api/v1/push/vapid-public-key"})
	if res.Status != http.StatusOK || res.JSON(t)["publicKey"] != testVAPIDPublic {
		t.Fatalf("vapid key: %d %s", res.Status, res.Body)
	}
	t.Run("OK", func(t *testing.T) {
		if res := s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: sub.JSON()}); res.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", res.Status, res.Body)
		}
		if res := s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: sub.JSON()}); res.Status != http.StatusOK {
			t.Fatalf("again: %d %s", res.Status, res.Body)
		}
	})
	t.Run("ErrEndpointNotAllowed", func(t *testing.T) {
		for _, endpoint := range []string{
			"https://evil.example.com/push/1",           // not on the list
			"http://push.example.test/push/1",           // plain http off loopback
			"https://push.example.test:8443/push/1",     // https on another port
			"https://user:pw@push.example.test/push/1",  // credentials in the URL
			"https://push.example.test.evil.com/push/1", // suffix trick
		} {
			body := map[string]any{"endpoint": endpoint, "keys": map[string]any{"p256dh": sub.P256dh, "auth": sub.Auth}}
			assertProblem(t, s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: body}), 422, "validation_failed")
		}
		body := map[string]any{"endpoint": "https://push.example.test:443/push/1", "keys": map[string]any{"p256dh": sub.P256dh, "auth": sub.Auth}}
		must(t, s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: body}), http.StatusCreated)
	})
	t.Run("ErrBadKeys", func(t *testing.T) {
		body := map[string]any{"endpoint": "https://fcm.example.test/push/1", "keys": map[string]any{"p256dh": "AAAA", "auth": sub.Auth}}
		assertProblem(t, s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: body}), 422, "validation_failed")
	})
	t.Run("Delete", func(t *testing.T) {
		b := s.signUp("Other Person")
		path := "/api/v1/push/subscriptions?endpoint=" + url.QueryEscape(sub.Endpoint)
		// Someone else's delete answers as if there were none, and changes nothing.
		must(t, s.Do(request{Method: "DELETE", Path: path, Token: b.Token}), http.StatusNoContent)
		must(t, s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: sub.JSON()}), http.StatusOK)
		must(t, s.Do(request{Method: "DELETE", Path: path, Token: a.Token}), http.StatusNoContent)
		// Gone: deleting again is 204 too, and storing it again is new.
		must(t, s.Do(request{Method: "DELETE", Path: path, Token: a.Token}), http.StatusNoContent)
		must(t, s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: sub.JSON()}), http.StatusCreated)
	})
}

// TestPushSubscriptionsOnASharedDevice: two accounts register the same
// browser endpoint. Each has their own row: each gets their own
// notifications on it, one's registration never takes the other's over, and
// one's delete leaves the other's in place.
func TestPushSubscriptionsOnASharedDevice(t *testing.T) {
	s := newTestServer(t)
	recv := withPushReceiver(t, s)
	w := newWorld(t, s).withScene()
	sub := recv.Subscribe()
	post := func(a account) response {
		return s.Do(request{Method: "POST", Path: "/api/v1/push/subscriptions", Token: a.Token, Body: sub.JSON()})
	}
	must(t, post(w.Coordinator), http.StatusCreated)
	must(t, post(w.PerformerA), http.StatusCreated) // not 200: the coordinator's row is not revealed
	must(t, post(w.Coordinator), http.StatusOK)     // still the coordinator's own row

	// Both get pushes on the device: the publish to A, the withdrawal alert to the coordinator.
	w.published(w.Scene, "Plan", w.kissStep(w.PerformerA, w.PerformerB))
	must(t, w.withdraw(w.PerformerB, w.Scene, nil), http.StatusOK)
	msgs := recv.Wait(t, 2, 10*time.Second)
	settle()
	types := []string{}
	for _, m := range recv.Messages() {
		types = append(types, decodePush(t, m).Type)
	}
	slices.Sort(types)
	if !slices.Equal(types, []string{"choreography.published", "consent.withdrawn"}) || len(msgs) < 2 {
		t.Fatalf("pushes on the shared device: %v", types)
	}

	// A's delete removes A's row only: the coordinator still gets pushes there.
	must(t, s.Do(request{Method: "DELETE", Path: "/api/v1/push/subscriptions?endpoint=" + url.QueryEscape(sub.Endpoint),
		Token: w.PerformerA.Token}), http.StatusNoContent)
	must(t, w.decide(w.PerformerA, w.Scene, 1, "declined", ""), http.StatusOK)
	recv.Wait(t, 3, 10*time.Second)
	settle()
	all := recv.Messages()
	if len(all) != 3 || decodePush(t, all[2]).Type != "consent.declined" {
		t.Fatalf("after A's delete: %d pushes, last %+v", len(all), decodePush(t, all[len(all)-1]))
	}
	// And A is told nothing of the coordinator's row: storing again is new.
	must(t, post(w.PerformerA), http.StatusCreated)
}
