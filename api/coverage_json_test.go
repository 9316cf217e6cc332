package api

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// TestCoverageJSONMatchesEncodingJSON: the coverage's hand-written encoder
// writes byte for byte what encoding/json writes for the generated types
// (toCoverage), for every optional field set and unset and for text that
// needs escaping.
func TestCoverageJSONMatchesEncodingJSON(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	tricky := "Kiss <b>&</b> \"quote\" \\ \t\n\r\b\f\x01\x1f é 漢 \u2028\u2029 \xff\xfe end"
	cov := service.Coverage{Production: domain.Production{ID: "p-1"}, GeneratedAt: at.Add(123456789 * time.Nanosecond),
		Summary: service.CoverageSummary{Scenes: 3, NotNeeded: 1, Ready: 1, AtRisk: 1, ConsentConfirmedPct: 66.7},
		Scenes: []service.SceneCoverage{
			{SceneID: "s-1", Number: "1", Title: tricky, CallTime: at, Status: domain.ScenePlanned,
				ContentTags: []domain.ContentTag{domain.TagKissing, domain.TagPartialNudity},
				Coordinator: &domain.UserRef{UserID: "u-c", DisplayName: tricky}, Readiness: domain.ReadinessAtRisk,
				Reasons: []string{domain.ReasonConsentPending, domain.ReasonLateRider}, CurrentVersion: 3,
				Cast: []service.CastCoverage{
					{UserID: "u-1", DisplayName: "Alex", Consent: domain.ConsentConfirmed, Rider: domain.RiderSigned},
					{UserID: "u-2", DisplayName: tricky, Consent: domain.ConsentPending, Rider: domain.RiderLateSigned},
				},
				LastCheckIn: &service.CheckInCoverage{At: at.In(paris).Add(-time.Hour), Outcome: domain.AnswerPause},
				Debrief:     &service.DebriefCoverage{Status: domain.DebriefScheduled, ScheduledAt: at.Add(26 * time.Hour)}},
			{SceneID: "s-2", Number: "2", CallTime: at.Add(time.Hour), Status: domain.SceneShot, ContentTags: []domain.ContentTag{},
				Readiness: domain.ReadinessNotNeeded, Reasons: []string{}, Cast: []service.CastCoverage{},
				LastCheckIn: &service.CheckInCoverage{At: at}},
			{SceneID: "s-3", Readiness: domain.ReadinessReady}, // nil slices, zero times
		}}
	for _, c := range []service.Coverage{cov, {Production: domain.Production{ID: "empty"}, GeneratedAt: at, Scenes: []service.SceneCoverage{}}} {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(toCoverage(c)); err != nil {
			t.Fatal(err)
		}
		if got := appendCoverageJSON(nil, c); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("coverage JSON differs from encoding/json's:\n got %s\nwant %s", got, want.Bytes())
		}
	}
	for _, pct := range []float64{0, 0.1, 12.5, 100, 1e-7, 1e21} {
		want, _ := json.Marshal(pct)
		if got := appendJSONFloat(nil, pct); !bytes.Equal(got, want) {
			t.Errorf("%v: %s, want %s", pct, got, want)
		}
	}
}
