// L2: each webinar reminder the room records (webinar.reminder) becomes one e-mail to each
// registrant it names, through the outbox (durable, retried, listed with the deliveries).
#pragma once

#include <nlohmann/json.hpp>

#include "delivery/outbox.hpp"
#include "store/directory.hpp"
#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::delivery {

// The effect of one committed event (core::EventEffects). For a webinar.reminder in a body's
// room, records an e-mail per registrant with an address, keyed by the event's "room:seq", and
// returns how many it created; anything else returns 0. Idempotent, so a replay sends nothing
// twice; a reminder whose session has begun by `now_ms` (a replay long after) sends nothing.
// Inserts rows only. A database failure is logged and returns 0.
int record_reminder_mails(Outbox& outbox, store::Directory& directory, const store::RoomRecord& room,
                          const record::Event& event, const nlohmann::json& body, std::int64_t now_ms);

}  // namespace collegial::delivery
