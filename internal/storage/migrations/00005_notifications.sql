-- Notifications: the in-app inbox (the record), browsers' push subscriptions,
-- and the outbox of push jobs the worker delivers (they survive restarts).

-- +goose Up
CREATE TABLE push_subscriptions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);

CREATE TABLE notifications (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type          TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    url           TEXT NOT NULL,
    production_id TEXT NULL,
    scene_id      TEXT NULL,
    created_at    TIMESTAMP NOT NULL,
    read_at       TIMESTAMP NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE push_jobs (
    id              TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
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
CREATE INDEX push_jobs_due ON push_jobs (status, next_attempt_at);

-- +goose Down
DROP TABLE push_jobs;
DROP TABLE notifications;
DROP TABLE push_subscriptions;
