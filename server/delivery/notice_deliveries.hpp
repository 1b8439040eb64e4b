// N7: every notice posted in a body's room becomes a delivery to each broadcast station and
// newspaper that asked that body in writing. This is the step from the event log to the
// outbox; the deliverer (deliverer.hpp) sends what it records.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "delivery/notice_message.hpp"
#include "delivery/outbox.hpp"
#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::delivery {

// The effect of one committed event (core::EventEffects; the server passes it as
// RoomHubServices::effects). When `event` is a notice.posted in a room that belongs to a body,
// records one delivery per subscriber it is owed to (Outbox::record_notice), keyed by the
// event's "room:seq", and returns how many it created. Anything else returns 0 at once.
//
// Idempotent: rooms replay their whole log on load, and a replayed notice creates only what a
// crash between the event's commit and this step left out. Only inserts rows: no network I/O,
// so it may run on a room's thread. A database failure is logged and returns 0; the notice
// stays in the log and is taken up again at the next start (catch_up_notices) or load.
int record_notice_deliveries(Outbox& outbox, const store::RoomRecord& room,
                             const record::Event& event, const nlohmann::json& body,
                             const NoticeOptions& options, std::int64_t now_ms);

// At start-up, before rooms load: takes up every notice in the logs of the rooms of bodies
// that have media subscribers, so a notice committed just before a crash gets its deliveries
// even if nobody opens its room. Returns how many deliveries it created. Reads the logs through
// `store`; logs and skips a room whose log cannot be read.
int catch_up_notices(store::EventStore& store, Outbox& outbox, const NoticeOptions& options,
                     std::int64_t now_ms);

}  // namespace collegial::delivery
