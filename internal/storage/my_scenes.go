package storage

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"closedset/internal/domain"
)

// MyScenes is what a performer's own list across productions shows: the
// scenes they are cast in where they are a performer member, with their own
// records only (rule 10) — their consent row, their latest rider version
// (version, signature time), their earliest open unanswered check-in and
// their next debrief of each scene. Maps are keyed by scene id.
type MyScenes struct {
	Productions map[string]domain.Production
	Scenes      []domain.Scene // by call time
	Consents    map[string]domain.ConsentDecision
	Riders      map[string]domain.Rider
	Checkins    map[string]domain.CheckIn // id, sceneId, expiresAt only
	Debriefs    map[string]domain.Debrief // id, sceneId, scheduledAt only
}

// ListMyScenes reads userID's scenes as a performer with a fixed number of
// statements whatever the number of scenes or productions: productions,
// scenes, their cast, consents, riders, check-ins, debriefs — one each.
// Check-ins count when open at now (not closed, not expired) and not yet
// answered by userID; debriefs when scheduled at or after debriefsFrom.
func (s *Store) ListMyScenes(ctx context.Context, userID string, now, debriefsFrom time.Time) (MyScenes, error) {
	out := MyScenes{Productions: map[string]domain.Production{}, Consents: map[string]domain.ConsentDecision{},
		Riders: map[string]domain.Rider{}, Checkins: map[string]domain.CheckIn{}, Debriefs: map[string]domain.Debrief{}}
	db := s.with(ctx)
	productions := func() *gorm.DB {
		return db.Table("memberships").Select("production_id").Where("user_id = ? AND role = ?", userID, string(domain.RolePerformer))
	}
	// The scenes of those productions the caller is cast in.
	mine := func() *gorm.DB {
		return db.Table("cast_members").Select("scene_id").Where("user_id = ? AND scene_id IN (?)", userID,
			db.Table("scenes").Select("id").Where("production_id IN (?)", productions()))
	}

	var ps []productionRow
	if err := db.Where("id IN (?)", productions()).Find(&ps).Error; err != nil {
		return out, translate(err, "productions")
	}
	for _, p := range ps {
		out.Productions[p.ID] = domain.Production{ID: p.ID, Title: p.Title, Kind: p.Kind, Timezone: p.Timezone,
			NoticeHours: p.NoticeHours, Role: domain.RolePerformer, CreatedAt: p.CreatedAt.UTC()}
	}
	if len(ps) == 0 {
		return out, nil
	}

	var rows []sceneRow
	if err := db.Where("id IN (?)", mine()).Order("call_time, number, id").Find(&rows).Error; err != nil {
		return out, translate(err, "scenes")
	}
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	cast, err := s.castOf(ctx, ids)
	if err != nil {
		return out, err
	}
	out.Scenes = make([]domain.Scene, len(rows))
	for i, r := range rows {
		out.Scenes[i] = r.domain()
		if c := cast[r.ID]; c != nil {
			out.Scenes[i].Cast = c
		}
	}

	consents := db.Table("consents").Select("scene_id, state, COALESCE(version, 0)").Where("user_id = ? AND scene_id IN (?)", userID, mine())
	err = eachRow(consents, func(r *sql.Rows) error {
		c := domain.ConsentDecision{UserID: userID}
		err := r.Scan(&c.SceneID, &c.State, &c.Version)
		out.Consents[c.SceneID] = c
		return err
	})
	if err != nil {
		return out, translate(err, "consents")
	}

	riders := db.Table("riders").Select("scene_id, version, signed_at").Where("user_id = ? AND scene_id IN (?)", userID, mine())
	err = eachRow(riders, func(r *sql.Rows) error {
		v := domain.Rider{UserID: userID}
		err := r.Scan(&v.SceneID, &v.Version, &v.SignedAt)
		if old, ok := out.Riders[v.SceneID]; !ok || v.Version > old.Version {
			v.SignedAt = utc(v.SignedAt)
			out.Riders[v.SceneID] = v
		}
		return err
	})
	if err != nil {
		return out, translate(err, "riders")
	}

	checkins := db.Table("checkins c").Select("c.id, c.scene_id, c.expires_at").
		Joins("JOIN checkin_responses r ON r.checkin_id = c.id AND r.user_id = ?", userID).
		Where("r.answer = '' AND c.closed_at IS NULL AND c.expires_at > ? AND c.scene_id IN (?)", now.UTC(), mine()).
		Order("c.expires_at, c.id")
	err = eachRow(checkins, func(r *sql.Rows) error {
		var c domain.CheckIn
		err := r.Scan(&c.ID, &c.SceneID, &c.ExpiresAt)
		if _, ok := out.Checkins[c.SceneID]; !ok {
			c.ExpiresAt = c.ExpiresAt.UTC()
			out.Checkins[c.SceneID] = c
		}
		return err
	})
	if err != nil {
		return out, translate(err, "checkins")
	}

	debriefs := db.Table("debriefs d").Select("d.id, d.scene_id, d.scheduled_at").
		Joins("JOIN debrief_participants p ON p.debrief_id = d.id AND p.user_id = ?", userID).
		Where("d.status = ? AND d.scheduled_at >= ? AND d.scene_id IN (?)", domain.DebriefScheduled, debriefsFrom.UTC(), mine()).
		Order("d.scheduled_at, d.id")
	err = eachRow(debriefs, func(r *sql.Rows) error {
		var d domain.Debrief
		err := r.Scan(&d.ID, &d.SceneID, &d.ScheduledAt)
		if _, ok := out.Debriefs[d.SceneID]; !ok {
			d.ScheduledAt = d.ScheduledAt.UTC()
			out.Debriefs[d.SceneID] = d
		}
		return err
	})
	return out, translate(err, "debriefs")
}
