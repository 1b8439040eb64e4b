-- Signed checkpoints (docs/architecture.md, "Checkpoints and witnesses"). The server signs a
-- room's head (seq and hash) with its Ed25519 key at adjournments, posted notices, approved
-- minutes and periodically; copies held outside this file (the media's notices, minutes
-- documents, mirrors of /public/checkpoints.jsonl) let `collegiald verify --checkpoints` tell
-- that a log was truncated, rewritten or deleted even when its chain was re-hashed.

-- Every public key this server has signed with, so old checkpoints still verify after the key
-- is rotated. Published at /.well-known/collegial/checkpoint-key.json.
CREATE TABLE checkpoint_keys (
  key_id     TEXT PRIMARY KEY,   -- lower-case hex SHA-256 of the raw 32-byte public key
  public_pem TEXT NOT NULL,      -- SubjectPublicKeyInfo, PEM
  first_ms   INTEGER NOT NULL    -- when this server first signed with it
) WITHOUT ROWID;

-- The checkpoint feed, in the order it was made (id). Append-only: the server never updates or
-- deletes a row, and the triggers refuse it to anyone else who does not first drop them.
CREATE TABLE checkpoints (
  id        INTEGER PRIMARY KEY,
  room      TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  hash      TEXT NOT NULL,
  time_ms   INTEGER NOT NULL,
  reason    TEXT NOT NULL,       -- adjournment, notice, minutes, directory, periodic
  key_id    TEXT NOT NULL,
  statement TEXT NOT NULL,       -- the exact bytes signed
  signature TEXT NOT NULL        -- base64 of the 64-byte Ed25519 signature of statement
);
CREATE INDEX checkpoints_by_room ON checkpoints(room, id);
CREATE TRIGGER checkpoints_never_updated BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_never_deleted BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
