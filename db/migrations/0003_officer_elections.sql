-- B3: the council elects its chair (and vice chair) from its members for the term its by-laws
-- set. An election is a motion decided in the body's room; the seat it gives records which
-- event gave it (`source`, "room:seq"), so taking the result up again after a crash or on a
-- replay changes nothing twice. Only the officer's own seat carries the source.
ALTER TABLE bodies ADD COLUMN officer_term_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE memberships ADD COLUMN source TEXT;
CREATE UNIQUE INDEX memberships_by_source ON memberships(source) WHERE source IS NOT NULL;
