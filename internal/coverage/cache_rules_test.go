package coverage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage"
)

// withdrawBehindTheBack withdraws a performer's consent through storage,
// with an audit event of this action on this subject ("" action: none) —
// what a use case that forgot to audit, or a new kind of change, would do.
func (w *covWorld) withdrawBehindTheBack(t *testing.T, sceneID, userID, action, subjectType, subjectID string) {
	t.Helper()
	ctx := context.Background()
	err := w.st.Tx(ctx, func(tx *storage.Store) error {
		err := tx.RecordConsent(ctx, uuid.NewString(), domain.ConsentDecision{SceneID: sceneID, UserID: userID, Version: 1,
			State: domain.ConsentWithdrawn, DecidedAt: covNow})
		if err != nil || action == "" {
			return err
		}
		_, err = tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: w.f.ProductionID, At: covNow, Action: domain.AuditAction(action),
			SubjectType: subjectType, SubjectID: subjectID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// consentOf is a performer's consent on a scene in svc's coverage (as the
// coordinator sees it).
func (w *covWorld) consentOf(t *testing.T, svc *service.Service, sceneID, userID string) domain.ConsentState {
	t.Helper()
	cov, err := getCov(svc, w.f.CoordinatorID, w.f.ProductionID, coverage.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range cov.Scenes {
		for _, m := range sc.Cast {
			if sc.SceneID == sceneID && m.UserID == userID {
				return m.Consent
			}
		}
	}
	return ""
}

// TestCoverageCacheInvalidation: an audited scene-scoped action recomputes
// that scene alone (a change nobody audited stays unseen — which is why
// every change must be audited); an action the cache does not know, or more
// events than it applies one by one, reload the whole production.
func TestCoverageCacheInvalidation(t *testing.T) {
	w := newCovWorld(t, 12, 4)
	p, sc := w.f.PerformerIDs, w.f.SceneIDs
	w.same(t, w.cached, "seeded")

	w.withdrawBehindTheBack(t, sc[1], p[0], "", "", "")
	w.withdrawBehindTheBack(t, sc[2], p[0], "consent.withdrawn", "scene", sc[2])
	if got := w.consentOf(t, w.cached, sc[2], p[0]); got != domain.ConsentWithdrawn {
		t.Errorf("audited change: %s", got)
	}
	if got := w.consentOf(t, w.cached, sc[1], p[0]); got != domain.ConsentConfirmed {
		t.Errorf("scene 1 was recomputed (%s): the cache should apply changes scene by scene", got)
	}

	w.withdrawBehindTheBack(t, sc[3], p[1], "scene.archived", "scene", sc[3]) // an action it does not know
	w.same(t, w.cached, "unknown action")

	w.withdrawBehindTheBack(t, sc[4], p[1], "consent.withdrawn", "performer", p[1]) // no scene to map it to
	w.same(t, w.cached, "scene-scoped action without a scene")

	// More events than the cache applies one by one: each harmless alone.
	w.withdrawBehindTheBack(t, sc[5], p[2], "", "", "")
	ctx := context.Background()
	err := w.st.Tx(ctx, func(tx *storage.Store) error {
		for range 501 {
			if _, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: w.f.ProductionID, At: covNow,
				Action: "invite.created", SubjectType: "invite", SubjectID: uuid.NewString()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.same(t, w.cached, "501 events")
}

// TestCoverageCacheDropsDeletedScene: a scene that is gone when its audit
// event is applied leaves the coverage (no use case deletes scenes yet).
func TestCoverageCacheDropsDeletedScene(t *testing.T) {
	w := newCovWorld(t, 6, 3)
	gone := w.f.SceneIDs[2]
	w.same(t, w.cached, "seeded")
	rawExec(t, w.url, fmt.Sprintf("DELETE FROM scenes WHERE id = '%s'", gone))
	if _, err := w.st.AppendAudit(context.Background(), domain.AuditEvent{ProductionID: w.f.ProductionID, At: covNow,
		Action: "scene.updated", SubjectType: "scene", SubjectID: gone}); err != nil {
		t.Fatal(err)
	}
	w.same(t, w.cached, "scene deleted")
	cov, _ := getCov(w.cached, w.f.ProducerID, w.f.ProductionID, coverage.Query{})
	if len(cov.Scenes) != 5 {
		t.Errorf("%d scenes, want 5", len(cov.Scenes))
	}
}

// TestCoverageCacheConcurrentReadsAndWrites: readers racing writers (and
// each other's cold loads) converge on what a fresh computation gives.
func TestCoverageCacheConcurrentReadsAndWrites(t *testing.T) {
	w := newCovWorld(t, 20, 4)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 4 {
		wg.Go(func() {
			for range 15 {
				if _, err := getCov(w.cached, w.f.ProducerID, w.f.ProductionID, coverage.Query{}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i, id := range w.f.SceneIDs[:10] {
			var err error
			if i%2 == 0 {
				_, err = w.cached.WithdrawConsent(ctx, w.f.PerformerIDs[i%4], id, "")
			} else {
				at := covStart.Add(time.Duration(100+i) * time.Hour)
				_, err = w.cached.UpdateScene(ctx, w.f.CoordinatorID, id, service.ScenePatch{CallTime: &at})
			}
			if err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	w.same(t, w.cached, "after the race")
}

// TestCoverageQueryCountWarm: a warm read issues fewer statements than a
// cold one — the caller's membership, the names and the audit events since
// the cached seq; a decision adds one query (its scene's consents, the line
// computed again from what it was computed from), and another change of a
// scene the per-table queries for it.
func TestCoverageQueryCountWarm(t *testing.T) {
	w := newCovWorld(t, 10, 4)
	ctx := context.Background()
	read := func() int {
		count, stop := w.st.CountStatements()
		defer stop()
		if _, err := getCov(w.cached, w.f.ProducerID, w.f.ProductionID, coverage.Query{}); err != nil {
			t.Fatal(err)
		}
		return count()
	}
	cold, warm := read(), read()
	if _, err := w.cached.WithdrawConsent(ctx, w.f.PerformerIDs[0], w.f.SceneIDs[0], ""); err != nil {
		t.Fatal(err)
	}
	decided := read()
	at := covStart.Add(200 * time.Hour)
	if _, err := w.cached.UpdateScene(ctx, w.f.CoordinatorID, w.f.SceneIDs[1], service.ScenePatch{CallTime: &at}); err != nil {
		t.Fatal(err)
	}
	updated := read()
	t.Logf("statements: cold %d, warm %d, after a decision %d, after a scene update %d", cold, warm, decided, updated)
	if cold != covMaxStatements || warm != covWarmStatements || decided != covWarmStatements+1 || updated != covMaxStatements {
		t.Errorf("statements: cold %d, warm %d, after a decision %d, after a scene update %d; want %d, %d, %d, %d",
			cold, warm, decided, updated, covMaxStatements, covWarmStatements, covWarmStatements+1, covMaxStatements)
	}
	if w.consentOf(t, w.cached, w.f.SceneIDs[0], w.f.PerformerIDs[0]) != domain.ConsentWithdrawn {
		t.Error("the decision is not in the coverage")
	}
	w.same(t, w.cached, "after a decision and a scene update")
}

// TestCoverageCacheAfterRestoredDatabase: when the audit trail goes back (a
// database restored from a backup under a running process), the lines kept
// from the other history are replaced, reads are warm again at once, and
// later changes apply to the restored history's lines.
func TestCoverageCacheAfterRestoredDatabase(t *testing.T) {
	w := newCovWorld(t, 6, 3)
	p, sc := w.f.PerformerIDs, w.f.SceneIDs
	for i := range 3 {
		w.withdrawBehindTheBack(t, sc[i], p[0], "consent.withdrawn", "scene", sc[i])
	}
	w.same(t, w.cached, "before the restore")

	// The restore: the audit trail is back at its start, and the data differ.
	rawExec(t, w.url, fmt.Sprintf("DELETE FROM audit_events WHERE production_id = '%s'", w.f.ProductionID))
	rawExec(t, w.url, fmt.Sprintf("UPDATE productions SET audit_seq = 0, audit_head = '' WHERE id = '%s'", w.f.ProductionID))
	w.withdrawBehindTheBack(t, sc[3], p[1], "", "", "")
	w.same(t, w.cached, "right after the restore")
	count, stop := w.st.CountStatements()
	if _, err := getCov(w.cached, w.f.ProducerID, w.f.ProductionID, coverage.Query{}); err != nil {
		t.Fatal(err)
	}
	stop()
	if n := count(); n != covWarmStatements {
		t.Errorf("the read after the restore's reload took %d statements, want %d (warm)", n, covWarmStatements)
	}

	// The restored history grows past the seq the old lines were at.
	for i := range 4 {
		w.withdrawBehindTheBack(t, sc[i%2+4], p[2], "consent.withdrawn", "scene", sc[i%2+4])
	}
	w.withdrawBehindTheBack(t, sc[5], p[1], "consent.withdrawn", "scene", sc[5])
	w.same(t, w.cached, "the restored history past the old seq")
}

// TestCoverageDecisionsRecomputeTheirLines: decisions made between two reads
// — several on one scene, on scenes with riders, check-ins and debriefs, one
// on a scene whose cast changed in the same batch, one on a scene moved in
// the order — leave the cached coverage exactly what a fresh computation
// gives: a decision's line is computed from what it was computed from with
// the consents read again, a scene changed otherwise is read whole.
func TestCoverageDecisionsRecomputeTheirLines(t *testing.T) {
	w := newCovWorld(t, 12, 4)
	ctx := context.Background()
	f, svc, p, sc := w.f, w.cached, w.f.PerformerIDs, w.f.SceneIDs
	w.same(t, svc, "warm")
	decided := 0
	for round := range 3 {
		for i := range sc {
			var err error
			switch (i + round) % 3 {
			case 0:
				_, err = svc.WithdrawConsent(ctx, p[i%4], sc[i], "")
			case 1:
				_, err = svc.DecideConsent(ctx, p[(i+1)%4], sc[i], 1, domain.ConsentDeclined, "")
			default:
				_, err = svc.DecideConsent(ctx, p[(i+2)%4], sc[i], 1, domain.ConsentConfirmed, "")
			}
			switch {
			case err == nil:
				decided++
			case domain.As(err) == nil: // refusals (a member taken off the cast, no choreography) are fine
				t.Fatalf("round %d, scene %d: %v", round, i, err)
			}
		}
		switch round {
		case 0: // the same batch: a cast member removed where others decided
			if err := svc.RemoveCastMember(ctx, f.CoordinatorID, sc[2], p[3]); err != nil {
				t.Fatal(err)
			}
		case 1: // a scene moved to the end of the order, then decided on
			at := covStart.Add(500 * time.Hour)
			if _, err := svc.UpdateScene(ctx, f.CoordinatorID, sc[0], service.ScenePatch{CallTime: &at}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.DecideConsent(ctx, p[1], sc[0], 1, domain.ConsentConfirmed, ""); err != nil {
				t.Fatal(err)
			}
		}
		w.same(t, svc, fmt.Sprintf("round %d", round))
	}
	if decided < 24 {
		t.Errorf("only %d of 36 decisions were taken", decided)
	}
}
