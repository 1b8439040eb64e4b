// What the media receive of a posted notice (rule N7): the e-mail's subject and text and the
// webhook's JSON, made once from the `notice.posted` event when its deliveries are recorded.
//
// The webhook's JSON (docs/operations.md, "Notices to the media"):
//   {"event":"notice.posted","source":"rec6-council:12","room":"rec6-council","seq":12,
//    "posted_ms":…,"body":{"id":1,"name":"REC 6 Governing Council"},"url":"https://…",
//    "checkpoint":{…the room's newest signed checkpoint, store/checkpoints.hpp…},
//    "notice":{…the event's body as posted: meeting, version, kind, title, starts_ms,
//              starts_local, time_zone, place, remote, text, url, continuation…}}
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::delivery {

inline constexpr const char* kNoticePosted = "notice.posted";
// N8: a recess to a later day carries the continuation's notice in the recess itself
// (`continuation`: meeting, title, text, url, starts_ms, place…), posted at that moment.
inline constexpr const char* kRecessed = "meeting.recessed";
// N7: a posted notice sent again (after an outlet's outage): the text as posted, "reason", and
// "outlet" when only one subscriber is to receive it.
inline constexpr const char* kNoticeResent = "notice.resent";

// The notice an event posts, as a notice.posted body: the body itself, the continuation of a
// recess to a later day (marked "continuation": true), a re-sent notice (marked "resent": true),
// or null for every other event.
nlohmann::json posted_notice(const record::Event& event, const nlohmann::json& body);

struct NoticeOptions {
  // Where the public pages are served ("https://meetings.rec6.org"): makes the notice's link
  // absolute. Empty: the link is left out of the e-mail and kept relative in the JSON.
  std::string public_url{};
  // The newest signed checkpoint of a room (store::Checkpoint::to_json), or nothing. Each
  // notice carries its room's, so the media hold a witness of the record the database's owner
  // cannot recall (docs/architecture.md, "Checkpoints and witnesses"). Empty: none.
  std::function<std::optional<nlohmann::json>(const std::string& room)> checkpoint{};
};

struct NoticeContent {
  std::string subject{};
  std::string text{};     // the notice's own text, its link, and why the outlet receives it
  std::string payload{};  // compact JSON
};

// The content of the notice `event` (of type notice.posted, with its parsed `body`) posted in
// `room`. Fields missing from the body are left out rather than refused: the notice is in the
// log, so it is owed to the media whatever its shape. A `checkpoint` (not null) is added to
// the e-mail's text, after the signature line, and to the JSON.
NoticeContent compose_notice(const store::RoomRecord& room, const record::Event& event,
                             const nlohmann::json& body, const NoticeOptions& options,
                             const nlohmann::json& checkpoint = nullptr);

}  // namespace collegial::delivery
