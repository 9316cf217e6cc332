-- The consent core: scenes and their cast, immutable choreography versions,
-- consent as an append-only history plus a current-state row per cast member,
-- versioned riders, and performers' private boundaries. JSON arrays are TEXT.

-- +goose Up
CREATE TABLE scenes (
    id              TEXT PRIMARY KEY,
    production_id   TEXT NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    number          TEXT NOT NULL,
    title           TEXT NOT NULL,
    synopsis        TEXT NOT NULL DEFAULT '',
    call_time       TIMESTAMP NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    content_tags    TEXT NOT NULL DEFAULT '[]',
    coordinator_id  TEXT NULL REFERENCES users (id),
    status          TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'shot', 'wrapped')),
    closed_set      TEXT NOT NULL DEFAULT '[]',
    current_version INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (production_id, number)
);
CREATE INDEX scenes_production_call ON scenes (production_id, call_time);

CREATE TABLE cast_members (
    scene_id       TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users (id),
    character_name TEXT NOT NULL,
    minor          BOOLEAN NOT NULL DEFAULT FALSE,
    guardian_name  TEXT NOT NULL DEFAULT '',
    double_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    stills_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (scene_id, user_id)
);
CREATE INDEX cast_members_user ON cast_members (user_id);

CREATE TABLE choreography_versions (
    scene_id     TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    summary      TEXT NOT NULL,
    steps        TEXT NOT NULL,
    flags        TEXT NOT NULL DEFAULT '[]',
    published_at TIMESTAMP NOT NULL,
    published_by TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (scene_id, version)
);

CREATE TABLE consent_decisions (
    id               TEXT PRIMARY KEY,
    scene_id         TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id),
    version          INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('confirmed', 'declined', 'withdrawn')),
    note             TEXT NOT NULL DEFAULT '',
    decided_at       TIMESTAMP NOT NULL,
    post_photography BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX consent_decisions_scene_user ON consent_decisions (scene_id, user_id, decided_at);

CREATE TABLE consents (
    scene_id         TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id),
    state            TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'declined', 'withdrawn')),
    version          INTEGER NULL,
    note             TEXT NOT NULL DEFAULT '',
    decided_at       TIMESTAMP NULL,
    post_photography BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (scene_id, user_id)
);

CREATE TABLE riders (
    scene_id       TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users (id),
    version        INTEGER NOT NULL,
    nudity         TEXT NOT NULL,
    visible_areas  TEXT NOT NULL DEFAULT '[]',
    acts           TEXT NOT NULL DEFAULT '[]',
    stills_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    double_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    footage_limits TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL REFERENCES users (id),
    signed_at      TIMESTAMP NULL,
    signed_name    TEXT NOT NULL DEFAULT '',
    text_hash      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scene_id, user_id, version)
);

CREATE TABLE boundaries (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    production_id TEXT NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    scene_id      TEXT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('no_contact', 'max_nudity', 'note')),
    areas         TEXT NOT NULL DEFAULT '[]',
    max_nudity    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX boundaries_user_production ON boundaries (user_id, production_id);
CREATE INDEX boundaries_production ON boundaries (production_id);

-- +goose Down
DROP TABLE boundaries;
DROP TABLE riders;
DROP TABLE consents;
DROP TABLE consent_decisions;
DROP TABLE choreography_versions;
DROP TABLE cast_members;
DROP TABLE scenes;
