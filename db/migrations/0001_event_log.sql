-- The event log: every room is an append-only, hash-chained sequence of events.
-- rooms.head_seq/head_hash always equal the room's last event, updated in the same
-- transaction, so a truncated log (last events deleted) is detected by `collegiald verify`.

CREATE TABLE rooms (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL,
  head_seq   INTEGER NOT NULL DEFAULT 0,
  head_hash  TEXT    NOT NULL
);

CREATE TABLE events (
  room_id   INTEGER NOT NULL REFERENCES rooms(id),
  seq       INTEGER NOT NULL,
  ts_ms     INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  type      TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITHOUT ROWID;
