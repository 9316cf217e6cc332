package app

// The two-instance test: two full instances, composed as Run composes them,
// on one PostgreSQL database, with both push workers running. What decides
// correctness must hold across them: live events, pushes (exactly once),
// access removal and login limits.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"closedset/internal/auth"
	"closedset/internal/notify/pushtest"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

func TestTwoInstances(t *testing.T) {
	if os.Getenv(storagetest.PostgresEnv) == "" {
		t.Skip("CLOSEDSET_TEST_POSTGRES is unset: several instances need PostgreSQL (LISTEN/NOTIFY, advisory locks); see .ci/run")
	}
	began := time.Now()
	ctx := context.Background()
	dbURL := storagetest.URL(t)
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	const subject, publicURL = "mailto:push@closedset.test", "http://closedset.test"
	secret := strings.Repeat("two-instances-", 3)
	recv := pushtest.NewReceiver(t, pub, subject)
	vars := map[string]string{"CLOSEDSET_ADDR": "127.0.0.1:0", "CLOSEDSET_DATABASE": dbURL, "CLOSEDSET_PUBLIC_URL": publicURL,
		"CLOSEDSET_JWT_SECRET": secret, "CLOSEDSET_VAPID_PUBLIC_KEY": pub, "CLOSEDSET_VAPID_PRIVATE_KEY": priv,
		"CLOSEDSET_VAPID_SUBJECT": subject, "CLOSEDSET_PUSH_ALLOWED_HOSTS": "127.0.0.1"}
	a, outA, stopA := start(t, vars) // migrates first
	b, outB, stopB := start(t, vars)
	defer func() {
		if err := stopA(); err != nil {
			t.Errorf("A: %v", err)
		}
		if err := stopB(); err != nil {
			t.Errorf("B: %v", err)
		}
		if t.Failed() {
			t.Logf("A:\n%s\nB:\n%s", outA.String(), outB.String())
		}
	}()

	st, err := storage.Open(dbURL, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := storagetest.SeedCoverage(t, st, 4, 6, time.Now().Add(48*time.Hour))
	tokens := auth.NewTokens([]byte(secret), publicURL, time.Now)
	token := func(userID string) string {
		tok, _, err := tokens.Issue(userID)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	do := func(base, method, path, tok string, body any) (int, []byte) {
		t.Helper()
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(ctx, method, base+path, r)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, out
	}
	coordinator := token(f.CoordinatorID)

	// 1. A consent decided through A reaches a live board connected to B.
	status, body := do(b, "POST", "/api/v1/productions/"+f.ProductionID+"/events/ticket", coordinator, nil)
	if status != http.StatusCreated {
		t.Fatalf("ticket: %d %s", status, body)
	}
	var ticket struct{ Ticket string }
	_ = json.Unmarshal(body, &ticket)
	streamCtx, endStream := context.WithCancel(ctx)
	defer endStream()
	req, _ := http.NewRequestWithContext(streamCtx, "GET", b+"/api/v1/productions/"+f.ProductionID+"/events?ticket="+ticket.Ticket, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("stream on B: %v %v", res, err)
	}
	defer res.Body.Close()
	type sse struct {
		event, data string
		at          time.Time
	}
	events := make(chan sse, 64)
	go func() {
		sc := bufio.NewScanner(res.Body)
		var e sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.event != "":
				e.at = time.Now()
				events <- e
				e = sse{}
			}
		}
		close(events)
	}()
	performer := f.PerformerIDs[0] // pending on scene 1 (SeedCoverage)
	sent := time.Now()
	status, body = do(a, "PUT", "/api/v1/scenes/"+f.SceneIDs[0]+"/consent", token(performer),
		map[string]any{"version": 1, "decision": "confirmed"})
	committed := time.Now()
	if status != http.StatusOK {
		t.Fatalf("consent through A: %d %s", status, body)
	}
	deadline := time.After(10 * time.Second)
	for got := false; !got; {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatal("B's stream ended")
			}
			if e.event == "consent.changed" && strings.Contains(e.data, performer) {
				got = true
				lat := e.at.Sub(committed)
				t.Logf("consent through A → B's board: %v after A answered (%v after the request was sent)", lat, e.at.Sub(sent))
				if lat > time.Second {
					t.Errorf("the event reached B after %v, want ≤ 1 s", lat)
				}
			}
		case <-deadline:
			t.Fatal("the consent decided through A never reached B's board")
		}
	}
	endStream()

	// 2. Each push is delivered exactly once, with both push workers running:
	// performers subscribe through either instance, check-ins are requested
	// through either.
	for i, p := range f.PerformerIDs {
		base := a
		if i%2 == 1 {
			base = b
		}
		if status, body := do(base, "POST", "/api/v1/push/subscriptions", token(p), json.RawMessage(recv.Subscribe().JSON())); status != http.StatusCreated {
			t.Fatalf("subscribe: %d %s", status, body)
		}
	}
	pushStart := time.Now()
	const checkins = 3
	for i := range checkins {
		base := a
		if i%2 == 1 {
			base = b
		}
		if status, body := do(base, "POST", "/api/v1/scenes/"+f.SceneIDs[1+i]+"/checkins", coordinator,
			map[string]any{"reason": fmt.Sprintf("Before take %d", i+1)}); status != http.StatusCreated {
			t.Fatalf("check-in: %d %s", status, body)
		}
	}
	want := checkins * len(f.PerformerIDs)
	recv.Wait(t, want, 20*time.Second)
	t.Logf("%d pushes delivered in %v", want, time.Since(pushStart))
	time.Sleep(1500 * time.Millisecond) // three polls of either worker: a second delivery would show
	perNotification := map[string]int{}
	for _, m := range recv.Messages() {
		var p struct{ ID string }
		if err := json.Unmarshal(m.Payload, &p); err != nil || p.ID == "" {
			t.Fatalf("push payload %q: %v", m.Payload, err)
		}
		perNotification[m.SubscriptionID+" "+p.ID]++
	}
	if len(perNotification) != want {
		t.Errorf("%d notifications pushed, want %d", len(perNotification), want)
	}
	for k, n := range perNotification {
		if n != 1 {
			t.Errorf("notification %s delivered %d times", k, n)
		}
	}
	if r := recv.Rejected(); len(r) > 0 {
		t.Errorf("the receiver rejected pushes: %v", r)
	}

	// 3. A member removed through A is refused by B on the next request.
	removed := f.PerformerIDs[5]
	if status, body := do(b, "GET", "/api/v1/productions/"+f.ProductionID, token(removed), nil); status != http.StatusOK {
		t.Fatalf("member before removal on B: %d %s", status, body)
	}
	if status, body := do(a, "DELETE", "/api/v1/productions/"+f.ProductionID+"/members/"+removed, token(f.ProducerID), nil); status != http.StatusNoContent {
		t.Fatalf("remove through A: %d %s", status, body)
	}
	if status, _ := do(b, "GET", "/api/v1/productions/"+f.ProductionID, token(removed), nil); status != http.StatusNotFound {
		t.Errorf("removed member on B: %d, want 404", status)
	}

	// 4. A login limit hit through A holds on B.
	login := map[string]any{"email": "nobody@closedset.test", "password": "not the password"}
	for i := range service.LoginFailuresPair {
		if status, body := do(a, "POST", "/api/v1/auth/login", "", login); status != http.StatusUnauthorized {
			t.Fatalf("failed login %d through A: %d %s", i+1, status, body)
		}
	}
	if status, body := do(b, "POST", "/api/v1/auth/login", "", login); status != http.StatusTooManyRequests {
		t.Errorf("login on B after the limit was hit through A: %d %s, want 429", status, body)
	}
	t.Logf("two instances: %v in all", time.Since(began))
}
