package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

type boundaryRow struct {
	ID           string `gorm:"primaryKey"`
	UserID       string
	ProductionID string
	SceneID      *string
	Kind         string
	Areas        string
	MaxNudity    string
	Note         string
	CreatedAt    time.Time
}

func (boundaryRow) TableName() string { return "boundaries" }

func (r boundaryRow) domain() domain.Boundary {
	b := domain.Boundary{ID: r.ID, UserID: r.UserID, ProductionID: r.ProductionID, Kind: r.Kind,
		Areas: fromJSON[domain.BodyArea](r.Areas), MaxNudity: domain.Nudity(r.MaxNudity), Note: r.Note, CreatedAt: r.CreatedAt.UTC()}
	if r.SceneID != nil {
		b.SceneID = *r.SceneID
	}
	return b
}

// CreateBoundary stores a performer's boundary.
func (s *Store) CreateBoundary(ctx context.Context, b domain.Boundary) error {
	r := boundaryRow{ID: b.ID, UserID: b.UserID, ProductionID: b.ProductionID, Kind: b.Kind, Areas: toJSON(b.Areas),
		MaxNudity: string(b.MaxNudity), Note: b.Note, CreatedAt: b.CreatedAt.UTC()}
	if b.SceneID != "" {
		r.SceneID = ptr(b.SceneID)
	}
	return translate(s.with(ctx).Create(&r).Error, "boundary")
}

// UpdateBoundary writes a boundary's fields (not its owner or creation time).
func (s *Store) UpdateBoundary(ctx context.Context, b domain.Boundary) error {
	var scene *string
	if b.SceneID != "" {
		scene = ptr(b.SceneID)
	}
	err := s.with(ctx).Model(&boundaryRow{}).Where("id = ?", b.ID).Updates(map[string]any{
		"production_id": b.ProductionID, "scene_id": scene, "kind": b.Kind, "areas": toJSON(b.Areas),
		"max_nudity": string(b.MaxNudity), "note": b.Note}).Error
	return translate(err, "boundary")
}

// FindBoundary returns a boundary; not_found when unknown.
func (s *Store) FindBoundary(ctx context.Context, id string) (domain.Boundary, error) {
	var r boundaryRow
	err := s.with(ctx).Where("id = ?", id).Take(&r).Error
	return r.domain(), translate(err, "Boundary")
}

// DeleteBoundary removes a boundary.
func (s *Store) DeleteBoundary(ctx context.Context, id string) error {
	return translate(s.with(ctx).Where("id = ?", id).Delete(&boundaryRow{}).Error, "boundary")
}

// ListBoundaries returns a performer's boundaries in a production, oldest first.
func (s *Store) ListBoundaries(ctx context.Context, userID, productionID string) ([]domain.Boundary, error) {
	var rows []boundaryRow
	err := s.with(ctx).Where("user_id = ? AND production_id = ?", userID, productionID).Order("created_at, id").Find(&rows).Error
	return boundariesOf(rows), translate(err, "boundaries")
}

// BoundariesOf returns the given performers' boundaries in a production, by
// performer (domain.BoundariesForScene picks those that apply to a scene).
func (s *Store) BoundariesOf(ctx context.Context, productionID string, userIDs []string) ([]domain.Boundary, error) {
	if len(userIDs) == 0 {
		return []domain.Boundary{}, nil
	}
	var rows []boundaryRow
	err := s.with(ctx).Where("production_id = ? AND user_id IN ?", productionID, userIDs).
		Order("user_id, created_at, id").Find(&rows).Error
	return boundariesOf(rows), translate(err, "boundaries")
}

func boundariesOf(rows []boundaryRow) []domain.Boundary {
	out := make([]domain.Boundary, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out
}
