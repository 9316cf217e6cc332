package storage

import (
	"context"
	"database/sql"
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
// after the writer's commits, at most every checkpointEvery: a little at a
// time while the log grows, nothing while nobody writes. The writer still checkpoints
// itself when the log reaches writerCheckpointPages, as SQLite does; by then
// nearly everything is copied already, so its turn is short, and the next
// write starts the log again from the beginning (SQLite restarts a log that
// is fully copied back and not in use), which keeps the file small.

// writerCheckpointPages is the writer's own checkpoint threshold
// (wal_autocheckpoint), in pages of 4 KiB.
const writerCheckpointPages = 1000

// checkpointEvery is how often, at most, the background connection
// checkpoints. Often, so that each copies little: at 2,000 decisions a
// second (G2o) the tail was about 10 ms with 20 ms between checkpoints, 8
// ms with 5 ms.
const checkpointEvery = 5 * time.Millisecond

type checkpointer struct {
	db     *sql.DB
	cue    chan struct{} // a commit since the last checkpoint (buffered 1)
	stop   chan struct{}
	wg     sync.WaitGroup
	closed sync.Once
	err    error
}

func startCheckpointer(dsn string) (*checkpointer, error) {
	cdsn, err := sideDSN(dsn, false)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(sqliteDriver, cdsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	c := &checkpointer{db: db, cue: make(chan struct{}, 1), stop: make(chan struct{})}
	c.wg.Add(1)
	go c.run()
	return c, nil
}

// committed tells the checkpointer that the writer committed; it never
// waits.
func (c *checkpointer) committed() {
	select {
	case c.cue <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer c.wg.Done()
	for {
		select {
		case <-c.stop:
			return
		case <-c.cue:
		}
		var busy, log, done int
		// A failure (the file busy, being closed) is tried again after the
		// next commit; the writer's own checkpoints bound the log meanwhile.
		_ = c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
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
