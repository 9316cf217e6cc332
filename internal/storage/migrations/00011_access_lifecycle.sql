-- Access lifecycle (rules 13 and 14) and login limits that hold across
-- instances:
-- * idempotency_keys.production_id: the production whose access was checked
--   to produce a stored reply ('' when none); a replay re-checks membership.
-- * users.erased_at: set when a person deleted their account. The row (its
--   id) stays, because decisions, answers, signed riders and the audit chain
--   name it; name, e-mail and password are erased, and a token issued
--   before is refused.
-- * login_attempts: failed sign-ins counted per key ("ip:…" or
--   "email-ip:…"), so a limit holds on every instance sharing the database.

-- +goose Up
ALTER TABLE idempotency_keys ADD COLUMN production_id TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN erased_at TIMESTAMP NULL;

CREATE TABLE login_attempts (
    id         TEXT PRIMARY KEY,
    key_hash   TEXT NOT NULL,
    at         TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key_hash, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- +goose Down
DROP TABLE login_attempts;
ALTER TABLE users DROP COLUMN erased_at;
ALTER TABLE idempotency_keys DROP COLUMN production_id;
