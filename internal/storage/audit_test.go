package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

func auditProduction(t *testing.T, s *storage.Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	if err := s.CreateUser(ctx, domain.User{ID: "u", Email: "u@example.test", DisplayName: "U", CreatedAt: now}, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateProduction(ctx, domain.Production{ID: "p", Title: "P", Kind: "film", Timezone: "UTC", CreatedAt: now}, "u"); err != nil {
		t.Fatal(err)
	}
}

// TestAuditAppendTakesTwoStatements: appending an event is two statements
// (the sequence bump returning the head, and the insert; a trigger moves the
// head), and the next append links to it.
func TestAuditAppendTakesTwoStatements(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	auditProduction(t, s)
	var first domain.AuditEvent
	count, stop := s.CountStatements()
	err := s.Tx(ctx, func(tx *storage.Store) error {
		var err error
		first, err = tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: "p", At: time.Now(), ActorID: "u",
			Action: "test.event", SubjectType: "production", SubjectID: "p"})
		return err
	})
	n := count()
	stop()
	if err != nil {
		t.Fatal(err)
	}
	if n > 2 {
		t.Fatalf("an audit append took %d statements, want at most 2", n)
	}
	second, err := s.AppendAudit(ctx, domain.AuditEvent{ProductionID: "p", At: time.Now(), ActorID: "u",
		Action: "test.event", SubjectType: "production", SubjectID: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if first.Seq != 1 || second.Seq != 2 || second.PrevHash != first.Hash || first.Hash == "" {
		t.Fatalf("the head did not follow the chain: %+v then %+v", first, second)
	}
	if _, err := s.AppendAudit(ctx, domain.AuditEvent{ProductionID: "nope", At: time.Now(), Action: "x"}); !domain.IsCode(err, "not_found") {
		t.Fatalf("append to an unknown production: %v, want not_found", err)
	}
}

// TestAuditChainVerifiesAsStored: events appended concurrently with times in
// nanoseconds verify from what is read back (the time hashed is the stored
// one, in microseconds on both databases), with no gap in the sequence.
func TestAuditChainVerifiesAsStored(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	auditProduction(t, s)
	const writers, each = 8, 10
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				err := s.Tx(ctx, func(tx *storage.Store) error {
					_, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: "p",
						At: time.Date(2026, 11, 22, 9, 0, 0, 123456789+w*1000+i, time.Local), ActorID: "u",
						Action: "test.event", SubjectType: "production", SubjectID: "p", Data: map[string]any{"w": w, "i": i}})
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	evs, err := s.ListAudit(ctx, "p", 0, 1000)
	if err != nil || len(evs) != writers*each {
		t.Fatalf("events: %d %v", len(evs), err)
	}
	prev := ""
	for i, e := range evs {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != domain.AuditHash(prev, e) {
			t.Fatalf("event %d does not verify as stored: %+v", i+1, e)
		}
		prev = e.Hash
	}
}
