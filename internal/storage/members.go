package storage

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"closedset/internal/domain"
)

// LockMembers takes the production row's write lock until the transaction
// ends (SQLite's immediate transactions already serialise), so two role
// changes or removals never both leave the production without a producer,
// and returns userID's role there; not_found when they are not a member.
func (s *Store) LockMembers(ctx context.Context, productionID, userID string) (domain.Role, error) {
	var p productionRow
	if err := s.with(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").
		Where("id = ?", productionID).Take(&p).Error; err != nil {
		return "", translate(err, "production")
	}
	var m membershipRow
	err := s.with(ctx).Where("production_id = ? AND user_id = ?", productionID, userID).Take(&m).Error
	return domain.Role(m.Role), translate(err, "Member")
}

// CountMembers returns how many members a production has, and how many of
// them are producers.
func (s *Store) CountMembers(ctx context.Context, productionID string) (all, producers int64, err error) {
	db := s.with(ctx).Model(&membershipRow{}).Where("production_id = ?", productionID)
	if err := db.Count(&all).Error; err != nil {
		return 0, 0, translate(err, "members")
	}
	err = s.with(ctx).Model(&membershipRow{}).Where("production_id = ? AND role = ?", productionID, domain.RoleProducer).
		Count(&producers).Error
	return all, producers, translate(err, "members")
}

// SetMemberRole changes a member's role.
func (s *Store) SetMemberRole(ctx context.Context, productionID, userID string, role domain.Role) error {
	err := translate(s.with(ctx).Model(&membershipRow{}).Where("production_id = ? AND user_id = ?", productionID, userID).
		Update("role", string(role)).Error, "Member")
	if err != nil {
		return err
	}
	return s.recordAuthChange(ctx, productionID, userID)
}

// DeleteMember ends a membership.
func (s *Store) DeleteMember(ctx context.Context, productionID, userID string) error {
	err := translate(s.with(ctx).Where("production_id = ? AND user_id = ?", productionID, userID).
		Delete(&membershipRow{}).Error, "Member")
	if err != nil {
		return err
	}
	return s.recordAuthChange(ctx, productionID, userID)
}

// scenesOf is the ids of a production's scenes, as a subquery.
func (s *Store) scenesOf(ctx context.Context, productionID string) *gormDB {
	return s.with(ctx).Table("scenes").Select("id").Where("production_id = ?", productionID)
}

// LeaveCasts takes userID off every cast of a production and returns the
// scenes they left (sorted). Their consent history and riders stay.
func (s *Store) LeaveCasts(ctx context.Context, productionID, userID string) ([]string, error) {
	var ids []string
	err := s.with(ctx).Model(&castRow{}).Where("user_id = ? AND scene_id IN (?)", userID, s.scenesOf(ctx, productionID)).
		Order("scene_id").Pluck("scene_id", &ids).Error
	if err != nil || len(ids) == 0 {
		return ids, translate(err, "cast")
	}
	err = s.with(ctx).Where("user_id = ? AND scene_id IN ?", userID, ids).Delete(&castRow{}).Error
	return ids, translate(err, "cast")
}

// OpenCheckinRef is an open check-in someone left: its id and scene.
type OpenCheckinRef struct{ ID, SceneID string }

// LeaveOpenCheckins removes userID's unanswered entries from the open
// check-ins (not closed, not expired at now) of a production's scenes, so the
// check-in completes and expires without them (never no_response for them).
// Answers already given stay. It returns the check-ins they left.
func (s *Store) LeaveOpenCheckins(ctx context.Context, productionID, userID string, now time.Time) ([]OpenCheckinRef, error) {
	var refs []OpenCheckinRef
	err := s.with(ctx).Table("checkin_responses r").Select("c.id, c.scene_id").
		Joins("JOIN checkins c ON c.id = r.checkin_id").
		Where("r.user_id = ? AND r.answer = '' AND c.closed_at IS NULL AND c.expires_at > ? AND c.scene_id IN (?)",
			userID, now.UTC(), s.scenesOf(ctx, productionID)).
		Order("c.id").Scan(&refs).Error
	if err != nil || len(refs) == 0 {
		return refs, translate(err, "check-ins")
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	err = s.with(ctx).Where("user_id = ? AND answer = '' AND checkin_id IN ?", userID, ids).Delete(&checkinResponseRow{}).Error
	return refs, translate(err, "check-ins")
}

// CloseEmptyCheckins closes those of ids that no longer address anyone.
func (s *Store) CloseEmptyCheckins(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.with(ctx).Model(&checkinRow{}).
		Where("id IN ? AND closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM checkin_responses r WHERE r.checkin_id = checkins.id)", ids).
		Update("closed_at", at.UTC()).Error
	return translate(err, "check-ins")
}

// ClearCoordinator clears userID as the coordinator of every scene of a
// production they coordinate, and returns those scenes (sorted).
func (s *Store) ClearCoordinator(ctx context.Context, productionID, userID string, now time.Time) ([]string, error) {
	var ids []string
	err := s.with(ctx).Model(&sceneRow{}).Where("production_id = ? AND coordinator_id = ?", productionID, userID).
		Order("id").Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return ids, translate(err, "scenes")
	}
	err = s.with(ctx).Model(&sceneRow{}).Where("id IN ?", ids).
		Updates(map[string]any{"coordinator_id": nil, "updated_at": now.UTC()}).Error
	return ids, translate(err, "scenes")
}

// DeleteProduction deletes a production and everything in it (its scenes,
// memberships, invites and audit chain go with it by cascade).
func (s *Store) DeleteProduction(ctx context.Context, id string) error {
	var members []string
	if err := s.with(ctx).Model(&membershipRow{}).Where("production_id = ?", id).Pluck("user_id", &members).Error; err != nil {
		return translate(err, "memberships")
	}
	if err := s.recordAuthChange(ctx, id, members...); err != nil {
		return err
	}
	if err := s.with(ctx).Where("production_id = ?", id).Delete(&notificationRow{}).Error; err != nil {
		return translate(err, "notifications")
	}
	return translate(s.with(ctx).Where("id = ?", id).Delete(&productionRow{}).Error, "production")
}

// ListInvites returns a production's unused invites not expired at now,
// newest first; with role set, only invites of that role.
func (s *Store) ListInvites(ctx context.Context, productionID string, role domain.Role, now time.Time) ([]domain.Invite, error) {
	var rows []inviteRow
	q := s.with(ctx).Where("production_id = ? AND accepted_at IS NULL AND expires_at > ?", productionID, now.UTC())
	if role != "" {
		q = q.Where("role = ?", string(role))
	}
	err := q.Order("created_at DESC, id").Find(&rows).Error
	out := make([]domain.Invite, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, translate(err, "invites")
}

// FindInvite returns a production's invite by id; not_found when unknown.
func (s *Store) FindInvite(ctx context.Context, productionID, id string) (domain.Invite, error) {
	var row inviteRow
	err := s.with(ctx).Where("production_id = ? AND id = ?", productionID, id).Take(&row).Error
	return row.domain(), translate(err, "Invite")
}

// DeleteInvite deletes an unused invite (so accepting it is not_found);
// it reports false when it was used or gone meanwhile.
func (s *Store) DeleteInvite(ctx context.Context, id string) (bool, error) {
	res := s.with(ctx).Where("id = ? AND accepted_at IS NULL", id).Delete(&inviteRow{})
	return res.RowsAffected == 1, translate(res.Error, "Invite")
}

// LeaveUpcomingDebriefs takes userID off the scheduled debriefs of a
// production that are still ahead at now (so a move or cancellation is not
// sent to someone who left); past and done debriefs keep them.
func (s *Store) LeaveUpcomingDebriefs(ctx context.Context, productionID, userID string, now time.Time) error {
	upcoming := s.with(ctx).Table("debriefs").Select("id").
		Where("status = 'scheduled' AND scheduled_at > ? AND scene_id IN (?)", now.UTC(), s.scenesOf(ctx, productionID))
	return translate(s.with(ctx).Where("user_id = ? AND debrief_id IN (?)", userID, upcoming).
		Delete(&debriefParticipantRow{}).Error, "debrief participants")
}

// DropQueuedPushes deletes the push jobs not yet sent to userID about a
// production (their inbox keeps the notifications: their own record).
func (s *Store) DropQueuedPushes(ctx context.Context, productionID, userID string) error {
	theirs := s.with(ctx).Table("notifications").Select("id").Where("user_id = ? AND production_id = ?", userID, productionID)
	return translate(s.with(ctx).Where("status = 'pending' AND notification_id IN (?)", theirs).
		Delete(&pushJobRow{}).Error, "push jobs")
}
