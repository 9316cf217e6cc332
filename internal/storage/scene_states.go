package storage

import (
	"context"
	"database/sql"

	"closedset/internal/domain"
)

// CastKey names one cast member's record on one scene.
type CastKey struct{ SceneID, UserID string }

// SceneStates is what a scene list shows beside each scene: the current-state
// consent row of each cast member, and the latest rider version of each
// (signature time only: no terms, no notes).
type SceneStates struct {
	Consents map[CastKey]domain.ConsentDecision // scene, user, state, version (0: never decided)
	Riders   map[CastKey]domain.Rider           // the latest version: version and signature time
}

// SceneStates reads the consent rows of a production's scenes (only sceneID
// when set), only userID's when set, and with riders the latest rider
// versions the same way: one statement per table whatever the number of
// scenes, so a scene list costs a fixed number of queries.
func (s *Store) SceneStates(ctx context.Context, productionID, sceneID, userID string, riders bool) (SceneStates, error) {
	out := SceneStates{Consents: map[CastKey]domain.ConsentDecision{}, Riders: map[CastKey]domain.Rider{}}
	db := s.with(ctx)
	scenes := db.Table("scenes").Select("id").Where("production_id = ?", productionID)
	if sceneID != "" {
		scenes = scenes.Where("id = ?", sceneID)
	}
	consents := db.Table("consents").Select("scene_id, user_id, state, COALESCE(version, 0)").Where("scene_id IN (?)", scenes)
	if userID != "" {
		consents = consents.Where("user_id = ?", userID)
	}
	err := eachRow(consents, func(r *sql.Rows) error {
		var c domain.ConsentDecision
		err := r.Scan(&c.SceneID, &c.UserID, &c.State, &c.Version)
		out.Consents[CastKey{c.SceneID, c.UserID}] = c
		return err
	})
	if err != nil || !riders {
		return out, translate(err, "consents")
	}
	rs := db.Table("riders").Select("scene_id, user_id, version, signed_at").Where("scene_id IN (?)", scenes)
	if userID != "" {
		rs = rs.Where("user_id = ?", userID)
	}
	err = eachRow(rs, func(r *sql.Rows) error {
		var v domain.Rider
		err := r.Scan(&v.SceneID, &v.UserID, &v.Version, &v.SignedAt)
		k := CastKey{v.SceneID, v.UserID}
		if old, ok := out.Riders[k]; !ok || v.Version > old.Version {
			v.SignedAt = utc(v.SignedAt)
			out.Riders[k] = v
		}
		return err
	})
	return out, translate(err, "riders")
}
