-- Push subscriptions are keyed by (user, endpoint), not by endpoint alone:
-- two accounts on one shared device each have their own row, and one user's
-- registration or deletion never changes or reveals another's. SQLite cannot
-- drop a column's UNIQUE constraint, so both tables are rebuilt (push_jobs
-- first copied, as dropping push_subscriptions would cascade to its jobs).

-- +goose Up
CREATE TABLE push_subscriptions_v2 (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint   TEXT NOT NULL,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, endpoint)
);
INSERT INTO push_subscriptions_v2 (id, user_id, endpoint, p256dh, auth, created_at)
    SELECT id, user_id, endpoint, p256dh, auth, created_at FROM push_subscriptions;
CREATE TABLE push_jobs_v2 (
    id              TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL REFERENCES push_subscriptions_v2 (id) ON DELETE CASCADE,
    payload         TEXT NOT NULL,
    ttl             INTEGER NOT NULL,
    urgency         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until     TIMESTAMP NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP NULL
);
INSERT INTO push_jobs_v2 (id, notification_id, subscription_id, payload, ttl, urgency, topic, status, attempts,
        next_attempt_at, lease_until, last_error, created_at, sent_at)
    SELECT id, notification_id, subscription_id, payload, ttl, urgency, topic, status, attempts,
        next_attempt_at, lease_until, last_error, created_at, sent_at FROM push_jobs;
DROP TABLE push_jobs;
DROP TABLE push_subscriptions;
ALTER TABLE push_subscriptions_v2 RENAME TO push_subscriptions;
ALTER TABLE push_jobs_v2 RENAME TO push_jobs;
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);
CREATE INDEX push_jobs_due ON push_jobs (status, next_attempt_at);

-- +goose Down
-- Back to one row per endpoint: of an endpoint's rows, the newest stays.
DELETE FROM push_subscriptions WHERE EXISTS (SELECT 1 FROM push_subscriptions n
    WHERE n.endpoint = push_subscriptions.endpoint
    AND (n.created_at > push_subscriptions.created_at OR n.created_at = push_subscriptions.created_at AND n.id > push_subscriptions.id));
CREATE TABLE push_subscriptions_v1 (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO push_subscriptions_v1 (id, user_id, endpoint, p256dh, auth, created_at)
    SELECT id, user_id, endpoint, p256dh, auth, created_at FROM push_subscriptions;
CREATE TABLE push_jobs_v1 (
    id              TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL REFERENCES push_subscriptions_v1 (id) ON DELETE CASCADE,
    payload         TEXT NOT NULL,
    ttl             INTEGER NOT NULL,
    urgency         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until     TIMESTAMP NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP NULL
);
INSERT INTO push_jobs_v1 (id, notification_id, subscription_id, payload, ttl, urgency, topic, status, attempts,
        next_attempt_at, lease_until, last_error, created_at, sent_at)
    SELECT id, notification_id, subscription_id, payload, ttl, urgency, topic, status, attempts,
        next_attempt_at, lease_until, last_error, created_at, sent_at FROM push_jobs;
DROP TABLE push_jobs;
DROP TABLE push_subscriptions;
ALTER TABLE push_subscriptions_v1 RENAME TO push_subscriptions;
ALTER TABLE push_jobs_v1 RENAME TO push_jobs;
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);
CREATE INDEX push_jobs_due ON push_jobs (status, next_attempt_at);
