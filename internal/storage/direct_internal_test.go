package storage

import (
	"strings"
	"testing"
)

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

// TestDirectShapes: a statement made at run time is checked and translated
// once per shape, refused like any other, and a long one is not kept.
func TestDirectShapes(t *testing.T) {
	short := "UPDATE notifications SET done_at = ? WHERE scene_id = ? AND type IN (?, ?)"
	if got, want := directShape(short), direct(short); got != want {
		t.Errorf("shape %+v, want %+v", got, want)
	}
	if _, kept := shapes.Load(short); !kept {
		t.Error("a short shape is not kept")
	}
	long := "INSERT INTO push_jobs (id) VALUES (?)" + strings.Repeat(", (?)", maxShape)
	if got := directShape(long); got.postgres != direct(long).postgres {
		t.Errorf("long shape %q", got.postgres[:80])
	}
	if _, kept := shapes.Load(long); kept {
		t.Error("a long shape is kept")
	}
	defer func() {
		if recover() == nil {
			t.Error("a shape writing to scenes is not refused")
		}
	}()
	directShape("UPDATE scenes SET title = ? WHERE id IN (?, ?)")
}
