// Package perf holds the goal benchmarks of `make bench`: each goal of the
// performance issue measured against its yardstick in the same run, on the
// same machine state, and printed as one GOAL line
// (GOAL|id|figure|project|yardstick|ratio|goal|met) that the Makefile turns
// into a table. The yardsticks are the handlers of the outside check
// (a bare Echo JSON handler; one raw prepared SQLite insert per request with
// the same SQLite settings), written again here so the project never reads
// anything outside itself.
//
// Everything lives in _test files: run it with
//
//	go test -run '^$' -bench Goal -benchtime 1x ./internal/perf/
package perf
