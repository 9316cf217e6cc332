package perf

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"closedset/internal/app"
	"closedset/internal/auth"
	"closedset/internal/storage"
)

const (
	perfSecret = "perf-secret-perf-secret-perf-secret-0123"
	perfIssuer = "http://perf.closedset.test"
)

// project is Closed Set itself, as the binary runs it (app.Run, real HTTP
// listener, SQLite file), over a database seeded before it starts.
type project struct {
	URL    string
	DBPath string
	tokens *auth.Tokens
}

// startProject seeds a fresh SQLite file with seed, then runs the app on it.
func startProject(tb testing.TB, seed func(st *storage.Store)) *project {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "closedset.db")
	st, err := storage.Open("file:"+path, storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.Migrate(context.Background(), 0); err != nil {
		tb.Fatal(err)
	}
	seed(st)
	if err := st.Close(); err != nil {
		tb.Fatal(err)
	}
	vars := map[string]string{
		"CLOSEDSET_ADDR":       "127.0.0.1:0",
		"CLOSEDSET_DATABASE":   "file:" + path,
		"CLOSEDSET_JWT_SECRET": perfSecret,
		"CLOSEDSET_PUBLIC_URL": perfIssuer,
		"CLOSEDSET_DEMO":       "false",
	}
	out := &firstLines{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx, []string{"closedset"}, func(k string) string { return vars[k] }, out) }()
	listen := regexp.MustCompile(`msg=listening addr=(\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listen.FindStringSubmatch(out.String()); m != nil {
			out.stop()
			tb.Cleanup(func() {
				cancel()
				select {
				case <-done:
				case <-time.After(30 * time.Second):
					tb.Error("the app did not stop")
				}
			})
			return &project{URL: "http://" + m[1], DBPath: path, tokens: auth.NewTokens([]byte(perfSecret), perfIssuer, time.Now)}
		}
		select {
		case err := <-done:
			cancel()
			tb.Fatalf("the app stopped: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			tb.Fatalf("the app did not start:\n%s", out.String())
		}
	}
}

// token mints an access token for userID, as signing in would.
func (p *project) token(tb testing.TB, userID string) string {
	tok, _, err := p.tokens.Issue(userID)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// count runs a COUNT query on the project's database, beside the app.
func (p *project) count(tb testing.TB, query string, args ...any) int64 {
	db, err := sql.Open("sqlite3", "file:"+p.DBPath+"?_busy_timeout=5000")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// walSize is the size of the project's write-ahead log now.
func (p *project) walSize() int64 {
	fi, err := os.Stat(p.DBPath + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// firstLines keeps what the app logs until stop, then drops it (a load
// must not measure a growing buffer).
type firstLines struct {
	mu      sync.Mutex
	b       bytes.Buffer
	stopped bool
}

func (f *firstLines) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.stopped {
		f.b.Write(p)
	}
	return len(p), nil
}

func (f *firstLines) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.b.String()
}

func (f *firstLines) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = true
	f.b.Reset()
}
