-- C3: chain encoding v2. Each event's hash commits to a secret salt of its own (64 random hex
-- digits) stored here and sent only to those who may see the event, so the hash a closed
-- session's stand-in carries confirms no guess of the event's contents (docs/architecture.md,
-- "The hash chain"). Events written before this migration keep an empty salt: they are v1 and
-- keep verifying; every event written after it is v2.
ALTER TABLE events ADD COLUMN salt TEXT NOT NULL DEFAULT '';
