package storage

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

type decisionRow struct {
	ID              string `gorm:"primaryKey"`
	SceneID         string
	UserID          string
	Version         int
	State           string
	Note            string
	DecidedAt       time.Time
	PostPhotography bool
}

func (decisionRow) TableName() string { return "consent_decisions" }

// consentRow is the current-state row of one cast member's consent on a scene:
// their latest decision, kept in step with the history (pending until the
// first). It holds the decision as made: what it means against the scene's
// current version is domain.CurrentConsent's to say (rules 2 and 4).
type consentRow struct {
	SceneID         string `gorm:"primaryKey"`
	UserID          string `gorm:"primaryKey"`
	State           string
	Version         *int
	Note            string
	DecidedAt       *time.Time
	PostPhotography bool
	UpdatedAt       time.Time
}

func (consentRow) TableName() string { return "consents" }

// RecordConsent appends a decision to the history and makes it the performer's
// current-state row, in the caller's transaction.
func (s *Store) RecordConsent(ctx context.Context, id string, d domain.ConsentDecision) error {
	db := s.with(ctx)
	h := decisionRow{ID: id, SceneID: d.SceneID, UserID: d.UserID, Version: d.Version, State: string(d.State),
		Note: d.Note, DecidedAt: d.DecidedAt.UTC(), PostPhotography: d.PostPhotography}
	if err := db.Create(&h).Error; err != nil {
		return translate(err, "consent decision")
	}
	at := d.DecidedAt.UTC()
	cur := consentRow{SceneID: d.SceneID, UserID: d.UserID, State: string(d.State), Version: &d.Version, Note: d.Note,
		DecidedAt: &at, PostPhotography: d.PostPhotography, UpdatedAt: at}
	err := db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "scene_id"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"state", "version", "note", "decided_at", "post_photography", "updated_at"}),
	}).Create(&cur).Error
	return translate(err, "consent")
}

// LatestConsents returns each cast member's latest decision on a scene (from
// the current-state rows), keyed by user id; members who never decided are
// absent.
func (s *Store) LatestConsents(ctx context.Context, sceneIDs ...string) (map[string]map[string]domain.ConsentDecision, error) {
	out := map[string]map[string]domain.ConsentDecision{}
	if len(sceneIDs) == 0 {
		return out, nil
	}
	var rows []consentRow
	err := s.with(ctx).Where("scene_id IN ? AND decided_at IS NOT NULL", sceneIDs).Find(&rows).Error
	for _, r := range rows {
		if out[r.SceneID] == nil {
			out[r.SceneID] = map[string]domain.ConsentDecision{}
		}
		d := domain.ConsentDecision{SceneID: r.SceneID, UserID: r.UserID, State: domain.ConsentState(r.State),
			Note: r.Note, PostPhotography: r.PostPhotography}
		if r.Version != nil {
			d.Version = *r.Version
		}
		if r.DecidedAt != nil {
			d.DecidedAt = r.DecidedAt.UTC()
		}
		out[r.SceneID][r.UserID] = d
	}
	return out, translate(err, "consents")
}

// BlockingStates returns, by user, the latest state and version (no notes,
// no times) of at most one cast member whose consent blocks the scene at
// currentVersion (domain.BlockedByConsent): withdrawn, or declined at
// currentVersion; empty when none does. Read inside a decision's
// transaction: one index entry per decided member, one row at most.
func (s *Store) BlockingStates(ctx context.Context, sceneID string, currentVersion int) (map[string]domain.ConsentDecision, error) {
	out := map[string]domain.ConsentDecision{}
	q := s.with(ctx).Table("consents").Select("user_id, state, COALESCE(version, 0)").
		Where("scene_id = ? AND decided_at IS NOT NULL", sceneID).
		Where("state = ? OR (state = ? AND version = ? AND ? > 0)", domain.ConsentWithdrawn, domain.ConsentDeclined,
			currentVersion, currentVersion).
		Where("user_id IN (SELECT user_id FROM cast_members WHERE scene_id = ?)", sceneID).Limit(1)
	err := eachRow(q, func(r *sql.Rows) error {
		d := domain.ConsentDecision{SceneID: sceneID}
		err := r.Scan(&d.UserID, &d.State, &d.Version)
		out[d.UserID] = d
		return err
	})
	return out, translate(err, "consents")
}

// EnsurePendingConsent gives a newly cast member a pending current-state row
// unless they already have one.
func (s *Store) EnsurePendingConsent(ctx context.Context, sceneID, userID string, now time.Time) error {
	err := s.with(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&consentRow{SceneID: sceneID, UserID: userID, State: string(domain.ConsentPending), UpdatedAt: now.UTC()}).Error
	return translate(err, "consent")
}
