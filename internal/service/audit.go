package service

import (
	"context"

	"closedset/internal/domain"
)

// ListAudit returns up to limit events of a production's audit chain after
// seq `after`, and the seq to continue from (0 when there are no more).
// Coordinators only: events name actors, so producers, who may verify the
// chain, may not read them (rule 10). Errors: not_found, forbidden.
func (s *Service) ListAudit(ctx context.Context, userID, productionID string, after int64, limit int) ([]domain.AuditEvent, int64, error) {
	p, err := s.authorize(ctx, userID, productionID, domain.ActionAuditView, domain.Subject{})
	if err != nil {
		return nil, 0, err
	}
	if !domain.NeedToKnow(p.Role, domain.RelationNone).Events {
		return nil, 0, domain.Forbidden("Producers can verify the audit chain but not read its events: they name people.")
	}
	evs, err := s.store.ListAudit(ctx, productionID, after, limit+1)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(evs) > limit {
		evs = evs[:limit]
		next = evs[limit-1].Seq
	}
	return evs, next, nil
}

// AuditVerification is the result of re-computing a production's chain.
type AuditVerification struct {
	Valid       bool
	Events      int
	Head        string
	FirstBadSeq int64 // 0 when valid
}

// VerifyAudit recomputes every hash of a production's chain in order and
// reports the first event whose link or hash does not match. Errors:
// not_found, forbidden.
func (s *Service) VerifyAudit(ctx context.Context, userID, productionID string) (AuditVerification, error) {
	if _, err := s.authorize(ctx, userID, productionID, domain.ActionAuditView, domain.Subject{}); err != nil {
		return AuditVerification{}, err
	}
	v := AuditVerification{Valid: true}
	prev := ""
	var after int64
	for {
		evs, err := s.store.ListAudit(ctx, productionID, after, 500)
		if err != nil {
			return v, err
		}
		for _, e := range evs {
			v.Events++
			if v.Valid && (e.Seq != int64(v.Events) || e.PrevHash != prev || domain.AuditHash(prev, e) != e.Hash) {
				v.Valid, v.FirstBadSeq = false, e.Seq
			}
			prev = e.Hash
			after = e.Seq
		}
		if len(evs) < 500 {
			break
		}
	}
	v.Head = prev
	return v, nil
}
