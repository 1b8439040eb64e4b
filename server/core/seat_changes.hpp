// B3 and the directory: a seat a committed event gives in the room's body (Plugin::
// seat_change: an adopted election seats an officer), written to the directory so that the
// roster and the policy follow it. Core knows seats, not which plugin's events give them.
#pragma once

#include "core/plugin.hpp"
#include "record/event.hpp"
#include "store/directory.hpp"
#include "store/event_store.hpp"

namespace collegial::core {

// Writes `change`, given by `event` of `room`, to the directory and returns true; false when the
// room has no body or the directory had taken it up already (it remembers each by the event's
// "room:seq"). A directory failure is logged and returns false; the event stays in the log and
// is taken up again when the room is next loaded.
bool take_up_seat(store::Directory& directory, const store::RoomRecord& room, const record::Event& event,
                  const SeatChange& change);

}  // namespace collegial::core
