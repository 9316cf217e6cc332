package domain

import (
	"fmt"
	"strings"
)

// MinorVerdict is what rule 8 makes of one cast member in a scene.
type MinorVerdict int

// The verdicts of MinorRule.
const (
	MinorOK            MinorVerdict = iota // an adult, or a minor where nothing more is needed
	MinorRefused                           // a minor in a nudity, simulated sex or sexual violence scene: 422 minor_rule
	MinorNeedsGuardian                     // a minor in another tagged scene without a guardian's name: readiness minor_rule
)

// MinorRule is rule 8 (minors): a minor cannot be in a scene tagged
// partial_nudity, full_nudity, simulated_sex or sexual_violence (refused,
// whether by casting or by tagging); in any other tagged scene a minor needs
// a guardian's name (a blank one is none); an untagged scene asks nothing.
func MinorRule(m CastMember, tags []ContentTag) MinorVerdict {
	switch {
	case !m.Minor || len(tags) == 0:
		return MinorOK
	case RequiresRider(tags):
		return MinorRefused
	case strings.TrimSpace(m.GuardianName) == "":
		return MinorNeedsGuardian
	}
	return MinorOK
}

// CheckMinorCasting applies MinorRule when casting: a minor_rule error (422)
// when m may not be cast in a scene with these tags, nil otherwise.
func CheckMinorCasting(m CastMember, tags []ContentTag) error {
	if MinorRule(m, tags) == MinorRefused {
		e := E(KindInvalid, "minor_rule", "A minor cannot be cast in a scene with nudity, simulated sex or sexual violence.")
		e.Fields = []FieldError{{Field: "minor", Message: "a minor cannot be cast in this scene"}}
		return e
	}
	return nil
}

// CheckMinorTags applies MinorRule when tagging: a minor_rule error (422)
// naming each rider-requiring contentTags[i] when a minor of the cast is
// refused by these tags, nil otherwise.
func CheckMinorTags(tags []ContentTag, cast []CastMember) error {
	refused := false
	for _, m := range cast {
		refused = refused || MinorRule(m, tags) == MinorRefused
	}
	if !refused {
		return nil
	}
	var fields []FieldError
	for i, t := range tags {
		if riderTag(t) {
			fields = append(fields, FieldError{Field: fmt.Sprintf("contentTags[%d]", i),
				Message: "cannot be used while a minor is cast in this scene"})
		}
	}
	e := E(KindInvalid, "minor_rule", "This scene has a minor in its cast; nudity, simulated sex and sexual violence tags are not allowed.")
	e.Fields = fields
	return e
}
