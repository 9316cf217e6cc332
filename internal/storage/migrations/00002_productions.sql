-- Productions, who belongs to them in which role, single-use invites, and the
-- hash-chained audit log (head kept on the production row so appends serialise).

-- +goose Up
CREATE TABLE productions (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    timezone     TEXT NOT NULL,
    notice_hours INTEGER NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    audit_seq    INTEGER NOT NULL DEFAULT 0,
    audit_head   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE memberships (
    production_id TEXT NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('producer', 'coordinator', 'performer')),
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (production_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invites (
    id            TEXT PRIMARY KEY,
    production_id TEXT NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('producer', 'coordinator', 'performer')),
    invited_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    accepted_at   TIMESTAMP NULL,
    accepted_by   TEXT NULL REFERENCES users (id)
);
CREATE INDEX invites_production ON invites (production_id);

CREATE TABLE audit_events (
    production_id TEXT NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    at            TIMESTAMP NOT NULL,
    actor_id      TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    data          TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (production_id, seq)
);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE invites;
DROP TABLE memberships;
DROP TABLE productions;
