package storage

import (
	"context"
	"testing"

	"gorm.io/gorm"
)

// TestWritesAccess: which statements end the memo's entries (access_memo.go):
// writes naming one of the tables it keeps, in any case, and queries that
// are not SELECTs (UPDATE … RETURNING); not reads, other tables, or a
// statement marked accessNeutral.
func TestWritesAccess(t *testing.T) {
	for _, c := range []struct {
		sql, table  string
		write, want bool
		neutral     bool
	}{
		{"DELETE FROM `memberships` WHERE production_id = ?", "memberships", true, true, false},
		{"update Cast_Members set character_name = ?", "", true, true, false},
		{"INSERT INTO consents (scene_id) VALUES (?)", "consents", true, false, false},
		{"UPDATE productions SET audit_seq = audit_seq + 1 RETURNING audit_seq", "", false, true, false},
		{"UPDATE productions SET audit_seq = audit_seq + 1 RETURNING audit_seq", "", false, false, true},
		{" (SELECT s.id FROM scenes s JOIN memberships m ON m.user_id = ?)", "scenes s", false, false, false},
		{"WITH x AS (SELECT 1) UPDATE scenes SET title = ?", "", false, true, false},
		{"", "users", true, true, false},
	} {
		ctx := context.Background()
		if c.neutral {
			ctx = accessNeutral(ctx)
		}
		st := &gorm.Statement{Table: c.table, Context: ctx}
		st.SQL.WriteString(c.sql)
		if got := writesAccess(st, c.write); got != c.want {
			t.Errorf("%q (table %q, write %v, neutral %v): %v, want %v", c.sql, c.table, c.write, c.neutral, got, c.want)
		}
	}
}
