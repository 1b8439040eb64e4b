// What the public may know of a body's meetings, read from the public fold of its room
// (RoomHub::public_snapshot: C3, closed-session content is never in it). One definition for
// every public surface: the pages and feeds (public_site.hpp) and the open-data API
// (open_data.hpp) list the same meetings.
//
// Pure functions of a snapshot; safe from any thread. The references returned point into the
// snapshot and live as long as it does.
#pragma once

#include <nlohmann/json.hpp>

#include "core/room.hpp"

namespace collegial::http {

// The notice plugin's meetings in the snapshot (its view's `meetings`), in the order of their
// numbers; an empty list when the room has no notice view.
const nlohmann::json& meetings_of(const core::PublicSnapshot& snap);

// N1, N3: the meetings the public may know of: those with a notice posted, and every meeting
// held (one called to order without notice is listed too, marked so). A meeting scheduled but
// never noticed nor held has no page, so no feed or API lists it either.
bool is_public(const nlohmann::json& meeting);

// The meetings of meetings_of(snap) that are public (is_public), copied, in the same order.
nlohmann::json noticed_meetings(const core::PublicSnapshot& snap);

// The body's meeting is in session or in recess now: the public may watch it.
bool in_session(const core::PublicSnapshot& snap);

}  // namespace collegial::http
