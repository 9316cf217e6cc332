package service_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// covClock is a test clock that can be moved forward.
type covClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *covClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *covClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// covServiceWith is a service over st with this coverage cache size (negative:
// none) and clock.
func covServiceWith(tb testing.TB, st *storage.Store, cacheSize int, now func() time.Time) *service.Service {
	tb.Helper()
	svc, err := service.New(service.Options{Store: st, Tokens: auth.NewTokens([]byte(strings.Repeat("s", 32)), "http://closedset.test", now),
		Argon2: auth.CheapArgon2, Now: now, CoverageCacheSize: cacheSize})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// openStore opens (and migrates) another store on the database at url, as a
// second instance of the app would.
func openStore(tb testing.TB, url string) *storage.Store {
	tb.Helper()
	st, err := storage.Open(url, storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background(), 0); err != nil {
		tb.Fatal(err)
	}
	return st
}

// rawExec runs one statement on the database at url outside the app (there
// is no use case for it, e.g. renaming a user).
func rawExec(tb testing.TB, url, query string) {
	tb.Helper()
	driver, dsn := "pgx", url
	if strings.HasPrefix(url, "file:") {
		var err error
		if dsn, err = storage.SQLiteDSN(url); err != nil {
			tb.Fatal(err)
		}
		driver = "sqlite3"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		tb.Fatal(err)
	}
}

// covWorld is a seeded production read through a service with the coverage
// cache and through one without (the reference).
type covWorld struct {
	url          string
	st           *storage.Store
	f            storagetest.CoverageFixture
	clock        *covClock
	cached, bare *service.Service
}

func newCovWorld(t *testing.T, scenes, cast int) *covWorld {
	t.Helper()
	w := &covWorld{url: storagetest.URL(t), clock: &covClock{now: covNow}}
	w.st = openStore(t, w.url)
	w.f = storagetest.SeedCoverage(t, w.st, scenes, cast, covStart)
	w.cached = covServiceWith(t, w.st, 0, w.clock.Now)
	w.bare = covServiceWith(t, w.st, -1, w.clock.Now)
	return w
}

// covQueries are the ranges every comparison reads: everything, one day, an
// open-ended range, and the day summer time starts in the production's zone
// (Europe/London). The reference filters in SQL, the cache in Go.
var covQueries = []service.CoverageQuery{{}, {From: "2026-12-01", To: "2026-12-01"}, {From: "2026-12-02"},
	{To: "2026-12-01"}, {From: "2027-03-28", To: "2027-03-28"}}

// same fails the test unless svc's coverage equals the reference's (a
// service without cache, computing afresh the scenes it reads) for every
// range.
func (w *covWorld) same(t *testing.T, svc *service.Service, what string) {
	t.Helper()
	ctx := context.Background()
	for _, q := range covQueries {
		got, err := svc.GetCoverage(ctx, w.f.ProducerID, w.f.ProductionID, q)
		if err != nil {
			t.Fatalf("%s %+v: %v", what, q, err)
		}
		want, err := w.bare.GetCoverage(ctx, w.f.ProducerID, w.f.ProductionID, q)
		if err != nil {
			t.Fatalf("%s %+v (reference): %v", what, q, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s %+v: cached coverage differs from a fresh computation: %s", what, q, covDiff(got, want))
		}
	}
}

// covDiff describes the first difference between two coverages.
func covDiff(got, want service.Coverage) string {
	if !reflect.DeepEqual(got.Summary, want.Summary) {
		return fmt.Sprintf("summary %+v, want %+v", got.Summary, want.Summary)
	}
	if len(got.Scenes) != len(want.Scenes) {
		return fmt.Sprintf("%d scenes, want %d", len(got.Scenes), len(want.Scenes))
	}
	for i := range got.Scenes {
		if !reflect.DeepEqual(got.Scenes[i], want.Scenes[i]) {
			return fmt.Sprintf("scene %d:\n got %s\nwant %s", i, covLineString(got.Scenes[i]), covLineString(want.Scenes[i]))
		}
	}
	return "elsewhere"
}

func covLineString(sc service.SceneCoverage) string {
	s := fmt.Sprintf("%+v", sc)
	if sc.Coordinator != nil {
		s += fmt.Sprintf(" coordinator %+v", *sc.Coordinator)
	}
	if sc.LastCheckIn != nil {
		s += fmt.Sprintf(" check-in %+v", *sc.LastCheckIn)
	}
	if sc.Debrief != nil {
		s += fmt.Sprintf(" debrief %+v", *sc.Debrief)
	}
	return s
}
