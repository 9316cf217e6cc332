package perf

import (
	"net/http"
	"testing"
	"time"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// rounds is how many times each load runs, interleaved with its yardstick.
const rounds = 2

// BenchmarkGoalG1 — a signed-in GET /api/v1/me over 64 connections against
// a bare Echo JSON handler, interleaved in the same run. Goal: ≥ 70 %.
func BenchmarkGoalG1(b *testing.B) {
	y := startYardstick(b)
	var fx storagetest.CoverageFixture
	p := startProject(b, func(st *storage.Store) {
		fx = storagetest.SeedCoverage(b, st, 1, 64, time.Now().Add(7*24*time.Hour))
	})
	tok := p.token(b, fx.PerformerIDs[0])
	me := func(int, int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, p.URL+"/api/v1/me", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("Accept-Encoding", "gzip, deflate, br")
		return r
	}
	bare := func(int, int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, y.URL+"/json", nil)
		r.Header.Set("Accept-Encoding", "gzip, deflate, br")
		return r
	}
	closedLoop(64, time.Second, me) // warm both up
	closedLoop(64, time.Second, bare)
	var proj, yard []float64
	var errs int64
	for range rounds {
		ry := closedLoop(64, seconds(), bare)
		rp := closedLoop(64, seconds(), me)
		yard, proj = append(yard, ry.rate()), append(proj, rp.rate())
		errs += rp.Errors
	}
	ratio := median(proj) / median(yard)
	report(goal{ID: "G1", Figure: "signed-in GET /api/v1/me, 64 connections", Project: rate(median(proj)),
		Yardstick: rate(median(yard)) + " (bare Echo JSON)", Ratio: percent(ratio), Goal: ">= 70 %", Met: ratio >= 0.70 && errs == 0})
	if errs > 0 {
		b.Errorf("%d requests failed", errs)
	}
}
