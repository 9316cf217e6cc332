package perf

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// BenchmarkGoalG2 — consent PUTs from 64 performers (closed loop, as wrk
// sends them) against one raw prepared SQLite insert per request,
// interleaved; then the same PUTs at a fixed 2,000 req/s (open loop) for
// the tail; then G4: the write-ahead log after 100k writes.
func BenchmarkGoalG2(b *testing.B) {
	y := startYardstick(b)
	var fx storagetest.CoverageFixture
	p := startProject(b, func(st *storage.Store) {
		fx = storagetest.SeedCoverage(b, st, 1, 64, time.Now().Add(7*24*time.Hour))
	})
	d := newDeciders(b, p, fx.SceneIDs[0], fx.PerformerIDs)
	closedLoop(64, time.Second, d.next) // warm up; sets every performer's last decision
	closedLoop(64, time.Second, insert(y))

	audit := func() int64 { return p.count(b, `SELECT COUNT(*) FROM audit_events WHERE action LIKE 'consent.%'`) }
	before := audit()
	var proj, yard []float64
	var ok, srv, locked, errs int64
	var projCPU, yardCPU cost
	for range rounds {
		ry := closedLoop(64, seconds(), insert(y))
		rp := closedLoop(64, seconds(), d.next)
		yard, proj = append(yard, ry.rate()), append(proj, rp.rate())
		ok, srv, locked, errs = ok+rp.OK, srv+rp.ServerErr, locked+rp.Locked, errs+rp.Errors
		projCPU, yardCPU = projCPU.add(rp), yardCPU.add(ry)
	}
	audited := audit() - before
	ratio := median(proj) / median(yard)
	clean := srv == 0 && locked == 0 && errs == 0 && audited == ok
	report(goal{ID: "G2", Figure: "consent PUT, 64 performers, Idempotency-Key each", Project: rate(median(proj)),
		Yardstick: rate(median(yard)) + " (raw prepared insert)", Ratio: percent(ratio), Goal: ">= 100 %", Met: ratio >= 1 && clean})
	report(goal{ID: "G2c", Figure: "G2 load: 5xx, database is locked, audit rows vs acknowledged",
		Project: fmt.Sprintf("%d 5xx, %d locked, %d other errors, %d audit rows for %d acknowledged", srv, locked, errs-srv, audited, ok),
		Goal:    "0, 0, 0, equal", Met: clean})
	// What a request costs in CPU, everything in the process counted (the
	// load generator's side is alike for both): with every core busy and
	// nothing waiting for the one writer, G2 could reach no further.
	ceiling := float64(runtime.NumCPU()) * 1e6 / projCPU.per()
	inform("G2cpu", "CPU per acknowledged request, server and load generator (cores busy)",
		fmt.Sprintf("%s, yardstick %s: with all %d cores busy at most %s, %s of the yardstick",
			projCPU, yardCPU, runtime.NumCPU(), rate(ceiling), percent(ceiling/median(yard))))

	open := openLoop(context.Background(), 2000, seconds(), 256, d.open)
	p99 := quantile(open.Latencies, 0.99)
	report(goal{ID: "G2o", Figure: "consent PUT at a fixed 2,000 req/s (open loop), p99", Project: fmt.Sprintf("%s (p50 %s, %d errors)", ms(p99), ms(quantile(open.Latencies, 0.5)), open.Errors),
		Goal: "<= 10 ms", Met: p99 <= 10*time.Millisecond && open.Errors == 0})

	// G4: keep writing until 100k consent writes in all (or the time cap),
	// then read the write-ahead log's size.
	want := int64(100_000)
	if n, err := strconv.ParseInt(os.Getenv("PERF_G4_WRITES"), 10, 64); err == nil && n > 0 {
		want = n
	}
	written := p.count(b, `SELECT COUNT(*) FROM consent_decisions`)
	capAt := time.Now().Add(4 * time.Minute)
	for written < want && time.Now().Before(capAt) {
		r := closedLoop(64, 10*time.Second, d.next)
		written += r.OK
	}
	wal := p.walSize()
	report(goal{ID: "G4", Figure: fmt.Sprintf("WAL after %s consent writes", thousands(written)), Project: mib(wal),
		Goal: "<= 64 MiB after 100k writes", Met: wal <= 64<<20 && written >= want})
}

// cost sums the CPU time and the acknowledged requests of a few loads.
type cost struct {
	cpu, elapsed time.Duration
	ok           int64
}

func (c cost) add(r result) cost { return cost{c.cpu + r.CPU, c.elapsed + r.Elapsed, c.ok + r.OK} }

// per is the CPU time of one acknowledged request, in µs.
func (c cost) per() float64 { return float64(c.cpu/time.Microsecond) / float64(max(c.ok, 1)) }

func (c cost) String() string {
	return fmt.Sprintf("%.0f µs (%.2f cores)", c.per(), c.cpu.Seconds()/max(c.elapsed.Seconds(), 1e-9))
}
