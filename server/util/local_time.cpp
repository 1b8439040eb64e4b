#include "util/local_time.hpp"

#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <sstream>

namespace collegial {

namespace {

using Ms = std::chrono::milliseconds;
using date::sys_time;

const date::time_zone* zone_or_null(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string format(const char* fmt, std::int64_t ms, const std::string& zone) {
  const sys_time<Ms> t{Ms{ms}};
  const date::time_zone* z = zone_or_null(zone);
  if (!z) z = date::locate_zone("UTC");
  const auto local = date::make_zoned(z, std::chrono::floor<std::chrono::minutes>(t));
  return date::format(fmt, local);
}

}  // namespace

bool known_zone(const std::string& zone) { return zone_or_null(zone) != nullptr; }

Result<std::int64_t> local_to_utc_ms(const std::string& local, const std::string& zone) {
  const date::time_zone* z = zone_or_null(zone);
  if (!z) return Status::error("bad_field", "unknown time zone '" + zone + "'");
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  const int n = std::sscanf(local.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s,
                            &tail);
  if ((n != 5 && n != 6) || local.size() < 16) {
    return Status::error("bad_field",
                         "a local time is written YYYY-MM-DDTHH:MM, e.g. 2026-12-10T14:00");
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0) {
    return Status::error("bad_field", "'" + local + "' is not a valid date and time");
  }
  const auto wall = date::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
                    std::chrono::seconds{s};
  const auto info = z->get_info(wall);
  if (info.result == date::local_info::nonexistent) {
    return Status::error("bad_field", local + " does not exist in " + zone +
                                          " (the clocks skip that hour in spring)");
  }
  if (info.result == date::local_info::ambiguous) {
    return Status::error("bad_field", local + " happens twice in " + zone +
                                          " (the clocks fall back that hour in autumn); "
                                          "choose another time");
  }
  const auto utc = z->to_sys(wall);
  return static_cast<std::int64_t>(std::chrono::duration_cast<Ms>(utc.time_since_epoch()).count());
}

std::string utc_ms_to_local(std::int64_t ms, const std::string& zone) {
  return format("%Y-%m-%dT%H:%M", ms, zone);
}

std::string local_iso_with_offset(std::int64_t ms, const std::string& zone) {
  const date::time_zone* z = zone_or_null(zone);
  if (!z) z = date::locate_zone("UTC");
  const sys_time<Ms> t{Ms{ms}};
  return date::format("%Y-%m-%dT%H:%M:%S%Ez", date::make_zoned(z, std::chrono::floor<std::chrono::seconds>(t)));
}

std::string utc_iso(std::int64_t ms) {
  const sys_time<Ms> t{Ms{ms}};
  return date::format("%Y-%m-%dT%H:%M:%SZ", std::chrono::floor<std::chrono::seconds>(t));
}

std::string describe_local(std::int64_t ms, const std::string& zone) {
  std::string text = format("%A, %B %d, %Y, %I:%M %p %Z", ms, zone);
  // "December 03" → "December 3", "02:00 PM" → "2:00 PM".
  for (const char* pat : {" 0"}) {
    for (std::size_t at = text.find(pat); at != std::string::npos; at = text.find(pat, at + 1)) {
      text.erase(at + 1, 1);
    }
  }
  return text;
}

std::string local_date(std::int64_t ms, const std::string& zone) {
  return format("%Y-%m-%d", ms, zone);
}

}  // namespace collegial
