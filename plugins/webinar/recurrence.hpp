// L2: the sessions of a recurring webinar, from an RFC 5545 RRULE, expanded by libical.
//
// Expansion happens in the body's wall-clock time ("every Tuesday at 4:00 PM"), and each
// occurrence is then placed on the time line in the body's zone (util/local_time), so a weekly
// 4 PM webinar stays at 4 PM across a daylight-saving change: 23:00 UTC in summer, 00:00 UTC in
// winter. libical does the rule (weekly, monthly on the 2nd Tuesday, UNTIL, COUNT, BYDAY…);
// nothing here re-implements it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace collegial::plugins {

struct Occurrence {
  std::string starts_local;  // "2026-11-03T16:00"
  std::int64_t starts_ms = 0;
  std::int64_t ends_ms = 0;
};

inline constexpr std::size_t kMaxOccurrences = 104;  // two years of weekly sessions

// The occurrences of a session starting at `starts_local` and lasting `minutes`, repeated by
// `rrule` ("" : once) in `zone`, less those whose local start is in `exdates`. Errors
// (bad_field, naming what is wrong): an RRULE libical cannot read, one without COUNT or UNTIL,
// more than kMaxOccurrences sessions, an occurrence that falls in a daylight-saving gap or
// overlap, an exdate that matches no occurrence.
Result<std::vector<Occurrence>> expand(const std::string& starts_local, int minutes, const std::string& rrule,
                                       const std::vector<std::string>& exdates, const std::string& zone);

}  // namespace collegial::plugins
