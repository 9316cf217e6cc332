package domain

import (
	"math"
	"time"
)

// RiderStatus is a cast member's rider as the producer's coverage shows it.
type RiderStatus string

// The rider statuses of coverage.
const (
	RiderSigned      RiderStatus = "signed"
	RiderUnsigned    RiderStatus = "unsigned"
	RiderLateSigned  RiderStatus = "late"
	RiderNotRequired RiderStatus = "not_required"
)

// CoverageRider returns a cast member's rider status on a scene: not_required
// when the scene's tags require no rider; unsigned when they have no rider or
// its latest version is not signed (the readiness reason rider_missing); late
// when the latest version was signed after due (late_rider, rule 5); signed
// otherwise. latest is the latest rider version, signed or not (nil: none).
func CoverageRider(tags []ContentTag, latest *Rider, due time.Time) RiderStatus {
	switch {
	case !RequiresRider(tags):
		return RiderNotRequired
	case latest == nil || latest.SignedAt == nil:
		return RiderUnsigned
	case RiderLate(*latest.SignedAt, due):
		return RiderLateSigned
	}
	return RiderSigned
}

// ConsentConfirmedPct is the share of cast entries who confirmed the current
// version, as a percentage rounded to one decimal; 0 when there are none.
func ConsentConfirmedPct(confirmed, total int) float64 {
	if total <= 0 {
		return 0
	}
	return math.Round(float64(confirmed)*1000/float64(total)) / 10
}
