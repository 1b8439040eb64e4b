-- N7: broadcast stations and newspapers that asked a body in writing receive every notice it
-- posts. Each such written request is a media subscriber of the body. Every notice posted in the
-- body's room while a subscriber is on file becomes one delivery to it, which the server's
-- deliverer (server/delivery/) sends by e-mail or webhook and retries until it is delivered or
-- given up. Rows are never deleted: they are the evidence that notice was given.

CREATE TABLE media_subscribers (
  id           INTEGER PRIMARY KEY,
  body_id      INTEGER NOT NULL REFERENCES bodies(id),
  name         TEXT NOT NULL,              -- the outlet: "KENW-TV", "Portales News-Tribune"
  channel      TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  address      TEXT NOT NULL,              -- an e-mail address, or the webhook's http(s) URL
  secret       TEXT,                       -- webhooks: the HMAC-SHA256 key of X-Collegial-Signature
  -- The date on the written request, as written: the evidence N7 turns on. Notices are owed
  -- from that day on (compared with the posting's day in the body's time zone).
  requested_on TEXT NOT NULL
               CHECK (requested_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- When the request was entered here. Only notices posted after it create deliveries, so
  -- replaying an old log never sends the notices of meetings long past to a new subscriber.
  recorded_ms  INTEGER NOT NULL,
  ended_ms     INTEGER                     -- the outlet withdrew its request; NULL while on file
);
CREATE INDEX media_subscribers_by_body ON media_subscribers(body_id);

CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  subscriber_id   INTEGER NOT NULL REFERENCES media_subscribers(id),
  -- The notice event, "room:seq". With the subscriber it makes taking a notice up idempotent:
  -- a room replays its whole log on load, and a replay must create nothing twice.
  source          TEXT NOT NULL,
  subject         TEXT NOT NULL,           -- the e-mail's subject
  text            TEXT NOT NULL,           -- the e-mail's plain text: the whole notice
  payload         TEXT NOT NULL,           -- the webhook's JSON body
  created_ms      INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,  -- counted when an attempt starts
  -- While pending: not before this time. An attempt in progress pushes it past the send's
  -- timeout, so a second deliverer (or one restarted after a crash mid-send) waits for it.
  next_attempt_ms INTEGER NOT NULL,
  last_error      TEXT,                    -- why the last attempt failed, or why it waits
  delivered_ms    INTEGER,
  UNIQUE (subscriber_id, source)
);
-- The deliverer's one question: which pending deliveries are due?
CREATE INDEX deliveries_due ON deliveries(next_attempt_ms) WHERE status = 'pending';
CREATE INDEX deliveries_by_source ON deliveries(source);
