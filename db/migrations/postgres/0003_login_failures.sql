-- Failed logins, shared by every node (db/migrations/0010_login_failures.sql on SQLite).
CREATE TABLE login_failures (
  kind            TEXT NOT NULL CHECK (kind IN ('pair', 'address', 'account')),
  who             TEXT NOT NULL,
  failures        BIGINT NOT NULL,
  last_failure_ms BIGINT NOT NULL,
  PRIMARY KEY (kind, who)
);
CREATE INDEX login_failures_by_age ON login_failures(last_failure_ms);
