package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

// The rows of a person's own record (rule 14): plain rows, read by
// user id whatever their memberships are now (history stays after a removal).

// RecordDecision is one consent decision of the person.
type RecordDecision struct {
	ProductionID, SceneID, SceneNumber, State, Note string
	Version                                         int
	DecidedAt                                       time.Time
	PostPhotography                                 bool
}

// RecordRiderRow is one version of one of the person's riders.
type RecordRiderRow struct {
	ProductionID, SceneNumber string
	// the riders row (flat: GORM does not fill unexported embedded structs)
	SceneID, UserID, Nudity, VisibleAreas, Acts, FootageLimits, CreatedBy, SignedName, TextHash string
	Version                                                                                     int
	StillsAllowed, DoubleAllowed                                                                bool
	CreatedAt                                                                                   time.Time
	SignedAt                                                                                    *time.Time
}

// RecordAnswer is one check-in addressed to the person and their answer.
type RecordAnswer struct {
	ProductionID, SceneID, CheckinID, Reason, Answer, Note string
	RequestedAt, ExpiresAt                                 time.Time
	AnsweredAt                                             *time.Time
}

// RecordDebrief is a debrief the person takes part in (never its notes).
type RecordDebrief struct {
	ProductionID, SceneID, DebriefID, Location, Status string
	ScheduledAt                                        time.Time
}

// RecordProof is an audit event the person made: what proves a decision.
type RecordProof struct {
	ProductionID, Action, SubjectID, Hash string
	Seq                                   int64
	At                                    time.Time
}

// PersonRecord reads everything about userID for the export, but their
// account, memberships, boundaries and notifications (read as usual).
func (s *Store) PersonRecord(ctx context.Context, userID string) (ds []RecordDecision, rs []RecordRiderRow,
	as []RecordAnswer, dbs []RecordDebrief, ps []RecordProof, err error) {
	db := s.with(ctx)
	if err = db.Table("consent_decisions d").
		Select("s.production_id, d.scene_id, s.number AS scene_number, d.state, d.note, d.version, d.decided_at, d.post_photography").
		Joins("JOIN scenes s ON s.id = d.scene_id").Where("d.user_id = ?", userID).
		Order("d.decided_at, d.id").Scan(&ds).Error; err != nil {
		return
	}
	if err = s.with(ctx).Table("riders r").Select("s.production_id, s.number AS scene_number, r.*").
		Joins("JOIN scenes s ON s.id = r.scene_id").Where("r.user_id = ?", userID).
		Order("r.scene_id, r.version").Scan(&rs).Error; err != nil {
		return
	}
	if err = s.with(ctx).Table("checkin_responses r").
		Select("s.production_id, c.scene_id, c.id AS checkin_id, c.reason, r.answer, r.note, c.requested_at, c.expires_at, r.answered_at").
		Joins("JOIN checkins c ON c.id = r.checkin_id").Joins("JOIN scenes s ON s.id = c.scene_id").
		Where("r.user_id = ?", userID).Order("c.requested_at, c.id").Scan(&as).Error; err != nil {
		return
	}
	if err = s.with(ctx).Table("debrief_participants p").
		Select("s.production_id, d.scene_id, d.id AS debrief_id, d.location, d.status, d.scheduled_at").
		Joins("JOIN debriefs d ON d.id = p.debrief_id").Joins("JOIN scenes s ON s.id = d.scene_id").
		Where("p.user_id = ?", userID).Order("d.scheduled_at, d.id").Scan(&dbs).Error; err != nil {
		return
	}
	err = s.with(ctx).Table("audit_events").Select("production_id, action, subject_id, hash, seq, at").
		Where("actor_id = ? AND action IN ?", userID, []string{"consent.confirmed", "consent.declined", "consent.withdrawn",
			"rider.signed", "checkin.answered"}).Order("production_id, seq").Scan(&ps).Error
	return
}

// EraseUser erases a person's account (rule 13): name (placeholder), e-mail
// (a unique value no address can take, so the address is free again),
// pronouns and password; marks it erased (tokens issued before are refused);
// deletes boundaries, push subscriptions (and their queued jobs), the inbox,
// refresh tokens, stored replies, stream tickets, queued (and past) mail
// jobs and password reset tokens. Their id stays where
// decisions, answers, signed riders and the audit chain name it.
func (s *Store) EraseUser(ctx context.Context, userID, placeholder string, at time.Time) error {
	db := s.with(ctx)
	for _, t := range []string{"boundaries", "push_subscriptions", "notifications", "refresh_tokens", "stream_tickets",
		"mail_jobs", "password_resets"} {
		if err := db.Exec("DELETE FROM "+t+" WHERE user_id = ?", userID).Error; err != nil {
			return translate(err, t)
		}
	}
	// Stored replies go; a claim still running stays (this very request's,
	// when it was sent with an Idempotency-Key: its commit guard needs it),
	// holds no answer, and is swept with the rest after the replay window.
	if err := db.Exec("DELETE FROM idempotency_keys WHERE user_id = ? AND status > 0", userID).Error; err != nil {
		return translate(err, "idempotency_keys")
	}
	err := translate(db.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{
		"email": "erased:" + userID, "display_name": placeholder, "pronouns": "", "password_hash": "",
		"erased_at": at.UTC()}).Error, "user")
	if err != nil {
		return err
	}
	return s.recordAuthChange(ctx, "", userID)
}

// RiderOf is the rider of a record row.
func RiderOf(r RecordRiderRow) domain.Rider {
	return riderRow{SceneID: r.SceneID, UserID: r.UserID, Version: r.Version, Nudity: r.Nudity, VisibleAreas: r.VisibleAreas,
		Acts: r.Acts, StillsAllowed: r.StillsAllowed, DoubleAllowed: r.DoubleAllowed, FootageLimits: r.FootageLimits,
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, SignedAt: r.SignedAt, SignedName: r.SignedName, TextHash: r.TextHash}.domain()
}

// AllBoundaries returns every boundary a person keeps, in every production.
func (s *Store) AllBoundaries(ctx context.Context, userID string) ([]domain.Boundary, error) {
	var rows []boundaryRow
	err := s.with(ctx).Where("user_id = ?", userID).Order("production_id, created_at, id").Find(&rows).Error
	return boundariesOf(rows), translate(err, "boundaries")
}
