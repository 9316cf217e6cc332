package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditEvent is one entry of a production's append-only, hash-chained record.
// Data holds ids and states only — never notes, boundaries or other private text.
type AuditEvent struct {
	ProductionID string
	Seq          int64
	At           time.Time
	ActorID      string
	Action       AuditAction
	SubjectType  string
	SubjectID    string
	Data         map[string]any
	PrevHash     string
	Hash         string
}

// canonicalAudit is the hashed form of an event: fixed field order, UTC time,
// map keys sorted by encoding/json.
type canonicalAudit struct {
	Seq         int64          `json:"seq"`
	At          string         `json:"at"`
	ActorID     string         `json:"actorId"`
	Action      string         `json:"action"`
	SubjectType string         `json:"subjectType"`
	SubjectID   string         `json:"subjectId"`
	Data        map[string]any `json:"data"`
}

// AuditHash is SHA-256 (hex) over the previous hash and the event's canonical
// JSON. Verifying a chain recomputes it for each event in order.
func AuditHash(prevHash string, e AuditEvent) string {
	data := e.Data
	if data == nil {
		data = map[string]any{}
	}
	b, _ := json.Marshal(canonicalAudit{ // a map of JSON-able ids and states cannot fail
		Seq: e.Seq, At: e.At.UTC().Format(time.RFC3339Nano), ActorID: e.ActorID, Action: string(e.Action),
		SubjectType: e.SubjectType, SubjectID: e.SubjectID, Data: data,
	})
	h := sha256.New()
	h.Write([]byte(prevHash))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}
