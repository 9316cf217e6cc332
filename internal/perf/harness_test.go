package perf

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"
)

// goal is one line of the table `make bench` prints.
type goal struct {
	ID, Figure, Project, Yardstick, Ratio, Goal string
	Met                                         bool
}

// report prints g as a GOAL line on stdout (the Makefile collects them).
func report(g goal) {
	met := "no"
	if g.Met {
		met = "yes"
	}
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	fmt.Fprintf(os.Stdout, "GOAL|%s|%s|%s|%s|%s|%s|%s\n", g.ID, g.Figure, g.Project, dash(g.Yardstick), dash(g.Ratio), g.Goal, met)
}

// inform prints a figure kept for information (no goal) as an INFO line.
func inform(id, figure, value string) {
	fmt.Fprintf(os.Stdout, "INFO|%s|%s|%s\n", id, figure, value)
}

// seconds is how long each closed-loop load runs: PERF_SECONDS, default 5.
func seconds() time.Duration {
	if n, err := strconv.Atoi(os.Getenv("PERF_SECONDS")); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 5 * time.Second
}

func rate(v float64) string { return thousands(int64(v+0.5)) + " req/s" }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func percent(p float64) string { return fmt.Sprintf("%.0f %%", p*100) }

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// quantile returns the q-quantile (0..1) of ds, which it sorts.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := int(q*float64(len(ds)-1) + 0.5)
	return ds[i]
}

// median of a few figures (the interleaved rounds of one load).
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
