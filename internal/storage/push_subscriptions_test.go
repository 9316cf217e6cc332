package storage_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// TestPushSubscriptionsKeyedByUserAndEndpoint upgrades a database holding a
// subscription with a queued job (the schema before migration 13, unique per
// endpoint) and checks both survive; then that two users store the same
// endpoint as two rows, and one's delete leaves the other's.
func TestPushSubscriptionsKeyedByUserAndEndpoint(t *testing.T) {
	ctx := context.Background()
	url := storagetest.URL(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	old, err := storage.Open(url, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Migrate(ctx, 12); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"u1", "u2"} {
		if err := old.CreateUser(ctx, domain.User{ID: id, Email: id + "@example.test", DisplayName: id, CreatedAt: now}, "h"); err != nil {
			t.Fatal(err)
		}
	}
	var d gorm.Dialector = postgres.Open(url)
	if !storage.IsPostgres(url) {
		dsn, err := storage.SQLiteDSN(url)
		if err != nil {
			t.Fatal(err)
		}
		d = sqlite.Open(dsn)
	}
	raw, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Exec(`INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at)
		VALUES ('s1', 'u1', 'https://push.example.test/shared', 'k', 'a', ?)`, now).Error; err != nil {
		t.Fatal(err)
	}
	// The notification and its job as that schema held them (today's code
	// writes columns added later).
	if err := raw.Exec(`INSERT INTO notifications (id, user_id, type, title, body, url, created_at)
		VALUES ('n1', 'u1', ?, 'T', 'B', '/', ?)`, domain.NotifyRiderDue, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := raw.Exec(`INSERT INTO push_jobs (id, notification_id, subscription_id, payload, ttl, urgency, topic, next_attempt_at, created_at)
		VALUES ('j1', 'n1', 's1', '{}', 3600, 'normal', 't', ?, ?)`, now, now).Error; err != nil {
		t.Fatal(err)
	}
	if sqlDB, err := raw.DB(); err == nil {
		sqlDB.Close()
	}
	old.Close()

	s, err := storage.Open(url, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if c, err := s.CountPushJobs(ctx, "pending"); err != nil || c != 1 {
		t.Fatalf("pending jobs after the upgrade: %d, %v", c, err)
	}
	jobs, err := s.ClaimPushJobs(ctx, now, now.Add(time.Minute), 10)
	if err != nil || len(jobs) != 1 || jobs[0].Endpoint != "https://push.example.test/shared" {
		t.Fatalf("claimed after the upgrade: %+v, %v", jobs, err)
	}

	upsert := func(id, user string) bool {
		t.Helper()
		created, _, err := s.UpsertSubscription(ctx, storage.PushSubscription{ID: id, UserID: user,
			Endpoint: "https://push.example.test/shared", P256dh: "k2", Auth: "a2", CreatedAt: now}, 10)
		if err != nil {
			t.Fatal(err)
		}
		return created
	}
	if upsert("s1b", "u1") {
		t.Error("u1's own endpoint again is a new row")
	}
	if !upsert("s2", "u2") {
		t.Error("u2's registration of the same endpoint did not get its own row")
	}
	if err := s.DeleteSubscription(ctx, "u2", "https://push.example.test/shared"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSubscription(ctx, "u2", "https://push.example.test/shared"); err != nil {
		t.Fatalf("deleting what is not there: %v", err)
	}
	if upsert("s1c", "u1") {
		t.Error("u2's delete removed u1's row")
	}
}
