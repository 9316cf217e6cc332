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

// TestMigrateNotificationsDone upgrades a database holding notifications from
// before done_at (migration 13) and checks the backfill: an answered check-in
// notice is done and an unanswered one of an open check-in is not; a read
// alert is done and an unread one is not; of two choreography notices of a
// scene, the older is done (superseded). The needs-you count then counts the
// rest.
func TestMigrateNotificationsDone(t *testing.T) {
	ctx := context.Background()
	url := storagetest.URL(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	old, err := storage.Open(url, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Migrate(ctx, 13); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"u1", "u2"} {
		if err := old.CreateUser(ctx, domain.User{ID: id, Email: id + "@example.test", DisplayName: id, CreatedAt: now}, "h"); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.CreateProduction(ctx, domain.Production{ID: "p1", Title: "P", Kind: "film", Timezone: "UTC", NoticeHours: 48, CreatedAt: now}, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := old.CreateScene(ctx, domain.Scene{ID: "s1", ProductionID: "p1", Number: "1", Title: "S", CallTime: now.Add(72 * time.Hour),
		Status: domain.ScenePlanned, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := old.CreateCheckin(ctx, domain.CheckIn{ID: "c1", SceneID: "s1", Reason: "r", RequestedBy: "u1", RequestedAt: now,
		ExpiresAt: now.Add(5 * time.Minute), Responses: []domain.CheckInResponse{{UserID: "u1"}, {UserID: "u2"}}}); err != nil {
		t.Fatal(err)
	}
	if err := old.AnswerCheckin(ctx, "c1", "u1", domain.AnswerOK, "", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	old.Close()

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
	read := now.Add(time.Hour)
	for _, n := range []struct {
		id, user, typ, url string
		at                 time.Time
		readAt             *time.Time
	}{
		{"n1", "u1", domain.NotifyCheckinRequested, "/productions/p1/checkins/c1", now, nil},
		{"n2", "u2", domain.NotifyCheckinRequested, "/productions/p1/checkins/c1", now, &read},
		{"n3", "u1", domain.NotifyConsentDeclined, "/productions/p1/scenes/s1", now, &read},
		{"n4", "u1", domain.NotifySceneBlocked, "/productions/p1/scenes/s1", now, nil},
		{"n5", "u2", domain.NotifyChoreographyPublished, "/productions/p1/scenes/s1", now, nil},
		{"n6", "u2", domain.NotifyChoreographyPublished, "/productions/p1/scenes/s1", now.Add(time.Minute), nil},
	} {
		if err := raw.Exec(`INSERT INTO notifications (id, user_id, type, title, body, url, production_id, scene_id, created_at, read_at)
			VALUES (?, ?, ?, 'P', 'Scene 1: …', ?, 'p1', 's1', ?, ?)`, n.id, n.user, n.typ, n.url, n.at, n.readAt).Error; err != nil {
			t.Fatal(err)
		}
	}
	if sqlDB, err := raw.DB(); err == nil {
		sqlDB.Close()
	}

	s, err := storage.Open(url, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	for _, u := range []string{"u1", "u2"} {
		ns, err := s.ListNotifications(ctx, u, false, 100, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			done[n.ID] = n.DoneAt != nil
		}
	}
	want := map[string]bool{"n1": true, "n2": false, "n3": true, "n4": false, "n5": true, "n6": false}
	for id, w := range want {
		if done[id] != w {
			t.Errorf("%s: done %v, want %v", id, done[id], w)
		}
	}
	for u, w := range map[string]int64{"u1": 1, "u2": 2} {
		if n, err := s.CountNotDone(ctx, u); err != nil || n != w {
			t.Errorf("%s: %d not done, want %d (%v)", u, n, w, err)
		}
	}
	// The check-in notice that was not done now names its check-in: closing
	// it completes the task.
	var marked int64
	if err := s.Tx(ctx, func(tx *storage.Store) error {
		var err error
		marked, err = tx.MarkNotificationsDone(ctx, domain.CheckinAnswered("c1", ""), now.Add(10*time.Minute))
		return err
	}); err != nil || marked != 1 {
		t.Errorf("closing c1 marked %d, want 1 (%v)", marked, err)
	}
}
