-- On-set check-ins with one response row per addressed performer, and
-- debriefs with their participants.

-- +goose Up
CREATE TABLE checkins (
    id            TEXT PRIMARY KEY,
    scene_id      TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    reason        TEXT NOT NULL,
    requested_by  TEXT NOT NULL REFERENCES users (id),
    requested_at  TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    closed_at     TIMESTAMP NULL
);
CREATE INDEX checkins_scene ON checkins (scene_id, requested_at);
CREATE INDEX checkins_open ON checkins (closed_at, expires_at);

CREATE TABLE checkin_responses (
    checkin_id  TEXT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id),
    answer      TEXT NOT NULL DEFAULT '' CHECK (answer IN ('', 'ok', 'pause', 'stop', 'no_response')),
    answered_at TIMESTAMP NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (checkin_id, user_id)
);
CREATE INDEX checkin_responses_user ON checkin_responses (user_id);

CREATE TABLE debriefs (
    id           TEXT PRIMARY KEY,
    scene_id     TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    scheduled_at TIMESTAMP NOT NULL,
    location     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled')),
    notes        TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX debriefs_scene ON debriefs (scene_id);

CREATE TABLE debrief_participants (
    debrief_id TEXT NOT NULL REFERENCES debriefs (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (debrief_id, user_id)
);
CREATE INDEX debrief_participants_user ON debrief_participants (user_id);

-- +goose Down
DROP TABLE debrief_participants;
DROP TABLE debriefs;
DROP TABLE checkin_responses;
DROP TABLE checkins;
