package app

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logFlushInterval is how long a request's log line may wait in memory.
const logFlushInterval = 100 * time.Millisecond

// logWriter is the log's output: written through until the server listens
// (start-up lines, interleaved with what is printed directly, keep their
// order), then buffered and flushed every 100 ms, when 64 KiB have gathered,
// after any WARN or ERROR line, and at shutdown — so that one line per
// request costs no write system call of its own. A crash can lose at most the
// last 100 ms of INFO lines.
type logWriter struct {
	mu       sync.Mutex
	out      io.Writer
	buf      *bufio.Writer
	buffered bool
}

func newLogWriter(out io.Writer) *logWriter {
	return &logWriter{out: out, buf: bufio.NewWriterSize(out, 64<<10)}
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.buffered {
		return l.out.Write(p)
	}
	return l.buf.Write(p)
}

// Buffer starts buffering.
func (l *logWriter) Buffer() {
	l.mu.Lock()
	l.buffered = true
	l.mu.Unlock()
}

// Flush writes out what is buffered.
func (l *logWriter) Flush() {
	l.mu.Lock()
	_ = l.buf.Flush()
	l.mu.Unlock()
}

// Run flushes every logFlushInterval until ctx ends, then once more.
func (l *logWriter) Run(ctx context.Context) {
	t := time.NewTicker(logFlushInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			l.Flush()
			return
		case <-t.C:
			l.Flush()
		}
	}
}

// flushOnWarn is a handler that flushes the log writer after every line at
// WARN or above: failures are written at once.
type flushOnWarn struct {
	slog.Handler
	w *logWriter
}

func (h flushOnWarn) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.w.Flush()
	}
	return err
}

func (h flushOnWarn) WithAttrs(as []slog.Attr) slog.Handler {
	return flushOnWarn{h.Handler.WithAttrs(as), h.w}
}

func (h flushOnWarn) WithGroup(name string) slog.Handler {
	return flushOnWarn{h.Handler.WithGroup(name), h.w}
}
