package domain

import (
	"strings"
	"testing"
	"time"
)

func TestValidateSteps(t *testing.T) {
	cast := []CastMember{{UserID: "a"}, {UserID: "b"}, {UserID: "c"}}
	ok := func() []Step {
		return []Step{
			step([]StepPerformer{perf("a", NudityNone), perf("b", NudityPartial)}, touch("a", "b", AreaLips)),
			step([]StepPerformer{perf("c", NudityFull)}),
			step([]StepPerformer{perf("b", NudityNone), perf("c", NudityNone)}, touch("b", "c", AreaHands), touch("c", "b", AreaBack)),
		}
	}
	tests := []struct {
		name   string
		change func(s []Step) []Step
		code   string
		fields []string
	}{
		{"valid", func(s []Step) []Step { return s }, "", nil},
		{"self contact is fine", func(s []Step) []Step {
			s[1].Contacts = []StepContact{touch("c", "c", AreaFace)}
			return s
		}, "", nil},
		{"a step without performers or contacts is fine", func(s []Step) []Step {
			return append(s, Step{Title: "reset"})
		}, "", nil},
		{"no steps", func(s []Step) []Step { return nil }, "validation_failed", []string{"steps"}},
		{"empty steps", func(s []Step) []Step { return []Step{} }, "validation_failed", []string{"steps"}},
		{"performer not cast", func(s []Step) []Step {
			s[2].Performers[1].UserID = "x"
			s[2].Contacts = nil
			return s
		}, "validation_failed", []string{"steps[2].performers[1].userId"}},
		{"performer id missing", func(s []Step) []Step { s[1].Performers[0].UserID = ""; return s },
			"validation_failed", []string{"steps[1].performers[0].userId"}},
		{"performer twice", func(s []Step) []Step {
			s[1].Performers = append(s[1].Performers, perf("c", NudityNone))
			return s
		}, "validation_failed", []string{"steps[1].performers[1].userId"}},
		{"contact target not cast", func(s []Step) []Step { s[2].Contacts[0].ToUserID = "x"; return s },
			"validation_failed", []string{"steps[2].contacts[0].toUserId"}},
		{"contact source not cast", func(s []Step) []Step { s[0].Contacts[0].FromUserID = "x"; return s },
			"validation_failed", []string{"steps[0].contacts[0].fromUserId"}},
		{"contact between cast members not in the step", func(s []Step) []Step {
			s[1].Contacts = []StepContact{touch("a", "c", AreaArms), touch("c", "b", AreaArms)}
			return s
		}, "validation_failed", []string{"steps[1].contacts[0].fromUserId", "steps[1].contacts[1].toUserId"}},
		{"contact ids missing", func(s []Step) []Step { s[0].Contacts[0] = StepContact{Area: AreaLips}; return s },
			"validation_failed", []string{"steps[0].contacts[0].fromUserId", "steps[0].contacts[0].toUserId"}},
		{"unknown nudity", func(s []Step) []Step { s[0].Performers[1].Nudity = "topless"; return s },
			"validation_failed", []string{"steps[0].performers[1].nudity"}},
		{"missing nudity", func(s []Step) []Step { s[0].Performers[0].Nudity = ""; return s },
			"validation_failed", []string{"steps[0].performers[0].nudity"}},
		{"unknown area", func(s []Step) []Step { s[2].Contacts[1].Area = "elbow"; return s },
			"validation_failed", []string{"steps[2].contacts[1].area"}},
		{"negative duration", func(s []Step) []Step { s[1].DurationSec = -5; return s },
			"validation_failed", []string{"steps[1].durationSec"}},
		{"every problem is named", func(s []Step) []Step {
			s[0].Performers[0].UserID = "x"
			s[0].Contacts[0].Area = "elbow"
			s[2].Contacts[1].FromUserID = "y"
			return s
		}, "validation_failed", []string{"steps[0].performers[0].userId", "steps[0].contacts[0].fromUserId",
			"steps[0].contacts[0].area", "steps[2].contacts[1].fromUserId"}},
	}
	for _, tt := range tests {
		err := ValidateSteps(tt.change(ok()), cast)
		wantErr(t, tt.name, err, KindInvalid, tt.code, tt.fields)
	}
	wantErr(t, "empty cast", ValidateSteps(ok()[1:2], nil), KindInvalid, "validation_failed", []string{"steps[0].performers[0].userId"})
	if de := As(ValidateSteps(nil, cast)); de == nil || de.Fields[0].Message == "" {
		t.Error("a field error carries a message")
	}
	if de := As(ValidateSteps([]Step{step([]StepPerformer{perf("x", NudityNone)})}, cast)); de == nil || de.Fields[0].Message != "is not cast in this scene" {
		t.Errorf("not cast message: %v", de)
	}
}

func TestRiderTextHashIsCanonical(t *testing.T) {
	signedAt := callTime.Add(-72 * time.Hour)
	base := Rider{SceneID: "s1", UserID: "a", Version: 2, Nudity: NudityPartial,
		VisibleAreas: []BodyArea{AreaBack, AreaChest}, Acts: []ContentTag{TagPartialNudity, TagKissing},
		StillsAllowed: true, DoubleAllowed: false, FootageLimits: "No use in trailers."}
	h := RiderTextHash(base)
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("not a hex SHA-256: %q", h)
	}
	same := []struct {
		name   string
		change func(r *Rider)
	}{
		{"unchanged", func(r *Rider) {}},
		{"areas reordered", func(r *Rider) { r.VisibleAreas = []BodyArea{AreaChest, AreaBack} }},
		{"acts reordered", func(r *Rider) { r.Acts = []ContentTag{TagKissing, TagPartialNudity} }},
		{"a repeated area", func(r *Rider) { r.VisibleAreas = []BodyArea{AreaChest, AreaBack, AreaChest} }},
		{"signature fields", func(r *Rider) {
			r.SignedAt, r.SignedName, r.TextHash, r.CreatedAt = &signedAt, "A. Performer", "x", signedAt
		}},
	}
	for _, tt := range same {
		r := base
		tt.change(&r)
		if got := RiderTextHash(r); got != h {
			t.Errorf("%s changed the hash", tt.name)
		}
	}
	if RiderTextHash(Rider{}) != RiderTextHash(Rider{VisibleAreas: []BodyArea{}, Acts: []ContentTag{}}) {
		t.Error("nil and empty lists hash differently")
	}
	different := []struct {
		name   string
		change func(r *Rider)
	}{
		{"scene", func(r *Rider) { r.SceneID = "s2" }},
		{"user", func(r *Rider) { r.UserID = "b" }},
		{"version", func(r *Rider) { r.Version = 3 }},
		{"nudity", func(r *Rider) { r.Nudity = NudityFull }},
		{"an area more", func(r *Rider) { r.VisibleAreas = append(r.VisibleAreas, AreaThighs) }},
		{"an area less", func(r *Rider) { r.VisibleAreas = r.VisibleAreas[:1] }},
		{"an act more", func(r *Rider) { r.Acts = append(r.Acts, TagSimulatedSex) }},
		{"stills", func(r *Rider) { r.StillsAllowed = false }},
		{"double", func(r *Rider) { r.DoubleAllowed = true }},
		{"footage limits", func(r *Rider) { r.FootageLimits = "No use in trailers" }},
		{"an area moved to acts", func(r *Rider) {
			r.VisibleAreas, r.Acts = nil, []ContentTag{"back", "chest", TagKissing, TagPartialNudity}
		}},
		{"footage text smuggling a field", func(r *Rider) { r.FootageLimits = `No use in trailers.","stillsAllowed":false` }},
	}
	seen := map[string]string{h: "base"}
	for _, tt := range different {
		r := base
		r.VisibleAreas = append([]BodyArea(nil), base.VisibleAreas...)
		r.Acts = append([]ContentTag(nil), base.Acts...)
		tt.change(&r)
		got := RiderTextHash(r)
		if prev, dup := seen[got]; dup {
			t.Errorf("%s hashes like %s", tt.name, prev)
		}
		seen[got] = tt.name
	}
	// The hash does not mutate its input's order.
	r := base
	r.VisibleAreas = []BodyArea{AreaChest, AreaBack}
	RiderTextHash(r)
	if r.VisibleAreas[0] != AreaChest {
		t.Error("RiderTextHash sorted the caller's slice")
	}
}

func TestValidateRider(t *testing.T) {
	ok := Rider{Nudity: NudityNone, VisibleAreas: BodyAreas, Acts: ContentTags}
	tests := []struct {
		name   string
		change func(r *Rider)
		fields []string
	}{
		{"every value", func(r *Rider) {}, nil},
		{"empty lists", func(r *Rider) { r.VisibleAreas, r.Acts = nil, nil }, nil},
		{"unknown nudity", func(r *Rider) { r.Nudity = "some" }, []string{"nudity"}},
		{"missing nudity", func(r *Rider) { r.Nudity = "" }, []string{"nudity"}},
		{"unknown area", func(r *Rider) { r.VisibleAreas = []BodyArea{AreaBack, "elbow"} }, []string{"visibleAreas[1]"}},
		{"repeated area", func(r *Rider) { r.VisibleAreas = []BodyArea{AreaBack, AreaLips, AreaBack} }, []string{"visibleAreas[2]"}},
		{"unknown act", func(r *Rider) { r.Acts = []ContentTag{"dancing"} }, []string{"acts[0]"}},
		{"repeated act", func(r *Rider) { r.Acts = []ContentTag{TagKissing, TagKissing} }, []string{"acts[1]"}},
		{"all at once", func(r *Rider) { r.Nudity, r.VisibleAreas, r.Acts = "x", []BodyArea{"y"}, []ContentTag{"z"} },
			[]string{"nudity", "visibleAreas[0]", "acts[0]"}},
	}
	for _, tt := range tests {
		r := ok
		tt.change(&r)
		code := ""
		if tt.fields != nil {
			code = "validation_failed"
		}
		wantErr(t, tt.name, ValidateRider(r), KindInvalid, code, tt.fields)
	}

	// Signing checks the version like consent does.
	wantErr(t, "no rider", CheckRiderVersion(1, 0), KindNotFound, "not_found", nil)
	wantErr(t, "current", CheckRiderVersion(2, 2), 0, "", nil)
	for _, req := range []int{0, 1, 3} {
		err := CheckRiderVersion(req, 2)
		wantErr(t, "stale rider", err, KindConflict, "stale_version", nil)
		if de := As(err); de != nil && de.Extra["currentVersion"] != 2 {
			t.Errorf("stale rider: currentVersion = %v", de.Extra["currentVersion"])
		}
	}
}

func TestValidateBoundary(t *testing.T) {
	long := strings.Repeat("é", MaxBoundaryNoteLength)
	tests := []struct {
		name   string
		b      Boundary
		fields []string
	}{
		{"no contact", Boundary{Kind: BoundaryNoContact, Areas: []BodyArea{AreaThighs}}, nil},
		{"no contact, every area", Boundary{Kind: BoundaryNoContact, Areas: BodyAreas}, nil},
		{"no contact with a note", Boundary{Kind: BoundaryNoContact, Areas: []BodyArea{AreaNeck}, Note: "ask first"}, nil},
		{"no contact without areas", Boundary{Kind: BoundaryNoContact}, []string{"areas"}},
		{"no contact, unknown area", Boundary{Kind: BoundaryNoContact, Areas: []BodyArea{AreaNeck, "elbow"}}, []string{"areas[1]"}},
		{"no contact, repeated area", Boundary{Kind: BoundaryNoContact, Areas: []BodyArea{AreaNeck, AreaNeck}}, []string{"areas[1]"}},
		{"max nudity none", Boundary{Kind: BoundaryMaxNudity, MaxNudity: NudityNone}, nil},
		{"max nudity partial", Boundary{Kind: BoundaryMaxNudity, MaxNudity: NudityPartial}, nil},
		{"max nudity full", Boundary{Kind: BoundaryMaxNudity, MaxNudity: NudityFull}, nil},
		{"max nudity missing", Boundary{Kind: BoundaryMaxNudity}, []string{"maxNudity"}},
		{"max nudity unknown", Boundary{Kind: BoundaryMaxNudity, MaxNudity: "some"}, []string{"maxNudity"}},
		{"note", Boundary{Kind: BoundaryNote, Note: "No improvised kisses."}, nil},
		{"note at the limit (characters, not bytes)", Boundary{Kind: BoundaryNote, Note: long}, nil},
		{"note over the limit", Boundary{Kind: BoundaryNote, Note: long + "x"}, []string{"note"}},
		{"note blank", Boundary{Kind: BoundaryNote, Note: " \n\t"}, []string{"note"}},
		{"note missing", Boundary{Kind: BoundaryNote}, []string{"note"}},
		{"long note on another kind", Boundary{Kind: BoundaryMaxNudity, MaxNudity: NudityNone, Note: long + "x"}, []string{"note"}},
		{"unknown kind", Boundary{Kind: "mood", Note: "x"}, []string{"kind"}},
		{"missing kind", Boundary{}, []string{"kind"}},
	}
	for _, tt := range tests {
		code := ""
		if tt.fields != nil {
			code = "validation_failed"
		}
		wantErr(t, tt.name, ValidateBoundary(tt.b), KindInvalid, code, tt.fields)
	}
}

func TestContentTags(t *testing.T) {
	wantErr(t, "every tag", ValidateContentTags(ContentTags), 0, "", nil)
	wantErr(t, "no tags", ValidateContentTags(nil), 0, "", nil)
	for _, tag := range ContentTags {
		wantErr(t, string(tag), ValidateContentTags([]ContentTag{tag}), 0, "", nil)
	}
	tests := []struct {
		name   string
		tags   []ContentTag
		fields []string
	}{
		{"unknown", []ContentTag{TagKissing, "nudity"}, []string{"contentTags[1]"}},
		{"empty string", []ContentTag{""}, []string{"contentTags[0]"}},
		{"wrong case", []ContentTag{"Kissing"}, []string{"contentTags[0]"}},
		{"duplicate", []ContentTag{TagKissing, TagTouching, TagKissing}, []string{"contentTags[2]"}},
		{"both", []ContentTag{"x", TagTouching, TagTouching, "x"}, []string{"contentTags[0]", "contentTags[2]", "contentTags[3]"}},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, ValidateContentTags(tt.tags), KindInvalid, "validation_failed", tt.fields)
	}
	if len(ContentTags) != 9 {
		t.Errorf("%d content tags, want 9", len(ContentTags))
	}
	if len(BodyAreas) != 17 || len(NudityLevels) != 3 {
		t.Errorf("%d body areas and %d nudity levels, want 17 and 3", len(BodyAreas), len(NudityLevels))
	}
	for i, n := range NudityLevels {
		if NudityRank(n) != i {
			t.Errorf("NudityRank(%s) = %d, want %d", n, NudityRank(n), i)
		}
	}
	if NudityRank("") != -1 || NudityRank("topless") != -1 {
		t.Error("an unknown nudity ranks -1")
	}
}
