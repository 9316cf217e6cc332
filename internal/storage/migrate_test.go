package storage_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestMigrateUpgradesFromFirstMigration builds a database at migration 1,
// stores an account in it, then upgrades to the latest schema and checks the
// account survived and the new tables work.
func TestMigrateUpgradesFromFirstMigration(t *testing.T) {
	ctx := context.Background()
	path := storagetest.URL(t)
	old, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Migrate(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := old.Ready(ctx); err == nil {
		t.Fatal("a database at migration 1 reports ready")
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	u := domain.User{ID: "u1", Email: "early@example.test", DisplayName: "Early Adopter", CreatedAt: now}
	if err := old.CreateUser(ctx, u, "hash"); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("after upgrade: %v", err)
	}
	got, hash, err := s.FindUserByEmail(ctx, "early@example.test")
	if err != nil || got.ID != "u1" || hash != "hash" || !got.CreatedAt.Equal(now) {
		t.Fatalf("user after upgrade: %+v %q %v", got, hash, err)
	}
	p := domain.Production{ID: "p1", Title: "After", Kind: "film", Timezone: "UTC", NoticeHours: 48, CreatedAt: now}
	if err := s.CreateProduction(ctx, p, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, "p1", "u1", domain.RoleProducer, now); err != nil {
		t.Fatal(err)
	}
	ps, err := s.ListProductions(ctx, "u1")
	if err != nil || len(ps) != 1 || ps[0].Role != domain.RoleProducer {
		t.Fatalf("productions after upgrade: %+v %v", ps, err)
	}
	// Migrating again is a no-op.
	if err := s.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
}

// TestSQLiteSettings checks every connection gets WAL, foreign keys and the
// busy timeout, and that the immediate transaction lock is requested.
func TestSQLiteSettings(t *testing.T) {
	dsn, err := storage.SQLiteDSN("file:" + filepath.Join(t.TempDir(), "x.db") + "?_busy_timeout=2000")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"_journal_mode=WAL", "_foreign_keys=on", "_synchronous=NORMAL", "_txlock=immediate", "_busy_timeout=2000", "_stmt_cache_size=256"} {
		if !strings.Contains(dsn, want) {
			t.Errorf("dsn %q lacks %s", dsn, want)
		}
	}
	s := storagetest.Open(t)
	ctx := context.Background()
	// Foreign keys are enforced: a membership for an unknown production fails.
	if err := s.AddMember(ctx, "nope", "nobody", domain.RolePerformer, time.Now()); err == nil {
		t.Fatal("foreign keys are not enforced")
	}
}

// TestAuditChain appends events and checks the chain links and hashes.
func TestAuditChain(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	if err := s.CreateUser(ctx, domain.User{ID: "u", Email: "u@example.test", DisplayName: "U", CreatedAt: now}, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateProduction(ctx, domain.Production{ID: "p", Title: "P", Kind: "film", Timezone: "UTC", CreatedAt: now}, "u"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		err := s.Tx(ctx, func(tx *storage.Store) error {
			_, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: "p", At: now, ActorID: "u",
				Action: "test.event", SubjectType: "production", SubjectID: "p", Data: map[string]any{"n": i}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.ListAudit(ctx, "p", 0, 10)
	if err != nil || len(evs) != 3 {
		t.Fatalf("events: %d %v", len(evs), err)
	}
	prev := ""
	for i, e := range evs {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != domain.AuditHash(prev, e) {
			t.Fatalf("event %d breaks the chain: %+v", i, e)
		}
		prev = e.Hash
	}
	// A rolled-back transaction leaves no event and no gap.
	_ = s.Tx(ctx, func(tx *storage.Store) error {
		if _, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: "p", At: now, Action: "x", SubjectType: "p", SubjectID: "p"}); err != nil {
			return err
		}
		return domain.E(domain.KindConflict, "conflict", "roll back")
	})
	e4, err := s.AppendAudit(ctx, domain.AuditEvent{ProductionID: "p", At: now, ActorID: "u", Action: "y", SubjectType: "p", SubjectID: "p"})
	if err != nil || e4.Seq != 4 || e4.PrevHash != prev {
		t.Fatalf("after rollback: %+v %v", e4, err)
	}
}
