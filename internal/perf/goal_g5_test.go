package perf

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// BenchmarkGoalG5 — a producer's coverage of 1,000 scenes × 20 cast, one
// reader asking for gzip as browsers do; then G5w: the same while 16
// connections keep writing consent.
func BenchmarkGoalG5(b *testing.B) {
	var fx storagetest.CoverageFixture
	p := startProject(b, func(st *storage.Store) {
		fx = storagetest.SeedCoverage(b, st, 1000, 20, time.Now().Add(24*time.Hour))
	})
	tok := p.token(b, fx.ProducerID)
	coverage := func(int, int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, p.URL+"/api/v1/productions/"+fx.ProductionID+"/coverage", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("Accept-Encoding", "gzip, deflate, br")
		return r
	}
	closedLoop(1, time.Second, coverage)
	alone := closedLoop(1, seconds(), coverage)
	p99 := quantile(alone.Latencies, 0.99)
	report(goal{ID: "G5", Figure: "coverage 1,000 scenes x 20 cast, one reader, p99",
		Project: fmt.Sprintf("%s (p50 %s, %d errors)", ms(p99), ms(quantile(alone.Latencies, 0.5)), alone.Errors),
		Goal:    "<= 15 ms", Met: p99 <= 15*time.Millisecond && alone.Errors == 0})

	// 16 writers, each a performer deciding on their own scene.
	writers := make([]*deciders, 16)
	for w := range writers {
		writers[w] = newDeciders(b, p, fx.SceneIDs[w], fx.PerformerIDs[w:w+1])
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var wrote, failed int64
	var mu sync.Mutex
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r := closedLoop(1, 500*time.Millisecond, writers[w].next)
				mu.Lock()
				wrote, failed = wrote+r.OK, failed+r.Errors
				mu.Unlock()
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	under := closedLoop(1, seconds(), coverage)
	close(stop)
	wg.Wait()
	p99w := quantile(under.Latencies, 0.99)
	report(goal{ID: "G5w", Figure: "the same while 16 connections write consent, p99",
		Project: fmt.Sprintf("%s (p50 %s, %d errors; %d writes, %d failed)", ms(p99w), ms(quantile(under.Latencies, 0.5)), under.Errors, wrote, failed),
		Goal:    "<= 15 ms", Met: p99w <= 15*time.Millisecond && under.Errors == 0 && failed == 0})
}
