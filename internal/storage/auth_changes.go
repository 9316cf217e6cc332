package storage

import (
	"context"
	"sync"
	"time"
)

// AuthChange is one row of the auth_changes log: something a request's
// authentication or GET /me reads changed for a user.
type AuthChange struct {
	Seq          int64
	UserID       string
	ProductionID string
}

// AuthNotifyChannel is the PostgreSQL channel a writing transaction notifies
// (delivered at its commit) after recording auth changes.
const AuthNotifyChannel = "closedset_auth"

// authHooks are the functions told, after a commit, which users' auth state
// it changed (the instance's auth cache drops them at once). Shared by a
// store and every transaction bound to it.
type authHooks struct {
	mu sync.RWMutex
	fs []func(userIDs []string)
}

// OnAuthChange registers f to be called, after each commit that recorded auth
// changes through this store, with the users concerned.
func (s *Store) OnAuthChange(f func(userIDs []string)) {
	s.hooks.mu.Lock()
	s.hooks.fs = append(s.hooks.fs, f)
	s.hooks.mu.Unlock()
}

func (h *authHooks) call(userIDs []string) {
	h.mu.RLock()
	fs := h.fs
	h.mu.RUnlock()
	for _, f := range fs {
		f(userIDs)
	}
}

// pendingAuthChange is an auth change noted in a transaction, not written yet.
type pendingAuthChange struct {
	productionID string
	userIDs      []string
}

// recordAuthChange notes that users' auth state changed (in productionID, ”
// when none). Every write that changes a user's access or what GET /me shows
// calls it. In a transaction the auth_changes rows are written at its end,
// just before it commits (see Tx), so that the auth_change_seq row lock —
// which orders the changes — is the last lock the transaction takes and no
// two transactions wait on each other through it; outside one they are
// written at once. After the commit the store's OnAuthChange hooks are
// called with the users.
func (s *Store) recordAuthChange(ctx context.Context, productionID string, userIDs ...string) error {
	if len(userIDs) == 0 {
		return nil
	}
	ch := pendingAuthChange{productionID: productionID, userIDs: append([]string(nil), userIDs...)}
	if tx := ambient(ctx); s.authPending == nil && tx != nil {
		s = tx // the request's transaction: written, and the cache told, at its commit
	}
	if s.authPending != nil {
		*s.authPending = append(*s.authPending, ch)
		return nil
	}
	return s.writeAuthChanges(ctx, []pendingAuthChange{ch})
}

// writeAuthChanges appends the auth_changes rows of changes under the next
// seq; on PostgreSQL it also notifies AuthNotifyChannel (delivered at
// commit). The hooks run after the commit (at once outside a transaction).
func (s *Store) writeAuthChanges(ctx context.Context, changes []pendingAuthChange) error {
	if len(changes) == 0 {
		return nil
	}
	db := s.with(ctx)
	var seq int64
	if err := db.Raw("UPDATE auth_change_seq SET n = n + 1 WHERE id = 1 RETURNING n").Scan(&seq).Error; err != nil {
		return translate(err, "auth_change_seq")
	}
	at := time.Now().UnixMilli()
	seen := map[string]bool{}
	var ids []string
	for _, ch := range changes {
		for _, u := range ch.userIDs {
			if seen[u] {
				continue
			}
			seen[u] = true
			ids = append(ids, u)
			if err := db.Exec("INSERT INTO auth_changes (seq, user_id, production_id, at_ms) VALUES (?, ?, ?, ?)",
				seq, u, ch.productionID, at).Error; err != nil {
				return translate(err, "auth_changes")
			}
		}
	}
	if s.postgres {
		if err := db.Exec("SELECT pg_notify(?, '')", AuthNotifyChannel).Error; err != nil {
			return translate(err, "auth_changes")
		}
	}
	s.AfterCommit(func() { s.hooks.call(ids) })
	return nil
}

// AuthChangesAfter returns the auth changes with a seq above after, in order,
// at most limit of them. Like AuthChangeHead it reads from the read pool
// (never queued behind the writer), which sees every committed change.
func (s *Store) AuthChangesAfter(ctx context.Context, after int64, limit int) ([]AuthChange, error) {
	var rows []AuthChange
	err := s.with(uncounted(ReadOnly(ctx))).Raw("SELECT seq, user_id, production_id FROM auth_changes WHERE seq > ? ORDER BY seq, user_id LIMIT ?",
		after, limit).Scan(&rows).Error
	return rows, translate(err, "auth_changes")
}

// AuthChangeHead returns the last seq handed out.
func (s *Store) AuthChangeHead(ctx context.Context) (int64, error) {
	var n int64
	err := s.with(uncounted(ReadOnly(ctx))).Raw("SELECT n FROM auth_change_seq WHERE id = 1").Scan(&n).Error
	return n, translate(err, "auth_change_seq")
}

// PruneAuthChanges deletes auth changes written before t.
func (s *Store) PruneAuthChanges(ctx context.Context, t time.Time) error {
	return translate(s.with(uncounted(ctx)).Exec("DELETE FROM auth_changes WHERE at_ms < ?", t.UnixMilli()).Error, "auth_changes")
}
