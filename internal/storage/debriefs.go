package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

type debriefRow struct {
	ID          string `gorm:"primaryKey"`
	SceneID     string
	ScheduledAt time.Time
	Location    string
	Status      string
	Notes       string
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (debriefRow) TableName() string { return "debriefs" }

type debriefParticipantRow struct {
	DebriefID string `gorm:"primaryKey"`
	UserID    string `gorm:"primaryKey"`
}

func (debriefParticipantRow) TableName() string { return "debrief_participants" }

// CreateDebrief stores a debrief and its participants.
func (s *Store) CreateDebrief(ctx context.Context, d domain.Debrief) error {
	db := s.with(ctx)
	if err := db.Create(&debriefRow{ID: d.ID, SceneID: d.SceneID, ScheduledAt: d.ScheduledAt.UTC(), Location: d.Location,
		Status: d.Status, Notes: d.Notes, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.CreatedAt.UTC()}).Error; err != nil {
		return translate(err, "debrief")
	}
	for _, p := range d.Participants {
		if err := db.Create(&debriefParticipantRow{DebriefID: d.ID, UserID: p.UserID}).Error; err != nil {
			return translate(err, "debrief participant")
		}
	}
	return nil
}

// UpdateDebrief writes a debrief's time, place, status and notes.
func (s *Store) UpdateDebrief(ctx context.Context, d domain.Debrief, now time.Time) error {
	err := s.with(ctx).Model(&debriefRow{}).Where("id = ?", d.ID).Updates(map[string]any{
		"scheduled_at": d.ScheduledAt.UTC(), "location": d.Location, "status": d.Status, "notes": d.Notes, "updated_at": now.UTC()}).Error
	return translate(err, "debrief")
}

// FindDebrief returns a debrief with its participants; not_found when unknown.
func (s *Store) FindDebrief(ctx context.Context, id string) (domain.Debrief, error) {
	var r debriefRow
	if err := s.with(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return domain.Debrief{}, translate(err, "Debrief")
	}
	ds, err := s.withParticipants(ctx, []debriefRow{r})
	if err != nil {
		return domain.Debrief{}, err
	}
	return ds[0], nil
}

// ListDebriefs returns a scene's debriefs by time.
func (s *Store) ListDebriefs(ctx context.Context, sceneID string) ([]domain.Debrief, error) {
	var rows []debriefRow
	if err := s.with(ctx).Where("scene_id = ?", sceneID).Order("scheduled_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "debriefs")
	}
	return s.withParticipants(ctx, rows)
}

// UpcomingDebriefsFor returns the scheduled debriefs a user takes part in
// from a time on, soonest first.
func (s *Store) UpcomingDebriefsFor(ctx context.Context, userID string, from time.Time) ([]domain.Debrief, error) {
	var rows []debriefRow
	err := s.with(ctx).Where("status = ? AND scheduled_at >= ? AND id IN (?)", domain.DebriefScheduled, from.UTC(),
		s.with(ctx).Model(&debriefParticipantRow{}).Select("debrief_id").Where("user_id = ?", userID)).
		Order("scheduled_at, id").Limit(100).Find(&rows).Error
	if err != nil {
		return nil, translate(err, "debriefs")
	}
	return s.withParticipants(ctx, rows)
}

func (s *Store) withParticipants(ctx context.Context, rows []debriefRow) ([]domain.Debrief, error) {
	out := make([]domain.Debrief, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	idx := map[string]int{}
	for i, r := range rows {
		ids[i], idx[r.ID] = r.ID, i
		out[i] = domain.Debrief{ID: r.ID, SceneID: r.SceneID, ScheduledAt: r.ScheduledAt.UTC(), Location: r.Location,
			Status: r.Status, Notes: r.Notes, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Participants: []domain.UserRef{}}
	}
	var ps []struct{ DebriefID, UserID, DisplayName string }
	err := s.with(ctx).Table("debrief_participants p").Select("p.debrief_id, p.user_id, u.display_name").
		Joins("JOIN users u ON u.id = p.user_id").Where("p.debrief_id IN ?", ids).Order("u.display_name, p.user_id").Find(&ps).Error
	for _, p := range ps {
		i := idx[p.DebriefID]
		out[i].Participants = append(out[i].Participants, domain.UserRef{UserID: p.UserID, DisplayName: p.DisplayName})
	}
	return out, translate(err, "debrief participants")
}
