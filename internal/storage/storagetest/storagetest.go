// Package storagetest opens a fresh, migrated database for a test: a SQLite
// file in t.TempDir() by default, or — when CLOSEDSET_TEST_POSTGRES holds a
// postgres:// URL — a new schema of that PostgreSQL database, so the same
// tests run on both.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to create and drop schemas

	"closedset/internal/storage"
)

// PostgresEnv names the variable that selects PostgreSQL for tests.
const PostgresEnv = "CLOSEDSET_TEST_POSTGRES"

// URL returns a database URL for a fresh, empty database of the test.
func URL(t testing.TB) string {
	t.Helper()
	pg := os.Getenv(PostgresEnv)
	if pg == "" {
		return "file:" + filepath.Join(t.TempDir(), "test.db")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated store on a fresh database, closed when the test ends.
func Open(t testing.TB) *storage.Store {
	t.Helper()
	return OpenWith(t, storage.Options{})
}

// OpenWith is Open with storage options (a smaller pool, a shorter admission
// wait).
func OpenWith(t testing.TB, o storage.Options) *storage.Store {
	t.Helper()
	s, err := storage.Open(URL(t), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	return s
}

// OpenPair returns two migrated stores on one fresh database (two instances
// of the application sharing it), closed when the test ends.
func OpenPair(t testing.TB) (*storage.Store, *storage.Store) {
	t.Helper()
	u := URL(t)
	var out [2]*storage.Store
	for i := range out {
		s, err := storage.Open(u, storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(context.Background(), 0); err != nil {
			t.Fatal(err)
		}
		out[i] = s
	}
	return out[0], out[1]
}
