package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRule1ConsentIsSpecific(t *testing.T) {
	tests := []struct {
		name               string
		requested, current int
		code               string
		kind               Kind
	}{
		{"nothing published", 1, 0, "no_choreography", KindNotFound},
		{"nothing published, version 0", 0, 0, "no_choreography", KindNotFound},
		{"current version", 2, 2, "", 0},
		{"first version", 1, 1, "", 0},
		{"older version", 1, 2, "stale_version", KindConflict},
		{"future version", 3, 2, "stale_version", KindConflict},
		{"no version named", 0, 2, "stale_version", KindConflict},
	}
	for _, tt := range tests {
		err := CheckDecisionVersion(tt.requested, tt.current)
		wantErr(t, tt.name, err, tt.kind, tt.code, nil)
		if tt.code == "stale_version" {
			if got := As(err).Extra["currentVersion"]; got != tt.current {
				t.Errorf("%s: currentVersion = %v, want %d", tt.name, got, tt.current)
			}
		}
	}

	// A decision counts for the version it names, and only that one.
	for _, state := range []ConsentState{ConsentConfirmed, ConsentDeclined} {
		d := &ConsentDecision{Version: 2, State: state}
		for current, want := range map[int]ConsentState{0: ConsentPending, 1: ConsentPending, 2: state, 3: ConsentPending} {
			if got := CurrentConsent(d, current); got != want {
				t.Errorf("%s on v2, current v%d: got %s, want %s", state, current, got, want)
			}
		}
	}
	if got := CurrentConsent(nil, 3); got != ConsentPending {
		t.Errorf("no history: got %s, want pending (never inferred from silence)", got)
	}
	if got := CurrentConsent(&ConsentDecision{Version: 1, State: ConsentPending}, 1); got != ConsentPending {
		t.Errorf("a stored pending entry: got %s", got)
	}
}

func TestRule2ConsentIsReversible(t *testing.T) {
	// Each history is a performer's append-only decisions; the latest decides.
	tests := []struct {
		name    string
		history []ConsentDecision
		current int
		want    ConsentState
	}{
		{"withdrawn on the current version", []ConsentDecision{{Version: 1, State: ConsentConfirmed}, {Version: 1, State: ConsentWithdrawn}}, 1, ConsentWithdrawn},
		{"withdrawn stands after a new version", []ConsentDecision{{Version: 1, State: ConsentConfirmed}, {Version: 1, State: ConsentWithdrawn}}, 2, ConsentWithdrawn},
		{"withdrawn stands many versions later", []ConsentDecision{{Version: 1, State: ConsentWithdrawn}}, 7, ConsentWithdrawn},
		{"withdrawn before anything was published", []ConsentDecision{{Version: 0, State: ConsentWithdrawn}}, 0, ConsentWithdrawn},
		{"withdrawn before publishing, then v1 published", []ConsentDecision{{Version: 0, State: ConsentWithdrawn}}, 1, ConsentWithdrawn},
		{"re-confirmed the current version", []ConsentDecision{{Version: 1, State: ConsentWithdrawn}, {Version: 2, State: ConsentConfirmed}}, 2, ConsentConfirmed},
		{"re-confirmed, then a newer version", []ConsentDecision{{Version: 1, State: ConsentWithdrawn}, {Version: 2, State: ConsentConfirmed}}, 3, ConsentPending},
		{"declined after withdrawing", []ConsentDecision{{Version: 1, State: ConsentWithdrawn}, {Version: 2, State: ConsentDeclined}}, 2, ConsentDeclined},
		{"withdrawn after a decline", []ConsentDecision{{Version: 2, State: ConsentDeclined}, {Version: 2, State: ConsentWithdrawn}}, 2, ConsentWithdrawn},
	}
	for _, tt := range tests {
		latest := &tt.history[len(tt.history)-1]
		if got := CurrentConsent(latest, tt.current); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}

	// A withdrawal is accepted whatever the scene's state: it names the
	// current version and is flagged postPhotography after the shoot (rule 3).
	for _, tt := range []struct {
		name string
		sc   Scene
		want ConsentDecision
	}{
		{"nothing published", Scene{ID: "s", Status: ScenePlanned}, ConsentDecision{SceneID: "s", State: ConsentWithdrawn}},
		{"version 3 current", Scene{ID: "s", CurrentVersion: 3, Status: ScenePlanned}, ConsentDecision{SceneID: "s", Version: 3, State: ConsentWithdrawn}},
		{"shot", Scene{ID: "s", CurrentVersion: 1, Status: SceneShot}, ConsentDecision{SceneID: "s", Version: 1, State: ConsentWithdrawn, PostPhotography: true}},
		{"wrapped", Scene{ID: "s", CurrentVersion: 2, Status: SceneWrapped}, ConsentDecision{SceneID: "s", Version: 2, State: ConsentWithdrawn, PostPhotography: true}},
	} {
		if got := Withdrawal(tt.sc); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Withdrawal, %s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}

	// Withdrawal blocks the scene at once, whatever else is in order.
	in := readyInput()
	in.Consents["b"] = CurrentConsent(&ConsentDecision{Version: 2, State: ConsentWithdrawn}, in.Scene.CurrentVersion)
	if r, reasons := ComputeReadiness(in); r != ReadinessBlocked || !reflect.DeepEqual(reasons, []string{ReasonConsentWithdrawn}) {
		t.Errorf("withdrawal: got %s %v, want blocked [consent_withdrawn]", r, reasons)
	}
}

func TestRule3AfterPhotography(t *testing.T) {
	for status, want := range map[SceneStatus]bool{ScenePlanned: false, SceneShot: true, SceneWrapped: true, "": false, "cancelled": false} {
		if got := IsPostPhotography(status); got != want {
			t.Errorf("IsPostPhotography(%q) = %v, want %v", status, got, want)
		}
	}
	// A post-photography withdrawal is recorded and keeps the scene blocked,
	// even once the debrief is done, so the footage-use question stays visible.
	for _, status := range []SceneStatus{SceneShot, SceneWrapped} {
		for _, debrief := range []bool{false, true} {
			in := readyInput()
			in.Scene.Status = status
			in.DebriefScheduledOrDone = debrief
			in.Consents["a"] = CurrentConsent(&ConsentDecision{Version: 2, State: ConsentWithdrawn, PostPhotography: true}, 2)
			r, reasons := ComputeReadiness(in)
			if r != ReadinessBlocked || reasons[0] != ReasonConsentWithdrawn {
				t.Errorf("%s, debrief %v: got %s %v, want blocked led by consent_withdrawn", status, debrief, r, reasons)
			}
		}
	}
}

func TestRule4RevisionsReopenConsent(t *testing.T) {
	tests := []struct {
		name    string
		latest  *ConsentDecision
		current int
		want    ConsentState
	}{
		{"confirmed v1, v1 current", &ConsentDecision{Version: 1, State: ConsentConfirmed}, 1, ConsentConfirmed},
		{"confirmed v1, v2 published", &ConsentDecision{Version: 1, State: ConsentConfirmed}, 2, ConsentPending},
		{"declined v1, v2 published", &ConsentDecision{Version: 1, State: ConsentDeclined}, 2, ConsentPending},
		{"confirmed v2, v2 current", &ConsentDecision{Version: 2, State: ConsentConfirmed}, 2, ConsentConfirmed},
		{"no history, v1 published", nil, 1, ConsentPending},
	}
	for _, tt := range tests {
		if got := CurrentConsent(tt.latest, tt.current); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}

	// Publishing v3 puts a fully confirmed scene back to at_risk, consent_pending.
	in := readyInput()
	in.Scene.CurrentVersion = 3
	for _, m := range in.Scene.Cast {
		in.Consents[m.UserID] = CurrentConsent(&ConsentDecision{Version: 2, State: ConsentConfirmed}, 3)
	}
	if r, reasons := ComputeReadiness(in); r != ReadinessAtRisk || !reflect.DeepEqual(reasons, []string{ReasonConsentPending}) {
		t.Errorf("after a revision: got %s %v, want at_risk [consent_pending]", r, reasons)
	}
}

func TestRule5WithinTheRiderVsBeyondIt(t *testing.T) {
	tags := []ContentTag{TagPartialNudity}

	// Nudity: every (asked, agreed) pair.
	for _, asked := range NudityLevels {
		for _, agreed := range NudityLevels {
			signed := map[string]Rider{"a": signedRider("a", agreed, nil, tags)}
			flags := ExceedsRider([]Step{step([]StepPerformer{perf("a", asked)})}, tags, signed)
			want := NudityRank(asked) > NudityRank(agreed)
			if got := len(flags) == 1 && flags[0].Code == FlagExceedsRider; got != want || (!want && len(flags) > 0) {
				t.Errorf("nudity %s vs rider %s: flags %v, want exceeds=%v", asked, agreed, flags, want)
			}
		}
	}

	// Areas: contact to the performer on each area, against a rider listing some.
	agreed := []BodyArea{AreaLips, AreaBack, AreaShoulders}
	for _, area := range BodyAreas {
		signed := map[string]Rider{"a": signedRider("a", NudityPartial, agreed, tags)}
		st := step([]StepPerformer{perf("a", NudityNone), perf("b", NudityNone)}, touch("b", "a", area), touch("a", "b", area))
		flags := ExceedsRider([]Step{st}, tags, signed)
		want := []Flag{}
		if !hasArea(agreed, area) {
			want = append(want, Flag{Step: 1, UserID: "a", Code: FlagExceedsRider, Detail: "contact on " + string(area) + "; rider: area not agreed"})
		}
		if flags == nil {
			flags = []Flag{}
		}
		if !reflect.DeepEqual(flags, want) {
			t.Errorf("contact on %s: got %v, want %v", area, flags, want)
		}
	}

	// Acts: a scene act the rider does not list flags every step the performer is in.
	sceneTags := []ContentTag{TagKissing, TagSimulatedSex}
	signed := map[string]Rider{"a": signedRider("a", NudityFull, BodyAreas, []ContentTag{TagKissing})}
	steps := []Step{
		step([]StepPerformer{perf("a", NudityNone), perf("b", NudityNone)}, touch("a", "b", AreaLips)),
		step([]StepPerformer{perf("b", NudityNone)}),
		step([]StepPerformer{perf("b", NudityNone), perf("a", NudityNone)}),
	}
	got := ExceedsRider(steps, sceneTags, signed)
	want := []Flag{
		{Step: 1, UserID: "a", Code: FlagExceedsRider, Detail: "act simulated_sex; rider: not agreed"},
		{Step: 3, UserID: "a", Code: FlagExceedsRider, Detail: "act simulated_sex; rider: not agreed"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("acts: got %v, want %v", got, want)
	}
	signed["a"] = signedRider("a", NudityFull, BodyAreas, sceneTags)
	if got := ExceedsRider(steps, sceneTags, signed); len(got) != 0 {
		t.Errorf("acts all agreed: got %v", got)
	}
	// Without a signed rider there is nothing to exceed (rider_missing covers it).
	if got := ExceedsRider(steps, sceneTags, nil); len(got) != 0 {
		t.Errorf("no rider: got %v", got)
	}

	// DetectFlags merges rules 5 and 6 in order: by step, then user id, then
	// code; one flag per issue.
	signed = map[string]Rider{
		"b": signedRider("b", NudityNone, nil, nil),
		"a": signedRider("a", NudityNone, nil, nil),
	}
	bounds := []Boundary{{UserID: "a", Kind: BoundaryMaxNudity, MaxNudity: NudityNone}}
	got = DetectFlags([]Step{
		step([]StepPerformer{perf("b", NudityPartial), perf("a", NudityFull)}, touch("b", "a", AreaChest), touch("b", "a", AreaChest)),
	}, []ContentTag{TagFullNudity}, signed, bounds)
	wantOrder := []string{"a boundary_conflict nudity full; boundary: up to none",
		"a exceeds_rider nudity full; rider: up to none",
		"a exceeds_rider contact on chest; rider: area not agreed",
		"a exceeds_rider act full_nudity; rider: not agreed",
		"b exceeds_rider nudity partial; rider: up to none",
		"b exceeds_rider act full_nudity; rider: not agreed"}
	var gotOrder []string
	for _, f := range got {
		gotOrder = append(gotOrder, f.UserID+" "+f.Code+" "+f.Detail)
	}
	if !reflect.DeepEqual(gotOrder, wantOrder) {
		t.Errorf("order:\n got %q\nwant %q", gotOrder, wantOrder)
	}

	// Late rider: due is call time minus the notice period; exactly at due is on time.
	due := RiderDue(callTime, 48)
	if !due.Equal(callTime.Add(-48 * time.Hour)) {
		t.Errorf("RiderDue = %v", due)
	}
	if !RiderDue(callTime, 0).Equal(callTime) {
		t.Error("RiderDue with no notice is the call time")
	}
	for _, tt := range []struct {
		name   string
		signed time.Time
		late   bool
	}{
		{"a day early", due.Add(-24 * time.Hour), false},
		{"a nanosecond early", due.Add(-time.Nanosecond), false},
		{"exactly at due", due, false},
		{"a nanosecond late", due.Add(time.Nanosecond), true},
		{"on the day", callTime.Add(-time.Hour), true},
	} {
		if got := RiderLate(tt.signed, due); got != tt.late {
			t.Errorf("RiderLate %s = %v, want %v", tt.name, got, tt.late)
		}
		in := readyInput()
		r := in.SignedRider["a"]
		r.SignedAt = at(tt.signed)
		in.SignedRider["a"] = r
		in.LatestRider["a"] = &r
		state, reasons := ComputeReadiness(in)
		if tt.late && (state != ReadinessAtRisk || !reflect.DeepEqual(reasons, []string{ReasonLateRider})) {
			t.Errorf("readiness, rider signed %s: %s %v, want at_risk [late_rider]", tt.name, state, reasons)
		}
		if !tt.late && state != ReadinessReady {
			t.Errorf("readiness, rider signed %s: %s %v, want ready", tt.name, state, reasons)
		}
	}
	// A notice period in another time zone gives the same instant.
	paris, err := time.LoadLocation("Europe/Paris")
	if err == nil && !RiderDue(callTime.In(paris), 48).Equal(due) {
		t.Error("RiderDue depends on the time zone")
	}

	// Beyond the rider blocks the scene until a covering rider is signed.
	in := readyInput()
	in.Steps = append(in.Steps, step([]StepPerformer{perf("a", NudityFull)}))
	if state, reasons := ComputeReadiness(in); state != ReadinessBlocked || !reflect.DeepEqual(reasons, []string{ReasonExceedsRider}) {
		t.Errorf("beyond the rider: %s %v, want blocked [exceeds_rider]", state, reasons)
	}
	newer := signedRider("a", NudityFull, in.SignedRider["a"].VisibleAreas, in.SignedRider["a"].Acts)
	newer.Version = 2
	unsigned := newer
	unsigned.SignedAt = nil
	in.LatestRider["a"] = &unsigned // a new rider drafted but not yet signed
	if state, reasons := ComputeReadiness(in); state != ReadinessBlocked || !reflect.DeepEqual(reasons, []string{ReasonExceedsRider, ReasonRiderMissing}) {
		t.Errorf("covering rider unsigned: %s %v, want blocked [exceeds_rider rider_missing]", state, reasons)
	}
	in.LatestRider["a"] = &newer
	in.SignedRider["a"] = newer
	if state, reasons := ComputeReadiness(in); state != ReadinessReady {
		t.Errorf("covering rider signed: %s %v, want ready", state, reasons)
	}
}

func TestRule6BoundariesWin(t *testing.T) {
	steps := []Step{
		step([]StepPerformer{perf("a", NudityPartial), perf("b", NudityNone)}, touch("b", "a", AreaThighs), touch("a", "b", AreaLips)),
		step([]StepPerformer{perf("a", NudityFull), perf("b", NudityNone)}, touch("b", "a", AreaBack)),
	}
	noThighs := Boundary{ID: "x1", UserID: "a", Kind: BoundaryNoContact, Areas: []BodyArea{AreaThighs, AreaGenitals}}
	upToPartial := Boundary{ID: "x2", UserID: "a", Kind: BoundaryMaxNudity, MaxNudity: NudityPartial}
	note := Boundary{ID: "x3", UserID: "a", Kind: BoundaryNote, Note: "Please no contact on my thighs, private reason"}
	thighsFlag := Flag{Step: 1, UserID: "a", Code: FlagBoundaryConflict, Detail: "contact on thighs; boundary: no contact"}
	nudityFlag := Flag{Step: 2, UserID: "a", Code: FlagBoundaryConflict, Detail: "nudity full; boundary: up to partial"}
	tests := []struct {
		name       string
		boundaries []Boundary
		want       []Flag
	}{
		{"no boundaries", nil, nil},
		{"no contact", []Boundary{noThighs}, []Flag{thighsFlag}},
		{"max nudity", []Boundary{upToPartial}, []Flag{nudityFlag}},
		{"max nudity none", []Boundary{{UserID: "a", Kind: BoundaryMaxNudity, MaxNudity: NudityNone}}, []Flag{
			{Step: 1, UserID: "a", Code: FlagBoundaryConflict, Detail: "nudity partial; boundary: up to none"},
			{Step: 2, UserID: "a", Code: FlagBoundaryConflict, Detail: "nudity full; boundary: up to none"}}},
		{"max nudity full never conflicts", []Boundary{{UserID: "a", Kind: BoundaryMaxNudity, MaxNudity: NudityFull}}, nil},
		{"a note never conflicts", []Boundary{note}, nil},
		{"a note never conflicts, even naming areas", []Boundary{{UserID: "a", Kind: BoundaryNote, Note: "x",
			Areas: []BodyArea{AreaThighs}, MaxNudity: NudityNone}}, nil},
		{"both", []Boundary{note, upToPartial, noThighs}, []Flag{thighsFlag, nudityFlag}},
		{"the same area twice flags once", []Boundary{noThighs, noThighs}, []Flag{thighsFlag}},
		{"another performer's boundary is not applied to a",
			[]Boundary{{UserID: "b", Kind: BoundaryNoContact, Areas: []BodyArea{AreaThighs}}}, nil},
		{"b's boundary applies to contact on b",
			[]Boundary{{UserID: "b", Kind: BoundaryNoContact, Areas: []BodyArea{AreaLips}}},
			[]Flag{{Step: 1, UserID: "b", Code: FlagBoundaryConflict, Detail: "contact on lips; boundary: no contact"}}},
		{"contact made by the performer is not contact on them",
			[]Boundary{{UserID: "a", Kind: BoundaryNoContact, Areas: []BodyArea{AreaLips}}}, nil},
	}
	for _, tt := range tests {
		got := BoundaryConflicts(steps, tt.boundaries)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
		for _, f := range got {
			if strings.Contains(f.Detail, "private") {
				t.Errorf("%s: detail quotes a note: %q", tt.name, f.Detail)
			}
		}
	}

	// Scene-specific vs production-wide.
	all := []Boundary{
		{ID: "wide", UserID: "a", SceneID: "", Kind: BoundaryNoContact, Areas: []BodyArea{AreaThighs}},
		{ID: "here", UserID: "a", SceneID: "s1", Kind: BoundaryMaxNudity, MaxNudity: NudityPartial},
		{ID: "elsewhere", UserID: "a", SceneID: "s2", Kind: BoundaryNoContact, Areas: []BodyArea{AreaBack}},
	}
	var ids []string
	for _, b := range BoundariesForScene(all, "s1") {
		ids = append(ids, b.ID)
	}
	if !reflect.DeepEqual(ids, []string{"wide", "here"}) {
		t.Errorf("BoundariesForScene(s1) = %v", ids)
	}
	if got := BoundaryConflicts(steps, BoundariesForScene(all, "s1")); !reflect.DeepEqual(got, []Flag{thighsFlag, nudityFlag}) {
		t.Errorf("scene s1: got %v", got)
	}
	if got := BoundaryConflicts(steps, BoundariesForScene(all, "s2")); !reflect.DeepEqual(got, []Flag{thighsFlag,
		{Step: 2, UserID: "a", Code: FlagBoundaryConflict, Detail: "contact on back; boundary: no contact"}}) {
		t.Errorf("scene s2: got %v", got)
	}
	// Boundaries are for coordinators: ReadinessInput, what producers see
	// is computed from, has no boundaries to read.
}

func TestRule7NoBarrierNoStep(t *testing.T) {
	cast := []CastMember{{UserID: "a"}, {UserID: "b"}}
	for _, area := range BodyAreas {
		for _, barrier := range []string{"", "   ", "modesty garment"} {
			steps := []Step{
				step([]StepPerformer{perf("a", NudityNone), perf("b", NudityNone)}, touch("a", "b", AreaHands)),
				step([]StepPerformer{perf("a", NudityFull), perf("b", NudityFull)}, touch("a", "b", area)),
			}
			steps[1].Barrier = barrier
			err := ValidateSteps(steps, cast)
			if area == AreaGenitals && blank(barrier) {
				wantErr(t, "genitals, barrier "+barrier, err, KindInvalid, "barrier_required", []string{"steps[1].barrier"})
			} else {
				wantErr(t, string(area)+" barrier "+barrier, err, 0, "", nil)
			}
		}
	}
	// Several steps without a barrier are all named, once each.
	steps := []Step{
		step([]StepPerformer{perf("a", NudityFull), perf("b", NudityFull)}, touch("a", "b", AreaGenitals), touch("b", "a", AreaGenitals)),
		step([]StepPerformer{perf("a", NudityFull), perf("b", NudityFull)}),
		step([]StepPerformer{perf("a", NudityFull), perf("b", NudityFull)}, touch("b", "a", AreaGenitals)),
	}
	wantErr(t, "several", ValidateSteps(steps, cast), KindInvalid, "barrier_required", []string{"steps[0].barrier", "steps[2].barrier"})
	// CheckBarriers alone: a barrier of blanks is none; contact elsewhere needs none.
	for _, tt := range []struct {
		name    string
		area    BodyArea
		barrier string
		fields  []string
	}{
		{"genitals, no barrier", AreaGenitals, "", []string{"steps[0].barrier"}},
		{"genitals, blank barrier", AreaGenitals, " \t", []string{"steps[0].barrier"}},
		{"genitals, barrier", AreaGenitals, "modesty garment", nil},
		{"chest, no barrier", AreaChest, "", nil},
	} {
		st := step([]StepPerformer{perf("a", NudityFull), perf("b", NudityFull)}, touch("a", "b", tt.area))
		st.Barrier = tt.barrier
		code := ""
		if tt.fields != nil {
			code = "barrier_required"
		}
		wantErr(t, "CheckBarriers "+tt.name, CheckBarriers([]Step{st}), KindInvalid, code, tt.fields)
	}
	// A malformed step is reported as validation_failed first.
	steps[1].Performers[0].UserID = "stranger"
	wantErr(t, "malformed and no barrier", ValidateSteps(steps, cast), KindInvalid, "validation_failed", []string{"steps[1].performers[0].userId"})
}

func TestRule8Minors(t *testing.T) {
	minor := CastMember{UserID: "m", Minor: true}
	minorWithGuardian := CastMember{UserID: "m", Minor: true, GuardianName: "Pat Doe"}
	adult := CastMember{UserID: "a"}
	for _, tag := range ContentTags {
		tags := []ContentTag{TagKissing, tag}
		refused := tag == TagPartialNudity || tag == TagFullNudity || tag == TagSimulatedSex || tag == TagSexualViolence
		for _, m := range []CastMember{minor, minorWithGuardian} {
			code := ""
			if refused {
				code = "minor_rule"
			}
			wantErr(t, "cast minor in "+string(tag), CheckMinorCasting(m, tags), KindInvalid, code, nil)
			var fields []string
			if refused {
				fields = []string{"contentTags[1]"}
			}
			wantErr(t, "tag "+string(tag)+" with a minor", CheckMinorTags(tags, []CastMember{adult, m}), KindInvalid, code, fields)
		}
		wantErr(t, "cast adult in "+string(tag), CheckMinorCasting(adult, tags), 0, "", nil)
		wantErr(t, "tag "+string(tag)+" without minors", CheckMinorTags(tags, []CastMember{adult}), 0, "", nil)

		want := map[CastMember]MinorVerdict{minor: MinorNeedsGuardian, minorWithGuardian: MinorOK, adult: MinorOK}
		if refused {
			want[minor], want[minorWithGuardian] = MinorRefused, MinorRefused
		}
		for m, v := range want {
			if got := MinorRule(m, tags); got != v {
				t.Errorf("MinorRule(%+v, %s) = %d, want %d", m, tag, got, v)
			}
		}
	}
	for _, tt := range []struct {
		name string
		m    CastMember
		tags []ContentTag
		want MinorVerdict
	}{
		{"untagged scene, no guardian", minor, nil, MinorOK},
		{"blank guardian name", CastMember{Minor: true, GuardianName: "  "}, []ContentTag{TagKissing}, MinorNeedsGuardian},
		{"violence, guardian", minorWithGuardian, []ContentTag{TagPhysicalViolence}, MinorOK},
		{"full nudity alone", minorWithGuardian, []ContentTag{TagFullNudity}, MinorRefused},
		{"adult in full nudity", adult, []ContentTag{TagFullNudity}, MinorOK},
	} {
		if got := MinorRule(tt.m, tt.tags); got != tt.want {
			t.Errorf("MinorRule %s = %d, want %d", tt.name, got, tt.want)
		}
	}
	wantErr(t, "no tags with a minor", CheckMinorTags(nil, []CastMember{minor}), 0, "", nil)

	// Readiness: minor_rule blocks until a guardian is named.
	in := ReadinessInput{Scene: Scene{ContentTags: []ContentTag{TagKissing}, CoordinatorID: "ic", CurrentVersion: 1,
		Cast: []CastMember{minor}}, Consents: map[string]ConsentState{"m": ConsentConfirmed}}
	if state, reasons := ComputeReadiness(in); state != ReadinessBlocked || !reflect.DeepEqual(reasons, []string{ReasonMinorRule}) {
		t.Errorf("minor without guardian: %s %v", state, reasons)
	}
	in.Scene.Cast = []CastMember{minorWithGuardian}
	if state, reasons := ComputeReadiness(in); state != ReadinessReady {
		t.Errorf("minor with guardian: %s %v", state, reasons)
	}
	// A minor found in a rider scene (data from before the rule) stays blocked, guardian or not.
	in.Scene.ContentTags = []ContentTag{TagKissing, TagPartialNudity}
	in.Scene.ClosedSet = []string{"director"}
	if state, reasons := ComputeReadiness(in); state != ReadinessBlocked || reasons[0] != ReasonMinorRule {
		t.Errorf("minor in rider scene: %s %v", state, reasons)
	}
}

func TestRule9ClosedSet(t *testing.T) {
	for _, tag := range ContentTags {
		want := tag == TagPartialNudity || tag == TagFullNudity || tag == TagSimulatedSex || tag == TagSexualViolence
		if got := RequiresRider([]ContentTag{tag}); got != want {
			t.Errorf("RequiresRider(%s) = %v, want %v", tag, got, want)
		}
		if !RequiresCoordinator([]ContentTag{tag}) {
			t.Errorf("RequiresCoordinator(%s) = false", tag)
		}
	}
	if RequiresRider(nil) || RequiresCoordinator(nil) || RequiresCoordinator([]ContentTag{}) {
		t.Error("an untagged scene requires nothing")
	}

	tests := []struct {
		name   string
		tags   []ContentTag
		roster []string
		want   bool // closed_set_missing
	}{
		{"rider scene, no roster", []ContentTag{TagFullNudity}, nil, true},
		{"rider scene, blank roster", []ContentTag{TagSimulatedSex}, []string{"", "  "}, true},
		{"rider scene, roster", []ContentTag{TagSexualViolence}, []string{"director", "DP"}, false},
		{"kissing only, no roster", []ContentTag{TagKissing}, nil, false},
		{"violence only, no roster", []ContentTag{TagPhysicalViolence, TagRestraintSuspension}, nil, false},
	}
	for _, tt := range tests {
		in := ReadinessInput{Scene: Scene{ContentTags: tt.tags, CoordinatorID: "ic", CurrentVersion: 1, ClosedSet: tt.roster}}
		if got := ClosedSetMissing(in.Scene); got != tt.want {
			t.Errorf("ClosedSetMissing %s = %v, want %v", tt.name, got, tt.want)
		}
		state, reasons := ComputeReadiness(in)
		got := reflect.DeepEqual(reasons, []string{ReasonClosedSetMissing})
		if got != tt.want || (!tt.want && len(reasons) != 0) {
			t.Errorf("%s: %s %v", tt.name, state, reasons)
		}
		if tt.want && state != ReadinessAtRisk {
			t.Errorf("%s: state %s, want at_risk", tt.name, state)
		}
	}
}
