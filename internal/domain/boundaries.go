package domain

import (
	"fmt"
	"unicode/utf8"
)

// MaxBoundaryNoteLength is the longest boundary note accepted, in characters.
const MaxBoundaryNoteLength = 2000

// ValidateBoundary returns nil for a well-formed boundary, or a
// validation_failed error (422) naming each bad field: kind (unknown), areas
// (no_contact without a known area, or an unknown or repeated areas[i]),
// maxNudity (max_nudity without a known level), note (kind note with a blank
// note, or any note over MaxBoundaryNoteLength characters).
func ValidateBoundary(b Boundary) error {
	var fe fieldErrors
	switch b.Kind {
	case BoundaryNoContact:
		if len(b.Areas) == 0 {
			fe.add("areas", "at least one body area is required")
		}
		seen := map[BodyArea]bool{}
		for i, a := range b.Areas {
			f := fmt.Sprintf("areas[%d]", i)
			switch {
			case !knownBodyArea(a):
				fe.add(f, "is not a known body area")
			case seen[a]:
				fe.add(f, "is listed more than once")
			}
			seen[a] = true
		}
	case BoundaryMaxNudity:
		if !knownNudity(b.MaxNudity) {
			fe.add("maxNudity", "must be one of none, partial, full")
		}
	case BoundaryNote:
		if blank(b.Note) {
			fe.add("note", "is required")
		}
	default:
		fe.add("kind", "must be one of no_contact, max_nudity, note")
	}
	if utf8.RuneCountInString(b.Note) > MaxBoundaryNoteLength {
		fe.add("note", fmt.Sprintf("must be at most %d characters", MaxBoundaryNoteLength))
	}
	return fe.err()
}

// BoundariesForScene returns the boundaries that apply to a scene: the
// production-wide ones (SceneID "") and those for sceneID, in their order.
func BoundariesForScene(bs []Boundary, sceneID string) []Boundary {
	var out []Boundary
	for _, b := range bs {
		if b.SceneID == "" || b.SceneID == sceneID {
			out = append(out, b)
		}
	}
	return out
}
