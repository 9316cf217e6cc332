package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

type checkinRow struct {
	ID          string `gorm:"primaryKey"`
	SceneID     string
	Reason      string
	RequestedBy string
	RequestedAt time.Time
	ExpiresAt   time.Time
	ClosedAt    *time.Time
}

func (checkinRow) TableName() string { return "checkins" }

type checkinResponseRow struct {
	CheckinID  string `gorm:"primaryKey"`
	UserID     string `gorm:"primaryKey"`
	Answer     string
	AnsweredAt *time.Time
	Note       string
}

func (checkinResponseRow) TableName() string { return "checkin_responses" }

// CreateCheckin stores a check-in and an empty response per addressed user.
func (s *Store) CreateCheckin(ctx context.Context, c domain.CheckIn) error {
	db := s.with(ctx)
	if err := db.Create(&checkinRow{ID: c.ID, SceneID: c.SceneID, Reason: c.Reason, RequestedBy: c.RequestedBy,
		RequestedAt: c.RequestedAt.UTC(), ExpiresAt: c.ExpiresAt.UTC()}).Error; err != nil {
		return translate(err, "check-in")
	}
	for _, r := range c.Responses {
		if err := db.Create(&checkinResponseRow{CheckinID: c.ID, UserID: r.UserID}).Error; err != nil {
			return translate(err, "check-in response")
		}
	}
	return nil
}

// FindCheckin returns a check-in with its responses; not_found when unknown.
func (s *Store) FindCheckin(ctx context.Context, id string) (domain.CheckIn, error) {
	var r checkinRow
	if err := s.with(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return domain.CheckIn{}, translate(err, "Check-in")
	}
	cs, err := s.withResponses(ctx, []checkinRow{r})
	if err != nil || len(cs) == 0 {
		return domain.CheckIn{}, err
	}
	return cs[0], nil
}

// ListCheckins returns a scene's check-ins, newest first.
func (s *Store) ListCheckins(ctx context.Context, sceneID string) ([]domain.CheckIn, error) {
	var rows []checkinRow
	if err := s.with(ctx).Where("scene_id = ?", sceneID).Order("requested_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err, "check-ins")
	}
	return s.withResponses(ctx, rows)
}

// ListCheckinsFor returns the check-ins addressed to a user, newest first;
// with openAt set, only those not closed and not expired at that time.
func (s *Store) ListCheckinsFor(ctx context.Context, userID string, openAt *time.Time) ([]domain.CheckIn, error) {
	q := s.with(ctx).Where("id IN (?)", s.with(ctx).Model(&checkinResponseRow{}).Select("checkin_id").Where("user_id = ?", userID))
	if openAt != nil {
		q = q.Where("closed_at IS NULL AND expires_at > ?", openAt.UTC())
	}
	var rows []checkinRow
	if err := q.Order("requested_at DESC, id DESC").Limit(100).Find(&rows).Error; err != nil {
		return nil, translate(err, "check-ins")
	}
	return s.withResponses(ctx, rows)
}

// ExpiredOpenCheckins returns check-ins past their expiry that are not closed.
func (s *Store) ExpiredOpenCheckins(ctx context.Context, now time.Time, limit int) ([]domain.CheckIn, error) {
	var rows []checkinRow
	if err := s.with(ctx).Where("closed_at IS NULL AND expires_at <= ?", now.UTC()).Order("expires_at").Limit(limit).
		Find(&rows).Error; err != nil {
		return nil, translate(err, "check-ins")
	}
	return s.withResponses(ctx, rows)
}

// AnswerCheckin records a performer's answer.
func (s *Store) AnswerCheckin(ctx context.Context, checkinID, userID, answer, note string, at time.Time) error {
	err := s.with(ctx).Model(&checkinResponseRow{}).Where("checkin_id = ? AND user_id = ?", checkinID, userID).
		Updates(map[string]any{"answer": answer, "note": note, "answered_at": at.UTC()}).Error
	return translate(err, "check-in response")
}

// CloseCheckin closes a check-in, turning unanswered entries into
// no_response; it reports false when it was already closed.
func (s *Store) CloseCheckin(ctx context.Context, checkinID string, at time.Time) (bool, error) {
	res := s.with(ctx).Model(&checkinRow{}).Where("id = ? AND closed_at IS NULL", checkinID).Update("closed_at", at.UTC())
	if res.Error != nil || res.RowsAffected == 0 {
		return false, translate(res.Error, "check-in")
	}
	err := s.with(ctx).Model(&checkinResponseRow{}).Where("checkin_id = ? AND answer = ''", checkinID).
		Update("answer", domain.AnswerNoResponse).Error
	return true, translate(err, "check-in responses")
}

func (s *Store) withResponses(ctx context.Context, rows []checkinRow) ([]domain.CheckIn, error) {
	out := make([]domain.CheckIn, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	idx := map[string]int{}
	for i, r := range rows {
		ids[i], idx[r.ID] = r.ID, i
		out[i] = domain.CheckIn{ID: r.ID, SceneID: r.SceneID, Reason: r.Reason, RequestedBy: r.RequestedBy,
			RequestedAt: r.RequestedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), ClosedAt: utcPtr(r.ClosedAt),
			Responses: []domain.CheckInResponse{}}
	}
	var rs []struct {
		CheckinID, UserID, Answer, Note, DisplayName string
		AnsweredAt                                   *time.Time
	}
	err := s.with(ctx).Table("checkin_responses r").Select("r.checkin_id, r.user_id, r.answer, r.note, r.answered_at, u.display_name").
		Joins("JOIN users u ON u.id = r.user_id").Where("r.checkin_id IN ?", ids).Order("u.display_name, r.user_id").Find(&rs).Error
	for _, r := range rs {
		i := idx[r.CheckinID]
		out[i].Responses = append(out[i].Responses, domain.CheckInResponse{UserID: r.UserID, DisplayName: r.DisplayName,
			Answer: r.Answer, AnsweredAt: utcPtr(r.AnsweredAt), Note: r.Note})
	}
	return out, translate(err, "check-in responses")
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
