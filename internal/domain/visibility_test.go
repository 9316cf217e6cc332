package domain

import (
	"slices"
	"testing"
	"time"
)

// TestRule10NeedToKnow is rule 10 as one table, one row per role and relation
// (self: the record is the caller's own; cast: another cast member's; none:
// someone's, the caller not cast), beside TestAuthorizeScenes.
func TestRule10NeedToKnow(t *testing.T) {
	all := Visibility{Decisions: true, Counts: true, Notes: true, Boundaries: true, Flags: true, Events: true, Rider: true}
	producer := Visibility{Counts: true, Rider: true} // counts and riders; never who decided, notes, flags or events
	own := Visibility{Decisions: true, Notes: true, Boundaries: true, Flags: true, Rider: true}
	tests := []struct {
		role Role
		rel  Relation
		want Visibility
	}{
		{RoleCoordinator, RelationNone, all},
		{RoleCoordinator, RelationCast, all},
		{RoleCoordinator, RelationSelf, all},
		{RoleProducer, RelationNone, producer},
		{RoleProducer, RelationCast, producer},
		{RoleProducer, RelationSelf, producer},
		{RolePerformer, RelationNone, Visibility{}},
		{RolePerformer, RelationCast, Visibility{}},
		{RolePerformer, RelationSelf, own},
		{"", RelationSelf, Visibility{}},
		{"director", RelationNone, Visibility{}},
	}
	for _, tt := range tests {
		if got := NeedToKnow(tt.role, tt.rel); got != tt.want {
			t.Errorf("NeedToKnow(%q, %d) = %+v, want %+v", tt.role, tt.rel, got, tt.want)
		}
	}
}

func TestRelationTo(t *testing.T) {
	if RelationTo("a", "a", false) != RelationSelf || RelationTo("a", "b", true) != RelationCast || RelationTo("a", "b", false) != RelationNone {
		t.Fatal("RelationTo")
	}
}

// TestRule10CheckinFor: producers get the outcome and counts and no
// responses; coordinators everything; a performer their own answer only,
// without outcome or counts.
func TestRule10CheckinFor(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	at := now.Add(-time.Minute)
	c := CheckIn{ID: "k", RequestedAt: now.Add(-2 * time.Minute), ExpiresAt: now.Add(-time.Second), Responses: []CheckInResponse{
		{UserID: "a", DisplayName: "Ada", Answer: AnswerOK, AnsweredAt: &at, Note: "fine"},
		{UserID: "b", DisplayName: "Ben", Answer: AnswerStop, AnsweredAt: &at, Note: "no"},
		{UserID: "c", DisplayName: "Cleo"},
	}}
	want := CheckinCounts{OK: 1, Stop: 1, NoResponse: 1}

	p := CheckinFor(c, now, RoleProducer, "p")
	if p.Responses != nil || p.Counts == nil || *p.Counts != want || p.Outcome != AnswerStop {
		t.Errorf("producer: %+v counts %+v", p, p.Counts)
	}
	k := CheckinFor(c, now, RoleCoordinator, "k")
	if len(k.Responses) != 3 || k.Responses[1].Note != "no" || k.Counts == nil || *k.Counts != want || k.Outcome != AnswerStop {
		t.Errorf("coordinator: %+v", k)
	}
	a := CheckinFor(c, now, RolePerformer, "a")
	if len(a.Responses) != 1 || a.Responses[0].UserID != "a" || a.Responses[0].Note != "fine" || a.Counts != nil || a.Outcome != "" {
		t.Errorf("performer: %+v", a)
	}
	open := c
	open.ExpiresAt = now.Add(time.Minute)
	if o := CheckinFor(open, now, RoleProducer, "p"); *o.Counts != (CheckinCounts{OK: 1, Stop: 1, Waiting: 1}) || o.Outcome != "" {
		t.Errorf("open, producer: %+v", o.Counts)
	}
}

// TestRule6OwnFlags: a performer's own flags, against their own boundaries
// and signed rider, in plain words — never another performer's.
func TestRule6OwnFlags(t *testing.T) {
	steps := []Step{
		{Title: "Hold", Performers: []StepPerformer{{UserID: "a", Nudity: NudityNone}, {UserID: "b", Nudity: NudityNone}},
			Contacts: []StepContact{{FromUserID: "b", ToUserID: "a", Area: AreaHands}}},
		{Title: "Robe", Performers: []StepPerformer{{UserID: "a", Nudity: NudityPartial}, {UserID: "b", Nudity: NudityFull}}},
		{Title: "Embrace", Performers: []StepPerformer{{UserID: "a", Nudity: NudityNone}, {UserID: "b", Nudity: NudityNone}},
			Contacts: []StepContact{{FromUserID: "b", ToUserID: "a", Area: AreaBack}, {FromUserID: "a", ToUserID: "b", Area: AreaBack}}},
	}
	boundaries := []Boundary{
		{UserID: "a", Kind: BoundaryNoContact, Areas: []BodyArea{AreaBack}},
		{UserID: "b", Kind: BoundaryNoContact, Areas: []BodyArea{AreaBack}},
		{UserID: "b", Kind: BoundaryMaxNudity, MaxNudity: NudityNone},
		{UserID: "a", Kind: BoundaryNote, Note: "secret"},
	}
	rider := &Rider{UserID: "a", Nudity: NudityNone, VisibleAreas: []BodyArea{AreaBack}, Acts: []ContentTag{TagKissing}}
	got := OwnFlags("a", steps, []ContentTag{TagKissing}, rider, boundaries)
	var details []string
	for _, f := range got {
		if f.UserID != "a" {
			t.Errorf("someone else's flag: %+v", f)
		}
		details = append(details, f.Code+": "+f.Detail)
	}
	want := []string{
		"exceeds_rider: Step 1 has contact on your hands; your signed rider does not agree to that area",
		"exceeds_rider: Step 2 asks for partial nudity; your signed rider agrees to no nudity at most",
		"boundary_conflict: Step 3 touches a boundary you set: no contact, back",
	}
	if !slices.Equal(details, want) {
		t.Errorf("flags:\n%q\nwant\n%q", details, want)
	}
	if f := OwnFlags("a", steps, nil, &Rider{UserID: "b", Nudity: NudityNone}, nil); len(f) != 0 {
		t.Errorf("another performer's rider counts: %+v", f)
	}
	if f := OwnFlags("c", steps, nil, nil, boundaries); f == nil || len(f) != 0 {
		t.Errorf("not in any step: %#v", f)
	}
}
