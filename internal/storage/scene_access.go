package storage

import (
	"context"
	"database/sql"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

// SceneForMember returns a scene with its cast and its production with
// userID's role there, in two statements (the scene joined to the caller's
// membership, then the cast); with lock, the scene row's write lock is held
// until the transaction ends (SQLite's immediate transactions already
// serialise), as LockScene. not_found "Scene" when there is no such scene or
// userID is not a member of its production (it is invisible to them).
func (s *Store) SceneForMember(ctx context.Context, sceneID, userID string, lock bool) (domain.Scene, domain.Production, error) {
	if !lock || s.memo == nil || !s.inTx {
		return s.sceneForMember(ctx, sceneID, userID, lock)
	}
	// Inside SQLite's writer, nothing else writes: what was read stays
	// true until the writer writes to what it read (access_memo.go).
	a, err := remember(s.memo, s.memo.scenes, accessKey{sceneID, userID}, cloneAccess, func() (sceneAccess, error) {
		sc, p, err := s.sceneForMember(ctx, sceneID, userID, lock)
		return sceneAccess{sc, p}, err
	})
	return a.scene, a.prod, err
}

func (s *Store) sceneForMember(ctx context.Context, sceneID, userID string, lock bool) (domain.Scene, domain.Production, error) {
	q := s.with(ctx).Table("scenes s").
		Select("s.id, s.production_id, s.number, s.title, s.synopsis, s.call_time, s.location, s.content_tags, "+
			"s.coordinator_id, s.status, s.closed_set, s.current_version, s.created_at, "+
			"p.title, p.kind, p.timezone, p.notice_hours, p.created_at, m.role").
		Joins("JOIN productions p ON p.id = s.production_id").
		Joins("JOIN memberships m ON m.production_id = s.production_id AND m.user_id = ?", userID).
		Where("s.id = ?", sceneID).Limit(1)
	if lock {
		q = q.Clauses(clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: "s"}})
	}
	// Scanned plainly, as castOf: a decision reads it inside the writer.
	var r sceneRow
	var p productionWithRole
	found := false
	err := eachRow(q, func(rows *sql.Rows) error {
		found = true
		return rows.Scan(&r.ID, &r.ProductionID, &r.Number, &r.Title, &r.Synopsis, &r.CallTime, &r.Location, &r.ContentTags,
			&r.CoordinatorID, &r.Status, &r.ClosedSet, &r.CurrentVersion, &r.CreatedAt,
			&p.Title, &p.Kind, &p.Timezone, &p.NoticeHours, &p.CreatedAt, &p.Role)
	})
	if err == nil && !found {
		err = gorm.ErrRecordNotFound
	}
	if err != nil {
		return domain.Scene{}, domain.Production{}, translate(err, "Scene")
	}
	sc := r.domain()
	p.ID = r.ProductionID
	cast, err := s.castOf(ctx, []string{sceneID})
	sc.Cast = cast[sceneID]
	if sc.Cast == nil {
		sc.Cast = []domain.CastMember{}
	}
	return sc, p.domain(), err
}
