package storage

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSQLiteKeepsTemporaryStorageInMemory: every SQLite connection, the
// writer's and the read pool's, keeps temporary storage (savepoint
// sub-journals, sorts) in memory: PRAGMA temp_store is 2 (MEMORY).
func TestSQLiteKeepsTemporaryStorageInMemory(t *testing.T) {
	s, err := Open("file:"+filepath.Join(t.TempDir(), "temp.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, db := range map[string]*gormDB{"writer": s.db, "read pool": s.read} {
		var mode int
		if err := db.WithContext(context.Background()).Raw("PRAGMA temp_store").Scan(&mode).Error; err != nil {
			t.Fatal(err)
		}
		if mode != 2 {
			t.Errorf("%s: temp_store %d, want 2 (memory)", name, mode)
		}
	}
}
