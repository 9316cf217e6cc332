package storage

import (
	"context"
	"database/sql"
	"slices"
	"time"

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
	out := CoverageRows{Steps: map[string][]domain.Step{}, CheckIns: map[string]domain.CheckIn{}, Debriefs: map[string]domain.Debrief{}}
	// Scenes and riders repeat a few lists: each distinct text is decoded
	// once per read (and the slices shared: read only).
	areas, tags := map[string][]domain.BodyArea{}, map[string][]domain.ContentTag{}
	castOf := map[string][]domain.CastMember{}
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.with(ctx)
		scenes := db.Table("scenes").Select("id").Where("production_id = ?", productionID)
		if sceneIDs != nil {
			scenes = scenes.Where("id IN ?", append(slices.Clip(sceneIDs), "")) // never an empty list
		}
		in := func(table, columns string) *gorm.DB {
			return db.Table(table).Select(columns).Where("scene_id IN (?)", scenes)
		}
		latest := db.Table("checkins k").Select("k.id").Where("k.scene_id IN (?)", scenes).
			Where(`NOT EXISTS (SELECT 1 FROM checkins k2 WHERE k2.scene_id = k.scene_id
				AND (k2.requested_at > k.requested_at OR k2.requested_at = k.requested_at AND k2.id > k.id))`)
		for _, q := range []struct {
			what string
			q    *gorm.DB
			row  func(r *sql.Rows) error
		}{
			{"cast", in("cast_members", "scene_id, user_id, minor, guardian_name").Order("scene_id, user_id"), func(r *sql.Rows) error {
				var scene string
				var m domain.CastMember
				err := r.Scan(&scene, &m.UserID, &m.Minor, &m.GuardianName)
				castOf[scene] = append(castOf[scene], m)
				return err
			}},
			{"scenes", db.Table("scenes").Where("id IN (?)", scenes).
				Select("id, number, title, call_time, content_tags, coordinator_id, status, closed_set, current_version"), func(r *sql.Rows) error {
				var sc domain.Scene
				var tagText, closedSet string
				var coordinator sql.NullString
				err := r.Scan(&sc.ID, &sc.Number, &sc.Title, &sc.CallTime, &tagText, &coordinator, &sc.Status, &closedSet, &sc.CurrentVersion)
				sc.CallTime, sc.ContentTags, sc.ClosedSet = sc.CallTime.UTC(), decodeOnce(tags, tagText), fromJSON[string](closedSet)
				sc.CoordinatorID, sc.Cast = coordinator.String, castOf[sc.ID]
				out.Scenes = append(out.Scenes, sc)
				return err
			}},
			{"consents", in("consents", consentColumns), func(r *sql.Rows) error {
				c, err := scanConsent(r)
				out.Consents = append(out.Consents, c)
				return err
			}},
			{"riders", in("riders", "scene_id, user_id, version, signed_at, nudity, visible_areas, acts"), func(r *sql.Rows) error {
				var v domain.Rider
				var nudity, visible, acts string
				err := r.Scan(&v.SceneID, &v.UserID, &v.Version, &v.SignedAt, &nudity, &visible, &acts)
				if v.SignedAt != nil { // only signed terms count (exceeds_rider)
					v.SignedAt, v.Nudity = utc(v.SignedAt), domain.Nudity(nudity)
					v.VisibleAreas, v.Acts = decodeOnce(areas, visible), decodeOnce(tags, acts)
				}
				out.Riders = append(out.Riders, v)
				return err
			}},
			{"steps", db.Table("choreography_versions cv").Select("cv.scene_id, cv.steps").Where("cv.scene_id IN (?)", scenes).
				Joins("JOIN scenes s ON s.id = cv.scene_id AND s.current_version = cv.version"), func(r *sql.Rows) error {
				var scene, steps string
				err := r.Scan(&scene, &steps)
				out.Steps[scene] = decodeSteps(steps)
				return err
			}},
			{"check-ins", db.Table("checkins").Select("scene_id, requested_at, expires_at, closed_at").Where("id IN (?)", latest), func(r *sql.Rows) error {
				var c domain.CheckIn
				err := r.Scan(&c.SceneID, &c.RequestedAt, &c.ExpiresAt, &c.ClosedAt)
				c.RequestedAt, c.ExpiresAt, c.ClosedAt = c.RequestedAt.UTC(), c.ExpiresAt.UTC(), utc(c.ClosedAt)
				out.CheckIns[c.SceneID] = c
				return err
			}},
			{"check-in answers", db.Table("checkin_responses r").Select("k.scene_id, r.answer").
				Joins("JOIN checkins k ON k.id = r.checkin_id").Where("r.checkin_id IN (?)", latest), func(r *sql.Rows) error {
				var scene, answer string
				err := r.Scan(&scene, &answer)
				c := out.CheckIns[scene]
				c.Responses = append(c.Responses, domain.CheckInResponse{Answer: answer})
				out.CheckIns[scene] = c
				return err
			}},
			{"debriefs", in("debriefs", "id, scene_id, scheduled_at, status").Where("status <> 'cancelled'"), func(r *sql.Rows) error {
				var d domain.Debrief
				err := r.Scan(&d.ID, &d.SceneID, &d.ScheduledAt, &d.Status)
				d.ScheduledAt = d.ScheduledAt.UTC()
				if old, ok := out.Debriefs[d.SceneID]; !ok || d.ScheduledAt.After(old.ScheduledAt) ||
					d.ScheduledAt.Equal(old.ScheduledAt) && d.ID > old.ID {
					out.Debriefs[d.SceneID] = d
				}
				return err
			}},
		} {
			if err := eachRow(q.q, q.row); err != nil {
				return translate(err, "coverage "+q.what)
			}
		}
		return nil
	})
	return out, err
}

// consentColumns are what coverage reads of a consent's current state.
const consentColumns = "scene_id, user_id, state, COALESCE(version, 0)"

func scanConsent(r *sql.Rows) (domain.ConsentDecision, error) {
	var c domain.ConsentDecision
	err := r.Scan(&c.SceneID, &c.UserID, &c.State, &c.Version)
	return c, err
}

// CoverageConsents reads the current-state consent rows of these scenes of
// the production, as CoverageRows does: what a decision changes of coverage.
func (s *Store) CoverageConsents(ctx context.Context, productionID string, sceneIDs []string) ([]domain.ConsentDecision, error) {
	var out []domain.ConsentDecision
	db := s.with(ctx)
	scenes := db.Table("scenes").Select("id").Where("production_id = ? AND id IN ?", productionID, append(slices.Clip(sceneIDs), ""))
	err := eachRow(db.Table("consents").Select(consentColumns).Where("scene_id IN (?)", scenes), func(r *sql.Rows) error {
		c, err := scanConsent(r)
		out = append(out, c)
		return err
	})
	return out, translate(err, "coverage consents")
}

// eachRow runs a query and hands each row to row, which reads it with
// database/sql's plain Scan: for the tens of thousands of cast, consent and
// rider rows of a large production, GORM's reflection would cost more than
// the database does.
func eachRow(q *gorm.DB, row func(*sql.Rows) error) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	at := t.UTC()
	return &at
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
