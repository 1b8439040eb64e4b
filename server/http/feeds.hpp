// Feeds of a body for people's readers and calendars: its notices as Atom (RFC 4287), its
// meetings and webinars as iCalendar (RFC 5545, built with libical so folding and escaping are
// right).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace collegial::http {

// `meetings`: the notice plugin's view of the body's meetings. `body_slug` names the body in
// ids and links; `body_name` titles the feed.
std::string notices_atom(const std::string& body_slug, const std::string& body_name,
                         const nlohmann::json& meetings);
std::string meetings_ical(const std::string& body_slug, const std::string& body_name,
                          const nlohmann::json& meetings, std::int64_t now_ms);

// L2: webinars as iCalendar, one event per session; each entry is (the room's body slug, a
// webinar as the webinar plugin's view gives it). For a circle's feed and a person's.
using WebinarEntry = std::pair<std::string, nlohmann::json>;
std::string webinars_ical(const std::string& calendar_name, const std::vector<WebinarEntry>& webinars,
                          std::int64_t now_ms);

// RFC 3339 in UTC: "2026-12-10T21:00:00Z".
std::string rfc3339(std::int64_t ms);

}  // namespace collegial::http
