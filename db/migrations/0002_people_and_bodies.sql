-- People and power (rules B1-B7): cooperatives, their member entities, their bodies, people,
-- memberships with roles and terms, and the credentials people and bots use.

CREATE TABLE cooperatives (
  id    INTEGER PRIMARY KEY,
  slug  TEXT NOT NULL UNIQUE,          -- "rec6"
  name  TEXT NOT NULL
);

-- B1/B2: school districts, state agencies and state institutions; each in at most one
-- cooperative at a time (one column, so "at most one" holds by construction).
CREATE TABLE entities (
  id             INTEGER PRIMARY KEY,
  slug           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('district', 'state_agency', 'state_institution')),
  cooperative_id INTEGER REFERENCES cooperatives(id)
);

-- A cooperative's council (B1), its committees (B6) and its learning circles (L1).
CREATE TABLE bodies (
  id                    INTEGER PRIMARY KEY,
  cooperative_id        INTEGER NOT NULL REFERENCES cooperatives(id),
  slug                  TEXT NOT NULL UNIQUE,  -- also the name of the body's standing room
  name                  TEXT NOT NULL,
  kind                  TEXT NOT NULL CHECK (kind IN ('council', 'committee', 'learning_circle')),
  parent_body_id        INTEGER REFERENCES bodies(id),      -- committees: the council
  quorum_rule           TEXT NOT NULL DEFAULT 'majority_of_voting_members',  -- B5
  small_board           TEXT NOT NULL DEFAULT 'auto'        -- M1/M8: auto = on for 12 or fewer
                        CHECK (small_board IN ('auto', 'on', 'off')),
  remote_counts         INTEGER NOT NULL DEFAULT 1,         -- Q1
  designees_count       INTEGER NOT NULL DEFAULT 0,         -- B7: off unless the by-laws say so
  notice_regular_days   INTEGER NOT NULL DEFAULT 10,        -- N2
  notice_special_days   INTEGER NOT NULL DEFAULT 3,
  notice_emergency_hours INTEGER NOT NULL DEFAULT 24,
  time_zone             TEXT NOT NULL DEFAULT 'America/Denver',
  public                INTEGER NOT NULL DEFAULT 1          -- N1: open meetings are public
);

CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  password_hash TEXT,                  -- scrypt; NULL until the invitation is accepted
  is_admin      INTEGER NOT NULL DEFAULT 0,
  created_ms    INTEGER NOT NULL
);

-- A person's seat or role in a body for a term. A superintendent's council seat names the
-- entity they represent; the seat ends when the entity leaves the cooperative.
CREATE TABLE memberships (
  id         INTEGER PRIMARY KEY,
  body_id    INTEGER NOT NULL REFERENCES bodies(id),
  person_id  INTEGER NOT NULL REFERENCES people(id),
  role       TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'voting_member',
                                           'non_voting_member', 'clerk', 'facilitator',
                                           'participant')),
  entity_id  INTEGER REFERENCES entities(id),
  starts_ms  INTEGER NOT NULL,
  ends_ms    INTEGER                   -- NULL: open-ended
);
CREATE INDEX memberships_by_person ON memberships(person_id);
CREATE INDEX memberships_by_body ON memberships(body_id);

-- Login sessions. Only the SHA-256 of the token is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES people(id),
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  revoked_ms INTEGER
) WITHOUT ROWID;

-- Invitation links for new members: accepting one sets the person's password.
CREATE TABLE invitations (
  token_hash  TEXT PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  created_ms  INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL,
  accepted_ms INTEGER
) WITHOUT ROWID;

-- Outside bots: a token limited to named bodies.
CREATE TABLE bots (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);
CREATE TABLE bot_scopes (
  bot_id  INTEGER NOT NULL REFERENCES bots(id),
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  PRIMARY KEY (bot_id, body_id)
) WITHOUT ROWID;

-- A room belongs to a body (its standing room or a meeting's room); rooms without a body are
-- open demo rooms.
ALTER TABLE rooms ADD COLUMN body_id INTEGER REFERENCES bodies(id);
