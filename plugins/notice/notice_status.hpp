// Whether a meeting is lawfully noticed, and why (N2, N3, N4, N6, N8): a pure function of the
// meeting's schedule and the times its notice and agendas were posted.
//
// Lead times are real elapsed time between two instants (UTC milliseconds), so a notice
// posted across a daylight-saving change is measured in the hours that actually passed.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace collegial::plugins {

struct Posting {
  std::int64_t at_ms = 0;  // when it became public
  int agenda_version = 0;  // the agenda it carried (0: none yet)
};

struct NoticeRules {
  std::string kind;  // regular, special, emergency
  // N2: the body's resolution for this kind of meeting, recorded when the meeting was
  // scheduled (defaults 240 h regular, 72 h special, 24 h emergency).
  std::int64_t notice_hours = 240;
  // N4: the agenda is public this long before the meeting, except in an emergency.
  std::int64_t agenda_hours = 72;
};

struct NoticeStatus {
  bool lawful = false;
  // Each finding as a message of the catalog (i18n/messages.hpp), {"key", "args"}, that cites
  // its rule, for each reader to read in their language; failures first.
  std::vector<nlohmann::json> finding_keys;
  // The same in English: "agenda public 74 h before the meeting (N4 requires 72 h)".
  std::vector<std::string> findings;
  std::size_t failures = 0;  // how many of the findings, from the first, are failures
};

// `starts_ms`: when the meeting begins (its actual start if it was called to order earlier
// than scheduled). Postings after the start do not count. Postings in the order made.
NoticeStatus assess_notice(const NoticeRules& rules, std::int64_t starts_ms,
                           const std::vector<Posting>& postings);

// A meeting called to order without any notice (N3, N9).
NoticeStatus unnoticed_status();

// How long `ms` is, for people: "71 h 59 min", "74 h"; in days ("11 days 3 h") when `days`;
// as a message of the catalog, and in English.
nlohmann::json lead_message(std::int64_t ms, bool days = false);
std::string describe_lead(std::int64_t ms, bool days = false);

}  // namespace collegial::plugins
