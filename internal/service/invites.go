package service

import (
	"context"
	"net/mail"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/mailer"
	"closedset/internal/storage"
)

// CreateInvite invites an e-mail address to a production with a role. A
// producer may invite any role, a coordinator performers only. The returned
// invite carries its token, which is shown once. Errors: not_found,
// forbidden, validation_failed. With e-mail on, the link is also e-mailed
// to the address (a mail job in the same transaction; Emailed).
func (s *Service) CreateInvite(ctx context.Context, userID, productionID, email string, role domain.Role) (domain.Invite, error) {
	p, err := s.authorize(ctx, userID, productionID, domain.ActionInvite, domain.Subject{InviteRole: role})
	if err != nil {
		if !role.Valid() && domain.IsCode(err, "forbidden") {
			return domain.Invite{}, domain.Invalid("role", "Choose producer, coordinator or performer.")
		}
		return domain.Invite{}, err
	}
	email = domain.NormalizeEmail(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return domain.Invite{}, domain.Invalid("email", "Enter a valid e-mail address.")
	}
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return domain.Invite{}, err
	}
	now := s.now()
	inv := domain.Invite{ID: newID(), ProductionID: productionID, Token: token, Email: email, Role: role,
		InvitedBy: userID, CreatedAt: now, ExpiresAt: now.Add(domain.InviteTTL)}
	err = s.write(ctx, func(tx *storage.Store) (record, error) {
		if err := tx.CreateInvite(ctx, inv, hash); err != nil {
			return record{}, err
		}
		if s.mail != nil {
			m := mailer.InviteMessage(s.publicURL, email, p.Title, role, token)
			if err := s.queueMail(ctx, tx, mailInvite, "", "", m); err != nil {
				return record{}, err
			}
			inv.Emailed = true
		}
		return record{action: domain.AuditInviteCreated, at: now, productionID: productionID, actorID: userID,
			subjectType: "invite", subjectID: inv.ID, data: map[string]any{"role": string(role)}}, nil
	})
	return inv, err
}

// AcceptInvite makes the caller a member with the invite's role. An invite is
// single use and bound to the e-mail it was sent to. Errors: not_found
// (unknown or used), invite_expired (gone), invite_email_mismatch (forbidden),
// already_member (conflict).
func (s *Service) AcceptInvite(ctx context.Context, userID, token string) (domain.Invite, error) {
	now := s.now()
	var inv domain.Invite
	err := s.write(ctx, func(tx *storage.Store) (record, error) {
		var err error
		inv, err = tx.FindInviteByTokenHash(ctx, auth.HashToken(token))
		if err != nil {
			return record{}, err
		}
		if inv.AcceptedAt != nil {
			return record{}, domain.NotFound("invite")
		}
		if !now.Before(inv.ExpiresAt) {
			return record{}, domain.E(domain.KindGone, "invite_expired", "This invite has expired. Ask for a new one.")
		}
		u, err := tx.FindUser(ctx, userID)
		if err != nil {
			return record{}, err
		}
		if u.Email != inv.Email {
			return record{}, domain.E(domain.KindForbidden, "invite_email_mismatch",
				"This invite was sent to another e-mail address. Sign in with that address to accept it.")
		}
		if err := tx.AddMember(ctx, inv.ProductionID, userID, inv.Role, now); err != nil {
			return record{}, err
		}
		ok, err := tx.MarkInviteAccepted(ctx, inv.ID, userID, now)
		if err != nil {
			return record{}, err
		}
		if !ok {
			return record{}, domain.NotFound("invite")
		}
		noteProduction(ctx, inv.ProductionID) // a replay re-checks the membership
		return memberJoined(inv.ProductionID, userID, inv.Role, inv.ID, now), nil
	})
	return inv, err
}

// ListInvites returns a production's unused, unexpired invites (never their
// tokens): all of them to producers, performer invites to coordinators.
// Errors: not_found, forbidden.
func (s *Service) ListInvites(ctx context.Context, userID, productionID string) ([]domain.Invite, error) {
	p, err := s.authorize(ctx, userID, productionID, domain.ActionInviteList, domain.Subject{})
	if err != nil {
		return nil, err
	}
	var only domain.Role
	if p.Role != domain.RoleProducer {
		only = domain.RolePerformer
	}
	return s.store.ListInvites(ctx, productionID, only, s.now())
}

// RevokeInvite deletes an unused invite, so accepting it is not found: a
// producer any, a coordinator performer invites (others are not found to
// them, as in ListInvites). Errors: not_found, forbidden.
func (s *Service) RevokeInvite(ctx context.Context, userID, productionID, inviteID string) error {
	return s.productionChange(ctx, userID, productionID, domain.ActionInviteList, func(tx *storage.Store, p domain.Production) (record, error) {
		inv, err := tx.FindInvite(ctx, productionID, inviteID)
		if err == nil && inv.AcceptedAt != nil {
			err = domain.NotFound("Invite")
		}
		if err == nil && p.Role != domain.RoleProducer && inv.Role != domain.RolePerformer {
			err = domain.NotFound("Invite")
		}
		if err != nil {
			return record{}, err
		}
		if err := domain.Authorize(p.Role, domain.ActionInvite, domain.Subject{InviteRole: inv.Role}); err != nil {
			return record{}, err
		}
		if ok, err := tx.DeleteInvite(ctx, inv.ID); err != nil || !ok {
			return record{}, orErr(err, domain.NotFound("Invite"))
		}
		return record{action: domain.AuditInviteRevoked, subjectType: "invite", subjectID: inv.ID,
			data: map[string]any{"role": string(inv.Role)}}, nil
	})
}
