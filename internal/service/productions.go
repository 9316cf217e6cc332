package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// ProductionInput is what creating a production takes.
type ProductionInput struct {
	Title, Kind, Timezone string
	NoticeHours           *int
}

// CreateProduction creates a production; the caller becomes its producer.
// Errors: validation_failed (unknown kind or time zone, notice hours out of
// 0–720).
func (s *Service) CreateProduction(ctx context.Context, userID string, in ProductionInput) (domain.Production, error) {
	p := domain.Production{ID: newID(), Title: strings.TrimSpace(in.Title), Kind: in.Kind,
		Timezone: strings.TrimSpace(in.Timezone), NoticeHours: domain.DefaultNoticeHours,
		Role: domain.RoleProducer, CreatedAt: s.now()}
	if in.NoticeHours != nil {
		p.NoticeHours = *in.NoticeHours
	}
	var fields []domain.FieldError
	if p.Title == "" {
		fields = append(fields, domain.FieldError{Field: "title", Message: "Enter a title."})
	}
	if !slices.Contains(domain.ProductionKinds, p.Kind) {
		fields = append(fields, domain.FieldError{Field: "kind", Message: "Choose film, series, stage, commercial or other."})
	}
	if _, err := time.LoadLocation(p.Timezone); err != nil || p.Timezone == "" || p.Timezone == "Local" {
		fields = append(fields, domain.FieldError{Field: "timezone", Message: "Choose a time zone such as Europe/London."})
	}
	if p.NoticeHours < 0 || p.NoticeHours > 720 {
		fields = append(fields, domain.FieldError{Field: "noticeHours", Message: "Use 0 to 720 hours."})
	}
	if len(fields) > 0 {
		return p, &domain.Error{Kind: domain.KindInvalid, Code: "validation_failed", Message: "Some fields are not valid.", Fields: fields}
	}
	err := s.write(ctx, func(tx *storage.Store) (record, error) {
		if err := tx.CreateProduction(ctx, p, userID); err != nil {
			return record{}, err
		}
		if err := tx.AddMember(ctx, p.ID, userID, domain.RoleProducer, p.CreatedAt); err != nil {
			return record{}, err
		}
		return productionCreated(p, userID), nil
	})
	return p, err
}

// ListProductions returns the caller's productions with their role in each.
func (s *Service) ListProductions(ctx context.Context, userID string) ([]domain.Production, error) {
	return s.store.ListProductions(ctx, userID)
}

// GetProduction returns a production the caller is a member of; not_found
// otherwise.
func (s *Service) GetProduction(ctx context.Context, userID, productionID string) (domain.Production, error) {
	return s.authorize(ctx, userID, productionID, domain.ActionViewProduction, domain.Subject{})
}

// ListMembers returns a production's members; not_found for non-members.
func (s *Service) ListMembers(ctx context.Context, userID, productionID string) ([]domain.Membership, error) {
	if _, err := s.authorize(ctx, userID, productionID, domain.ActionListMembers, domain.Subject{}); err != nil {
		return nil, err
	}
	return s.store.ListMembers(ctx, productionID)
}

// productionCreated is the record of a new production (by CreateProduction
// and the demo).
func productionCreated(p domain.Production, producerID string) record {
	return record{action: domain.AuditProductionCreated, at: p.CreatedAt, productionID: p.ID, actorID: producerID,
		subjectType: "production", subjectID: p.ID, data: map[string]any{"kind": p.Kind, "noticeHours": p.NoticeHours}}
}

// memberJoined is the record of a person joining a production with a role
// (by an invite, inviteID; or the demo, "").
func memberJoined(productionID, userID string, role domain.Role, inviteID string, at time.Time) record {
	data := map[string]any{"role": string(role)}
	if inviteID != "" {
		data["inviteId"] = inviteID
	}
	return record{action: domain.AuditMemberJoined, at: at, productionID: productionID, actorID: userID,
		subjectType: "user", subjectID: userID, data: data}
}
