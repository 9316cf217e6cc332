-- Rider reminders: when the "rider due within 24 h" notification went out
-- for a rider version, so it goes out once.

-- +goose Up
ALTER TABLE riders ADD COLUMN reminded_at TIMESTAMP NULL;

-- +goose Down
ALTER TABLE riders DROP COLUMN reminded_at;
