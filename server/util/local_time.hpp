// Wall-clock times in a body's time zone (America/Denver by default), and back.
//
// Meetings are scheduled as people say them, "10 December 2026, 2:00 pm" where the body sits;
// the record keeps the instant (UTC milliseconds) as well, so every lead time is counted in
// real elapsed hours, across daylight-saving changes (N2, N4). Uses the IANA time zone
// database through Howard Hinnant's date library (Debian's libhowardhinnant-date-dev, reading
// the system's tzdata), since the C++20 time zone support is not in g++ 12.
#pragma once

#include <cstdint>
#include <string>

#include "util/result.hpp"

namespace collegial {

// "2026-12-10T14:00" (or with ":ss") in `zone` → UTC milliseconds. Errors: bad_field for a
// malformed time or an unknown zone, and for a time that does not exist there (skipped by the
// spring change) or that happens twice (the autumn change) — the message says which.
Result<std::int64_t> local_to_utc_ms(const std::string& local, const std::string& zone);

// UTC milliseconds → "2026-12-10T14:00" in `zone` (an unknown zone gives UTC).
std::string utc_ms_to_local(std::int64_t ms, const std::string& zone);

// ISO 8601 with the zone's offset at that instant, to the second: "2026-12-10T14:00:00-07:00"
// (an unknown zone gives UTC, "…+00:00").
std::string local_iso_with_offset(std::int64_t ms, const std::string& zone);

// ISO 8601 in UTC, to the second: "2026-12-10T21:00:00Z".
std::string utc_iso(std::int64_t ms);

// For people: "Thursday, December 10, 2026, 2:00 PM MST".
std::string describe_local(std::int64_t ms, const std::string& zone);

// The zone's calendar day of `ms`, "2026-12-10".
std::string local_date(std::int64_t ms, const std::string& zone);

// True when `zone` names a time zone of the database.
bool known_zone(const std::string& zone);

}  // namespace collegial
