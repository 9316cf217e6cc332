package storage

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

// sceneAccessRow is a scene with its production as one member sees it.
type sceneAccessRow struct {
	Scene        sceneRow `gorm:"embedded"`
	PTitle       string
	PKind        string
	PTimezone    string
	PNoticeHours int
	PCreatedAt   time.Time
	Role         string
}

// SceneForMember returns a scene with its cast and its production with
// userID's role there, in two statements (the scene joined to the caller's
// membership, then the cast); with lock, the scene row's write lock is held
// until the transaction ends (SQLite's immediate transactions already
// serialise), as LockScene. not_found "Scene" when there is no such scene or
// userID is not a member of its production (it is invisible to them).
func (s *Store) SceneForMember(ctx context.Context, sceneID, userID string, lock bool) (domain.Scene, domain.Production, error) {
	q := s.with(ctx).Table("scenes s").
		Select("s.*, p.title AS p_title, p.kind AS p_kind, p.timezone AS p_timezone, "+
			"p.notice_hours AS p_notice_hours, p.created_at AS p_created_at, m.role AS role").
		Joins("JOIN productions p ON p.id = s.production_id").
		Joins("JOIN memberships m ON m.production_id = s.production_id AND m.user_id = ?", userID).
		Where("s.id = ?", sceneID)
	if lock {
		q = q.Clauses(clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: "s"}})
	}
	var r sceneAccessRow
	if err := q.Take(&r).Error; err != nil {
		return domain.Scene{}, domain.Production{}, translate(err, "Scene")
	}
	sc := r.Scene.domain()
	p := productionWithRole{ID: r.Scene.ProductionID, Title: r.PTitle, Kind: r.PKind, Timezone: r.PTimezone,
		NoticeHours: r.PNoticeHours, CreatedAt: r.PCreatedAt, Role: r.Role}.domain()
	cast, err := s.castOf(ctx, []string{sceneID})
	sc.Cast = cast[sceneID]
	if sc.Cast == nil {
		sc.Cast = []domain.CastMember{}
	}
	return sc, p, err
}
