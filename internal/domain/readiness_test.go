package domain

import (
	"reflect"
	"testing"
	"time"
)

// readyInput is a rider-requiring scene where everything is in order: a
// coordinator, a closed set, v2 published and confirmed by both performers,
// riders signed in time that cover every step.
func readyInput() ReadinessInput {
	tags := []ContentTag{TagKissing, TagPartialNudity}
	ra := signedRider("a", NudityPartial, []BodyArea{AreaLips, AreaChest, AreaBack}, tags)
	rb := signedRider("b", NudityNone, []BodyArea{AreaLips, AreaHands}, tags)
	return ReadinessInput{
		Scene: Scene{ID: "s1", Number: "42A", CallTime: callTime, ContentTags: tags, CoordinatorID: "ic",
			Status: ScenePlanned, ClosedSet: []string{"director", "camera operator"},
			Cast: []CastMember{{UserID: "a"}, {UserID: "b"}}, CurrentVersion: 2},
		Consents:    map[string]ConsentState{"a": ConsentConfirmed, "b": ConsentConfirmed},
		LatestRider: map[string]*Rider{"a": &ra, "b": &rb},
		SignedRider: map[string]Rider{"a": ra, "b": rb},
		Steps: []Step{
			step([]StepPerformer{perf("a", NudityPartial), perf("b", NudityNone)}, touch("b", "a", AreaBack), touch("a", "b", AreaLips)),
			step([]StepPerformer{perf("a", NudityNone), perf("b", NudityNone)}, touch("a", "b", AreaHands)),
		},
		NoticeHours: 48,
	}
}

func TestReadiness(t *testing.T) {
	late := at(RiderDue(callTime, 48).Add(time.Minute))
	tests := []struct {
		name    string
		change  func(in *ReadinessInput)
		want    Readiness
		reasons []string
	}{
		// States without reasons.
		{"everything in order", func(in *ReadinessInput) {}, ReadinessReady, nil},
		{"no content tags", func(in *ReadinessInput) { in.Scene.ContentTags = nil }, ReadinessNotNeeded, nil},
		{"no content tags, nothing else either", func(in *ReadinessInput) {
			*in = ReadinessInput{Scene: Scene{Cast: []CastMember{{UserID: "a", Minor: true}}, Status: SceneWrapped}}
		}, ReadinessNotNeeded, nil},
		{"kissing only: no rider or closed set needed", func(in *ReadinessInput) {
			in.Scene.ContentTags = []ContentTag{TagKissing}
			in.Scene.ClosedSet = nil
			in.LatestRider, in.SignedRider = nil, nil
		}, ReadinessReady, nil},
		{"kissing only: unsigned and late riders do not matter", func(in *ReadinessInput) {
			in.Scene.ContentTags = []ContentTag{TagKissing}
			r := *in.LatestRider["a"]
			r.SignedAt = late
			in.SignedRider["a"] = r
			in.LatestRider["b"] = &Rider{UserID: "b", Version: 3}
		}, ReadinessReady, nil},

		// Each blocked reason alone.
		{"no coordinator", func(in *ReadinessInput) { in.Scene.CoordinatorID = "" }, ReadinessBlocked, []string{ReasonNoCoordinator}},
		{"declined", func(in *ReadinessInput) { in.Consents["a"] = ConsentDeclined }, ReadinessBlocked, []string{ReasonConsentDeclined}},
		{"withdrawn", func(in *ReadinessInput) { in.Consents["b"] = ConsentWithdrawn }, ReadinessBlocked, []string{ReasonConsentWithdrawn}},
		{"exceeds rider: nudity", func(in *ReadinessInput) { in.Steps[1].Performers[1].Nudity = NudityPartial }, ReadinessBlocked, []string{ReasonExceedsRider}},
		{"the signed rider of someone no longer cast does not count", func(in *ReadinessInput) {
			in.Steps[1].Performers[1].Nudity = NudityPartial // beyond b's rider
			in.Scene.Cast = in.Scene.Cast[:1]
		}, ReadinessReady, nil},
		{"exceeds rider: area", func(in *ReadinessInput) { in.Steps[1].Contacts[0].Area = AreaThighs }, ReadinessBlocked, []string{ReasonExceedsRider}},
		{"exceeds rider: act", func(in *ReadinessInput) {
			in.Scene.ContentTags = append(in.Scene.ContentTags, TagTouching)
		}, ReadinessBlocked, []string{ReasonExceedsRider}},
		{"minor without guardian", func(in *ReadinessInput) {
			in.Scene.ContentTags = []ContentTag{TagKissing}
			in.Scene.Cast[1].Minor = true
		}, ReadinessBlocked, []string{ReasonMinorRule}},
		{"minor in a rider scene", func(in *ReadinessInput) {
			in.Scene.Cast[1].Minor, in.Scene.Cast[1].GuardianName = true, "Pat"
		}, ReadinessBlocked, []string{ReasonMinorRule}},

		// Each at-risk reason alone.
		{"no choreography", func(in *ReadinessInput) {
			in.Scene.CurrentVersion, in.Steps = 0, nil
			in.Consents = nil // nobody can have confirmed: still no consent_pending
		}, ReadinessAtRisk, []string{ReasonNoChoreography}},
		{"pending", func(in *ReadinessInput) { in.Consents["b"] = ConsentPending }, ReadinessAtRisk, []string{ReasonConsentPending}},
		{"missing consent entry reads pending", func(in *ReadinessInput) { delete(in.Consents, "a") }, ReadinessAtRisk, []string{ReasonConsentPending}},
		{"no rider at all", func(in *ReadinessInput) {
			delete(in.LatestRider, "b")
			delete(in.SignedRider, "b")
		}, ReadinessAtRisk, []string{ReasonRiderMissing}},
		{"nil rider entry", func(in *ReadinessInput) { in.LatestRider["b"] = nil; delete(in.SignedRider, "b") }, ReadinessAtRisk, []string{ReasonRiderMissing}},
		{"rider drafted, never signed", func(in *ReadinessInput) {
			in.LatestRider["a"] = &Rider{UserID: "a", Version: 1, Nudity: NudityPartial}
			delete(in.SignedRider, "a")
		}, ReadinessAtRisk, []string{ReasonRiderMissing}},
		{"newer rider version unsigned", func(in *ReadinessInput) {
			r := *in.LatestRider["a"]
			r.Version, r.SignedAt = 2, nil
			in.LatestRider["a"] = &r
		}, ReadinessAtRisk, []string{ReasonRiderMissing}},
		{"late rider", func(in *ReadinessInput) {
			r := in.SignedRider["a"]
			r.SignedAt = late
			in.SignedRider["a"], in.LatestRider["a"] = r, &r
		}, ReadinessAtRisk, []string{ReasonLateRider}},
		{"late rider under a shorter notice period is on time", func(in *ReadinessInput) {
			r := in.SignedRider["a"]
			r.SignedAt = late
			in.SignedRider["a"], in.LatestRider["a"] = r, &r
			in.NoticeHours = 24
		}, ReadinessReady, nil},
		{"closed set missing", func(in *ReadinessInput) { in.Scene.ClosedSet = nil }, ReadinessAtRisk, []string{ReasonClosedSetMissing}},

		// No cast: consent and rider reasons do not apply (there is nobody to
		// consent or sign); the scene-level reasons still do.
		{"tagged scene with no cast", func(in *ReadinessInput) {
			in.Scene.Cast = nil
		}, ReadinessReady, nil},
		{"tagged scene with no cast, no riders or consents loaded", func(in *ReadinessInput) {
			in.Scene.Cast, in.Consents, in.LatestRider, in.SignedRider = nil, nil, nil, nil
		}, ReadinessReady, nil},
		{"tagged scene with no cast and nothing else", func(in *ReadinessInput) {
			*in = ReadinessInput{Scene: Scene{ContentTags: []ContentTag{TagFullNudity}}}
		}, ReadinessBlocked, []string{ReasonNoCoordinator, ReasonNoChoreography, ReasonClosedSetMissing}},

		// Combinations: blocked wins, every code is listed in the fixed order.
		{"blocked and at risk", func(in *ReadinessInput) {
			in.Scene.ClosedSet = nil
			in.Consents["a"] = ConsentWithdrawn
			in.Consents["b"] = ConsentPending
		}, ReadinessBlocked, []string{ReasonConsentWithdrawn, ReasonConsentPending, ReasonClosedSetMissing}},
		{"declined and withdrawn", func(in *ReadinessInput) {
			in.Consents["a"], in.Consents["b"] = ConsentWithdrawn, ConsentDeclined
		}, ReadinessBlocked, []string{ReasonConsentDeclined, ReasonConsentWithdrawn}},
		{"every at-risk reason", func(in *ReadinessInput) {
			in.Consents["a"] = ConsentPending
			delete(in.LatestRider, "b")
			delete(in.SignedRider, "b")
			r := in.SignedRider["a"]
			r.SignedAt = late
			in.SignedRider["a"], in.LatestRider["a"] = r, &r
			in.Scene.ClosedSet = []string{" "}
		}, ReadinessAtRisk, []string{ReasonConsentPending, ReasonRiderMissing, ReasonLateRider, ReasonClosedSetMissing}},
		{"an older rider signed late, the newer one unsigned", func(in *ReadinessInput) {
			r := in.SignedRider["a"]
			r.SignedAt = late
			in.SignedRider["a"] = r
			in.LatestRider["a"] = &Rider{UserID: "a", Version: 2}
		}, ReadinessAtRisk, []string{ReasonRiderMissing, ReasonLateRider}},
		{"pending and exceeds rider", func(in *ReadinessInput) {
			in.Consents["a"] = ConsentPending
			in.Steps[1].Contacts[0].Area = AreaThighs
		}, ReadinessBlocked, []string{ReasonExceedsRider, ReasonConsentPending}},
		{"no coordinator and no choreography", func(in *ReadinessInput) {
			in.Scene.CoordinatorID = ""
			in.Scene.CurrentVersion, in.Steps, in.Consents = 0, nil, nil
		}, ReadinessBlocked, []string{ReasonNoCoordinator, ReasonNoChoreography}},
		{"minor without guardian, others pending", func(in *ReadinessInput) {
			in.Scene.ContentTags = []ContentTag{TagKissing}
			in.Scene.Cast[1].Minor = true
			in.Consents["a"] = ConsentPending
		}, ReadinessBlocked, []string{ReasonMinorRule, ReasonConsentPending}},
		{"minor with guardian in a kissing scene", func(in *ReadinessInput) {
			in.Scene.ContentTags = []ContentTag{TagKissing}
			in.Scene.Cast[1].Minor, in.Scene.Cast[1].GuardianName = true, "Pat"
		}, ReadinessReady, nil},
		{"late rider and closed set missing after the shoot, debrief done", func(in *ReadinessInput) {
			in.Scene.Status, in.DebriefScheduledOrDone = SceneWrapped, true
			r := in.SignedRider["b"]
			r.SignedAt = late
			in.SignedRider["b"], in.LatestRider["b"] = r, &r
			in.Scene.ClosedSet = nil
		}, ReadinessAtRisk, []string{ReasonLateRider, ReasonClosedSetMissing}},
		{"no choreography but a withdrawal", func(in *ReadinessInput) {
			in.Scene.CurrentVersion, in.Steps = 0, nil
			in.Consents = map[string]ConsentState{"a": ConsentWithdrawn}
		}, ReadinessBlocked, []string{ReasonConsentWithdrawn, ReasonNoChoreography}},
		{"no choreography: steps ignored", func(in *ReadinessInput) {
			in.Scene.CurrentVersion = 0
			in.Steps[0].Performers[0].Nudity = NudityFull
			in.Consents = nil
		}, ReadinessAtRisk, []string{ReasonNoChoreography}},
		{"everything wrong at once", func(in *ReadinessInput) {
			in.Scene.CoordinatorID = ""
			in.Scene.ClosedSet = nil
			in.Scene.Cast = append(in.Scene.Cast, CastMember{UserID: "c", Minor: true}, CastMember{UserID: "d"}, CastMember{UserID: "e"})
			in.Consents = map[string]ConsentState{"a": ConsentDeclined, "b": ConsentWithdrawn, "c": ConsentPending}
			in.Steps[0].Performers[0].Nudity = NudityFull
			r := in.SignedRider["b"]
			r.SignedAt = late
			in.SignedRider["b"], in.LatestRider["b"] = r, &r
		}, ReadinessBlocked, []string{ReasonNoCoordinator, ReasonConsentDeclined, ReasonConsentWithdrawn,
			ReasonExceedsRider, ReasonMinorRule, ReasonConsentPending, ReasonRiderMissing, ReasonLateRider, ReasonClosedSetMissing}},

		// After the shoot.
		{"shot, no debrief", func(in *ReadinessInput) { in.Scene.Status = SceneShot }, ReadinessDebriefDue, []string{ReasonDebriefDue}},
		{"wrapped, no debrief", func(in *ReadinessInput) { in.Scene.Status = SceneWrapped }, ReadinessDebriefDue, []string{ReasonDebriefDue}},
		{"shot, debrief scheduled or done", func(in *ReadinessInput) {
			in.Scene.Status, in.DebriefScheduledOrDone = SceneShot, true
		}, ReadinessReady, nil},
		{"planned, no debrief: not due yet", func(in *ReadinessInput) {}, ReadinessReady, nil},
		{"shot, no tags: nothing to debrief", func(in *ReadinessInput) {
			in.Scene.Status, in.Scene.ContentTags = SceneShot, nil
		}, ReadinessNotNeeded, nil},
		{"shot, withdrawn after photography, no debrief", func(in *ReadinessInput) {
			in.Scene.Status = SceneShot
			in.Consents["a"] = ConsentWithdrawn
		}, ReadinessBlocked, []string{ReasonConsentWithdrawn, ReasonDebriefDue}},
		{"wrapped, withdrawn after photography, debrief done", func(in *ReadinessInput) {
			in.Scene.Status, in.DebriefScheduledOrDone = SceneWrapped, true
			in.Consents["a"] = ConsentWithdrawn
		}, ReadinessBlocked, []string{ReasonConsentWithdrawn}},
		{"shot, at risk, no debrief: debrief_due wins", func(in *ReadinessInput) {
			in.Scene.Status = SceneShot
			in.Consents["b"] = ConsentPending
		}, ReadinessDebriefDue, []string{ReasonDebriefDue, ReasonConsentPending}},
		{"shot, at risk, debrief done: the rules above", func(in *ReadinessInput) {
			in.Scene.Status, in.DebriefScheduledOrDone = SceneShot, true
			in.Scene.ClosedSet = nil
		}, ReadinessAtRisk, []string{ReasonClosedSetMissing}},
		{"wrapped, no coordinator, no debrief", func(in *ReadinessInput) {
			in.Scene.Status = SceneWrapped
			in.Scene.CoordinatorID = ""
		}, ReadinessBlocked, []string{ReasonNoCoordinator, ReasonDebriefDue}},
	}
	seenStates := map[Readiness]bool{}
	seenReasons := map[string]bool{}
	for _, tt := range tests {
		in := readyInput()
		tt.change(&in)
		got, reasons := ComputeReadiness(in)
		want := tt.reasons
		if want == nil {
			want = []string{}
		}
		if got != tt.want || !reflect.DeepEqual(reasons, want) {
			t.Errorf("%s: got %s %v, want %s %v", tt.name, got, reasons, tt.want, want)
		}
		seenStates[got] = true
		for _, r := range reasons {
			seenReasons[r] = true
		}
	}
	for _, s := range []Readiness{ReadinessNotNeeded, ReadinessReady, ReadinessAtRisk, ReadinessBlocked, ReadinessDebriefDue} {
		if !seenStates[s] {
			t.Errorf("no case reaches %s", s)
		}
	}
	for _, r := range ReasonOrder {
		if !seenReasons[r] {
			t.Errorf("no case reports %s", r)
		}
	}
	if len(ReasonOrder) != 11 {
		t.Errorf("ReasonOrder has %d codes, want the 10 of product.md plus consent_declined", len(ReasonOrder))
	}
}
