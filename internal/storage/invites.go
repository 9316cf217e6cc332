package storage

import (
	"context"
	"time"

	"closedset/internal/domain"
)

type inviteRow struct {
	ID           string `gorm:"primaryKey"`
	ProductionID string
	TokenHash    string
	Email        string
	Role         string
	InvitedBy    string
	CreatedAt    time.Time
	ExpiresAt    time.Time
	AcceptedAt   *time.Time
	AcceptedBy   *string
}

func (inviteRow) TableName() string { return "invites" }

func (r inviteRow) domain() domain.Invite {
	return domain.Invite{ID: r.ID, ProductionID: r.ProductionID, Email: r.Email, Role: domain.Role(r.Role),
		InvitedBy: r.InvitedBy, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), AcceptedAt: r.AcceptedAt}
}

// CreateInvite stores an invite under the hash of its token.
func (s *Store) CreateInvite(ctx context.Context, inv domain.Invite, tokenHash string) error {
	row := inviteRow{ID: inv.ID, ProductionID: inv.ProductionID, TokenHash: tokenHash, Email: inv.Email,
		Role: string(inv.Role), InvitedBy: inv.InvitedBy, CreatedAt: inv.CreatedAt.UTC(), ExpiresAt: inv.ExpiresAt.UTC()}
	return translate(s.with(ctx).Create(&row).Error, "invite")
}

// FindInviteByTokenHash returns an invite; not_found when unknown.
func (s *Store) FindInviteByTokenHash(ctx context.Context, tokenHash string) (domain.Invite, error) {
	var row inviteRow
	err := s.with(ctx).Where("token_hash = ?", tokenHash).Take(&row).Error
	return row.domain(), translate(err, "invite")
}

// MarkInviteAccepted uses up an invite; it reports false when it was already
// used (so a concurrent second accept loses).
func (s *Store) MarkInviteAccepted(ctx context.Context, id, userID string, at time.Time) (bool, error) {
	res := s.with(ctx).Model(&inviteRow{}).Where("id = ? AND accepted_at IS NULL", id).
		Updates(map[string]any{"accepted_at": at.UTC(), "accepted_by": userID})
	return res.RowsAffected == 1, translate(res.Error, "invite")
}
