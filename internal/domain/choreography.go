package domain

import (
	"fmt"
	"sort"
	"strings"
)

// NudityRank orders nudity levels: none 0, partial 1, full 2, and -1 for an
// unknown value (so an unknown rider or boundary level is exceeded by anything).
func NudityRank(n Nudity) int {
	switch n {
	case NudityNone:
		return 0
	case NudityPartial:
		return 1
	case NudityFull:
		return 2
	}
	return -1
}

// ValidateSteps checks a choreography's steps against the scene's cast: it
// returns a validation_failed error (422) naming every bad field (no steps, a
// negative durationSec, an unknown nudity or body area, a userId not cast in
// the scene, a performer listed twice in a step, a contact between people who
// are not performers of that step), else CheckBarriers's error (rule 7), else
// nil. Field paths use the JSON names and 0-based indexes.
func ValidateSteps(steps []Step, cast []CastMember) error {
	if len(steps) == 0 {
		return Invalid("steps", "at least one step is required")
	}
	isCast := map[string]bool{}
	for _, m := range cast {
		isCast[m.UserID] = true
	}
	var fe fieldErrors
	for i, st := range steps {
		prefix := fmt.Sprintf("steps[%d]", i)
		if st.DurationSec < 0 {
			fe.add(prefix+".durationSec", "must not be negative")
		}
		inStep := map[string]bool{}
		for j, p := range st.Performers {
			f := fmt.Sprintf("%s.performers[%d]", prefix, j)
			switch {
			case blank(p.UserID):
				fe.add(f+".userId", "is required")
			case !isCast[p.UserID]:
				fe.add(f+".userId", "is not cast in this scene")
			case inStep[p.UserID]:
				fe.add(f+".userId", "is listed more than once in this step")
			}
			inStep[p.UserID] = true
			if !knownNudity(p.Nudity) {
				fe.add(f+".nudity", "must be one of none, partial, full")
			}
		}
		for k, c := range st.Contacts {
			f := fmt.Sprintf("%s.contacts[%d]", prefix, k)
			for _, u := range []struct{ name, id string }{{"fromUserId", c.FromUserID}, {"toUserId", c.ToUserID}} {
				switch {
				case blank(u.id):
					fe.add(f+"."+u.name, "is required")
				case !isCast[u.id]:
					fe.add(f+"."+u.name, "is not cast in this scene")
				case !inStep[u.id]:
					fe.add(f+"."+u.name, "is not a performer in this step")
				}
			}
			if !knownBodyArea(c.Area) {
				fe.add(f+".area", "is not a known body area")
			}
		}
	}
	if err := fe.err(); err != nil {
		return err
	}
	return CheckBarriers(steps)
}

// CheckBarriers is rule 7 (no barrier, no step): a step with contact on the
// genital area must name a barrier. It returns a barrier_required error (422)
// naming steps[i].barrier for each step that does not, else nil.
func CheckBarriers(steps []Step) error {
	var barriers []FieldError
	for i, st := range steps {
		genitals := false
		for _, c := range st.Contacts {
			genitals = genitals || c.Area == AreaGenitals
		}
		if genitals && blank(st.Barrier) {
			barriers = append(barriers, FieldError{Field: fmt.Sprintf("steps[%d].barrier", i), Message: "is required for contact on the genital area"})
		}
	}
	if len(barriers) > 0 {
		e := E(KindInvalid, "barrier_required", "A step with contact on the genital area must name a barrier.")
		e.Fields = barriers
		return e
	}
	return nil
}

// DetectFlags returns the coordinator's flags on a choreography, those of
// ExceedsRider (rule 5) and BoundaryConflicts (rule 6), ordered by step
// (1-based), user id, then code, and within those in the order found
// (nudity, contacts, acts).
func DetectFlags(steps []Step, tags []ContentTag, signed map[string]Rider, boundaries []Boundary) []Flag {
	flags := append(ExceedsRider(steps, tags, signed), BoundaryConflicts(steps, boundaries)...)
	sort.SliceStable(flags, func(a, b int) bool {
		fa, fb := flags[a], flags[b]
		if fa.Step != fb.Step {
			return fa.Step < fb.Step
		}
		if fa.UserID != fb.UserID {
			return fa.UserID < fb.UserID
		}
		return fa.Code < fb.Code
	})
	return flags
}

// flagger collects one step's flags, each once. Plain flaggers write the
// detail in plain words to the performer the flag is about (rule 6: "Step 3
// touches a boundary you set: no contact, back"); others write the
// coordinator's short form.
type flagger struct {
	flags []Flag
	step  int
	seen  map[Flag]bool
	plain bool
}

func (f *flagger) next(step int) { f.step, f.seen = step, map[Flag]bool{} }

func (f *flagger) add(user, code, detail, plain string) {
	if f.plain {
		detail = fmt.Sprintf("Step %d %s", f.step, plain)
	}
	fl := Flag{Step: f.step, UserID: user, Code: code, Detail: detail}
	if !f.seen[fl] {
		f.seen[fl] = true
		f.flags = append(f.flags, fl)
	}
}

// ExceedsRider is rule 5 (within the rider vs beyond it): a step asks more of
// a performer with a signed rider in signed (keyed by user id) than it
// agrees to — flagged exceeds_rider, in step order — when their nudity is
// above the rider's level, when they receive contact on an area it does not
// list, or when the scene is tagged with an act it does not list (every step
// they are in). A performer without a signed rider has nothing to exceed
// (readiness says rider_missing). The scene cannot be ready while a flag
// stands (ComputeReadiness); the other half of rule 5 is RiderLate.
func ExceedsRider(steps []Step, tags []ContentTag, signed map[string]Rider) []Flag {
	return exceedsRider(&flagger{}, steps, tags, signed)
}

func exceedsRider(f *flagger, steps []Step, tags []ContentTag, signed map[string]Rider) []Flag {
	for i, st := range steps {
		f.next(i + 1)
		var appears []string
		appeared := map[string]bool{}
		appear := func(u string) {
			if u != "" && !appeared[u] {
				appeared[u] = true
				appears = append(appears, u)
			}
		}
		for _, p := range st.Performers {
			appear(p.UserID)
			if r, ok := signed[p.UserID]; ok && NudityRank(p.Nudity) > NudityRank(r.Nudity) {
				f.add(p.UserID, FlagExceedsRider, fmt.Sprintf("nudity %s; rider: up to %s", p.Nudity, r.Nudity),
					fmt.Sprintf("asks for %s; your signed rider agrees to %s at most", nudityWords(p.Nudity), nudityWords(r.Nudity)))
			}
		}
		for _, c := range st.Contacts {
			appear(c.FromUserID)
			appear(c.ToUserID)
			if r, ok := signed[c.ToUserID]; ok && !hasArea(r.VisibleAreas, c.Area) {
				f.add(c.ToUserID, FlagExceedsRider, fmt.Sprintf("contact on %s; rider: area not agreed", c.Area),
					fmt.Sprintf("has contact on your %s; your signed rider does not agree to that area", words(string(c.Area))))
			}
		}
		for _, u := range appears {
			r, ok := signed[u]
			if !ok {
				continue
			}
			for _, t := range tags {
				if !hasTag(r.Acts, t) {
					f.add(u, FlagExceedsRider, fmt.Sprintf("act %s; rider: not agreed", t),
						fmt.Sprintf("is part of a scene with %s; your signed rider does not agree to it", words(string(t))))
				}
			}
		}
	}
	return f.flags
}

// BoundaryConflicts is rule 6 (boundaries win): a step whose contact lands on
// an area of the performer's no_contact boundary, or whose nudity for them
// exceeds their max_nudity boundary, is flagged boundary_conflict, in step
// order; a note boundary never conflicts, and a boundary applies to contact
// on its owner only. The caller passes the boundaries that apply to the
// scene (BoundariesForScene). Details never quote a note. The flags go to
// the coordinator and to that performer, never to producers (rule 10).
func BoundaryConflicts(steps []Step, boundaries []Boundary) []Flag {
	return boundaryConflicts(&flagger{}, steps, boundaries)
}

func boundaryConflicts(f *flagger, steps []Step, boundaries []Boundary) []Flag {
	byUser := map[string][]Boundary{}
	for _, b := range boundaries {
		byUser[b.UserID] = append(byUser[b.UserID], b)
	}
	for i, st := range steps {
		f.next(i + 1)
		for _, p := range st.Performers {
			for _, b := range byUser[p.UserID] {
				if b.Kind == BoundaryMaxNudity && NudityRank(p.Nudity) > NudityRank(b.MaxNudity) {
					f.add(p.UserID, FlagBoundaryConflict, fmt.Sprintf("nudity %s; boundary: up to %s", p.Nudity, b.MaxNudity),
						fmt.Sprintf("asks for %s; a boundary you set allows %s at most", nudityWords(p.Nudity), nudityWords(b.MaxNudity)))
				}
			}
		}
		for _, c := range st.Contacts {
			for _, b := range byUser[c.ToUserID] {
				if b.Kind == BoundaryNoContact && hasArea(b.Areas, c.Area) {
					f.add(c.ToUserID, FlagBoundaryConflict, fmt.Sprintf("contact on %s; boundary: no contact", c.Area),
						fmt.Sprintf("touches a boundary you set: no contact, %s", words(string(c.Area))))
				}
			}
		}
	}
	return f.flags
}

func hasArea(areas []BodyArea, a BodyArea) bool {
	for _, x := range areas {
		if x == a {
			return true
		}
	}
	return false
}

func hasTag(tags []ContentTag, t ContentTag) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// OwnFlags is rule 6 (boundaries win) and rule 5 as the performer userID
// sees them on their own screen before deciding: the flags about them only,
// computed when read against their current boundaries (those that apply to
// the scene, BoundariesForScene) and their current signed rider (nil: none,
// or the scene requires none), each detail in plain words ("Step 3 touches a
// boundary you set: no contact, back"). Never another performer's.
func OwnFlags(userID string, steps []Step, tags []ContentTag, signed *Rider, boundaries []Boundary) []Flag {
	riders := map[string]Rider{}
	if signed != nil && signed.UserID == userID {
		riders[userID] = *signed
	}
	var own []Boundary
	for _, b := range boundaries {
		if b.UserID == userID {
			own = append(own, b)
		}
	}
	flags := append(exceedsRider(&flagger{plain: true}, steps, tags, riders), boundaryConflicts(&flagger{plain: true}, steps, own)...)
	sort.SliceStable(flags, func(a, b int) bool { return flags[a].Step < flags[b].Step })
	out := []Flag{}
	for _, f := range flags {
		if f.UserID == userID {
			out = append(out, f)
		}
	}
	return out
}

// nudityWords is a nudity level in plain words.
func nudityWords(n Nudity) string {
	if n == NudityNone {
		return "no nudity"
	}
	return string(n) + " nudity"
}

// words is an enum value in plain words: "simulated_sex" → "simulated sex".
func words(v string) string { return strings.ReplaceAll(v, "_", " ") }
