package service_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// recordWorld is the demo production on a fresh database, with a clock the
// test moves and a count of the push worker's wake-ups.
type recordWorld struct {
	st                               *storage.Store
	svc                              *service.Service
	now                              time.Time
	wakes                            atomic.Int32
	production                       string
	producer, coordinator, alex, sam string
	scenes                           map[string]string // number → id
}

func newRecordWorld(t *testing.T) *recordWorld {
	t.Helper()
	ctx := context.Background()
	w := &recordWorld{st: storagetest.Open(t), now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), scenes: map[string]string{}}
	clock := func() time.Time { return w.now }
	svc, err := service.New(service.Options{Store: w.st, Argon2: auth.CheapArgon2, Now: clock,
		Tokens:   auth.NewTokens([]byte(strings.Repeat("s", 32)), "http://closedset.test", clock),
		WakePush: func() { w.wakes.Add(1) }, PushAllowedHosts: []string{"127.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = svc
	if ok, err := svc.LoadDemo(ctx); err != nil || !ok {
		t.Fatalf("demo: %v %v", ok, err)
	}
	ids := make([]string, len(service.DemoAccounts))
	for i, a := range service.DemoAccounts {
		u, _, err := w.st.FindUserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = u.ID
	}
	w.producer, w.coordinator, w.alex, w.sam = ids[0], ids[1], ids[2], ids[3]
	ps, err := w.st.ListProductions(ctx, w.producer)
	if err != nil || len(ps) != 1 {
		t.Fatalf("productions %v %v", ps, err)
	}
	w.production = ps[0].ID
	scenes, err := svc.ListScenes(ctx, w.coordinator, w.production)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenes {
		w.scenes[sc.Number] = sc.ID
	}
	return w
}

func (w *recordWorld) audit(t *testing.T) []domain.AuditEvent {
	t.Helper()
	evs, _, err := w.svc.ListAudit(context.Background(), w.coordinator, w.production, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// TestRule11EverythingIsOnTheRecord: every kind of state change writes its
// audit event (every action of domain.AuditActions is found after the use
// cases ran), a refused change writes none, the chain verifies, and no event
// carries a private text.
func TestRule11EverythingIsOnTheRecord(t *testing.T) {
	ctx := context.Background()
	w := newRecordWorld(t)
	const debriefNote, checkinNote = "private debrief note 7f3e", "private check-in note 1b9c"

	inv, err := w.svc.CreateInvite(ctx, w.producer, w.production, "new.performer@closedset.test", domain.RolePerformer)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.RevokeInvite(ctx, w.producer, w.production, inv.ID); err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.ScheduleDebrief(ctx, w.coordinator, w.scenes["8"], w.now.Add(24*time.Hour), "Room 2", nil)
	if err != nil {
		t.Fatal(err)
	}
	notes := debriefNote
	if _, err := w.svc.UpdateDebrief(ctx, w.coordinator, d.ID, service.DebriefPatch{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.RemoveCastMember(ctx, w.coordinator, w.scenes["40"], w.sam); err != nil {
		t.Fatal(err)
	}
	c, err := w.svc.RequestCheckin(ctx, w.coordinator, w.scenes["19"], "Before take 2", nil, 30)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RespondCheckin(ctx, w.alex, c.ID, domain.AnswerPause, checkinNote); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(time.Minute)
	if n, err := w.svc.ExpireCheckins(ctx); err != nil || n != 1 {
		t.Fatalf("expire: %d %v", n, err)
	}
	if _, err := w.svc.ChangeMemberRole(ctx, w.producer, w.production, w.sam, domain.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.RemoveMember(ctx, w.producer, w.production, w.sam); err != nil {
		t.Fatal(err)
	}

	// A refused change leaves no trace.
	before := len(w.audit(t))
	if _, err := w.svc.DecideConsent(ctx, w.alex, w.scenes["19"], 99, domain.ConsentConfirmed, ""); !domain.IsCode(err, "stale_version") {
		t.Fatalf("stale decision: %v", err)
	}
	if _, err := w.svc.PublishChoreography(ctx, w.coordinator, w.scenes["19"], "", nil); err == nil {
		t.Fatal("an empty version was published")
	}
	events := w.audit(t)
	if len(events) != before {
		t.Errorf("refused changes wrote %d audit events", len(events)-before)
	}

	seen := map[domain.AuditAction]int{}
	for _, e := range events {
		seen[e.Action]++
		if !slices.Contains(domain.AuditActions, e.Action) {
			t.Errorf("event %d: action %q is not declared in domain.AuditActions", e.Seq, e.Action)
		}
		b, _ := json.Marshal(e.Data)
		for _, secret := range []string{debriefNote, checkinNote, "Can we talk about step 2?", "Room 2", "Before take 2"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("event %d (%s) carries a private text: %s", e.Seq, e.Action, b)
			}
		}
	}
	for _, a := range domain.AuditActions {
		if seen[a] == 0 {
			t.Errorf("no use case wrote %s", a)
		}
	}

	v, err := w.svc.VerifyAudit(ctx, w.producer, w.production)
	if err != nil || !v.Valid || v.Events != len(events) {
		t.Errorf("verify: %+v %v, want valid over %d events", v, err, len(events))
	}
}

// TestPushWorkerWokenAfterCommit: a change that queues push jobs wakes the
// worker once committed; one that queues none, or is refused, does not.
func TestPushWorkerWokenAfterCommit(t *testing.T) {
	ctx := context.Background()
	w := newRecordWorld(t)
	// The coordinator's phone: a subscription on a loopback test receiver.
	if _, _, err := w.svc.Subscribe(ctx, w.coordinator, "http://127.0.0.1:9/push/1",
		"BNNL5ZaTfK81qhXOx23-wewhigUeFb632jN6LvRWCFH1ubQr77FE_9qV1FuojuRmHP42zmf34rXgW80OvUVDgTk", "zqbxT6JKstKSY9JKibZLSQ"); err != nil {
		t.Fatal(err)
	}
	w.wakes.Store(0)
	if _, err := w.svc.PutRider(ctx, w.coordinator, w.scenes["27A"], w.alex, domain.Rider{Nudity: domain.NudityNone,
		Acts: []domain.ContentTag{domain.TagPartialNudity}}); err != nil {
		t.Fatal(err)
	}
	if n := w.wakes.Load(); n != 0 {
		t.Errorf("a change without notifications woke the worker %d times", n)
	}
	if _, err := w.svc.DecideConsent(ctx, w.alex, w.scenes["19"], 99, domain.ConsentDeclined, ""); err == nil {
		t.Fatal("a stale decline was accepted")
	}
	if n := w.wakes.Load(); n != 0 {
		t.Errorf("a refused change woke the worker %d times", n)
	}
	if _, err := w.svc.WithdrawConsent(ctx, w.alex, w.scenes["19"], ""); err != nil {
		t.Fatal(err)
	}
	if n := w.wakes.Load(); n != 1 {
		t.Errorf("a withdrawal that queued a push to the coordinator woke the worker %d times, want 1", n)
	}
}
