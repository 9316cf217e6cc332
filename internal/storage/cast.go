package storage

import (
	"context"
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
	var rows []struct {
		SceneID, UserID, CharacterName, GuardianName, DisplayName string
		Minor, DoubleAllowed, StillsAllowed                       bool
	}
	err := s.with(ctx).Table("cast_members c").
		Select("c.scene_id, c.user_id, c.character_name, c.guardian_name, c.minor, c.double_allowed, c.stills_allowed, u.display_name").
		Joins("JOIN users u ON u.id = c.user_id").
		Where("c.scene_id IN ?", sceneIDs).Order("c.scene_id, c.character_name, c.user_id").Find(&rows).Error
	for _, r := range rows {
		out[r.SceneID] = append(out[r.SceneID], domain.CastMember{UserID: r.UserID, DisplayName: r.DisplayName,
			CharacterName: r.CharacterName, Minor: r.Minor, GuardianName: r.GuardianName,
			DoubleAllowed: r.DoubleAllowed, StillsAllowed: r.StillsAllowed})
	}
	return out, translate(err, "cast")
}
