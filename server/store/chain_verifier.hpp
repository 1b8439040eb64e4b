// Recomputes every room's hash chain from the stored bytes (rule R4, `collegiald verify`).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/event.hpp"

namespace collegial::store {

struct VerifyReport {
  bool intact = true;
  std::int64_t rooms = 0;      // rooms checked
  std::int64_t events = 0;     // events checked
  std::int64_t v1_events = 0;  // of which in the chain encoding v1 (written before 0007)
  std::int64_t v2_events = 0;  // and v2 (salted, C3)
  // When not intact: the first bad event found (rooms by id, events by seq) and what is wrong.
  std::string room;
  std::int64_t seq = 0;
  std::string problem;
};

// Opens `path` read-only and checks, for each room (or only `room`; without one, every room but
// the directory's audit log, which verify_directory checks): seqs run 1, 2, 3… without a
// gap; each prev_hash equals the previous event's hash (zeros for the first); each hash equals
// the recomputed hash, in the event's own chain version (store/chain.hpp); a v2 event's salt is
// 64 hex digits; no v1 event follows a v2 event (a stripped salt: the downgrade rule); the
// room's recorded head is its last event. A database from before migration 0007 (no salt
// column) is read as all v1. A database error, or an unknown room, is reported as not intact
// with the reason.
// `visit`, when given, receives each event in order once its hash has been checked (a replay
// for `collegiald verify --minutes`).
VerifyReport verify_chains(const std::string& path, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit = {});

}  // namespace collegial::store
