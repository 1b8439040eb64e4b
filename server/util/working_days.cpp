#include "util/working_days.hpp"
#include "util/bounded_json.hpp"

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace collegial {

namespace embedded {
const char* new_mexico_holidays();  // generated from db/holidays/new-mexico.json
}

namespace {

std::optional<date::year_month_day> parse_day(const std::string& day) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string format_day(const date::year_month_day& ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

Result<HolidayCalendar> HolidayCalendar::parse(const std::string& text) {
  const auto doc = parse_bounded_json(text);
  if (!doc.is_object() || !doc.contains("years") || !doc["years"].is_object()) {
    return Status::error("bad_field", "a holiday calendar is {\"years\": {\"2026\": [...]}}");
  }
  HolidayCalendar calendar;
  for (const auto& [year, days] : doc["years"].items()) {
    const auto first = parse_day(year + "-01-01");
    if (!first || !days.is_array()) return Status::error("bad_field", "bad year '" + year + "'");
    calendar.years_.insert(static_cast<int>(first->year()));
    for (const auto& h : days) {
      const std::string day = h.is_object() ? h.value("date", "") : "";
      const auto ymd = parse_day(day);
      if (!ymd || day.compare(0, 4, year) != 0) {
        return Status::error("bad_field", "bad holiday date '" + day + "' in " + year);
      }
      calendar.holidays_[day] = h.value("name", "holiday");
    }
  }
  return calendar;
}

const HolidayCalendar& HolidayCalendar::new_mexico() {
  static const HolidayCalendar calendar = [] {
    auto parsed = parse(embedded::new_mexico_holidays());
    // The file is compiled in and checked by the tests: a parse failure is a build defect.
    return parsed ? std::move(parsed.value()) : HolidayCalendar{};
  }();
  return calendar;
}

std::optional<std::string> HolidayCalendar::holiday(const std::string& day) const {
  const auto it = holidays_.find(day);
  if (it == holidays_.end()) return std::nullopt;
  return it->second;
}

Result<bool> HolidayCalendar::working_day(const std::string& day) const {
  const auto ymd = parse_day(day);
  if (!ymd) return Status::error("bad_field", "a day is written YYYY-MM-DD, not '" + day + "'");
  if (!years_.count(static_cast<int>(ymd->year()))) {
    return Status::error("not_covered", "the holiday calendar (db/holidays/) has no year " +
                                            std::to_string(static_cast<int>(ymd->year())));
  }
  const date::weekday wd{date::sys_days{*ymd}};
  if (wd == date::Saturday || wd == date::Sunday) return false;
  return !holidays_.count(day);
}

Result<std::string> HolidayCalendar::add_working_days(const std::string& day, int n) const {
  auto ymd = parse_day(day);
  if (!ymd) return Status::error("bad_field", "a day is written YYYY-MM-DD, not '" + day + "'");
  if (n < 1) return Status::error("bad_field", "count at least one working day");
  date::sys_days d{*ymd};
  while (n > 0) {
    d += date::days{1};
    auto working = working_day(format_day(date::year_month_day{d}));
    if (!working) return working.status();
    if (working.value()) --n;
  }
  return format_day(date::year_month_day{d});
}

}  // namespace collegial
