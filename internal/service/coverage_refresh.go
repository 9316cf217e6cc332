package service

import (
	"context"
	"errors"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// Every state change coverage reads is written with an audit event in the
// same transaction, so a production's audit seq orders its changes — across
// instances sharing a database too. The cache keeps each production's lines
// as of a seq and, on each read, reads the events since then (one statement)
// and recomputes only the scenes they name.

// covMaxChanges is the most events since the cached seq that are applied
// scene by scene; more reload the whole production.
const covMaxChanges = 500

// covEffect is what an audit action does to coverage.
type covEffect int

const (
	covUnknown    covEffect = iota // anything not listed: reload everything
	covNone                        // changes nothing coverage reads
	covSceneLines                  // changes the rows of the event's scene alone
)

// covEffects lists the actions whose effect on coverage is known. An action
// missing here (a new one, or production.created) reloads the production.
var covEffects = map[string]covEffect{
	// The scene, its cast, consent, riders, choreography, check-ins and
	// debriefs: the rows of one scene (the event's subject, or the scene of
	// the check-in or debrief that is).
	"scene.created": covSceneLines, "scene.updated": covSceneLines,
	"cast.updated": covSceneLines, "cast.removed": covSceneLines,
	"consent.confirmed": covSceneLines, "consent.declined": covSceneLines, "consent.withdrawn": covSceneLines,
	"rider.drafted": covSceneLines, "rider.signed": covSceneLines,
	"choreography.published": covSceneLines,
	"checkin.requested":      covSceneLines, "checkin.answered": covSceneLines, "checkin.closed": covSceneLines,
	"debrief.scheduled": covSceneLines, "debrief.updated": covSceneLines,
	// Invites and memberships: coverage reads no membership rows (display
	// names are read on every request).
	"invite.created": covNone, "member.joined": covNone,
}

var errLoadAbandoned = errors.New("service: the shared coverage load did not finish")

// coverageSnapshot returns a production's coverage lines, up to date as of
// this call: the cached snapshot (or a full load when there is none, or it
// was computed with other settings) with the scenes named by the audit
// events since its seq recomputed, and the display names read now. Without
// a cache, only the scenes called in [from, to) are read.
func (s *Service) coverageSnapshot(ctx context.Context, p domain.Production, from, to time.Time) (*covSnapshot, error) {
	names, err := s.store.CoverageNames(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if s.coverage == nil {
		return s.loadCoverage(ctx, p, names, 0, storage.CoverageFilter{From: from, To: to})
	}
	snap := s.coverage.get(p.ID)
	if !snap.fits(p) {
		load := func() (*covSnapshot, error) { return s.loadCoverage(ctx, p, names, -1, storage.CoverageFilter{}) }
		var led bool
		snap, led, err = s.coverage.load(ctx, p.ID, load)
		if !led && (err != nil && ctx.Err() == nil || err == nil && !snap.fits(p)) {
			// The shared load failed (its caller may have gone), or was for
			// other settings: load alone.
			if snap, err = load(); err == nil {
				s.coverage.put(p.ID, snap)
			}
			return snap, err
		}
		if err != nil || led {
			return snap, err
		}
		// A shared load may have read the audit head before this call
		// started: catch up with the events since, as with any snapshot.
	}
	next, err := s.refreshCoverage(ctx, p, snap, names)
	if err != nil {
		return nil, err
	}
	switch {
	case next.seq < snap.seq:
		// The audit head went back (a database restored under a running
		// process): the lines kept are from another history, so the full
		// load made from this one replaces them.
		s.coverage.replace(p.ID, next)
	case next != snap:
		s.coverage.put(p.ID, next)
	}
	return next, nil
}

// refreshCoverage brings a snapshot up to date: the audit events since its
// seq name the scenes to recompute (one statement for them all), or call for
// a full load.
func (s *Service) refreshCoverage(ctx context.Context, p domain.Production, snap *covSnapshot, names map[string]string) (*covSnapshot, error) {
	head, changes, err := s.store.CoverageChanges(ctx, p.ID, snap.seq, covMaxChanges+1)
	if err != nil {
		return nil, err
	}
	sceneIDs, ok := changedScenes(changes)
	if !ok || head < snap.seq {
		// Unknown or too many changes — or a head behind the cache (a
		// database restored from a backup): start again.
		return s.loadCoverage(ctx, p, names, head, storage.CoverageFilter{})
	}
	snap = snap.withNames(names)
	if len(sceneIDs) == 0 {
		return snap.at(head, nil, nil), nil
	}
	found, lines := make(map[string]*covLine, len(sceneIDs)), newCovLines(p, names)
	err = s.store.EachCoverageScene(ctx, p.ID, storage.CoverageFilter{SceneIDs: sceneIDs}, func(r storage.CoverageScene) error {
		found[r.Scene.ID] = lines.line(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return snap.at(head, sceneIDs, found), nil
}

// changedScenes returns the scenes whose lines the changes may have changed,
// each once; ok is false when they call for a full load instead: too many
// of them, an action whose effect is not known, or a scene-scoped one whose
// scene is not found.
func changedScenes(changes []storage.CoverageChange) (sceneIDs []string, ok bool) {
	if len(changes) > covMaxChanges {
		return nil, false
	}
	seen := map[string]bool{}
	for _, c := range changes {
		switch covEffects[c.Action] {
		case covNone:
		case covSceneLines:
			if c.SceneID == "" {
				return nil, false
			}
			if !seen[c.SceneID] {
				seen[c.SceneID] = true
				sceneIDs = append(sceneIDs, c.SceneID)
			}
		default:
			return nil, false
		}
	}
	return sceneIDs, true
}

// loadCoverage computes the line of every scene of a production that passes
// the filter. The snapshot is valid up to head, or — when head is negative —
// up to the audit head read first (before the scenes: later changes may be in
// the lines, and are applied again on the next read).
func (s *Service) loadCoverage(ctx context.Context, p domain.Production, names map[string]string, head int64, f storage.CoverageFilter) (*covSnapshot, error) {
	if head < 0 {
		var err error
		if head, err = s.store.CoverageHead(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	lines, b := map[string]*covLine{}, newCovLines(p, names)
	err := s.store.EachCoverageScene(ctx, p.ID, f, func(r storage.CoverageScene) error {
		lines[r.Scene.ID] = b.line(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return newCovSnapshot(head, p, names, lines), nil
}
