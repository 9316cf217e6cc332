package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// RiderDue returns when a rider is due: callTime minus the production's notice
// period in hours.
func RiderDue(callTime time.Time, noticeHours int) time.Time {
	return callTime.Add(-time.Duration(noticeHours) * time.Hour)
}

// RiderLate is the late half of rule 5 (see ExceedsRider): a rider signed
// strictly after due (RiderDue) is late_rider, and no "agree now" on the day
// hides it; signing exactly at due is on time.
func RiderLate(signedAt, due time.Time) bool {
	return signedAt.After(due)
}

// CheckRiderVersion guards signing: it returns a not_found error (404) when the
// performer has no rider (current == 0), a stale_version conflict (409) with
// Extra["currentVersion"] when requested is not the latest version, else nil.
func CheckRiderVersion(requested, current int) error {
	if current == 0 {
		return NotFound("Rider")
	}
	if requested != current {
		e := E(KindConflict, "stale_version", "Rider version %d is not the latest; the latest version is %d.", requested, current)
		e.Extra = map[string]any{"currentVersion": current}
		return e
	}
	return nil
}

// canonicalRider is the hashed form of a rider's terms: fixed field order,
// sorted and de-duplicated lists, no signature or timestamps.
type canonicalRider struct {
	Format        string       `json:"format"`
	SceneID       string       `json:"sceneId"`
	UserID        string       `json:"userId"`
	Version       int          `json:"version"`
	Nudity        Nudity       `json:"nudity"`
	VisibleAreas  []BodyArea   `json:"visibleAreas"`
	Acts          []ContentTag `json:"acts"`
	StillsAllowed bool         `json:"stillsAllowed"`
	DoubleAllowed bool         `json:"doubleAllowed"`
	FootageLimits string       `json:"footageLimits"`
}

// RiderTextHash returns the hex SHA-256 of a rider's canonical terms (scene,
// user, version, nudity, sorted visible areas, sorted acts, stills, double,
// footage limits); it is deterministic, ignores list order and duplicates, and
// ignores the signature fields themselves.
func RiderTextHash(r Rider) string {
	areas := make([]string, len(r.VisibleAreas))
	for i, a := range r.VisibleAreas {
		areas[i] = string(a)
	}
	acts := make([]string, len(r.Acts))
	for i, a := range r.Acts {
		acts[i] = string(a)
	}
	c := canonicalRider{Format: "closedset.rider.v1", SceneID: r.SceneID, UserID: r.UserID, Version: r.Version,
		Nudity: r.Nudity, StillsAllowed: r.StillsAllowed, DoubleAllowed: r.DoubleAllowed, FootageLimits: r.FootageLimits,
		VisibleAreas: []BodyArea{}, Acts: []ContentTag{}}
	for _, a := range sortedUnique(areas) {
		c.VisibleAreas = append(c.VisibleAreas, BodyArea(a))
	}
	for _, a := range sortedUnique(acts) {
		c.Acts = append(c.Acts, ContentTag(a))
	}
	b, _ := json.Marshal(c) // strings, ints and bools cannot fail to encode
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func sortedUnique(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	n := 0
	for i, v := range out {
		if i == 0 || v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}

// ValidateRider returns nil for a rider whose nudity, visibleAreas and acts are
// known values listed once, or a validation_failed error (422) naming each bad
// field (nudity, visibleAreas[i], acts[i]).
func ValidateRider(r Rider) error {
	var fe fieldErrors
	if !knownNudity(r.Nudity) {
		fe.add("nudity", "must be one of none, partial, full")
	}
	seenArea := map[BodyArea]bool{}
	for i, a := range r.VisibleAreas {
		f := fmt.Sprintf("visibleAreas[%d]", i)
		switch {
		case !knownBodyArea(a):
			fe.add(f, "is not a known body area")
		case seenArea[a]:
			fe.add(f, "is listed more than once")
		}
		seenArea[a] = true
	}
	seenAct := map[ContentTag]bool{}
	for i, t := range r.Acts {
		f := fmt.Sprintf("acts[%d]", i)
		switch {
		case !knownContentTag(t):
			fe.add(f, "is not a known content tag")
		case seenAct[t]:
			fe.add(f, "is listed more than once")
		}
		seenAct[t] = true
	}
	return fe.err()
}
