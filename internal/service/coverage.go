package service

import (
	"context"
	"sync"
	"time"

	"closedset/internal/domain"
)

// CoverageQuery selects scenes by call date in the production's time zone:
// From and To are dates (YYYY-MM-DD, inclusive); "" leaves a bound open.
type CoverageQuery struct {
	From, To string
}

// Coverage is the producer's view of a production's readiness: status, counts
// and dates only — never boundaries, consent notes, check-in notes or debrief
// notes (rule 10).
type Coverage struct {
	Production  domain.Production
	Location    *time.Location // the production's time zone
	GeneratedAt time.Time
	Query       CoverageQuery
	Summary     CoverageSummary
	Scenes      []SceneCoverage
}

// CoverageSummary counts scenes per readiness; ConsentConfirmedPct is the
// share of cast entries of tagged scenes who confirmed the current version.
type CoverageSummary struct {
	Scenes, NotNeeded, Ready, AtRisk, Blocked, DebriefDue int
	ConsentConfirmedPct                                   float64
}

// SceneCoverage is one scene's line of coverage. Readiness and Reasons come
// from domain.ComputeReadiness, the one implementation behind every view.
type SceneCoverage struct {
	SceneID, Number, Title string
	CallTime               time.Time
	Status                 domain.SceneStatus
	ContentTags            []domain.ContentTag
	Coordinator            *domain.UserRef // nil when none is assigned
	Readiness              domain.Readiness
	Reasons                []string
	CurrentVersion         int // 0 when nothing is published
	Cast                   []CastCoverage
	LastCheckIn            *CheckInCoverage
	Debrief                *DebriefCoverage
}

// CastCoverage is a current cast member's consent (against the current
// version) and rider status. A scene's cast is ordered by display name.
type CastCoverage struct {
	UserID, DisplayName string
	Consent             domain.ConsentState
	Rider               domain.RiderStatus
}

// CheckInCoverage is when the latest check-in was asked and its outcome (""
// while it is open and incomplete).
type CheckInCoverage struct {
	At      time.Time
	Outcome string
}

// DebriefCoverage is the status and time of the latest debrief that is not
// cancelled.
type DebriefCoverage struct {
	Status      string
	ScheduledAt time.Time
}

// GetCoverage returns a production's coverage for producers and coordinators,
// scenes ordered by call time, then number (then id). Errors: not_found (unknown
// production or not a member), forbidden (performers), invalid_parameter (a
// date that is not YYYY-MM-DD), validation_failed (to before from).
//
// The lines come from the service's coverage cache, brought up to date from
// the production's audit trail first (see coverageSnapshot); display names are
// read on every call. The returned scenes share their slices and pointers
// with the cache: read them, never change them.
func (s *Service) GetCoverage(ctx context.Context, userID, productionID string, q CoverageQuery) (Coverage, error) {
	p, err := s.authorize(ctx, userID, productionID, domain.ActionCoverageView, domain.Subject{})
	if err != nil {
		return Coverage{}, err
	}
	loc, err := location(p.Timezone)
	if err != nil {
		return Coverage{}, err
	}
	from, to, err := coverageRange(q, loc)
	if err != nil {
		return Coverage{}, err
	}
	now := s.now()
	snap, err := s.coverageSnapshot(ctx, p, from, to)
	if err != nil {
		return Coverage{}, err
	}
	lines := snap.span(from, to)
	cov := Coverage{Production: p, Location: loc, GeneratedAt: now, Query: q, Scenes: make([]SceneCoverage, len(lines))}
	confirmed, entries := 0, 0
	for i, c := range lines {
		cov.Scenes[i] = c.line
		cov.Scenes[i].LastCheckIn = c.checkIn(now)
		cov.Summary.count(c.line.Readiness)
		confirmed, entries = confirmed+c.confirmed, entries+c.entries
	}
	cov.Summary.ConsentConfirmedPct = domain.ConsentConfirmedPct(confirmed, entries)
	return cov, nil
}

func (c *CoverageSummary) count(r domain.Readiness) {
	c.Scenes++
	switch r {
	case domain.ReadinessNotNeeded:
		c.NotNeeded++
	case domain.ReadinessReady:
		c.Ready++
	case domain.ReadinessAtRisk:
		c.AtRisk++
	case domain.ReadinessBlocked:
		c.Blocked++
	case domain.ReadinessDebriefDue:
		c.DebriefDue++
	}
}

// coverageRange turns inclusive call dates in loc into the UTC instants
// [from, to) — from the first instant of the first day to the first instant
// of the day after the last, in the production's zone, so a day across a
// daylight-saving change is 23 or 25 hours long. A zero instant is an open
// bound.
func coverageRange(q CoverageQuery, loc *time.Location) (from, to time.Time, err error) {
	if q.From != "" {
		day, err := time.Parse(time.DateOnly, q.From)
		if err != nil {
			return from, to, badDate("from")
		}
		from = startOfDay(day.Year(), day.Month(), day.Day(), loc)
	}
	if q.To != "" {
		day, err := time.Parse(time.DateOnly, q.To)
		if err != nil {
			return from, to, badDate("to")
		}
		to = startOfDay(day.Year(), day.Month(), day.Day()+1, loc)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		e := domain.Invalid("to", "must be on or after from")
		e.Message = "The date range ends (to " + q.To + ") before it starts (from " + q.From + ")."
		return from, to, e
	}
	return from.UTC(), to.UTC(), nil
}

// startOfDay is the first instant of a calendar day in loc. Where a
// daylight-saving change skips midnight (e.g. America/Santiago), time.Date
// may give an instant of the day before: the day then starts when the clocks
// jump.
func startOfDay(year int, month time.Month, day int, loc *time.Location) time.Time {
	t := time.Date(year, month, day, 0, 0, 0, 0, loc)
	if want := time.Date(year, month, day, 0, 0, 0, 0, time.UTC); t.Day() != want.Day() {
		_, end := t.ZoneBounds()
		t = end
	}
	return t
}

func badDate(param string) error {
	e := domain.E(domain.KindBadRequest, "invalid_parameter", "The parameter %q is not a date (YYYY-MM-DD).", param)
	e.Fields = []domain.FieldError{{Field: param, Message: "must be a date (YYYY-MM-DD)"}}
	return e
}

// locations caches loaded time zones: time.LoadLocation reads the zone
// database each time.
var locations sync.Map

// location returns a production's time zone (UTC when it is empty).
func location(name string) (*time.Location, error) {
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, l)
	return l, nil
}
