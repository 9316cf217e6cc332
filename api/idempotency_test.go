package api_test

import (
	"net/http"
	"testing"
	"time"
)

func TestIdempotencyKey(t *testing.T) {
	s := newTestServer(t)
	a := s.signUp("Ida Empotent")
	create := func(key, title string) response {
		return s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: a.Token,
			Header: map[string]string{"Idempotency-Key": key},
			Body:   map[string]any{"title": title, "kind": "stage", "timezone": "Europe/Paris"}})
	}
	count := func() int {
		return len(s.Do(request{Method: "GET", Path: "/api/v1/productions", Token: a.Token}).List(t))
	}

	t.Run("OK", func(t *testing.T) {
		first := create("k-1", "Retry Me")
		if first.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", first.Status, first.Body)
		}
		again := create("k-1", "Retry Me")
		if again.Status != http.StatusCreated || string(again.Body) != string(first.Body) ||
			again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %s %v", again.Status, again.Body, again.Header)
		}
		if n := count(); n != 1 {
			t.Fatalf("%d productions after a replayed create, want 1", n)
		}
	})
	t.Run("OtherUserSameKey", func(t *testing.T) {
		b := s.signUp("Bea Other")
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions", Token: b.Token,
			Header: map[string]string{"Idempotency-Key": "k-1"},
			Body:   map[string]any{"title": "Mine", "kind": "film", "timezone": "UTC"}})
		if res.Status != http.StatusCreated || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("another user's key replayed: %d %s", res.Status, res.Body)
		}
	})
	t.Run("ErrKeyReused", func(t *testing.T) {
		p := create("k-2", "Second").JSON(t)["id"].(string)
		res := s.Do(request{Method: "POST", Path: "/api/v1/productions/" + p + "/invites", Token: a.Token,
			Header: map[string]string{"Idempotency-Key": "k-2"},
			Body:   map[string]any{"email": "x@example.test", "role": "performer"}})
		assertProblem(t, res, http.StatusUnprocessableEntity, "idempotency_key_reused")
	})
	t.Run("ProblemsAreReplayedToo", func(t *testing.T) {
		bad := create("k-3", "   ")
		assertProblem(t, bad, http.StatusUnprocessableEntity, "validation_failed")
		again := create("k-3", "   ")
		if again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(bad.Body) {
			t.Fatalf("problem not replayed: %s", again.Body)
		}
	})
	t.Run("ExpiresAfter24h", func(t *testing.T) {
		before := count()
		s.Clock.Advance(24*time.Hour + time.Second)
		a.Token = s.Do(request{Method: "POST", Path: "/api/v1/auth/login",
			Body: map[string]any{"email": a.Email, "password": "correct horse battery"}}).JSON(t)["accessToken"].(string)
		res := create("k-1", "Retry Me")
		if res.Status != http.StatusCreated || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("expired key replayed: %d", res.Status)
		}
		if count() != before+1 {
			t.Fatal("expired key did not create")
		}
	})
	t.Run("ErrKeyTooLong", func(t *testing.T) {
		long := make([]byte, 256)
		for i := range long {
			long[i] = 'k'
		}
		p := assertProblem(t, create(string(long), "Too long"), http.StatusBadRequest, "invalid_parameter")
		if errs := p["errors"].([]any); errs[0].(map[string]any)["field"] != "Idempotency-Key" {
			t.Fatalf("field errors: %v", errs)
		}
	})
}
