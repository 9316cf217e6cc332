package coverage_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/coverage"
	"closedset/internal/domain"
	"closedset/internal/service"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
	"closedset/internal/testclock"
)

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
	clock        *testclock.Clock
	cached, bare *service.Service
}

func newCovWorld(t *testing.T, scenes, cast int) *covWorld {
	t.Helper()
	w := &covWorld{url: storagetest.URL(t), clock: testclock.New(covNow)}
	w.st = openStore(t, w.url)
	w.f = storagetest.SeedCoverage(t, w.st, scenes, cast, covStart)
	w.cached = covServiceWith(t, w.st, 0, w.clock.Now)
	w.bare = covServiceWith(t, w.st, -1, w.clock.Now)
	return w
}

// covQueries are the ranges every comparison reads: everything, one day, an
// open-ended range, and the day summer time starts in the production's zone
// (Europe/London). The reference filters in SQL, the cache in Go.
var covQueries = []coverage.Query{{}, {From: "2026-12-01", To: "2026-12-01"}, {From: "2026-12-02"},
	{To: "2026-12-01"}, {From: "2027-03-28", To: "2027-03-28"}}

// same fails the test unless svc's coverage JSON, for the producer and for
// the coordinator, is byte for byte what the reference (a service without
// cache, computing afresh the scenes it reads) gives, for every range.
func (w *covWorld) same(t *testing.T, svc *service.Service, what string) {
	t.Helper()
	ctx := context.Background()
	for _, q := range covQueries {
		for _, as := range []string{w.f.ProducerID, w.f.CoordinatorID} {
			got, err := svc.Coverage().JSON(ctx, as, w.f.ProductionID, q)
			if err != nil {
				t.Fatalf("%s %+v: %v", what, q, err)
			}
			want, err := w.bare.Coverage().JSON(ctx, as, w.f.ProductionID, q)
			if err != nil {
				t.Fatalf("%s %+v (reference): %v", what, q, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s %+v: cached coverage differs from a fresh computation:\n got %s\nwant %s", what, q, got, want)
			}
		}
	}
}

// covView is the part of the coverage JSON the tests read.
type covView struct {
	Summary struct {
		Scenes, NotNeeded, Ready, AtRisk, Blocked, DebriefDue int
		ConsentConfirmedPct                                   float64
	}
	Scenes []struct {
		SceneID, Number string
		CallTime        time.Time
		Readiness       domain.Readiness
		Cast            []struct {
			UserID  string
			Consent domain.ConsentState
		}
		LastCheckIn *struct{ Outcome string }
	}
}

// getCov reads the coverage JSON as userID and decodes it.
func getCov(svc *service.Service, userID, productionID string, q coverage.Query) (covView, error) {
	var v covView
	body, err := svc.Coverage().JSON(context.Background(), userID, productionID, q)
	if err == nil {
		err = json.Unmarshal(body, &v)
	}
	return v, err
}
