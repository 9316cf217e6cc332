package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// Direct statements. The few statements every consent decision runs in
// SQLite's one writer (the key's claim and answer, the decision's two rows,
// the audit append) are fixed SQL run on the store's connection or
// transaction without GORM: GORM builds each statement's SQL again, reflects
// over its struct and runs its callbacks every time, which cost the writer
// more than SQLite did (G2). The driver keeps them prepared (SQLite's
// statement cache, pgx's), and they are counted by CountStatements like the
// rest.
//
// They never write to what the access memo keeps (access_memo.go): the
// memo learns of writes from GORM's callbacks, which these skip. directSQL
// refuses such a statement when it is made, at start, unless it is marked
// neutral (the audit chain's head).

// directSQL is one fixed statement, in each dialect's placeholders.
type directSQL struct {
	sqlite, postgres string
}

// direct makes a statement from SQL written with ? placeholders (and no ?
// in literals). It panics when the statement names a table the access memo
// keeps: a program error, found when the package loads.
func direct(query string) directSQL {
	for _, t := range accessTables {
		if containsFold(query, t) {
			panic(fmt.Sprintf("storage: direct statement names %s, which the access memo keeps: %s", t, query))
		}
	}
	return directNeutral(query)
}

// shapes keeps the statements made at run time from a few shapes (a number
// of rows or conditions), checked and translated once each. Only short ones
// are kept: a long statement inserts many rows, which its making costs
// little beside.
var shapes sync.Map // SQL with ? placeholders → directSQL

const maxShape = 1024

// directShape is direct for a statement made at run time.
func directShape(query string) directSQL {
	if q, ok := shapes.Load(query); ok {
		return q.(directSQL)
	}
	q := direct(query)
	if len(query) <= maxShape {
		shapes.Store(query, q)
	}
	return q
}

// directRead is direct for a SELECT, which may read any table (reads never
// move the access memo).
func directRead(query string) directSQL {
	if !hasPrefixFold(strings.TrimSpace(query), "select") {
		panic("storage: directRead takes a SELECT: " + query)
	}
	return directNeutral(query)
}

// directNeutral is direct for a statement that names a table the access
// memo keeps without changing anything the memo reads.
func directNeutral(query string) directSQL {
	var pg strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			pg.WriteString("$" + strconv.Itoa(n))
			continue
		}
		pg.WriteRune(r)
	}
	return directSQL{sqlite: query, postgres: pg.String()}
}

// prepare returns the connection or transaction for ctx (see with) and the
// statement in its dialect, counting the statement.
func (s *Store) prepare(ctx context.Context, q directSQL) (gorm.ConnPool, context.Context, string) {
	db, ctx := s.bind(ctx)
	s.counters.count(ctx)
	if s.postgres {
		return db.Statement.ConnPool, ctx, q.postgres
	}
	return db.Statement.ConnPool, ctx, q.sqlite
}

// execDirect runs q and returns the rows it changed. Errors are translated
// as GORM's are (a unique violation is gorm.ErrDuplicatedKey).
func (s *Store) execDirect(ctx context.Context, q directSQL, args ...any) (int64, error) {
	pool, qctx, text := s.prepare(ctx, q)
	res, err := pool.ExecContext(qctx, text, args...)
	if err != nil {
		return 0, s.translateDriver(err)
	}
	return res.RowsAffected()
}

// queryRowDirect runs q, which returns at most one row, and scans it into
// dest. No row is gorm.ErrRecordNotFound.
func (s *Store) queryRowDirect(ctx context.Context, q directSQL, args []any, dest ...any) error {
	pool, qctx, text := s.prepare(ctx, q)
	err := pool.QueryRowContext(qctx, text, args...).Scan(dest...)
	if err == sql.ErrNoRows {
		return gorm.ErrRecordNotFound
	}
	if err != nil {
		return s.translateDriver(err)
	}
	return nil
}

// queryDirect runs q and calls each for every row it returns.
func (s *Store) queryDirect(ctx context.Context, q directSQL, args []any, each func(*sql.Rows) error) error {
	pool, qctx, text := s.prepare(ctx, q)
	rows, err := pool.QueryContext(qctx, text, args...)
	if err != nil {
		return s.translateDriver(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return s.translateDriver(rows.Err())
}

// insertRows inserts rows with multi-row statements of at most bulkChunk
// rows each: insert is "INSERT INTO table (columns) VALUES " and every row
// has one value per column.
func (s *Store) insertRows(ctx context.Context, insert string, rows [][]any) error {
	for start := 0; start < len(rows); start += bulkChunk {
		chunk := rows[start:min(start+bulkChunk, len(rows))]
		row := "(" + placeholders(len(chunk[0])) + ")"
		var q strings.Builder
		q.WriteString(insert)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for i, r := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(row)
			args = append(args, r...)
		}
		if _, err := s.execDirect(ctx, directShape(q.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

// placeholders is n placeholders, separated by commas.
func placeholders(n int) string {
	return "?" + strings.Repeat(", ?", n-1)
}

// translateDriver maps a driver error as GORM's TranslateError does.
func (s *Store) translateDriver(err error) error {
	if err == nil {
		return nil
	}
	if t, ok := s.db.Dialector.(gorm.ErrorTranslator); ok {
		return t.Translate(err)
	}
	return err
}
