-- auth_changes: the change log of what authenticating a request and GET /me
-- read (issue 14, read path). Every write that changes a user's access or
-- what /me shows — a membership added, its role changed or ended, a
-- production deleted (a row per member), sessions ended, an account erased —
-- appends rows in the same transaction. Each instance keeps users' state in
-- memory (internal/authcache) and polls this table (seq > last seen) to drop
-- what changed; rows older than a minute are pruned.
-- * auth_change_seq: one row, the last seq handed out. A writer takes the
--   next one with UPDATE … RETURNING, which holds the row's lock until its
--   commit, so seqs become visible in order on PostgreSQL too (a poller that
--   has seen seq n never misses a later commit with a lower one).
-- * production_id: the production whose membership changed ('' when none).
-- * at_ms: when it was written, in Unix milliseconds (for pruning).

-- +goose Up
CREATE TABLE auth_change_seq (
    id INTEGER PRIMARY KEY,
    n  BIGINT NOT NULL
);
INSERT INTO auth_change_seq (id, n) VALUES (1, 0);

CREATE TABLE auth_changes (
    seq           BIGINT NOT NULL,
    user_id       TEXT NOT NULL,
    production_id TEXT NOT NULL DEFAULT '',
    at_ms         BIGINT NOT NULL,
    PRIMARY KEY (seq, user_id)
);
CREATE INDEX auth_changes_at ON auth_changes (at_ms);

-- +goose Down
DROP TABLE auth_changes;
DROP TABLE auth_change_seq;
