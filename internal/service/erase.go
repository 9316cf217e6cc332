package service

import (
	"context"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/storage"
)

// ErasedName replaces the display name of a deleted account.
const ErasedName = "Former member"

// DeleteAccount erases the caller's account after checking their password
// (rule 13). Each production they belong to: with no other member it is
// deleted; otherwise their membership ends as a removal does (off casts and
// open check-ins, cleared as coordinator, audited) — refused with
// last_producer while they are its only producer. Then name, e-mail,
// pronouns, password, boundaries, push subscriptions, sessions, inbox and
// stored replies are erased; ids, decisions, answers, signed riders and the
// audit chain stay. One transaction. Errors: wrong_password (403: the caller
// is signed in, the password is the confirmation; counted like a failed
// sign-in), rate_limited, last_producer (409).
func (s *Service) DeleteAccount(ctx context.Context, userID, password, clientIP string) error {
	u, hash, err := s.store.FindUserWithHash(ctx, userID)
	if err != nil {
		return err
	}
	// Wrong passwords count as failed sign-ins (a stolen access token must
	// not become a way to guess the password).
	keys, err := s.loginLimited(ctx, u.Email, clientIP)
	if err != nil {
		return err
	}
	if ok, err := auth.VerifyPassword(hash, password); err != nil || !ok {
		return orErr(err, orErr(s.loginFailed(ctx, keys),
			domain.E(domain.KindForbidden, "wrong_password", "The password is not right.")))
	}
	type change struct {
		productionID string
		scenes       []string
	}
	var changes []change
	err = s.store.Tx(ctx, func(tx *storage.Store) error {
		ms, err := tx.ListMemberships(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			all, _, err := tx.CountMembers(ctx, m.ProductionID)
			if err != nil {
				return err
			}
			if all <= 1 {
				if err := tx.DeleteProduction(ctx, m.ProductionID); err != nil {
					return err
				}
				continue
			}
			scenes, r, err := s.endMembership(ctx, tx, m.ProductionID, u.ID, u.ID)
			if err != nil {
				return err
			}
			r.data["accountDeleted"] = true
			if err := s.audit(ctx, tx, r); err != nil {
				return err
			}
			changes = append(changes, change{m.ProductionID, scenes})
		}
		return tx.EraseUser(ctx, u.ID, ErasedName, s.now())
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		s.publish(c.productionID, EventMembersChanged, map[string]any{"userId": u.ID})
		s.publishScenes(c.productionID, c.scenes)
	}
	return nil
}
