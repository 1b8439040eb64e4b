// Recomputes every room's hash chain from the stored bytes (rule R4, `collegiald verify`).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "record/event.hpp"

namespace collegial::store {

using record::Event;

struct StoreLocation;

// What a verifier reads: rooms' heads and their events, from one consistent view of a store
// (a read transaction), so a server appending meanwhile is not taken for a broken log.
// Members may throw std::exception: the verdict is then "cannot read the database".
class ChainSource {
 public:
  struct Room {
    std::int64_t id = 0;
    std::string name;
    std::int64_t head_seq = 0;
    std::string head_hash;
  };
  virtual ~ChainSource() = default;
  // The room `only`, or every room but the directory's audit log, by creation order.
  virtual std::vector<Room> rooms(const std::optional<std::string>& only) = 0;
  // Gives `each` the room's events in seq order, every one that is stored.
  virtual void events(const Room& room, const std::function<void(const Event&)>& each) = 0;
  // An event stored under a room id that names no room, as (room id, seq).
  virtual std::optional<std::pair<std::int64_t, std::int64_t>> event_without_room() = 0;
};

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
// the recomputed hash, in the event's own chain version (record/chain.hpp); a v2 event's salt is
// 64 hex digits; no v1 event follows a v2 event (a stripped salt: the downgrade rule); the
// room's recorded head is its last event. A database from before migration 0007 (no salt
// column) is read as all v1. A database error, or an unknown room, is reported as not intact
// with the reason.
// `visit`, when given, receives each event in order once its hash has been checked (a replay
// for `collegiald verify --minutes`).
VerifyReport verify_chains(const std::string& path, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit = {});

// The same checks on what `source` reads.
VerifyReport verify_chains(ChainSource& source, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit = {});

// The same checks on the store at `where`: the SQLite file read-only, or PostgreSQL in one
// REPEATABLE READ, READ ONLY transaction (store/postgres_chain_source.hpp).
VerifyReport verify_chains(const StoreLocation& where, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit = {});

}  // namespace collegial::store
