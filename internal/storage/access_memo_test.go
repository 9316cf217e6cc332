package storage_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// memoFixture is a production of one scene with a coordinator, a producer
// and four performers, all in the cast, version 1 published.
func memoFixture(t *testing.T) (*storage.Store, storagetest.CoverageFixture) {
	t.Helper()
	st := storagetest.Open(t)
	return st, storagetest.SeedCoverage(t, st, 1, 4, time.Now().Add(48*time.Hour))
}

// access is what a use case reads in its transaction (SceneForMember with
// the scene's lock, as sceneChange does), and what a fresh read from the
// database says (no lock, outside the writer: never memoised).
func access(t *testing.T, st *storage.Store, sceneID, userID string) (inTx, fresh string) {
	t.Helper()
	ctx := context.Background()
	show := func(sc domain.Scene, p domain.Production, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		var cast []string
		for _, m := range sc.Cast {
			cast = append(cast, m.UserID+"/"+m.DisplayName+"/"+m.CharacterName)
		}
		return strings.Join([]string{sc.Number, sc.Title, string(sc.Status), strconv.Itoa(sc.CurrentVersion), sc.CoordinatorID,
			p.Title, string(p.Role), strings.Join(cast, ",")}, "|")
	}
	if err := st.Tx(ctx, func(tx *storage.Store) error {
		inTx = show(tx.SceneForMember(ctx, sceneID, userID, true))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return inTx, show(st.SceneForMember(ctx, sceneID, userID, false))
}

// TestRule13AccessMemoFollowsEveryAccessWrite: what a transaction reads of a
// scene's access (its cast, its production, the member's role) is what the
// database holds after each kind of change to them — the memo of SQLite's
// writer never answers with what was true before.
func TestRule13AccessMemoFollowsEveryAccessWrite(t *testing.T) {
	ctx := context.Background()
	st, f := memoFixture(t)
	sceneID, who := f.SceneIDs[0], f.PerformerIDs[0]
	now := time.Now()
	changes := []struct {
		name   string
		change func(tx *storage.Store) error
	}{
		{"a cast member removed", func(tx *storage.Store) error { return tx.RemoveCastMember(ctx, sceneID, f.PerformerIDs[1]) }},
		{"a cast member added back", func(tx *storage.Store) error {
			return tx.PutCastMember(ctx, sceneID, domain.CastMember{UserID: f.PerformerIDs[1], CharacterName: "Back"}, now)
		}},
		{"the caller's character renamed", func(tx *storage.Store) error {
			return tx.PutCastMember(ctx, sceneID, domain.CastMember{UserID: who, CharacterName: "Renamed"}, now)
		}},
		{"a new version published", func(tx *storage.Store) error { return tx.SetSceneVersion(ctx, sceneID, 2, now) }},
		{"the scene edited", func(tx *storage.Store) error {
			sc, err := tx.FindScene(ctx, sceneID)
			if err != nil {
				return err
			}
			sc.Title, sc.Status, sc.CoordinatorID = "Edited", domain.SceneShot, ""
			return tx.UpdateScene(ctx, sc, now)
		}},
		{"the caller's role changed", func(tx *storage.Store) error {
			return tx.SetMemberRole(ctx, f.ProductionID, who, domain.RoleCoordinator)
		}},
		{"the caller's own cast row removed", func(tx *storage.Store) error { return tx.RemoveCastMember(ctx, sceneID, who) }},
		{"the caller removed from the production", func(tx *storage.Store) error { return tx.DeleteMember(ctx, f.ProductionID, who) }},
	}
	before, _ := access(t, st, sceneID, who)
	for _, c := range changes {
		// Read twice first, so that the second is served from the memo.
		access(t, st, sceneID, who)
		access(t, st, sceneID, who)
		if err := st.Tx(ctx, c.change); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		inTx, fresh := access(t, st, sceneID, who)
		if inTx != fresh {
			t.Errorf("after %s: the transaction read\n%s\nthe database holds\n%s", c.name, inTx, fresh)
		}
		if inTx == before {
			t.Errorf("after %s: nothing changed (%s)", c.name, inTx)
		}
		before = inTx
	}
	if !strings.HasPrefix(before, "error: ") {
		t.Fatalf("a member removed from the production still reads the scene: %s", before)
	}
}

// TestAccessMemoServesRepeatReads: on SQLite, a transaction reading a
// scene's access that an earlier one read, with nothing written to it since,
// runs no statement; a consent decision and its audit append in between
// keep it. The same holds for a production's staff.
func TestAccessMemoServesRepeatReads(t *testing.T) {
	ctx := context.Background()
	st, f := memoFixture(t)
	if storage.IsPostgres(storagetest.URL(t)) {
		t.Skip("SQLite's writer only: PostgreSQL reads every time")
	}
	sceneID, who := f.SceneIDs[0], f.PerformerIDs[0]
	read := func() int {
		count, stop := st.CountStatements()
		defer stop()
		if err := st.Tx(ctx, func(tx *storage.Store) error {
			if _, _, err := tx.SceneForMember(ctx, sceneID, who, true); err != nil {
				return err
			}
			_, err := tx.ListStaff(ctx, f.ProductionID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return count()
	}
	if n := read(); n == 0 {
		t.Fatal("the first read ran no statement")
	}
	if n := read(); n != 0 {
		t.Fatalf("a repeat read ran %d statements, want 0", n)
	}
	if err := st.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.RecordConsent(ctx, "memo-decision", domain.ConsentDecision{SceneID: sceneID, UserID: who, Version: 1,
			State: domain.ConsentDeclined, DecidedAt: time.Now()}); err != nil {
			return err
		}
		_, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: f.ProductionID, At: time.Now(), ActorID: who,
			Action: domain.AuditAction("consent.declined"), SubjectType: "scene", SubjectID: sceneID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n := read(); n != 0 {
		t.Fatalf("after a decision a repeat read ran %d statements, want 0", n)
	}
	refused := errors.New("refused: stale version")
	if err := st.Tx(ctx, func(tx *storage.Store) error {
		_, _, err := tx.SceneForMember(ctx, sceneID, who, true)
		return errors.Join(err, refused)
	}); !errors.Is(err, refused) {
		t.Fatal(err)
	}
	if n := read(); n != 0 {
		t.Fatalf("after a refused transaction that wrote nothing a repeat read ran %d statements, want 0", n)
	}
	if err := st.Tx(ctx, func(tx *storage.Store) error {
		return tx.SetMemberRole(ctx, f.ProductionID, f.PerformerIDs[1], domain.RoleCoordinator)
	}); err != nil {
		t.Fatal(err)
	}
	if n := read(); n == 0 {
		t.Fatal("after a role change the staff and access were not read again")
	}
	staff, err := st.ListStaff(ctx, f.ProductionID)
	if err != nil {
		t.Fatal(err)
	}
	var inTx []domain.Membership
	if err := st.Tx(ctx, func(tx *storage.Store) (err error) { inTx, err = tx.ListStaff(ctx, f.ProductionID); return err }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inTx, staff) || len(staff) != 3 {
		t.Fatalf("staff in a transaction %v, in the database %v (want 3)", inTx, staff)
	}
}

// TestAccessMemoForgetsRolledBackWrites: what a transaction read after its
// own write is not kept once that write rolls back — a failed transaction,
// a failed savepoint inside one that commits — nor is what was read in a
// transaction of the read pool.
func TestAccessMemoForgetsRolledBackWrites(t *testing.T) {
	ctx := context.Background()
	st, f := memoFixture(t)
	sceneID, who := f.SceneIDs[0], f.PerformerIDs[0]
	boom := errors.New("boom")
	addAndRead := func(tx *storage.Store) error {
		if err := tx.RemoveCastMember(ctx, sceneID, f.PerformerIDs[2]); err != nil {
			return err
		}
		sc, _, err := tx.SceneForMember(ctx, sceneID, who, true)
		if err != nil {
			return err
		}
		if len(sc.Cast) != 3 {
			t.Errorf("inside the transaction the cast has %d members, want 3", len(sc.Cast))
		}
		return boom
	}
	access(t, st, sceneID, who)
	if err := st.Tx(ctx, addAndRead); !errors.Is(err, boom) {
		t.Fatalf("failed transaction: %v", err)
	}
	if inTx, fresh := access(t, st, sceneID, who); inTx != fresh || strings.Count(fresh, ",") != 3 {
		t.Fatalf("after a rollback the transaction read\n%s\nthe database holds\n%s", inTx, fresh)
	}
	if err := st.Tx(ctx, func(tx *storage.Store) error {
		if err := tx.Tx(ctx, addAndRead); !errors.Is(err, boom) {
			return errors.New("the savepoint did not fail")
		}
		_, _, err := tx.SceneForMember(ctx, sceneID, who, true)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if inTx, fresh := access(t, st, sceneID, who); inTx != fresh || strings.Count(fresh, ",") != 3 {
		t.Fatalf("after a savepoint rolled back the transaction read\n%s\nthe database holds\n%s", inTx, fresh)
	}
}

// TestRule13AccessMemoSeesOtherConnections: a change committed to the SQLite file
// by another connection (another process on the same file, a repair by
// hand) is read by the next transaction of the writer.
func TestRule13AccessMemoSeesOtherConnections(t *testing.T) {
	ctx := context.Background()
	st, other := storagetest.OpenPair(t)
	f := storagetest.SeedCoverage(t, st, 1, 4, time.Now().Add(48*time.Hour))
	sceneID, who := f.SceneIDs[0], f.PerformerIDs[0]
	access(t, st, sceneID, who)
	access(t, st, sceneID, who)
	if err := other.Tx(ctx, func(tx *storage.Store) error { return tx.RemoveCastMember(ctx, sceneID, f.PerformerIDs[3]) }); err != nil {
		t.Fatal(err)
	}
	if inTx, fresh := access(t, st, sceneID, who); inTx != fresh || strings.Count(fresh, ",") != 2 {
		t.Fatalf("after another connection's change the transaction read\n%s\nthe database holds\n%s", inTx, fresh)
	}
	if err := other.Tx(ctx, func(tx *storage.Store) error { return tx.DeleteMember(ctx, f.ProductionID, who) }); err != nil {
		t.Fatal(err)
	}
	if inTx, _ := access(t, st, sceneID, who); !strings.HasPrefix(inTx, "error: ") {
		t.Fatalf("a member removed through another connection still reads the scene: %s", inTx)
	}
}

// TestAccessMemoInOneGroup (SQLite): a transaction of the same group commit
// that runs after one that read its own write and then rolled back reads
// what the database holds, not what the rolled-back one read.
func TestAccessMemoInOneGroup(t *testing.T) {
	if storage.IsPostgres(storagetest.URL(t)) {
		t.Skip("group commit is SQLite's")
	}
	ctx := context.Background()
	st, f := memoFixture(t)
	sceneID, who := f.SceneIDs[0], f.PerformerIDs[0]
	access(t, st, sceneID, who)
	hold := make(chan struct{})
	var wg sync.WaitGroup
	run := func(fn func(tx *storage.Store) error) {
		wg.Add(1)
		go func() { defer wg.Done(); _ = st.Tx(ctx, fn) }()
		time.Sleep(150 * time.Millisecond) // queued in this order
	}
	run(func(*storage.Store) error { <-hold; return nil }) // occupies the committer
	var inA, inB int
	run(func(tx *storage.Store) error {
		if err := tx.RemoveCastMember(ctx, sceneID, f.PerformerIDs[2]); err != nil {
			return err
		}
		sc, _, err := tx.SceneForMember(ctx, sceneID, who, true)
		inA = len(sc.Cast)
		return errors.Join(err, errors.New("refused"))
	})
	run(func(tx *storage.Store) error {
		sc, _, err := tx.SceneForMember(ctx, sceneID, who, true)
		inB = len(sc.Cast)
		return err
	})
	close(hold)
	wg.Wait()
	if inA != 3 || inB != 4 {
		t.Fatalf("the failing transaction read %d cast members (want 3), the next one %d (want 4)", inA, inB)
	}
}
