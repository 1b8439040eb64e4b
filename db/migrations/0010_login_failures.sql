-- Failed logins, counted in the house's database rather than in one process's memory, so that
-- every node behind a balancer slows the same guesser and a restart forgives nobody
-- (auth/login_failures.hpp). kind: pair (account and address), address, account.
CREATE TABLE login_failures (
  kind            TEXT NOT NULL CHECK (kind IN ('pair', 'address', 'account')),
  who             TEXT NOT NULL,
  failures        INTEGER NOT NULL,
  last_failure_ms INTEGER NOT NULL,
  PRIMARY KEY (kind, who)
) WITHOUT ROWID;
CREATE INDEX login_failures_by_age ON login_failures(last_failure_ms);
