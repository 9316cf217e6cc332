package storage

import "gorm.io/gorm"

// afterStatements registers, under name, write after each of GORM's
// writing processors (create, update, delete, raw) and query after its
// reading ones (query, row), on every statement of db.
func afterStatements(db *gorm.DB, name string, write, query func(*gorm.DB)) error {
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register(name, write),
		cb.Update().After("gorm:update").Register(name, write),
		cb.Delete().After("gorm:delete").Register(name, write),
		cb.Raw().After("gorm:raw").Register(name, write),
		cb.Query().After("gorm:query").Register(name, query),
		cb.Row().After("gorm:row").Register(name, query),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
