package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

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
	at := d.DecidedAt.UTC()
	if _, err := s.execDirect(ctx, insertDecision, id, d.SceneID, d.UserID, d.Version, string(d.State), d.Note, at,
		d.PostPhotography); err != nil {
		return translate(err, "consent decision")
	}
	_, err := s.execDirect(ctx, upsertConsent, d.SceneID, d.UserID, string(d.State), d.Version, d.Note, at, d.PostPhotography, at)
	return translate(err, "consent")
}

// The statements of a decision (direct.go): the history's row, then the
// current-state row.
var (
	insertDecision = direct(`INSERT INTO consent_decisions (id, scene_id, user_id, version, state, note, decided_at,
	post_photography) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	upsertConsent = direct(`INSERT INTO consents (scene_id, user_id, state, version, note, decided_at, post_photography,
	updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (scene_id, user_id) DO UPDATE SET state = excluded.state, version = excluded.version, note = excluded.note,
	decided_at = excluded.decided_at, post_photography = excluded.post_photography, updated_at = excluded.updated_at`)
)

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
	d := domain.ConsentDecision{SceneID: sceneID}
	err := s.queryRowDirect(ctx, blockingState, []any{sceneID, domain.ConsentWithdrawn, domain.ConsentDeclined, currentVersion,
		currentVersion, sceneID}, &d.UserID, &d.State, &d.Version)
	switch {
	case err == nil:
		out[d.UserID] = d
	case errors.Is(err, gorm.ErrRecordNotFound):
		err = nil
	}
	return out, translate(err, "consents")
}

// blockingState is BlockingStates' one read (direct.go).
var blockingState = directRead(`SELECT user_id, state, COALESCE(version, 0) FROM consents
	WHERE scene_id = ? AND decided_at IS NOT NULL AND (state = ? OR (state = ? AND version = ? AND ? > 0))
	AND user_id IN (SELECT user_id FROM cast_members WHERE scene_id = ?) LIMIT 1`)

// EnsurePendingConsent gives a newly cast member a pending current-state row
// unless they already have one.
func (s *Store) EnsurePendingConsent(ctx context.Context, sceneID, userID string, now time.Time) error {
	err := s.with(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&consentRow{SceneID: sceneID, UserID: userID, State: string(domain.ConsentPending), UpdatedAt: now.UTC()}).Error
	return translate(err, "consent")
}
