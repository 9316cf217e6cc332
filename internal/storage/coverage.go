package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"closedset/internal/domain"
)

// CoverageScene is one scene as the producer's coverage reads it: the scene
// with its current cast and the current-state rows its readiness is computed
// from. It never holds notes or boundaries (rule 10): none of them is read.
type CoverageScene struct {
	// Scene has its current cast (user id, minor, guardian's name; no
	// display or character name) ordered by user id; ProductionID, Synopsis,
	// Location and CreatedAt are left empty. Its content tags and closed set
	// are shared with scenes that have the same ones: read them, never change
	// them.
	Scene domain.Scene
	// Steps are the current choreography version's steps; nil without one.
	// They are shared (published versions never change): read them, never
	// change them.
	Steps []domain.Step
	// Consents[i] is Scene.Cast[i]'s current-state consent row (state and
	// version, no note); nil when they have none.
	Consents []*domain.ConsentDecision
	// LatestRider holds each cast member's latest rider version (version and
	// signature time only); SignedRider their latest signed version with its
	// terms. Members without one are absent. Rider lists are shared between
	// riders with the same terms: read them, never change them.
	LatestRider map[string]*domain.Rider
	SignedRider map[string]domain.Rider
	// LastCheckIn is the latest check-in with its answers only (no user ids,
	// names or notes); nil when there is none.
	LastCheckIn *domain.CheckIn
	// Debrief is the latest debrief that is not cancelled (status and time
	// only); nil when there is none.
	Debrief *domain.Debrief
}

// coverageSQL reads everything coverage needs about scenes, one row per
// scene: the scene, the current version's steps, the latest debrief that is
// not cancelled, the latest check-in with its answers, and three lists — the
// current cast, the consent rows and the rider versions — each read by one
// range scan of an index that holds every column it needs (migration 00009).
// The lists keep the row count at the number of scenes: a thousand scenes of
// twenty performers cost a thousand rows, not twenty thousand joined ones.
// A list's records have optional trailing fields (NULL || … is NULL): a cast
// member's guardian's name only for minors, a consent's version only once
// decided, a rider's signature and terms only once signed. Times come as
// text, parsed off the database's thread. Notes, boundaries, check-in
// reasons and debrief places are never read.
const coverageSQL = `SELECT s.id, s.number, s.title, CAST(s.call_time AS TEXT), s.content_tags, s.coordinator_id, s.status,
	s.closed_set, s.current_version, cv.steps, d.status, CAST(d.scheduled_at AS TEXT),
	CAST(k.requested_at AS TEXT), CAST(k.expires_at AS TEXT), CAST(k.closed_at AS TEXT),
	(SELECT {agg}(r.answer, ',') FROM checkin_responses r WHERE r.checkin_id = k.id),
	(SELECT {agg}(c.user_id || CASE WHEN c.minor THEN '{u}' || REPLACE(REPLACE(c.guardian_name, '{r}', ''), '{u}', '') ELSE '' END, '{r}')
		FROM cast_members c WHERE c.scene_id = s.id),
	(SELECT {agg}(cs.user_id || '{u}' || cs.state || COALESCE('{u}' || cs.version, ''), '{r}')
		FROM consents cs WHERE cs.scene_id = s.id),
	(SELECT {agg}(rd.user_id || '{u}' || rd.version
			|| COALESCE('{u}' || rd.signed_at || '{u}' || rd.nudity || '{u}' || rd.visible_areas || '{u}' || rd.acts, ''), '{r}')
		FROM riders rd WHERE rd.scene_id = s.id)
FROM scenes s
LEFT JOIN choreography_versions cv ON cv.scene_id = s.id AND cv.version = s.current_version
LEFT JOIN debriefs d ON d.id = (SELECT d2.id FROM debriefs d2 WHERE d2.scene_id = s.id AND d2.status <> 'cancelled'
	ORDER BY d2.scheduled_at DESC, d2.id DESC LIMIT 1)
LEFT JOIN checkins k ON k.id = (SELECT k2.id FROM checkins k2 WHERE k2.scene_id = s.id
	ORDER BY k2.requested_at DESC, k2.id DESC LIMIT 1)
WHERE {where}`

// coverageNamesSQL reads the display names of a production's members (the
// cast and coordinators of its scenes are members).
const coverageNamesSQL = `SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.production_id = ?`

// CoverageFilter selects the scenes EachCoverageScene reads: call times in
// [From, To) (a zero bound is open) and, when SceneIDs is not nil, only those
// scenes (none when it is empty).
type CoverageFilter struct {
	From, To time.Time
	SceneIDs []string
}

// coverageIDChunk bounds the scene ids of one statement.
const coverageIDChunk = 500

// EachCoverageScene reads a production's scenes that pass the filter with
// what coverage needs — in one query whatever the number of scenes (one per
// 500 ids of f.SceneIDs), so one consistent snapshot — and calls each with
// every scene, in no particular order. Display names are not read (see
// CoverageNames). each runs on a goroutine of its own while the database
// produces the next rows, one call at a time; it must not use the store. The
// scene's cast, consents and rider maps are reused for the next scene: each
// must not keep them (nor change them). An error from each stops the calls
// and is returned.
func (s *Store) EachCoverageScene(ctx context.Context, productionID string, f CoverageFilter, each func(CoverageScene) error) error {
	where := []string{"s.production_id = ?"}
	args := []any{productionID}
	if !f.From.IsZero() {
		where = append(where, "s.call_time >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where = append(where, "s.call_time < ?")
		args = append(args, f.To.UTC())
	}
	if f.SceneIDs == nil {
		return s.eachCoverageRow(ctx, where, args, each)
	}
	where = append(where, "s.id IN ?")
	for ids := range slices.Chunk(f.SceneIDs, coverageIDChunk) {
		if err := s.eachCoverageRow(ctx, where, append(args, ids), each); err != nil {
			return err
		}
	}
	return nil
}

// eachCoverageRow runs coverageSQL with these conditions, parsing its rows on
// a goroutine of its own while the database produces the next ones.
func (s *Store) eachCoverageRow(ctx context.Context, where []string, args []any, each func(CoverageScene) error) error {
	agg := "group_concat"
	if s.postgres {
		agg = "string_agg"
	}
	query := strings.NewReplacer("{agg}", agg, "{u}", covUnit, "{r}", covRecord, "{where}", strings.Join(where, " AND ")).Replace(coverageSQL)
	rows, err := s.with(ctx).Raw(query, args...).Rows()
	if err != nil {
		return translate(err, "coverage")
	}
	defer rows.Close()

	read := make(chan *coverageRow, 64)
	var parseErr error
	var failed atomic.Bool // set once parseErr is: the rest of the rows are not read
	var parser sync.WaitGroup
	parser.Go(func() {
		dec := newCoverageDecoder()
		for r := range read {
			if parseErr == nil {
				parseErr = parseRow(r, dec, each)
				failed.Store(parseErr != nil)
			}
		}
	})
	for !failed.Load() && rows.Next() {
		r := &coverageRow{}
		if err = rows.Scan(&r.id, &r.number, &r.title, &r.callTime, &r.tags, &r.coordinator, &r.status, &r.closedSet,
			&r.version, &r.steps, &r.debriefStatus, &r.debriefAt, &r.requestedAt, &r.expiresAt, &r.closedAt,
			&r.answers, &r.cast, &r.consents, &r.riders); err != nil {
			break
		}
		read <- r
	}
	close(read)
	parser.Wait()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return translate(err, "coverage")
	}
	return parseErr
}

// parseRow parses a row and hands it to each. A panic in either becomes an
// error: they run on a goroutine of their own, where the server's recovery
// does not reach, and must not take the process down.
func parseRow(r *coverageRow, dec *coverageDecoder, each func(CoverageScene) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("coverage of scene %s: panic: %v", r.id, p)
		}
	}()
	c, err := r.parse(dec)
	if err != nil {
		return err
	}
	return each(c)
}

// coverageRow is one row of coverageSQL as read, before it is parsed.
type coverageRow struct {
	id, number, title, callTime, tags, status, closedSet string
	version                                              int
	coordinator, steps, debriefStatus, debriefAt         sql.NullString
	requestedAt, expiresAt, closedAt                     sql.NullString
	answers, cast, consents, riders                      sql.NullString
}

// parse turns a row into a CoverageScene.
func (r *coverageRow) parse(dec *coverageDecoder) (CoverageScene, error) {
	callTime, err := parseStoredTime(r.callTime)
	if err != nil {
		return CoverageScene{}, translate(err, "coverage scene")
	}
	sc := domain.Scene{ID: r.id, Number: r.number, Title: r.title, CallTime: callTime, ContentTags: dec.tags(r.tags),
		CoordinatorID: r.coordinator.String, Status: domain.SceneStatus(r.status), ClosedSet: dec.strings(r.closedSet),
		CurrentVersion: r.version}
	c := CoverageScene{Scene: sc}
	if r.steps.Valid && sc.CurrentVersion > 0 {
		c.Steps = publishedSteps.get(sc.ID, sc.CurrentVersion, r.steps.String)
	}
	if r.debriefStatus.Valid {
		at, err := parseStoredTime(r.debriefAt.String)
		if err != nil {
			return c, translate(err, "coverage debrief")
		}
		c.Debrief = &domain.Debrief{SceneID: sc.ID, Status: r.debriefStatus.String, ScheduledAt: at}
	}
	if r.requestedAt.Valid {
		if c.LastCheckIn, err = r.checkin(); err != nil {
			return c, translate(err, "coverage check-in")
		}
	}
	return c, c.addCast(r.cast.String, r.consents.String, r.riders.String, dec)
}

// checkin is the row's check-in with its answers alone ("" while unanswered).
func (r *coverageRow) checkin() (*domain.CheckIn, error) {
	requested, err := parseStoredTime(r.requestedAt.String)
	if err != nil {
		return nil, err
	}
	expires, err := parseStoredTime(r.expiresAt.String)
	if err != nil {
		return nil, err
	}
	c := &domain.CheckIn{SceneID: r.id, RequestedAt: requested, ExpiresAt: expires}
	if r.closedAt.Valid {
		closed, err := parseStoredTime(r.closedAt.String)
		if err != nil {
			return nil, err
		}
		c.ClosedAt = &closed
	}
	if r.answers.Valid {
		for a := range strings.SplitSeq(r.answers.String, ",") {
			c.Responses = append(c.Responses, domain.CheckInResponse{Answer: a})
		}
	}
	return c, nil
}

// CoverageNames reads the display names of a production's members by user
// id (the cast and coordinators of its scenes are members).
func (s *Store) CoverageNames(ctx context.Context, productionID string) (map[string]string, error) {
	rows, err := s.with(ctx).Raw(coverageNamesSQL, productionID).Rows()
	if err != nil {
		return nil, translate(err, "coverage names")
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, translate(err, "coverage names")
		}
		names[id] = name
	}
	return names, translate(rows.Err(), "coverage names")
}
