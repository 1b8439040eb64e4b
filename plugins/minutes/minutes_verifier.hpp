// R4 for minutes: does a set of minutes, as exported, match the log it was drawn from?
//
// A minutes document names its room, its meeting, its version and the event it was drawn
// through ({seq, hash}). The check recomputes the room's hash chain, replays its events up to
// that one through a fresh minutes plugin, and compares what it gets with the document: the
// content, its digest, the meeting log's last hash and the approval. `collegiald verify
// --minutes FILE` runs it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::plugins {

struct MinutesVerdict {
  bool matches = false;
  std::string message;  // what was checked, or the first difference found
};

// `rooms`: where the minutes' room's log is (the SQLite file, or the --store).
MinutesVerdict verify_minutes(const store::StoreLocation& rooms, const nlohmann::json& document);

// The same check for the public's minutes against the events the public received, whose chain
// the caller has verified (a records-request bundle, issue #20 §2): `events` are the room's
// public events in order from its first, without the closed sessions' (C3) — the events its
// public plugins fold.
MinutesVerdict verify_public_minutes(const std::vector<record::Event>& events, const nlohmann::json& document);

}  // namespace collegial::plugins
