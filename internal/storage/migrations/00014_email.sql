-- E-mail (issue 12):
-- * users.email_notifications: when notifications are also e-mailed ('off',
--   'when_no_push', 'always').
-- * users.sessions_valid_after: access tokens issued at or before it are
--   refused (a password reset ends every session).
-- * push_subscriptions.failures: consecutive failed sends; a subscription is
--   working while it is below 3 (a 2xx resets it, 404/410 delete the row).
-- * mail_jobs: the e-mail outbox. The message (address, subject, parts,
--   links) is only in body, sealed with AES-256-GCM under a key derived from
--   the server secret, and set to NULL once sent or failed; to_hash is the
--   SHA-256 of the lower-cased address.
-- * password_resets: single-use reset tokens, stored as hashes.

-- +goose Up
ALTER TABLE users ADD COLUMN email_notifications TEXT NOT NULL DEFAULT 'when_no_push'
    CHECK (email_notifications IN ('off', 'when_no_push', 'always'));
ALTER TABLE users ADD COLUMN sessions_valid_after TIMESTAMP NULL;
ALTER TABLE push_subscriptions ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;

CREATE TABLE mail_jobs (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('invite', 'password_reset', 'notification')),
    user_id         TEXT NULL REFERENCES users (id) ON DELETE CASCADE,
    notification_id TEXT NULL REFERENCES notifications (id) ON DELETE SET NULL,
    to_hash         TEXT NOT NULL,
    body            TEXT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until     TIMESTAMP NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP NULL
);
CREATE INDEX mail_jobs_due ON mail_jobs (status, next_attempt_at);
CREATE INDEX mail_jobs_user ON mail_jobs (user_id);

CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- +goose Down
DROP TABLE password_resets;
DROP TABLE mail_jobs;
ALTER TABLE push_subscriptions DROP COLUMN failures;
ALTER TABLE users DROP COLUMN sessions_valid_after;
ALTER TABLE users DROP COLUMN email_notifications;
