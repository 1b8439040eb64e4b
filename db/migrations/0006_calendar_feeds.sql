-- L2: each person's calendar of their webinars is read by calendar applications, which cannot
-- log in: it is served at a secret address, /feeds/people/<token>.ics. Only the token's SHA-256
-- is stored; issuing a new one replaces the old (a leaked address is revoked by reissuing).
CREATE TABLE calendar_feeds (
  person_id  INTEGER PRIMARY KEY REFERENCES people(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL
);
