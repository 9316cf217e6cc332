package storage

import (
	"fmt"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

var statementCounters atomic.Int64

// CountStatements counts the SQL statements this store issues from now on
// (queries, raw reads and writes) until stop is called; count reports how
// many so far. Tests use it to prove that coverage reads a constant number of
// queries however many scenes there are.
func (s *Store) CountStatements() (count func() int, stop func()) {
	var n atomic.Int64
	name := fmt.Sprintf("closedset:count_statements_%d", statementCounters.Add(1))
	var procs []interface {
		Register(string, func(*gorm.DB)) error
		Remove(string) error
	}
	for _, db := range []*gorm.DB{s.db, s.read} { // the writer and the read pool
		if db == nil {
			continue
		}
		cb := db.Callback()
		procs = append(procs, cb.Query().After("gorm:query"), cb.Row().After("gorm:row"), cb.Raw().After("gorm:raw"),
			cb.Create().After("gorm:create"), cb.Update().After("gorm:update"), cb.Delete().After("gorm:delete"))
	}
	for _, p := range procs {
		_ = p.Register(name, func(db *gorm.DB) {
			if !db.DryRun { // a subquery is built by a dry run: not a statement of its own
				n.Add(1)
			}
		})
	}
	var once sync.Once
	return func() int { return int(n.Load()) }, func() {
		once.Do(func() {
			for _, p := range procs {
				_ = p.Remove(name)
			}
		})
	}
}
