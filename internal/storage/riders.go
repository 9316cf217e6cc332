package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

type riderRow struct {
	SceneID       string `gorm:"primaryKey"`
	UserID        string `gorm:"primaryKey"`
	Version       int    `gorm:"primaryKey"`
	Nudity        string
	VisibleAreas  string
	Acts          string
	StillsAllowed bool
	DoubleAllowed bool
	FootageLimits string
	CreatedAt     time.Time
	CreatedBy     string
	SignedAt      *time.Time
	SignedName    string
	TextHash      string
}

func (riderRow) TableName() string { return "riders" }

func (r riderRow) domain() domain.Rider {
	d := domain.Rider{SceneID: r.SceneID, UserID: r.UserID, Version: r.Version, Nudity: domain.Nudity(r.Nudity),
		VisibleAreas: fromJSON[domain.BodyArea](r.VisibleAreas), Acts: fromJSON[domain.ContentTag](r.Acts),
		StillsAllowed: r.StillsAllowed, DoubleAllowed: r.DoubleAllowed, FootageLimits: r.FootageLimits,
		SignedName: r.SignedName, TextHash: r.TextHash, CreatedAt: r.CreatedAt.UTC()}
	if r.SignedAt != nil {
		t := r.SignedAt.UTC()
		d.SignedAt = &t
	}
	return d
}

// CreateRider stores a new (unsigned) rider version.
func (s *Store) CreateRider(ctx context.Context, r domain.Rider, createdBy string) error {
	row := riderRow{SceneID: r.SceneID, UserID: r.UserID, Version: r.Version, Nudity: string(r.Nudity),
		VisibleAreas: toJSON(r.VisibleAreas), Acts: toJSON(r.Acts), StillsAllowed: r.StillsAllowed,
		DoubleAllowed: r.DoubleAllowed, FootageLimits: r.FootageLimits, CreatedAt: r.CreatedAt.UTC(), CreatedBy: createdBy}
	return translate(s.with(ctx).Create(&row).Error, "rider")
}

// SignRider records the signature of a rider version; it reports false when
// that version was already signed.
func (s *Store) SignRider(ctx context.Context, sceneID, userID string, version int, name, textHash string, at time.Time) (bool, error) {
	res := s.with(ctx).Model(&riderRow{}).
		Where("scene_id = ? AND user_id = ? AND version = ? AND signed_at IS NULL", sceneID, userID, version).
		Updates(map[string]any{"signed_at": at.UTC(), "signed_name": name, "text_hash": textHash})
	return res.RowsAffected == 1, translate(res.Error, "rider")
}

// LatestRider returns the newest rider version of a performer on a scene;
// not_found when there is none.
func (s *Store) LatestRider(ctx context.Context, sceneID, userID string) (domain.Rider, error) {
	var r riderRow
	err := s.with(ctx).Where("scene_id = ? AND user_id = ?", sceneID, userID).Order("version DESC").Take(&r).Error
	return r.domain(), translate(err, "Rider")
}

// SceneRiders returns, per scene and performer, the latest rider version and
// the latest signed one (if any).
func (s *Store) SceneRiders(ctx context.Context, sceneIDs ...string) (latest, signed map[string]map[string]domain.Rider, err error) {
	latest, signed = map[string]map[string]domain.Rider{}, map[string]map[string]domain.Rider{}
	if len(sceneIDs) == 0 {
		return latest, signed, nil
	}
	var rows []riderRow
	err = s.with(ctx).Where("scene_id IN ?", sceneIDs).Order("scene_id, user_id, version").Find(&rows).Error
	for _, r := range rows {
		d := r.domain()
		if latest[r.SceneID] == nil {
			latest[r.SceneID], signed[r.SceneID] = map[string]domain.Rider{}, map[string]domain.Rider{}
		}
		latest[r.SceneID][r.UserID] = d
		if d.SignedAt != nil {
			signed[r.SceneID][r.UserID] = d
		}
	}
	return latest, signed, translate(err, "riders")
}
