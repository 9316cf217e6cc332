package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

type ticketRow struct {
	TokenHash    string `gorm:"primaryKey"`
	UserID       string
	ProductionID string
	ExpiresAt    time.Time
	UsedAt       *time.Time
}

func (ticketRow) TableName() string { return "stream_tickets" }

// CreateStreamTicket stores a ticket under its hash.
func (s *Store) CreateStreamTicket(ctx context.Context, hash, userID, productionID string, expires time.Time) error {
	return translate(s.with(ctx).Create(&ticketRow{TokenHash: hash, UserID: userID, ProductionID: productionID,
		ExpiresAt: expires.UTC()}).Error, "ticket")
}

// RedeemStreamTicket uses up a ticket valid at now and returns whose it is and
// for which production; not_found when unknown, used or expired.
func (s *Store) RedeemStreamTicket(ctx context.Context, hash string, now time.Time) (userID, productionID string, err error) {
	err = s.Tx(ctx, func(tx *Store) error {
		var r ticketRow
		if err := tx.with(ctx).Where("token_hash = ?", hash).Take(&r).Error; err != nil {
			return err
		}
		res := tx.with(ctx).Model(&ticketRow{}).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hash, now.UTC()).
			Update("used_at", now.UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return domain.NotFound("Ticket")
		}
		userID, productionID = r.UserID, r.ProductionID
		return nil
	})
	return userID, productionID, translate(err, "Ticket")
}

// DeleteStreamTicketsBefore removes tickets that expired before t.
func (s *Store) DeleteStreamTicketsBefore(ctx context.Context, t time.Time) error {
	return translate(s.with(ctx).Where("expires_at < ?", t.UTC()).Delete(&ticketRow{}).Error, "tickets")
}
