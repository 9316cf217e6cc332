package domain

import (
	"testing"
	"time"
)

func TestCoverageRider(t *testing.T) {
	due := RiderDue(callTime, 48)
	nudity := []ContentTag{TagKissing, TagPartialNudity}
	onTime := Rider{Version: 1, SignedAt: at(due.Add(-time.Hour))}
	exactlyDue := Rider{Version: 1, SignedAt: at(due)}
	late := Rider{Version: 2, SignedAt: at(due.Add(time.Minute))}
	unsigned := Rider{Version: 3}
	tests := []struct {
		name   string
		tags   []ContentTag
		latest *Rider
		want   RiderStatus
	}{
		{"no tags", nil, nil, RiderNotRequired},
		{"kissing only, no rider", []ContentTag{TagKissing}, nil, RiderNotRequired},
		{"kissing only, late rider", []ContentTag{TagKissing}, &late, RiderNotRequired},
		{"nudity, no rider", nudity, nil, RiderUnsigned},
		{"nudity, drafted not signed", nudity, &unsigned, RiderUnsigned},
		{"nudity, signed in time", nudity, &onTime, RiderSigned},
		{"nudity, signed exactly when due", nudity, &exactlyDue, RiderSigned},
		{"nudity, signed late", nudity, &late, RiderLateSigned},
		{"simulated sex, signed late", []ContentTag{TagSimulatedSex}, &late, RiderLateSigned},
		{"sexual violence, signed", []ContentTag{TagSexualViolence}, &onTime, RiderSigned},
		{"full nudity, unsigned", []ContentTag{TagFullNudity}, &unsigned, RiderUnsigned},
	}
	for _, tt := range tests {
		if got := CoverageRider(tt.tags, tt.latest, due); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestConsentConfirmedPct(t *testing.T) {
	tests := []struct {
		confirmed, total int
		want             float64
	}{
		{0, 0, 0}, {0, 3, 0}, {1, 3, 33.3}, {2, 3, 66.7}, {3, 3, 100}, {1, 8, 12.5}, {19999, 20000, 100}, {1, 20000, 0},
	}
	for _, tt := range tests {
		if got := ConsentConfirmedPct(tt.confirmed, tt.total); got != tt.want {
			t.Errorf("%d of %d: %v, want %v", tt.confirmed, tt.total, got, tt.want)
		}
	}
}
