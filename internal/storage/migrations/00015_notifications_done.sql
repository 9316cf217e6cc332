-- Notifications become a to-do list as well as the record (issue 13):
-- * notifications.done_at: when the task a notification asks for was done
--   (answered, decided, signed, expired, superseded), or, for one that only
--   informs, when it was read. The inbox badge counts rows without it.
-- * notifications.subject_id: what the task is about beyond its scene — the
--   check-in (checkin.requested), the debrief (debrief.*), the performer whose
--   rider it is (rider.due) — so the change that completes it finds it. Never
--   shown: a notification has no person field (rule 12).
-- Rows from before are backfilled as well as what they hold allows.

-- +goose Up
ALTER TABLE notifications ADD COLUMN done_at TIMESTAMP NULL;
ALTER TABLE notifications ADD COLUMN subject_id TEXT NOT NULL DEFAULT '';
CREATE INDEX notifications_not_done ON notifications (user_id) WHERE done_at IS NULL;
CREATE INDEX notifications_task ON notifications (scene_id, type, subject_id) WHERE done_at IS NULL;

UPDATE notifications SET done_at = read_at
    WHERE read_at IS NOT NULL
    AND type IN ('consent.declined', 'consent.withdrawn', 'scene.blocked', 'checkin.alert', 'footage.review');

UPDATE notifications SET subject_id = COALESCE((SELECT c.id FROM checkins c
        WHERE notifications.url = '/productions/' || notifications.production_id || '/checkins/' || c.id), '')
    WHERE type = 'checkin.requested';
UPDATE notifications SET done_at = created_at
    WHERE type = 'checkin.requested' AND EXISTS (SELECT 1 FROM checkins c
        JOIN checkin_responses r ON r.checkin_id = c.id AND r.user_id = notifications.user_id
        WHERE c.id = notifications.subject_id AND (c.closed_at IS NOT NULL OR r.answered_at IS NOT NULL));

UPDATE notifications SET done_at = created_at
    WHERE type = 'choreography.published' AND EXISTS (SELECT 1 FROM notifications n
        WHERE n.type = 'choreography.published' AND n.user_id = notifications.user_id
        AND n.scene_id = notifications.scene_id AND n.created_at > notifications.created_at);

UPDATE notifications SET done_at = created_at
    WHERE type IN ('debrief.scheduled', 'debrief.updated') AND NOT EXISTS (SELECT 1 FROM debriefs d
        WHERE d.scene_id = notifications.scene_id AND d.status = 'scheduled');

UPDATE notifications SET done_at = created_at
    WHERE type = 'rider.due' AND NOT EXISTS (SELECT 1 FROM riders r
        WHERE r.scene_id = notifications.scene_id AND r.signed_at IS NULL
        AND (r.user_id = notifications.user_id OR notifications.url NOT LIKE '%/rider')
        AND NOT EXISTS (SELECT 1 FROM riders l WHERE l.scene_id = r.scene_id AND l.user_id = r.user_id AND l.version > r.version));

-- +goose Down
DROP INDEX notifications_task;
DROP INDEX notifications_not_done;
ALTER TABLE notifications DROP COLUMN subject_id;
ALTER TABLE notifications DROP COLUMN done_at;
