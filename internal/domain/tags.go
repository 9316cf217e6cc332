package domain

import (
	"fmt"
	"strings"
)

// RequiresCoordinator reports whether a scene with these tags requires an
// intimacy coordinator: true for any tag.
func RequiresCoordinator(tags []ContentTag) bool {
	return len(tags) > 0
}

// RequiresRider reports whether a scene with these tags requires a signed rider
// from each cast member and a closed set (ClosedSetMissing): true when it
// carries partial_nudity, full_nudity, simulated_sex or sexual_violence.
func RequiresRider(tags []ContentTag) bool {
	for _, t := range tags {
		if riderTag(t) {
			return true
		}
	}
	return false
}

// riderTag reports whether t alone makes a scene require a rider.
func riderTag(t ContentTag) bool {
	switch t {
	case TagPartialNudity, TagFullNudity, TagSimulatedSex, TagSexualViolence:
		return true
	}
	return false
}

// ValidateContentTags returns nil when every tag is known and listed once, or a
// validation_failed error (422) naming each bad contentTags[i]; an empty list
// is valid.
func ValidateContentTags(tags []ContentTag) error {
	var fe fieldErrors
	seen := map[ContentTag]bool{}
	for i, t := range tags {
		field := fmt.Sprintf("contentTags[%d]", i)
		switch {
		case !knownContentTag(t):
			fe.add(field, "is not a known content tag")
		case seen[t]:
			fe.add(field, "is listed more than once")
		}
		seen[t] = true
	}
	return fe.err()
}

// ClosedSetMissing is rule 9 (closed set): a scene that requires a rider also
// needs a closed-set roster — at least one name or role of essential
// personnel — before it can be ready. It reports whether one is missing
// (readiness closed_set_missing); a scene without rider tags needs none.
func ClosedSetMissing(sc Scene) bool {
	if !RequiresRider(sc.ContentTags) {
		return false
	}
	for _, p := range sc.ClosedSet {
		if strings.TrimSpace(p) != "" {
			return false
		}
	}
	return true
}
