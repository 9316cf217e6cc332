package perf

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	_ "github.com/mattn/go-sqlite3"
)

// yardstick is the least a server on this machine must do for the same
// work: the outside check's baseline handlers, written again here.
//
//	GET  /json   a bare Echo JSON answer, no middleware
//	POST /insert one raw prepared INSERT into SQLite (WAL, synchronous=NORMAL,
//	             one connection), as the baseline does
type yardstick struct {
	URL string
	db  *sql.DB
}

func startYardstick(tb testing.TB) *yardstick {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "yardstick.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS decisions (id INTEGER PRIMARY KEY, scene TEXT, performer TEXT, version INTEGER, decision TEXT, at TEXT)`); err != nil {
		tb.Fatal(err)
	}
	stmt, err := db.Prepare(`INSERT INTO decisions (scene, performer, version, decision, at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/json", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.POST("/insert", func(c echo.Context) error {
		var in struct {
			Version  int    `json:"version"`
			Decision string `json:"decision"`
		}
		if err := c.Bind(&in); err != nil {
			return err
		}
		if _, err := stmt.Exec("scene", "performer", in.Version, in.Decision, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"state": in.Decision, "version": in.Version})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			tb.Error(err)
		}
	}()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		_ = stmt.Close()
		_ = db.Close()
	})
	return &yardstick{URL: "http://" + ln.Addr().String(), db: db}
}
