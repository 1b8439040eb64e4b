// B3: the council elects its chair and vice chair from its members, for the term its by-laws
// set. The election is a motion (kind "elect") decided in the body's room; this takes an
// adopted one up into the directory, so the roster and the policy follow it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

#include "store/directory.hpp"
#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::core {

// When `event` is an adopted election, seats the elected officer from the event's time for
// `term_months` (the by-laws' term, carried in the event) and returns true; false when it is no
// election, lost, or was taken up already (the directory remembers each election by its
// "room:seq"). A directory failure is logged and returns false; the election stays in the log
// and is taken up again when the room is next loaded.
bool take_up_election(store::Directory& directory, const store::RoomRecord& room,
                      const record::Event& event, const nlohmann::json& body);

// `ms` plus `months` calendar months in UTC, the day clamped to the month's last day
// (31 January + 1 month = 28 or 29 February).
std::int64_t add_months_ms(std::int64_t ms, int months);

}  // namespace collegial::core
