-- Snapshots of rooms' folded state (docs/architecture.md, "Snapshots"): a room loads from its
-- newest snapshot that checks out and the events after it, instead of replaying its whole log,
-- so a restart and a join cost the same after a year of meetings as after a week.
-- Not part of the record: a snapshot is derived from the log, may be deleted at any time (the
-- room then replays), and is taken up only after its checksum and the hash of the event it was
-- taken at are checked against the chain.
CREATE TABLE room_snapshots (
  room_id  INTEGER NOT NULL REFERENCES rooms(id),
  seq      INTEGER NOT NULL,   -- the last event folded into it
  hash     TEXT NOT NULL,      -- that event's hash, as the chain has it
  state    TEXT NOT NULL,      -- the room's state, JSON (core/room_snapshot.cpp)
  checksum TEXT NOT NULL,      -- lower-case hex SHA-256 of state
  taken_ms INTEGER NOT NULL,
  PRIMARY KEY (room_id, seq)
);
