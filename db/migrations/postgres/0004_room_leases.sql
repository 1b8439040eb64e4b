-- A lease per room for several nodes on one database (docs/architecture.md, "Several nodes"):
-- the node that holds a room's unexpired lease folds its commands. The epoch rises at every
-- change of holder, and an append made for a lease carries its epoch, which the append's guard
-- compares with this row (fencing): a node that lost the lease while paused cannot write, whatever
-- its clock says. Expiry is PostgreSQL's clock, the one clock every node shares.
CREATE TABLE room_leases (
  room_id    BIGINT PRIMARY KEY REFERENCES rooms(id),
  node       TEXT   NOT NULL,
  epoch      BIGINT NOT NULL CHECK (epoch >= 1),
  expires_ms BIGINT NOT NULL
);
