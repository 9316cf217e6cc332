package storage_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestCheckpointsInBackground (SQLite): what the writer commits is copied
// back into the database file by the background connection, long before
// the write-ahead log reaches the writer's own checkpoint threshold — the
// writer does not stop for it — and what is read stays whole throughout.
func TestCheckpointsInBackground(t *testing.T) {
	if os.Getenv(storagetest.PostgresEnv) != "" {
		t.Skip("checkpoints are SQLite's")
	}
	url := storagetest.URL(t)
	path := strings.TrimPrefix(url, "file:")
	s, err := storage.Open(url, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	size := func(p string) int64 {
		st, err := os.Stat(p)
		if err != nil {
			return 0
		}
		return st.Size()
	}
	// Let the migration's pages settle, then write about 100 pages: far
	// below the writer's threshold of 1,000.
	time.Sleep(200 * time.Millisecond)
	before := size(path)
	now := time.Now().UTC()
	var users []domain.User
	for range 40 {
		err := s.Tx(ctx, func(tx *storage.Store) error {
			for range 10 {
				u := newUser(now)
				u.DisplayName = strings.Repeat("n", 150) + u.DisplayName
				if err := tx.CreateUser(ctx, u, strings.Repeat("h", 600)); err != nil {
					return err
				}
				users = append(users, u)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if wal := size(path + "-wal"); wal < 50*4096 {
		t.Fatalf("the writes made a log of %d bytes; want a few hundred KiB to see copied back", wal)
	}
	deadline := time.Now().Add(5 * time.Second)
	for size(path) < before+50*4096 {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes (from %d) with %d bytes of log: nothing copied back",
				size(path), before, size(path+"-wal"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, u := range []domain.User{users[0], users[len(users)-1]} {
		if _, err := s.FindUser(storage.ReadOnly(ctx), u.ID); err != nil {
			t.Fatalf("user %s after the checkpoint: %v", u.ID, err)
		}
	}
}
