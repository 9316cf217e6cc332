package service

import (
	"context"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// maxNoticeHours is the longest notice period a production may set.
const maxNoticeHours = 720

// RemindDueRiders sends, once per rider version, the "rider due within 24 h"
// notification to the performer and the scene's coordinators for unsigned
// riders. It returns how many riders it reminded.
func (s *Service) RemindDueRiders(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.UnsignedRidersBefore(ctx, now, now.Add(24*time.Hour+maxNoticeHours*time.Hour))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range due {
		dueAt := domain.RiderDue(r.Scene.CallTime, r.NoticeHours)
		if dueAt.Sub(now) > 24*time.Hour || !now.Before(dueAt) {
			continue
		}
		err := s.store.Tx(ctx, func(tx *storage.Store) error {
			ok, err := tx.MarkRiderReminded(ctx, r.SceneID, r.UserID, r.Version, now)
			if err != nil || !ok {
				return err
			}
			sent++
			n, d := domain.RiderDueSoon(r.ProductionTitle, r.Scene, dueAt, now, true)
			n.SubjectID = r.UserID
			if err := s.notify(ctx, tx, []string{r.UserID}, n, d); err != nil {
				return err
			}
			coordinators, _, err := sceneStaff(ctx, tx, r.Scene)
			if err != nil {
				return err
			}
			n, d = domain.RiderDueSoon(r.ProductionTitle, r.Scene, dueAt, now, false)
			n.SubjectID = r.UserID // the rider's performer: never shown (rule 12)
			return s.notify(ctx, tx, coordinators, n, d)
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}
