package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"closedset/internal/storage"
)

// maxConsentPutStatements bounds what one keyed consent decision costs the
// database: the key's claim, the scene and its cast, the caller's membership,
// the decision, the to-do it completes, the audit append (2), the stored
// answer.
const maxConsentPutStatements = 12

// TestConsentPutStatementCount: a consent PUT sent with an Idempotency-Key,
// as phones send it, is one transaction of at most maxConsentPutStatements
// statements (counted by a GORM callback), and a replay fewer.
func TestConsentPutStatementCount(t *testing.T) {
	t.Parallel()
	store, _ := openNamedStore(t, storage.Options{})
	s := newTestServerOn(t, store, nil)
	w, scene := consentWorld(t, s)
	path := "/api/v1/scenes/" + scene + "/consent"
	count, stop := store.CountStatements()
	defer stop()
	for i, decision := range []string{"confirmed", "declined", "confirmed"} {
		before := count()
		res := doWithKey(s, w.PerformerA, "PUT", path, fmt.Sprintf("tap-%d", i), []byte(`{"version":1,"decision":"`+decision+`"}`))
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", decision, res.Status, res.Body)
		}
		n := count() - before
		t.Logf("consent %s with an Idempotency-Key: %d statements", decision, n)
		// A decline alerts the staff: notification rows and jobs on top.
		if decision == "confirmed" && n > maxConsentPutStatements {
			t.Errorf("consent %s took %d statements, want at most %d", decision, n, maxConsentPutStatements)
		}
	}
}
