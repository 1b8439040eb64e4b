// Feeds of a body for people's readers and calendars: its notices as Atom (RFC 4287), its
// meetings and webinars as iCalendar (RFC 5545, built with libical so folding and escaping are
// right).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "i18n/lang.hpp"
#include "store/directory.hpp"

namespace collegial::http {

// The body a feed is of, and for whom it is written.
struct FeedContext {
  i18n::Lang lang = i18n::Lang::en;
  std::string slug;  // names the body in ids and links
  std::string name;  // titles the feed, and is the events' ORGANIZER
  std::string zone;  // the body's time zone: events carry it (TZID, VTIMEZONE)
  bool in_session = false;  // a meeting is on now: entries link to the live view
};

// `meetings`: the notice plugin's view of the body's meetings. Every entry and event links to
// its meeting's page and to the body's live view.
std::string notices_atom(const FeedContext& feed, const nlohmann::json& meetings);
std::string meetings_ical(const FeedContext& feed, const nlohmann::json& meetings, std::int64_t now_ms);

// L2: webinars as iCalendar; each entry is (the room's body, a webinar as the webinar plugin's
// view gives it). A recurring webinar is one event with its RRULE and EXDATEs in the body's
// zone; a single one, one event per session. For a circle's feed and a person's.
using WebinarEntry = std::pair<store::Body, nlohmann::json>;
std::string webinars_ical(i18n::Lang lang, const std::string& calendar_name, const std::vector<WebinarEntry>& webinars,
                          std::int64_t now_ms);

// RFC 3339 in UTC: "2026-12-10T21:00:00Z".
std::string rfc3339(std::int64_t ms);

}  // namespace collegial::http
