package storage

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"closedset/internal/domain"
)

type gormDB = gorm.DB

type auditRow struct {
	ProductionID string `gorm:"primaryKey"`
	Seq          int64  `gorm:"primaryKey"`
	At           time.Time
	ActorID      string
	Action       string
	SubjectType  string
	SubjectID    string
	Data         string
	PrevHash     string
	Hash         string
}

func (auditRow) TableName() string { return "audit_events" }

// AppendAudit adds an event to its production's hash chain. Call it inside the
// transaction of the state change it records. It is two statements: bumping
// the production's sequence returns the chain's head and takes that row's
// write lock, so appends to one chain serialise on PostgreSQL as on SQLite
// (PostgreSQL returns the row as the previous append committed it); then the
// event is inserted, and a trigger (migration 00018) moves the head to it.
// The time is hashed as it is stored: in microseconds (PostgreSQL's
// precision), in UTC.
func (s *Store) AppendAudit(ctx context.Context, e domain.AuditEvent) (domain.AuditEvent, error) {
	// The chain head is not what scene access reads (access_memo.go).
	if err := s.queryRowDirect(ctx, bumpAuditSeq, []any{e.ProductionID}, &e.Seq, &e.PrevHash); err != nil {
		return e, translate(err, "production")
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = domain.AuditHash(e.PrevHash, e)
	data, err := json.Marshal(e.Data)
	if err != nil {
		return e, err
	}
	if _, err := s.execDirect(ctx, insertAudit, e.ProductionID, e.Seq, e.At, e.ActorID, string(e.Action), e.SubjectType,
		e.SubjectID, string(data), e.PrevHash, e.Hash); err != nil {
		return e, translate(err, "audit event")
	}
	return e, nil
}

// The audit append's two statements (direct.go). Bumping the sequence names
// productions, which the access memo keeps, but changes only the chain.
var (
	bumpAuditSeq = directNeutral(`UPDATE productions SET audit_seq = audit_seq + 1 WHERE id = ? RETURNING audit_seq, audit_head`)
	insertAudit  = direct(`INSERT INTO audit_events (production_id, seq, at, actor_id, action, subject_type, subject_id, data,
	prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
)

// ListAudit returns up to limit events of a production after seq, in order.
func (s *Store) ListAudit(ctx context.Context, productionID string, after int64, limit int) ([]domain.AuditEvent, error) {
	var rows []auditRow
	err := s.with(ctx).Where("production_id = ? AND seq > ?", productionID, after).Order("seq").Limit(limit).Find(&rows).Error
	out := make([]domain.AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = domain.AuditEvent{ProductionID: r.ProductionID, Seq: r.Seq, At: r.At.UTC(), ActorID: r.ActorID,
			Action: domain.AuditAction(r.Action), SubjectType: r.SubjectType, SubjectID: r.SubjectID, PrevHash: r.PrevHash, Hash: r.Hash}
		if err := json.Unmarshal([]byte(r.Data), &out[i].Data); err != nil {
			return nil, err
		}
	}
	return out, translate(err, "audit events")
}
