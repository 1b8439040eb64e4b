// A room's first event, the same on every engine.
#pragma once

#include <cstdint>
#include <string_view>

#include "record/event.hpp"
#include "util/status.hpp"

namespace collegial::store {

using record::Event;

// The sealed (v2) `room.created` event that starts the room `name`'s log.
Event genesis_event(std::string_view name, std::int64_t now_ms, std::string_view actor);

// Whether `genesis` can start a log as it is (a copy from another store): seq 1, the genesis
// previous hash, type room.created, and a hash that checks. `chain_conflict` says what is wrong.
Status check_genesis(const Event& genesis);

}  // namespace collegial::store
