package domain

import (
	"reflect"
	"testing"
	"time"
)

// wantErr checks an error's kind, code and (when fields is non-nil) the exact
// list of field paths it names. A code of "" means no error is expected.
func wantErr(t *testing.T, name string, err error, kind Kind, code string, fields []string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
		return
	}
	de := As(err)
	if de == nil {
		t.Errorf("%s: error = %v, want %s", name, err, code)
		return
	}
	if de.Code != code || de.Kind != kind {
		t.Errorf("%s: error = %v (kind %d), want %s (kind %d)", name, de, de.Kind, code, kind)
	}
	if fields != nil {
		var got []string
		for _, f := range de.Fields {
			got = append(got, f.Field)
		}
		if !reflect.DeepEqual(got, fields) {
			t.Errorf("%s: fields = %v, want %v", name, got, fields)
		}
	}
}

var callTime = time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)

func at(t time.Time) *time.Time { return &t }

// signedRider is a rider signed in good time (72 h before the call).
func signedRider(user string, nudity Nudity, areas []BodyArea, acts []ContentTag) Rider {
	r := Rider{SceneID: "s1", UserID: user, Version: 1, Nudity: nudity, VisibleAreas: areas, Acts: acts,
		SignedAt: at(callTime.Add(-72 * time.Hour)), SignedName: user}
	r.TextHash = RiderTextHash(r)
	return r
}

func step(perf []StepPerformer, contacts ...StepContact) Step {
	return Step{Title: "step", Performers: perf, Contacts: contacts}
}

func perf(user string, n Nudity) StepPerformer { return StepPerformer{UserID: user, Nudity: n} }

func touch(from, to string, a BodyArea) StepContact {
	return StepContact{FromUserID: from, ToUserID: to, Area: a}
}
