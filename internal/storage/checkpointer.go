package storage

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Checkpoints (SQLite). In WAL mode every commit appends the pages it
// changed to the write-ahead log, and a checkpoint copies them back into the
// database file and syncs it. SQLite runs one, by default, in the committing
// connection whenever the log reaches 1,000 pages: inside the one writer,
// where every transaction waiting for the next group waits for it too (a
// consent decision changes several pages; under load that was a checkpoint
// many times a second, each a few ms of copying and two fsyncs).
//
// Here a connection of its own copies the log back in the background
// (PRAGMA wal_checkpoint(PASSIVE): it never blocks the writer or readers)
// a few times a second while the log grows. The writer still checkpoints
// itself when the log reaches writerCheckpointPages, as SQLite does; by then
// nearly everything is copied already, so its turn is short, and the next
// write starts the log again from the beginning (SQLite restarts a log that
// is fully copied back and not in use), which keeps the file small.

// writerCheckpointPages is the writer's own checkpoint threshold
// (wal_autocheckpoint), in pages of 4 KiB.
const writerCheckpointPages = 1000

// checkpointEvery is how often the background connection checkpoints.
const checkpointEvery = 20 * time.Millisecond

type checkpointer struct {
	db     *sql.DB
	stop   chan struct{}
	wg     sync.WaitGroup
	closed sync.Once
	err    error
}

// checkpointDSN is the writer's DSN for the checkpointing connection.
func checkpointDSN(dsn string) (string, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", err
	}
	q.Del("_journal_mode")
	q.Set("_txlock", "deferred")
	return "file:" + path + "?" + q.Encode(), nil
}

func startCheckpointer(dsn string) (*checkpointer, error) {
	cdsn, err := checkpointDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(sqliteDriver, cdsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	c := &checkpointer{db: db, stop: make(chan struct{})}
	c.wg.Add(1)
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer c.wg.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		var busy, log, done int
		// A failure (the file busy, being closed) is tried again at the next
		// tick; the writer's own checkpoints still bound the log meanwhile.
		_ = c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
	}
}

// close stops the background checkpoints; a second call does nothing.
func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	c.closed.Do(func() {
		close(c.stop)
		c.wg.Wait()
		c.err = c.db.Close()
	})
	return c.err
}
