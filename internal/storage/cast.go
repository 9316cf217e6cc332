package storage

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

type castRow struct {
	SceneID       string `gorm:"primaryKey"`
	UserID        string `gorm:"primaryKey"`
	CharacterName string
	Minor         bool
	GuardianName  string
	DoubleAllowed bool
	StillsAllowed bool
	CreatedAt     time.Time
}

func (castRow) TableName() string { return "cast_members" }

// PutCastMember adds a performer to a scene's cast or updates their entry.
func (s *Store) PutCastMember(ctx context.Context, sceneID string, m domain.CastMember, now time.Time) error {
	r := castRow{SceneID: sceneID, UserID: m.UserID, CharacterName: m.CharacterName, Minor: m.Minor,
		GuardianName: m.GuardianName, DoubleAllowed: m.DoubleAllowed, StillsAllowed: m.StillsAllowed, CreatedAt: now.UTC()}
	err := s.with(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "scene_id"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"character_name", "minor", "guardian_name", "double_allowed", "stills_allowed"}),
	}).Create(&r).Error
	return translate(err, "cast member")
}

// RemoveCastMember removes a performer from a scene's cast; not_found when
// they were not cast.
func (s *Store) RemoveCastMember(ctx context.Context, sceneID, userID string) error {
	res := s.with(ctx).Where("scene_id = ? AND user_id = ?", sceneID, userID).Delete(&castRow{})
	if res.Error == nil && res.RowsAffected == 0 {
		return domain.NotFound("Cast member")
	}
	return translate(res.Error, "cast member")
}

// castOf returns the cast of each scene, by character name.
func (s *Store) castOf(ctx context.Context, sceneIDs []string) (map[string][]domain.CastMember, error) {
	out := map[string][]domain.CastMember{}
	if len(sceneIDs) == 0 {
		return out, nil
	}
	// Scanned plainly (eachRow): a decision reads its scene's whole cast
	// inside the writer, where GORM's reflection over 64 rows cost more than
	// the query.
	q := s.with(ctx).Table("cast_members c").
		Select("c.scene_id, c.user_id, c.character_name, c.guardian_name, c.minor, c.double_allowed, c.stills_allowed, u.display_name").
		Joins("JOIN users u ON u.id = c.user_id").
		Where("c.scene_id IN ?", sceneIDs).Order("c.scene_id, c.character_name, c.user_id")
	err := eachRow(q, func(r *sql.Rows) error {
		var scene string
		var m domain.CastMember
		err := r.Scan(&scene, &m.UserID, &m.CharacterName, &m.GuardianName, &m.Minor, &m.DoubleAllowed, &m.StillsAllowed, &m.DisplayName)
		out[scene] = append(out[scene], m)
		return err
	})
	return out, translate(err, "cast")
}
