package storage

import "testing"

// TestDirectRefusesAccessWrites: a direct statement skips GORM's callbacks,
// so it must not write to what the access memo keeps; one naming such a
// table is refused when it is made, unless it only reads or is marked
// neutral.
func TestDirectRefusesAccessWrites(t *testing.T) {
	refused := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: not refused", name)
			}
		}()
		f()
	}
	for _, q := range []string{
		"UPDATE scenes SET title = ? WHERE id = ?",
		"DELETE FROM Cast_Members WHERE scene_id = ?",
		"INSERT INTO memberships (production_id, user_id, role) VALUES (?, ?, ?)",
		"UPDATE productions SET title = ?",
		"DELETE FROM USERS WHERE id = ?",
	} {
		refused(q, func() { direct(q) })
	}
	refused("a write as a read", func() { directRead("UPDATE consents SET state = ?") })
	_ = directRead("SELECT 1 FROM cast_members WHERE scene_id = ?")
	_ = directNeutral("UPDATE productions SET audit_seq = audit_seq + 1 WHERE id = ?")
}

// TestDirectPlaceholders: one statement, in each dialect's placeholders.
func TestDirectPlaceholders(t *testing.T) {
	q := direct("UPDATE consents SET state = ? WHERE scene_id = ? AND user_id IN (?, ?)")
	if q.sqlite != "UPDATE consents SET state = ? WHERE scene_id = ? AND user_id IN (?, ?)" {
		t.Errorf("sqlite %q", q.sqlite)
	}
	if want := "UPDATE consents SET state = $1 WHERE scene_id = $2 AND user_id IN ($3, $4)"; q.postgres != want {
		t.Errorf("postgres %q, want %q", q.postgres, want)
	}
}
