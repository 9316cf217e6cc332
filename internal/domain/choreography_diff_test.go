package domain

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// diffStep is a step between a and b (the app's diff test's fixture).
func diffStep(title string, edit func(*Step)) Step {
	s := Step{Title: title, Description: title + " as rehearsed", DurationSec: 30,
		Performers: []StepPerformer{{UserID: "a", Nudity: NudityNone}, {UserID: "b", Nudity: NudityNone}},
		Contacts:   []StepContact{{FromUserID: "a", ToUserID: "b", Area: AreaHands}}}
	if edit != nil {
		edit(&s)
	}
	return s
}

func diffKinds(before, after []Step) []string {
	var out []string
	for _, d := range DiffSteps(before, after) {
		switch d.Kind {
		case DiffChanged:
			out = append(out, "changed:"+after[d.NewIndex].Title+":"+strings.Join(d.Fields, ","))
		case DiffRemoved:
			out = append(out, "removed:"+before[d.OldIndex].Title)
		default:
			out = append(out, d.Kind+":"+after[d.NewIndex].Title)
		}
	}
	return out
}

// TestDiffStepsAsTheApp: the server's step diff (the choreography preview)
// answers the cases of the app's own diff test (frontend/src/scenes/diff.test.ts)
// the same way.
func TestDiffStepsAsTheApp(t *testing.T) {
	s := func(titles ...string) []Step {
		out := make([]Step, len(titles))
		for i, title := range titles {
			out[i] = diffStep(title, nil)
		}
		return out
	}
	embracePartial := diffStep("Embrace", func(s *Step) {
		s.Performers = []StepPerformer{{UserID: "a", Nudity: NudityPartial}, {UserID: "b", Nudity: NudityNone}}
		s.Barrier = "Modesty garment"
	})
	renamed := diffStep("Embrace", func(s *Step) { s.Title, s.Description = "Hold", "Embrace as rehearsed" })
	rewritten := diffStep("Walk away", func(s *Step) {
		s.DurationSec, s.Performers, s.Contacts, s.Barrier = 90, []StepPerformer{{UserID: "a", Nudity: NudityNone}}, nil, "none needed"
	})
	for _, tc := range []struct {
		name          string
		before, after []Step
		want          []string
	}{
		{"equal", s("Enter", "Embrace", "Exit"), s("Enter", "Embrace", "Exit"), []string{"same:Enter", "same:Embrace", "same:Exit"}},
		{"inserted", s("Enter", "Embrace", "Exit"), s("Enter", "Pause", "Embrace", "Exit"), []string{"same:Enter", "added:Pause", "same:Embrace", "same:Exit"}},
		{"dropped", s("Enter", "Embrace", "Exit"), s("Enter", "Exit"), []string{"same:Enter", "removed:Embrace", "same:Exit"}},
		{"changed fields", s("Enter", "Embrace"), []Step{diffStep("Enter", nil), embracePartial}, []string{"same:Enter", "changed:Embrace:performers,barrier"}},
		{"renamed", s("Embrace"), []Step{renamed}, []string{"changed:Hold:title"}},
		{"rewritten", s("Embrace"), []Step{rewritten}, []string{"removed:Embrace", "added:Walk away"}},
		{"moved", s("One", "Two", "Three"), s("Three", "One", "Two"), []string{"added:Three", "same:One", "same:Two", "removed:Three"}},
		{"from nothing", nil, s("One"), []string{"added:One"}},
		{"to nothing", s("One"), nil, []string{"removed:One"}},
	} {
		if got := diffKinds(tc.before, tc.after); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	a := diffStep("Embrace", func(s *Step) {
		s.Contacts = []StepContact{{FromUserID: "a", ToUserID: "b", Area: AreaHands}, {FromUserID: "b", ToUserID: "a", Area: AreaShoulders}}
	})
	b := a
	b.Performers = []StepPerformer{a.Performers[1], a.Performers[0]}
	b.Contacts = []StepContact{a.Contacts[1], a.Contacts[0]}
	if f := ChangedStepFields(a, b); len(f) != 0 {
		t.Errorf("the order of performers and contacts counts: %v", f)
	}
}

// TestNeedsAndTheirOrder: what needs a performer on a scene, and scenes with
// needs first (an open check-in first, then by the earliest due time), the
// rest by call time.
func TestNeedsAndTheirOrder(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	at := func(h int) *time.Time { v := now.Add(time.Duration(h) * time.Hour); return &v }
	for _, tc := range []struct {
		st   MySceneState
		want string
	}{
		{MySceneState{Consent: ConsentPending}, "[]"}, // nothing published: nothing to decide
		{MySceneState{CurrentVersion: 1, Consent: ConsentPending}, "[decide]"},
		{MySceneState{CurrentVersion: 2, Consent: ConsentConfirmed}, "[]"},
		{MySceneState{CurrentVersion: 2, Consent: ConsentDeclined}, "[]"},
		{MySceneState{CurrentVersion: 2, Consent: ConsentWithdrawn}, "[]"},
		{MySceneState{RiderDueAt: at(5), CheckinExpires: at(1), DebriefAt: at(24 * 7)}, "[sign_rider answer_checkin debrief]"},
		{MySceneState{DebriefAt: at(24*7 + 1)}, "[]"},
	} {
		if got := fmt.Sprint(tc.st.Needs(now)); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.st, got, tc.want)
		}
	}
	states := []MySceneState{
		{CallTime: *at(1)}, // 0: nothing, earliest call
		{CallTime: *at(50), CurrentVersion: 1, Consent: ConsentPending}, // 1: decide by call (50)
		{CallTime: *at(90), RiderDueAt: at(40)},                         // 2: rider due 40
		{CallTime: *at(99), CheckinExpires: at(2)},                      // 3: check-in
		{CallTime: *at(3)}, // 4: nothing
		{CallTime: *at(95), DebriefAt: at(30), RiderDueAt: at(60)}, // 5: debrief 30
	}
	needs := make([][]string, len(states))
	for i, st := range states {
		needs[i] = st.Needs(now)
	}
	if got := fmt.Sprint(NeedOrder(states, needs)); got != "[3 5 2 1 0 4]" {
		t.Errorf("order %s, want [3 5 2 1 0 4]", got)
	}
}
