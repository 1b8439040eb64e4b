// Appends an event to a room's log through the real store, numbered and hash-chained as the
// server does, for tests that need an event no protocol request of theirs makes (a
// notice.posted, which the notice plugin makes after a meeting is scheduled and its agenda
// drafted). The store must not have a server writing to it at the same time.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::test {

// Appends one event by `actor` to `room` and waits until it is committed; returns it. Throws
// std::runtime_error when the room does not exist or the append fails.
record::Event append_event(store::EventStore& store, const std::string& room,
                          const std::string& type, const nlohmann::json& body, std::int64_t ts_ms,
                          const std::string& actor = "plugin:notice");

// The body of a notice.posted event as the notice plugin writes it, for meeting `meeting`.
nlohmann::json notice_body(int meeting, const std::string& room, const std::string& title,
                           const std::string& text);

}  // namespace collegial::test
