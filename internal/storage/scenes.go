package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

type sceneRow struct {
	ID             string `gorm:"primaryKey"`
	ProductionID   string
	Number         string
	Title          string
	Synopsis       string
	CallTime       time.Time
	Location       string
	ContentTags    string
	CoordinatorID  *string
	Status         string
	ClosedSet      string
	CurrentVersion int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (sceneRow) TableName() string { return "scenes" }

func sceneToRow(s domain.Scene, now time.Time) sceneRow {
	r := sceneRow{ID: s.ID, ProductionID: s.ProductionID, Number: s.Number, Title: s.Title, Synopsis: s.Synopsis,
		CallTime: s.CallTime.UTC(), Location: s.Location, ContentTags: toJSON(s.ContentTags), Status: string(s.Status),
		ClosedSet: toJSON(s.ClosedSet), CurrentVersion: s.CurrentVersion, CreatedAt: s.CreatedAt.UTC(), UpdatedAt: now.UTC()}
	if s.CoordinatorID != "" {
		id := s.CoordinatorID
		r.CoordinatorID = &id
	}
	return r
}

func (r sceneRow) domain() domain.Scene {
	s := domain.Scene{ID: r.ID, ProductionID: r.ProductionID, Number: r.Number, Title: r.Title, Synopsis: r.Synopsis,
		CallTime: r.CallTime.UTC(), Location: r.Location, ContentTags: fromJSON[domain.ContentTag](r.ContentTags),
		Status: domain.SceneStatus(r.Status), ClosedSet: fromJSON[string](r.ClosedSet), CurrentVersion: r.CurrentVersion,
		CreatedAt: r.CreatedAt.UTC(), Cast: []domain.CastMember{}}
	if r.CoordinatorID != nil {
		s.CoordinatorID = *r.CoordinatorID
	}
	return s
}

// CreateScene stores a new scene (without cast). conflict/scene_number_taken
// when the production already has a scene with that number.
func (s *Store) CreateScene(ctx context.Context, sc domain.Scene) error {
	err := translate(s.with(ctx).Create(ptr(sceneToRow(sc, sc.CreatedAt))).Error, "scene")
	if domain.IsCode(err, "conflict") {
		return domain.E(domain.KindConflict, "scene_number_taken", "This production already has a scene %s.", sc.Number)
	}
	return err
}

// UpdateScene writes a scene's editable fields (not its cast or version).
func (s *Store) UpdateScene(ctx context.Context, sc domain.Scene, now time.Time) error {
	r := sceneToRow(sc, now)
	err := s.with(ctx).Model(&sceneRow{}).Where("id = ?", sc.ID).Updates(map[string]any{
		"number": r.Number, "title": r.Title, "synopsis": r.Synopsis, "call_time": r.CallTime, "location": r.Location,
		"content_tags": r.ContentTags, "coordinator_id": r.CoordinatorID, "status": r.Status, "closed_set": r.ClosedSet,
		"updated_at": r.UpdatedAt,
	}).Error
	err = translate(err, "scene")
	if domain.IsCode(err, "conflict") {
		return domain.E(domain.KindConflict, "scene_number_taken", "This production already has a scene %s.", sc.Number)
	}
	return err
}

// FindScene returns a scene with its cast; not_found when unknown.
func (s *Store) FindScene(ctx context.Context, id string) (domain.Scene, error) {
	return s.findScene(ctx, s.with(ctx), id)
}

// LockScene returns a scene with its cast, holding its row's write lock until
// the transaction ends (SQLite's immediate transactions already serialise), so
// decisions and publications on one scene happen one at a time.
func (s *Store) LockScene(ctx context.Context, id string) (domain.Scene, error) {
	return s.findScene(ctx, s.with(ctx).Clauses(clause.Locking{Strength: "UPDATE"}), id)
}

func (s *Store) findScene(ctx context.Context, q *gorm.DB, id string) (domain.Scene, error) {
	var r sceneRow
	if err := q.Where("id = ?", id).Take(&r).Error; err != nil {
		return domain.Scene{}, translate(err, "Scene")
	}
	sc := r.domain()
	cast, err := s.castOf(ctx, []string{id})
	sc.Cast = cast[id]
	if sc.Cast == nil {
		sc.Cast = []domain.CastMember{}
	}
	return sc, err
}

// ListScenes returns a production's scenes ordered by call time, each with its
// cast; with castUserID set, only the scenes that user is cast in.
func (s *Store) ListScenes(ctx context.Context, productionID, castUserID string) ([]domain.Scene, error) {
	q := s.with(ctx).Where("production_id = ?", productionID)
	if castUserID != "" {
		q = q.Where("id IN (?)", s.with(ctx).Model(&castRow{}).Select("scene_id").Where("user_id = ?", castUserID))
	}
	var rows []sceneRow
	if err := q.Order("call_time, number, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "scenes")
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	cast, err := s.castOf(ctx, ids)
	out := make([]domain.Scene, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
		if c := cast[r.ID]; c != nil {
			out[i].Cast = c
		}
	}
	return out, err
}

// SetSceneVersion records a scene's current choreography version.
func (s *Store) SetSceneVersion(ctx context.Context, sceneID string, version int, now time.Time) error {
	err := s.with(ctx).Model(&sceneRow{}).Where("id = ?", sceneID).
		Updates(map[string]any{"current_version": version, "updated_at": now.UTC()}).Error
	return translate(err, "scene")
}

func ptr[T any](v T) *T { return &v }
