package storage

import (
	"context"
	"database/sql"
	"slices"

	"gorm.io/gorm"

	"closedset/internal/domain"
)

// CoverageRows is what coverage reads about a set of scenes, table by table.
// It never holds notes, boundaries, check-in reasons or debrief places: none
// of them is read (rule 10).
type CoverageRows struct {
	Scenes   []domain.Scene            // with their current cast (user id, minor, guardian's name)
	Consents []domain.ConsentDecision  // current-state rows: scene, user, state, version (0: not decided)
	Riders   []domain.Rider            // every version: scene, user, version, signature time, terms
	Steps    map[string][]domain.Step  // the current version's steps, by scene id
	CheckIns map[string]domain.CheckIn // the latest check-in with its answers only, by scene id
	Debriefs map[string]domain.Debrief // the latest debrief not cancelled (status, time), by scene id
}

// CoverageRows reads the production's scenes (only these when sceneIDs is
// not nil) with the rows coverage computes from: one plain query per table,
// in one transaction, so a constant number of statements whatever the number
// of scenes.
func (s *Store) CoverageRows(ctx context.Context, productionID string, sceneIDs []string) (CoverageRows, error) {
	var out CoverageRows
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.with(ctx)
		scenes := db.Model(&sceneRow{}).Select("id").Where("production_id = ?", productionID)
		if sceneIDs != nil {
			scenes = scenes.Where("id IN ?", append(slices.Clip(sceneIDs), "")) // never an empty list
		}
		var sc []sceneRow
		if err := db.Select("id, number, title, call_time, content_tags, coordinator_id, status, closed_set, current_version").
			Where("id IN (?)", scenes).Find(&sc).Error; err != nil {
			return translate(err, "coverage scenes")
		}
		cast, err := scan(db.Model(&castRow{}).Select("scene_id, user_id, minor, guardian_name").Where("scene_id IN (?)", scenes).
			Order("scene_id, user_id"), func(r *sql.Rows, c *castRow) error { return r.Scan(&c.SceneID, &c.UserID, &c.Minor, &c.GuardianName) })
		if err != nil {
			return translate(err, "coverage cast")
		}
		consents, err := scan(db.Model(&consentRow{}).Select("scene_id, user_id, state, version").Where("scene_id IN (?)", scenes),
			func(r *sql.Rows, c *consentRow) error { return r.Scan(&c.SceneID, &c.UserID, &c.State, &c.Version) })
		if err != nil {
			return translate(err, "coverage consents")
		}
		riders, err := scan(db.Model(&riderRow{}).Select("scene_id, user_id, version, signed_at, nudity, visible_areas, acts").
			Where("scene_id IN (?)", scenes), func(r *sql.Rows, v *riderRow) error {
			return r.Scan(&v.SceneID, &v.UserID, &v.Version, &v.SignedAt, &v.Nudity, &v.VisibleAreas, &v.Acts)
		})
		if err != nil {
			return translate(err, "coverage riders")
		}
		var steps []choreographyRow
		if err := db.Table("choreography_versions cv").Select("cv.scene_id, cv.steps").
			Joins("JOIN scenes s ON s.id = cv.scene_id AND s.current_version = cv.version").
			Where("cv.scene_id IN (?)", scenes).Find(&steps).Error; err != nil {
			return translate(err, "coverage steps")
		}
		latest := db.Table("checkins k").Select("k.id").Where("k.scene_id IN (?)", scenes).
			Where(`NOT EXISTS (SELECT 1 FROM checkins k2 WHERE k2.scene_id = k.scene_id
				AND (k2.requested_at > k.requested_at OR k2.requested_at = k.requested_at AND k2.id > k.id))`)
		var checkins []checkinRow
		if err := db.Select("id, scene_id, requested_at, expires_at, closed_at").Where("id IN (?)", latest).
			Find(&checkins).Error; err != nil {
			return translate(err, "coverage check-ins")
		}
		var answers []checkinResponseRow
		if err := db.Select("checkin_id, answer").Where("checkin_id IN (?)", latest).Find(&answers).Error; err != nil {
			return translate(err, "coverage check-in answers")
		}
		var debriefs []debriefRow
		if err := db.Select("id, scene_id, scheduled_at, status").Where("scene_id IN (?) AND status <> 'cancelled'", scenes).
			Find(&debriefs).Error; err != nil {
			return translate(err, "coverage debriefs")
		}
		out = coverageRows(sc, cast, consents, riders, steps, checkins, answers, debriefs)
		return nil
	})
	return out, err
}

// coverageRows turns the rows read into their domain values.
func coverageRows(sc []sceneRow, cast []castRow, consents []consentRow, riders []riderRow, steps []choreographyRow,
	checkins []checkinRow, answers []checkinResponseRow, debriefs []debriefRow) CoverageRows {
	out := CoverageRows{Scenes: make([]domain.Scene, len(sc)), Steps: map[string][]domain.Step{},
		CheckIns: map[string]domain.CheckIn{}, Debriefs: map[string]domain.Debrief{}}
	// Scenes and riders repeat a few lists: each distinct text is decoded
	// once per read (and the slices shared: read only).
	areas, tags := map[string][]domain.BodyArea{}, map[string][]domain.ContentTag{}
	castOf := map[string][]domain.CastMember{}
	for _, c := range cast {
		castOf[c.SceneID] = append(castOf[c.SceneID], domain.CastMember{UserID: c.UserID, Minor: c.Minor, GuardianName: c.GuardianName})
	}
	for i, r := range sc {
		out.Scenes[i] = domain.Scene{ID: r.ID, Number: r.Number, Title: r.Title, CallTime: r.CallTime.UTC(),
			ContentTags: decodeOnce(tags, r.ContentTags), Status: domain.SceneStatus(r.Status),
			ClosedSet: fromJSON[string](r.ClosedSet), CurrentVersion: r.CurrentVersion, Cast: castOf[r.ID]}
		if r.CoordinatorID != nil {
			out.Scenes[i].CoordinatorID = *r.CoordinatorID
		}
	}
	out.Consents = make([]domain.ConsentDecision, len(consents))
	for i, c := range consents {
		out.Consents[i] = domain.ConsentDecision{SceneID: c.SceneID, UserID: c.UserID, State: domain.ConsentState(c.State)}
		if c.Version != nil {
			out.Consents[i].Version = *c.Version
		}
	}
	out.Riders = make([]domain.Rider, len(riders))
	for i, r := range riders {
		out.Riders[i] = domain.Rider{SceneID: r.SceneID, UserID: r.UserID, Version: r.Version}
		if r.SignedAt != nil { // only signed terms count (exceeds_rider)
			at := r.SignedAt.UTC()
			out.Riders[i].SignedAt, out.Riders[i].Nudity = &at, domain.Nudity(r.Nudity)
			out.Riders[i].VisibleAreas, out.Riders[i].Acts = decodeOnce(areas, r.VisibleAreas), decodeOnce(tags, r.Acts)
		}
	}
	for _, c := range steps {
		out.Steps[c.SceneID] = decodeSteps(c.Steps)
	}
	byID := map[string]string{} // check-in id → scene id
	for _, k := range checkins {
		byID[k.ID] = k.SceneID
		c := domain.CheckIn{SceneID: k.SceneID, RequestedAt: k.RequestedAt.UTC(), ExpiresAt: k.ExpiresAt.UTC()}
		if k.ClosedAt != nil {
			at := k.ClosedAt.UTC()
			c.ClosedAt = &at
		}
		out.CheckIns[k.SceneID] = c
	}
	for _, a := range answers {
		c := out.CheckIns[byID[a.CheckinID]]
		c.Responses = append(c.Responses, domain.CheckInResponse{Answer: a.Answer})
		out.CheckIns[byID[a.CheckinID]] = c
	}
	for _, d := range debriefs {
		if old, ok := out.Debriefs[d.SceneID]; ok && (old.ScheduledAt.After(d.ScheduledAt) ||
			old.ScheduledAt.Equal(d.ScheduledAt) && old.ID > d.ID) {
			continue
		}
		out.Debriefs[d.SceneID] = domain.Debrief{ID: d.ID, SceneID: d.SceneID, Status: d.Status, ScheduledAt: d.ScheduledAt.UTC()}
	}
	return out
}

// CoverageChange is one audit event as coverage's cache reads it, with the
// scene it happened in: the subject when it is a scene, the scene of a
// check-in or debrief subject; "" otherwise.
type CoverageChange struct {
	Seq     int64
	Action  domain.AuditAction
	SceneID string
}

// CoverageChanges returns a production's audit head (the seq of its last
// event; 0 without any) and up to limit of the events after seq `after`, in
// order, each with its scene — one statement, so one snapshot (appends to a
// chain are serialised by the production's row and commit in seq order).
func (s *Store) CoverageChanges(ctx context.Context, productionID string, after int64, limit int) (head int64, changes []CoverageChange, err error) {
	var rows []struct {
		Head, Seq     int64
		Action, Scene string
	}
	err = s.with(ctx).Raw(`SELECT p.audit_seq AS head, COALESCE(e.seq, 0) AS seq, COALESCE(e.action, '') AS action,
	COALESCE(CASE e.subject_type WHEN 'scene' THEN e.subject_id WHEN 'checkin' THEN k.scene_id WHEN 'debrief' THEN d.scene_id END, '') AS scene
FROM productions p
LEFT JOIN audit_events e ON e.production_id = p.id AND e.seq > ?
LEFT JOIN checkins k ON e.subject_type = 'checkin' AND k.id = e.subject_id
LEFT JOIN debriefs d ON e.subject_type = 'debrief' AND d.id = e.subject_id
WHERE p.id = ? ORDER BY e.seq LIMIT ?`, after, productionID, limit).Scan(&rows).Error
	for _, r := range rows {
		head = r.Head
		if r.Seq > 0 {
			changes = append(changes, CoverageChange{Seq: r.Seq, Action: domain.AuditAction(r.Action), SceneID: r.Scene})
		}
	}
	return head, changes, translate(err, "audit events")
}

// CoverageNames reads the display names of a production's members by user id
// (the cast and coordinators of its scenes are members).
func (s *Store) CoverageNames(ctx context.Context, productionID string) (map[string]string, error) {
	var rows []struct{ ID, DisplayName string }
	err := s.with(ctx).Raw(`SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.production_id = ?`, productionID).Scan(&rows).Error
	names := make(map[string]string, len(rows))
	for _, r := range rows {
		names[r.ID] = r.DisplayName
	}
	return names, translate(err, "coverage names")
}

func decodeOnce[T any](decoded map[string][]T, text string) []T {
	v, ok := decoded[text]
	if !ok {
		v = fromJSON[T](text)
		decoded[text] = v
	}
	return v
}

// scan runs a query with database/sql's plain Scan, one T per row: for the
// tens of thousands of cast, consent and rider rows of a large production,
// GORM's reflection would cost more than the database does.
func scan[T any](q *gorm.DB, fill func(*sql.Rows, *T) error) ([]T, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := fill(rows, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
