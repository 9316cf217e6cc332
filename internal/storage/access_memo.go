package storage

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"closedset/internal/domain"
)

// accessMemo keeps, on SQLite, what SceneForMember read inside the one
// writer: a scene with its cast, its production and the member's role; and
// ListStaff's producers and coordinators of a production. A
// consent decision reads them first, and on a 64-member scene they were 40 %
// of the writer's time per decision (two statements, 65 rows), though
// decisions never change them.
//
// An entry is used only while nothing that could change it was written
// since it was read: every statement of the writer that writes to scenes,
// cast_members, memberships, productions or users (GORM callbacks on the
// writer, which sees every write of this process: the read pool is
// query-only) moves the generation on, and an entry is valid only at the
// generation it was read at. So are a savepoint rolled back, a group that
// did not commit, a failed nested transaction (what was read after their
// writes is gone with them), a migration, and a commit by any other
// connection to the file (PRAGMA data_version, checked at the start of
// each group, while the group's write lock keeps everyone else out). The
// audit append's update of its production's chain head is the one write to
// those tables that is known not to change an entry (accessNeutral).
//
// PostgreSQL has no memo: its transactions run side by side on many
// connections, where the writer cannot see every write.
type accessMemo struct {
	gen    atomic.Uint64
	mu     sync.Mutex
	scenes map[accessKey]memoEntry[sceneAccess]      // SceneForMember
	staff  map[string]memoEntry[[]domain.Membership] // ListStaff, by production
}

type accessKey struct{ sceneID, userID string }

// sceneAccess is what SceneForMember returns.
type sceneAccess struct {
	scene domain.Scene
	prod  domain.Production
}

type memoEntry[V any] struct {
	gen uint64 // valid while the memo is at this generation
	v   V
}

// maxAccessMemo bounds the entries of each map; a full one starts again empty.
const maxAccessMemo = 4096

// accessTables are the tables SceneForMember and ListStaff read.
var accessTables = []string{"scenes", "cast_members", "memberships", "productions", "users"}

func newAccessMemo() *accessMemo {
	return &accessMemo{scenes: map[accessKey]memoEntry[sceneAccess]{}, staff: map[string]memoEntry[[]domain.Membership]{}}
}

// invalidate ends every entry. Safe on a nil memo.
func (a *accessMemo) invalidate() {
	if a != nil {
		a.gen.Add(1)
	}
}

// generation is the memo's generation (0 on a nil memo). A transaction that
// fails ends the entries only when the generation moved while it ran: when
// it (or anyone) wrote to what the memo keeps. One refused for a stale
// version or a missing right keeps them.
func (a *accessMemo) generation() uint64 {
	if a == nil {
		return 0
	}
	return a.gen.Load()
}

// remember returns a copy (clone) of m's entry for key while it is valid;
// otherwise it reads, and keeps what it read unless something was written
// meanwhile.
func remember[K comparable, V any](a *accessMemo, m map[K]memoEntry[V], key K, clone func(V) V, read func() (V, error)) (V, error) {
	a.mu.Lock()
	e, ok := m[key]
	a.mu.Unlock()
	gen := a.gen.Load()
	if ok && e.gen == gen {
		return clone(e.v), nil
	}
	v, err := read()
	if err != nil || gen != a.gen.Load() {
		return v, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(m) >= maxAccessMemo {
		clear(m)
	}
	m[key] = memoEntry[V]{gen: gen, v: clone(v)}
	return v, nil
}

func cloneAccess(a sceneAccess) sceneAccess { a.scene = cloneScene(a.scene); return a }

// cloneScene copies a scene's slices: callers may change what they get.
func cloneScene(sc domain.Scene) domain.Scene {
	sc.Cast = slices.Clone(sc.Cast)
	sc.ContentTags = slices.Clone(sc.ContentTags)
	sc.ClosedSet = slices.Clone(sc.ClosedSet)
	return sc
}

type accessNeutralKey struct{}

// accessNeutral marks a statement known not to change what the memo keeps.
func accessNeutral(ctx context.Context) context.Context {
	return context.WithValue(ctx, accessNeutralKey{}, true)
}

// register moves the generation on after each statement of db that may have
// written to one of accessTables. Reads (SELECT) do not; anything else that
// names one of them does, even when it did not change it after all.
func (a *accessMemo) register(db *gorm.DB) error {
	write := func(db *gorm.DB) {
		if !db.DryRun && writesAccess(db.Statement, true) {
			a.invalidate()
		}
	}
	query := func(db *gorm.DB) {
		if !db.DryRun && writesAccess(db.Statement, false) {
			a.invalidate()
		}
	}
	return afterStatements(db, "closedset:access_memo", write, query)
}

// writesAccess reports whether a statement may have written to one of
// accessTables: a write (or, for a query, anything but a SELECT, as UPDATE
// … RETURNING) that names one of them, unless marked accessNeutral.
func writesAccess(st *gorm.Statement, write bool) bool {
	if ctx := st.Context; ctx != nil && ctx.Value(accessNeutralKey{}) != nil {
		return false
	}
	sql := st.SQL.String()
	if !write && hasPrefixFold(strings.TrimLeft(sql, " \t\r\n("), "select") {
		return false
	}
	for _, t := range accessTables {
		if containsFold(sql, t) || containsFold(st.Table, t) {
			return true
		}
	}
	return false
}

// containsFold is strings.Contains ignoring ASCII case (SQL names), without
// copying s: it runs after every statement of the writer.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
