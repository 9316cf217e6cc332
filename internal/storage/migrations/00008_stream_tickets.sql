-- Single-use tickets for the live board stream (so no access token is put in
-- a URL). Kept in the database so any instance can redeem them.

-- +goose Up
CREATE TABLE stream_tickets (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    production_id TEXT NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    expires_at    TIMESTAMP NOT NULL,
    used_at       TIMESTAMP NULL
);

-- +goose Down
DROP TABLE stream_tickets;
