package domain

import (
	"testing"
	"time"
)

func answers(as ...string) []CheckInResponse {
	out := make([]CheckInResponse, len(as))
	for i, a := range as {
		out[i] = CheckInResponse{UserID: string(rune('a' + i)), Answer: a}
	}
	return out
}

func TestCheckinOutcome(t *testing.T) {
	tests := []struct {
		answers []string
		want    string
	}{
		{[]string{"ok", "ok"}, "ok"},
		{[]string{"ok", ""}, ""},
		{[]string{"stop", ""}, ""},
		{[]string{"ok", "pause"}, "pause"},
		{[]string{"pause", "stop", "ok"}, "stop"},
		{[]string{"ok", "no_response"}, "no_response"},
		{[]string{"no_response", "pause"}, "pause"},
		{[]string{}, ""},
	}
	for _, tt := range tests {
		if got := CheckinOutcome(answers(tt.answers...)); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.answers, got, tt.want)
		}
	}
}

// TestCheckinSilenceIsNeverOK: at expiry unanswered entries read no_response,
// so a check-in with one silent performer never comes out ok.
func TestCheckinSilenceIsNeverOK(t *testing.T) {
	rs := CheckinAtExpiry(answers("ok", "", "ok"))
	if rs[1].Answer != AnswerNoResponse || CheckinOutcome(rs) != AnswerNoResponse {
		t.Fatalf("expired: %+v → %q", rs, CheckinOutcome(rs))
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	c := CheckIn{ExpiresAt: now.Add(time.Minute)}
	if !CheckinOpen(c, now) || CheckinOpen(c, now.Add(time.Minute)) {
		t.Fatal("open window wrong")
	}
	closed := now
	c.ClosedAt = &closed
	if CheckinOpen(c, now) {
		t.Fatal("a closed check-in is open")
	}
	for a, want := range map[string]bool{"ok": false, "pause": true, "stop": true, "no_response": true} {
		if NeedsAlert(a) != want {
			t.Errorf("NeedsAlert(%s) != %v", a, want)
		}
	}
}
