package storage

import (
	"context"
	"database/sql"
)

// CoverageChange is one audit event as coverage's cache reads it: what
// happened, to what, and the scene it happened in.
type CoverageChange struct {
	Seq                            int64
	Action, SubjectType, SubjectID string
	// SceneID is the subject when it is a scene, the scene of a check-in or
	// debrief subject; "" for any other subject, or one that is not found.
	SceneID string
}

// coverageChangesSQL reads the production's audit head and the events after
// a seq with their scenes, in one statement (one snapshot): the head is
// the seq of the last event committed, and every event up to it is returned
// (appends to a production's chain are serialised by the production's row,
// so they commit in seq order). A production without events after the seq
// gives one row with NULL event columns.
const coverageChangesSQL = `SELECT p.audit_seq, e.seq, e.action, e.subject_type, e.subject_id,
	CASE e.subject_type WHEN 'scene' THEN e.subject_id WHEN 'checkin' THEN k.scene_id WHEN 'debrief' THEN d.scene_id END
FROM productions p
LEFT JOIN audit_events e ON e.production_id = p.id AND e.seq > ?
LEFT JOIN checkins k ON e.subject_type = 'checkin' AND k.id = e.subject_id
LEFT JOIN debriefs d ON e.subject_type = 'debrief' AND d.id = e.subject_id
WHERE p.id = ?
ORDER BY e.seq
LIMIT ?`

// CoverageChanges returns a production's audit head (the seq of its last
// event; 0 without any, or for an unknown production) and up to limit of the
// events after seq `after`, in order, each with its scene — one statement.
func (s *Store) CoverageChanges(ctx context.Context, productionID string, after int64, limit int) (head int64, changes []CoverageChange, err error) {
	rows, err := s.with(ctx).Raw(coverageChangesSQL, after, productionID, limit).Rows()
	if err != nil {
		return 0, nil, translate(err, "audit events")
	}
	defer rows.Close()
	for rows.Next() {
		var seq sql.NullInt64
		var action, subjectType, subjectID, sceneID sql.NullString
		if err := rows.Scan(&head, &seq, &action, &subjectType, &subjectID, &sceneID); err != nil {
			return 0, nil, translate(err, "audit events")
		}
		if seq.Valid {
			changes = append(changes, CoverageChange{Seq: seq.Int64, Action: action.String, SubjectType: subjectType.String,
				SubjectID: subjectID.String, SceneID: sceneID.String})
		}
	}
	return head, changes, translate(rows.Err(), "audit events")
}

// CoverageHead returns a production's audit head alone (0 for an unknown
// production; see CoverageChanges).
func (s *Store) CoverageHead(ctx context.Context, productionID string) (int64, error) {
	var heads []int64
	err := s.with(ctx).Model(&productionRow{}).Where("id = ?", productionID).Pluck("audit_seq", &heads).Error
	if err != nil || len(heads) == 0 {
		return 0, translate(err, "production")
	}
	return heads[0], nil
}
