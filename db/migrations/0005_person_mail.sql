-- L2: webinar reminders are e-mailed to each registrant through the same outbox as notices to
-- the media (N7), so they are durable, retried and visible to administrators the same way.
-- A registrant is a recipient of kind 'person' (one per body and address), which never
-- receives notices; the outlets that asked for notice are of kind 'media'.
ALTER TABLE media_subscribers ADD COLUMN kind TEXT NOT NULL DEFAULT 'media'
  CHECK (kind IN ('media', 'person'));
CREATE UNIQUE INDEX person_recipients ON media_subscribers(body_id, address) WHERE kind = 'person';
