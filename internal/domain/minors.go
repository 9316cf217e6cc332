package domain

import (
	"fmt"
	"strings"
)

// CheckMinorCasting enforces rule 8 when casting: it returns a minor_rule error
// (422) when m is a minor and the scene's tags require a rider
// (partial_nudity, full_nudity, simulated_sex, sexual_violence), nil otherwise.
func CheckMinorCasting(m CastMember, tags []ContentTag) error {
	if m.Minor && RequiresRider(tags) {
		e := E(KindInvalid, "minor_rule", "A minor cannot be cast in a scene with nudity, simulated sex or sexual violence.")
		e.Fields = []FieldError{{Field: "minor", Message: "a minor cannot be cast in this scene"}}
		return e
	}
	return nil
}

// CheckMinorTags enforces rule 8 when tagging: it returns a minor_rule error
// (422) naming each offending contentTags[i] when tags include a rider-requiring
// tag and a minor is in the cast, nil otherwise.
func CheckMinorTags(tags []ContentTag, cast []CastMember) error {
	hasMinor := false
	for _, m := range cast {
		hasMinor = hasMinor || m.Minor
	}
	if !hasMinor {
		return nil
	}
	var fields []FieldError
	for i, t := range tags {
		if riderTag(t) {
			fields = append(fields, FieldError{Field: fmt.Sprintf("contentTags[%d]", i),
				Message: "cannot be used while a minor is cast in this scene"})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	e := E(KindInvalid, "minor_rule", "This scene has a minor in its cast; nudity, simulated sex and sexual violence tags are not allowed.")
	e.Fields = fields
	return e
}

// MinorNeedsGuardian reports whether m is a minor in a tagged scene that does
// not require a rider and has no guardian's name yet (readiness minor_rule
// until given); rider-requiring scenes are refused outright by
// CheckMinorCasting instead.
func MinorNeedsGuardian(m CastMember, tags []ContentTag) bool {
	return m.Minor && len(tags) > 0 && !RequiresRider(tags) && strings.TrimSpace(m.GuardianName) == ""
}
