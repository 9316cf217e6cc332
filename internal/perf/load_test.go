package perf

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// client is the load generators' HTTP client: keep-alive connections, as
// many as the load asks for, and no transparent decompression (a request
// that wants gzip says so itself, as a browser does).
func client(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		MaxConnsPerHost:     0,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}}
}

// result is what one load measured.
type result struct {
	Elapsed   time.Duration
	OK        int64 // 2xx
	Errors    int64 // transport errors and answers ≥ 400
	ServerErr int64 // answers ≥ 500
	Locked    int64 // answers that mention "database is locked"
	Latencies []time.Duration
	CPU       time.Duration // the process's CPU time (user and system) during the load
}

func (r result) rate() float64 { return float64(r.OK) / r.Elapsed.Seconds() }

// processCPU is the CPU time this process has used (user and system, every
// thread: the server, the load generator, the garbage collector and SQLite).
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// request builds worker w's i-th request.
type request func(w, i int) *http.Request

// do sends one request, reads the whole answer and records it.
func do(c *http.Client, req *http.Request, ok, errs, srv, locked *atomic.Int64) {
	res, err := c.Do(req)
	if err != nil {
		errs.Add(1)
		return
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	switch {
	case res.StatusCode < 300:
		ok.Add(1)
	case res.StatusCode >= 500:
		srv.Add(1)
		errs.Add(1)
	default:
		errs.Add(1)
	}
	if res.StatusCode >= 400 && containsLocked(body) {
		locked.Add(1)
	}
}

func containsLocked(b []byte) bool {
	const s = "database is locked"
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}

// closedLoop runs conns workers for d, each sending its next request as soon
// as the last one is answered (as wrk does).
func closedLoop(conns int, d time.Duration, next request) result {
	c := client(conns)
	defer c.CloseIdleConnections()
	var ok, errs, srv, locked atomic.Int64
	lat := make([][]time.Duration, conns)
	start, cpu := time.Now(), processCPU()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				do(c, next(w, i), &ok, &errs, &srv, &locked)
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	r := result{Elapsed: time.Since(start), OK: ok.Load(), Errors: errs.Load(), ServerErr: srv.Load(), Locked: locked.Load(),
		CPU: processCPU() - cpu}
	for _, l := range lat {
		r.Latencies = append(r.Latencies, l...)
	}
	return r
}

// openLoop sends requests at a fixed rate for d, whatever the answers take
// (no coordinated omission): each request's latency counts from the moment
// it was due, so a server that falls behind shows it in the tail. workers
// bounds the requests in flight (they queue in the generator beyond that,
// and the queueing counts).
func openLoop(ctx context.Context, perSecond int, d time.Duration, workers int, next request) result {
	c := client(workers)
	defer c.CloseIdleConnections()
	var ok, errs, srv, locked atomic.Int64
	type job struct {
		i   int
		due time.Time
	}
	jobs := make(chan job, perSecond*int(d/time.Second+1))
	lat := make([][]time.Duration, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				do(c, next(w, j.i), &ok, &errs, &srv, &locked)
				lat[w] = append(lat[w], time.Since(j.due))
			}
		}()
	}
	start := time.Now()
	total := int(d.Seconds() * float64(perSecond))
	interval := time.Second / time.Duration(perSecond)
	for i := range total {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		jobs <- job{i: i, due: due}
	}
	close(jobs)
	wg.Wait()
	r := result{Elapsed: time.Since(start), OK: ok.Load(), Errors: errs.Load(), ServerErr: srv.Load(), Locked: locked.Load()}
	for _, l := range lat {
		r.Latencies = append(r.Latencies, l...)
	}
	return r
}
