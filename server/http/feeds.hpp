// Feeds of a body for people's readers and calendars: its notices as Atom (RFC 4287), its
// meetings as iCalendar (RFC 5545, built with libical so folding and escaping are right).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace collegial::http {

// `meetings`: the notice plugin's view of the body's meetings. `body_slug` names the body in
// ids and links; `body_name` titles the feed.
std::string notices_atom(const std::string& body_slug, const std::string& body_name,
                         const nlohmann::json& meetings);
std::string meetings_ical(const std::string& body_slug, const std::string& body_name,
                          const nlohmann::json& meetings, std::int64_t now_ms);

// RFC 3339 in UTC: "2026-12-10T21:00:00Z".
std::string rfc3339(std::int64_t ms);

}  // namespace collegial::http
