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

// DueRider is an unsigned, not yet reminded rider version with what a
// reminder needs.
type DueRider struct {
	domain.Rider
	Scene           domain.Scene
	ProductionTitle string
	NoticeHours     int
}

// UnsignedRidersBefore returns unsigned rider versions that were never
// reminded, of planned scenes whose call time is between now and until.
func (s *Store) UnsignedRidersBefore(ctx context.Context, now, until time.Time) ([]DueRider, error) {
	var rows []struct {
		Rider               riderRow `gorm:"embedded"`
		ProductionID, Title string
		NoticeHours         int
	}
	err := s.with(ctx).Table("riders r").
		Select("r.*, s.production_id, p.title, p.notice_hours").
		Joins("JOIN scenes s ON s.id = r.scene_id").Joins("JOIN productions p ON p.id = s.production_id").
		Where("r.signed_at IS NULL AND r.reminded_at IS NULL AND s.status = 'planned' AND s.call_time > ? AND s.call_time <= ?", now.UTC(), until.UTC()).
		Where("r.version = (SELECT MAX(r2.version) FROM riders r2 WHERE r2.scene_id = r.scene_id AND r2.user_id = r.user_id)").
		Find(&rows).Error
	if err != nil {
		return nil, translate(err, "riders")
	}
	out := make([]DueRider, 0, len(rows))
	for _, r := range rows {
		sc, err := s.FindScene(ctx, r.Rider.SceneID)
		if err != nil {
			return nil, err
		}
		out = append(out, DueRider{Rider: r.Rider.domain(), Scene: sc, ProductionTitle: r.Title, NoticeHours: r.NoticeHours})
	}
	return out, nil
}

// MarkRiderReminded records that a rider version's reminder went out; it
// reports false when another process did it first.
func (s *Store) MarkRiderReminded(ctx context.Context, sceneID, userID string, version int, at time.Time) (bool, error) {
	res := s.with(ctx).Model(&riderRow{}).Where("scene_id = ? AND user_id = ? AND version = ? AND reminded_at IS NULL", sceneID, userID, version).
		Update("reminded_at", at.UTC())
	return res.RowsAffected == 1, translate(res.Error, "rider")
}
