package storage

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// goMigrations are the numbered migrations that one SQL file cannot write for
// both dialects (a trigger: SQLite writes its body inline, PostgreSQL needs a
// function). They sit among the SQL files by number.
func goMigrations(postgres bool) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(18, execAll(auditHeadUp(postgres)...), execAll(auditHeadDown(postgres)...)),
	}
}

func execAll(stmts ...string) *goose.GoFunc {
	return &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}}
}

// 00018: productions.audit_head follows the chain by itself. Appending an
// audit event is two statements (AppendAudit): bump the production's sequence
// and read its head in one UPDATE … RETURNING (which takes the row's write
// lock, so appends to one chain serialise), then insert the event; this
// trigger sets the head to the inserted event's hash in the same transaction.
func auditHeadUp(postgres bool) []string {
	if postgres {
		return []string{
			`CREATE FUNCTION audit_events_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE productions SET audit_head = NEW.hash WHERE id = NEW.production_id;
    RETURN NULL;
END $$`,
			`CREATE TRIGGER audit_events_head AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_head()`,
		}
	}
	return []string{`CREATE TRIGGER audit_events_head AFTER INSERT ON audit_events
BEGIN
    UPDATE productions SET audit_head = NEW.hash WHERE id = NEW.production_id;
END`}
}

func auditHeadDown(postgres bool) []string {
	if postgres {
		return []string{`DROP TRIGGER audit_events_head ON audit_events`, `DROP FUNCTION audit_events_head()`}
	}
	return []string{`DROP TRIGGER audit_events_head`}
}
