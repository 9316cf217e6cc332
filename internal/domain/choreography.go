package domain

import (
	"fmt"
	"sort"
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
// are not performers of that step), else a barrier_required error (422) naming
// steps[i].barrier for each step with contact on genitals and no barrier
// (rule 7), else nil. Field paths use the JSON names and 0-based indexes.
func ValidateSteps(steps []Step, cast []CastMember) error {
	if len(steps) == 0 {
		return Invalid("steps", "at least one step is required")
	}
	isCast := map[string]bool{}
	for _, m := range cast {
		isCast[m.UserID] = true
	}
	var fe fieldErrors
	var barriers []FieldError
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
		genitals := false
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
			genitals = genitals || c.Area == AreaGenitals
		}
		if genitals && blank(st.Barrier) {
			barriers = append(barriers, FieldError{Field: prefix + ".barrier", Message: "is required for contact on the genital area"})
		}
	}
	if err := fe.err(); err != nil {
		return err
	}
	if len(barriers) > 0 {
		e := E(KindInvalid, "barrier_required", "A step with contact on the genital area must name a barrier.")
		e.Fields = barriers
		return e
	}
	return nil
}

// DetectFlags returns the coordinator's flags on a choreography (rules 5 and
// 6), ordered by step (1-based), user id, then code, and within those in the
// order found (nudity, contacts, acts): exceeds_rider when a performer with a
// signed rider in signed (keyed by user id) is asked for more nudity than it
// allows, receives contact on an area it does not list, or is in a step of a
// scene tagged with an act it does not list; boundary_conflict when a step's
// contact lands on an area of the performer's no_contact boundary or their
// nudity exceeds a max_nudity boundary (note boundaries never conflict). The
// caller passes only boundaries that apply to the scene (see
// BoundariesForScene); details never quote a performer's note.
func DetectFlags(steps []Step, tags []ContentTag, signed map[string]Rider, boundaries []Boundary) []Flag {
	byUser := map[string][]Boundary{}
	for _, b := range boundaries {
		byUser[b.UserID] = append(byUser[b.UserID], b)
	}
	var flags []Flag
	for i, st := range steps {
		n := i + 1
		seen := map[Flag]bool{}
		add := func(user, code, detail string) {
			f := Flag{Step: n, UserID: user, Code: code, Detail: detail}
			if !seen[f] {
				seen[f] = true
				flags = append(flags, f)
			}
		}
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
				add(p.UserID, FlagExceedsRider, fmt.Sprintf("nudity %s; rider: up to %s", p.Nudity, r.Nudity))
			}
			for _, b := range byUser[p.UserID] {
				if b.Kind == BoundaryMaxNudity && NudityRank(p.Nudity) > NudityRank(b.MaxNudity) {
					add(p.UserID, FlagBoundaryConflict, fmt.Sprintf("nudity %s; boundary: up to %s", p.Nudity, b.MaxNudity))
				}
			}
		}
		for _, c := range st.Contacts {
			appear(c.FromUserID)
			appear(c.ToUserID)
			if r, ok := signed[c.ToUserID]; ok && !hasArea(r.VisibleAreas, c.Area) {
				add(c.ToUserID, FlagExceedsRider, fmt.Sprintf("contact on %s; rider: area not agreed", c.Area))
			}
			for _, b := range byUser[c.ToUserID] {
				if b.Kind == BoundaryNoContact && hasArea(b.Areas, c.Area) {
					add(c.ToUserID, FlagBoundaryConflict, fmt.Sprintf("contact on %s; boundary: no contact", c.Area))
				}
			}
		}
		for _, u := range appears {
			r, ok := signed[u]
			if !ok {
				continue
			}
			for _, t := range tags {
				if !hasTag(r.Acts, t) {
					add(u, FlagExceedsRider, fmt.Sprintf("act %s; rider: not agreed", t))
				}
			}
		}
	}
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
