package service

import (
	"context"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// AuditProof names the audit event that recorded a decision.
type AuditProof struct {
	ProductionID, Action, Hash string
	Seq                        int64
}

// MyRecord is everything Closed Set holds about one person (rule 14).
type MyRecord struct {
	ExportedAt    time.Time
	Account       domain.User
	Memberships   []domain.Membership
	Decisions     []storage.RecordDecision
	Riders        []domain.Rider
	RiderScenes   []storage.RecordRiderRow // ProductionID and SceneNumber per rider, same order
	Boundaries    []domain.Boundary
	Answers       []storage.RecordAnswer
	Debriefs      []storage.RecordDebrief
	Notifications []domain.Notification
	// Proofs per decision, rider and answer (same order); nil when none.
	DecisionProofs, RiderProofs, AnswerProofs []*AuditProof
}

// ExportMyRecord reads the caller's whole record, with, for every consent
// decision, signature and check-in answer, the audit event (seq, hash) that
// recorded it: the event the caller made on the same subject at the same
// instant (a use case writes both in one transaction with one clock
// reading). Check-in reasons are included (addressed to them); debrief notes
// are not (the coordinator's).
func (s *Service) ExportMyRecord(ctx context.Context, userID string) (MyRecord, error) {
	r := MyRecord{ExportedAt: s.now()}
	err := s.store.Tx(ctx, func(tx *storage.Store) error {
		var err error
		if r.Account, err = tx.FindUser(ctx, userID); err != nil {
			return err
		}
		if r.Memberships, err = tx.ListMemberships(ctx, userID); err != nil {
			return err
		}
		if r.Boundaries, err = tx.AllBoundaries(ctx, userID); err != nil {
			return err
		}
		if r.Notifications, err = tx.ListNotifications(ctx, userID, false, 100000, ""); err != nil {
			return err
		}
		var proofs []storage.RecordProof
		r.Decisions, r.RiderScenes, r.Answers, r.Debriefs, proofs, err = tx.PersonRecord(ctx, userID)
		if err != nil {
			return err
		}
		find := func(action, subject string, at time.Time) *AuditProof {
			for _, p := range proofs {
				if p.Action == action && p.SubjectID == subject && p.At.Equal(at) {
					return &AuditProof{ProductionID: p.ProductionID, Action: p.Action, Hash: p.Hash, Seq: p.Seq}
				}
			}
			return nil
		}
		for _, d := range r.Decisions {
			r.DecisionProofs = append(r.DecisionProofs, find("consent."+d.State, d.SceneID, d.DecidedAt))
		}
		for _, rr := range r.RiderScenes {
			rd := storage.RiderOf(rr)
			r.Riders = append(r.Riders, rd)
			var p *AuditProof
			if rd.SignedAt != nil {
				p = find(string(domain.AuditRiderSigned), rd.SceneID, *rd.SignedAt)
			}
			r.RiderProofs = append(r.RiderProofs, p)
		}
		for _, a := range r.Answers {
			var p *AuditProof
			if a.AnsweredAt != nil {
				p = find(string(domain.AuditCheckinAnswered), a.CheckinID, *a.AnsweredAt)
			}
			r.AnswerProofs = append(r.AnswerProofs, p)
		}
		return nil
	})
	return r, err
}
