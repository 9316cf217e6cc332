-- Idempotency keys, leased and bound to the request: only a hash of the raw
-- key is kept, with the fingerprint (SHA-256 of method, path and body) the key
-- was first used for. A running request holds a lease (lease_token, until
-- lease_until) that a retry takes over once it ran out; status 0 is running,
-- -1 committed with the answer not stored yet, otherwise the HTTP status of
-- the stored answer. body is the answer encrypted (base64 of nonce ||
-- AES-256-GCM ciphertext) under a key derived from the server secret and the
-- raw key. Stored answers are ephemeral (24 h): the old table is dropped.

-- +goose Up
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_hash     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    lease_token  TEXT NOT NULL,
    lease_until  TIMESTAMP NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key_hash)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
