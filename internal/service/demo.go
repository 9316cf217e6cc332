package service

import (
	"context"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/storage"
)

// DemoPassword is the shared password of the demo accounts (CLOSEDSET_DEMO).
const DemoPassword = "closedset-demo"

// DemoAccount is one demo user, printed at start.
type DemoAccount struct {
	Email, DisplayName string
	Role               domain.Role
}

// DemoAccounts are the people of the demo production.
var DemoAccounts = []DemoAccount{
	{Email: "producer@demo.closedset.test", DisplayName: "Priya Producer", Role: domain.RoleProducer},
	{Email: "coordinator@demo.closedset.test", DisplayName: "Casey Coordinator", Role: domain.RoleCoordinator},
	{Email: "performer1@demo.closedset.test", DisplayName: "Alex Performer", Role: domain.RolePerformer},
	{Email: "performer2@demo.closedset.test", DisplayName: "Sam Performer", Role: domain.RolePerformer},
}

// LoadDemo creates the demo production and its accounts when the database has
// no users yet. It reports whether it created them.
func (s *Service) LoadDemo(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	hash, err := auth.HashPassword(DemoPassword, s.argon)
	if err != nil {
		return false, err
	}
	now := s.now()
	p := domain.Production{ID: newID(), Title: "Harbour Lights (demo)", Kind: "series", Timezone: "Europe/London",
		NoticeHours: domain.DefaultNoticeHours, CreatedAt: now}
	err = s.store.Tx(ctx, func(tx *storage.Store) error {
		for i, a := range DemoAccounts {
			u := domain.User{ID: newID(), Email: a.Email, DisplayName: a.DisplayName, CreatedAt: now}
			if err := tx.CreateUser(ctx, u, hash); err != nil {
				return err
			}
			if i == 0 {
				if err := tx.CreateProduction(ctx, p, u.ID); err != nil {
					return err
				}
				if _, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: p.ID, At: now, ActorID: u.ID,
					Action: "production.created", SubjectType: "production", SubjectID: p.ID,
					Data: map[string]any{"kind": p.Kind, "noticeHours": p.NoticeHours}}); err != nil {
					return err
				}
			}
			if err := tx.AddMember(ctx, p.ID, u.ID, a.Role, now); err != nil {
				return err
			}
			if _, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: p.ID, At: now, ActorID: u.ID,
				Action: "member.joined", SubjectType: "user", SubjectID: u.ID,
				Data: map[string]any{"role": string(a.Role)}}); err != nil {
				return err
			}
		}
		return nil
	})
	return err == nil, err
}
