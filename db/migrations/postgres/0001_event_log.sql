-- The event log on PostgreSQL (--store postgres:URL): the same tables and promises as the SQLite
-- file's migrations 0001, 0007 and 0009 (docs/architecture.md, "The event store's engines").
-- Every room is an append-only, hash-chained sequence of events; rooms.head_seq/head_hash always
-- equal the room's last event, moved in the same transaction by a guarded UPDATE, so a fork is
-- refused by the database and a truncated log is caught by `collegiald verify`.
-- The directory (bodies, people) is not here: rooms.body_id names a body of the node's SQLite
-- file, with no foreign key across the two.

CREATE TABLE rooms (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT   NOT NULL UNIQUE,
  created_ms BIGINT NOT NULL,
  head_seq   BIGINT NOT NULL DEFAULT 0,
  head_hash  TEXT   NOT NULL,
  body_id    BIGINT
);

-- C3: salt is the v2 chain encoding's secret (empty for a v1 event copied from an old file).
CREATE TABLE events (
  room_id   BIGINT NOT NULL REFERENCES rooms(id),
  seq       BIGINT NOT NULL CHECK (seq >= 1),
  ts_ms     BIGINT NOT NULL,
  actor     TEXT   NOT NULL,
  type      TEXT   NOT NULL,
  body      TEXT   NOT NULL,
  prev_hash TEXT   NOT NULL,
  hash      TEXT   NOT NULL,
  salt      TEXT   NOT NULL DEFAULT '',
  PRIMARY KEY (room_id, seq)
);

-- Snapshots of rooms' folded state: derived from the log, never part of the record, taken up
-- only after their checksum and the hash of the event they were taken at check out.
CREATE TABLE room_snapshots (
  room_id  BIGINT NOT NULL REFERENCES rooms(id),
  seq      BIGINT NOT NULL,
  hash     TEXT   NOT NULL,
  state    BYTEA  NOT NULL,
  checksum TEXT   NOT NULL,
  taken_ms BIGINT NOT NULL,
  PRIMARY KEY (room_id, seq)
);
