#include "util/working_days.hpp"
#include "util/bounded_json.hpp"

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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

// The `n`-th `wd` of `m` in `y` (n = 1…4), or the last one (n = 0).
date::sys_days nth_weekday(int y, unsigned m, date::weekday wd, unsigned n) {
  if (n == 0) {
    const date::sys_days last{date::year{y} / date::month{m} / date::last};
    return last - (date::weekday{last} - wd);
  }
  return date::sys_days{date::year{y} / date::month{m} / date::weekday_indexed{wd, n}};
}

// Section 12-5-3 and state practice: a holiday on a Sunday is observed on Monday, one on a
// Saturday on Friday.
date::sys_days observed(date::sys_days day) {
  const date::weekday wd{day};
  if (wd == date::Sunday) return day + date::days{1};
  if (wd == date::Saturday) return day - date::days{1};
  return day;
}

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 9999;

}  // namespace

std::vector<std::pair<std::string, std::string>> HolidayCalendar::statutory_closures(int year) {
  using namespace date;
  std::vector<std::pair<sys_days, std::string>> days;
  const auto fixed = [&](unsigned m, unsigned d) { return observed(sys_days{date::year{year} / month{m} / day{d}}); };
  // New Year's Day on a Saturday is observed on December 31 of the year before (below).
  if (const sys_days jan1 = sys_days{date::year{year} / January / 1}; weekday{jan1} != Saturday) {
    days.emplace_back(observed(jan1), "New Year's Day");
  }
  if (year >= 1986) days.emplace_back(nth_weekday(year, 1, Monday, 3), "Martin Luther King, Jr.'s Birthday");
  days.emplace_back(nth_weekday(year, 5, Monday, 0), "Memorial Day");
  days.emplace_back(fixed(7, 4), "Independence Day");
  days.emplace_back(nth_weekday(year, 9, Monday, 1), "Labor Day");
  days.emplace_back(nth_weekday(year, 10, Monday, 2), year >= 2019 ? "Indigenous Peoples' Day" : "Columbus Day");
  days.emplace_back(fixed(11, 11), "Veterans Day");
  const sys_days thanksgiving = nth_weekday(year, 11, Thursday, 4);
  days.emplace_back(thanksgiving, "Thanksgiving Day");
  days.emplace_back(thanksgiving + date::days{1}, "Presidents' Day (observed the day after Thanksgiving)");
  days.emplace_back(fixed(12, 25), "Christmas Day");
  if (weekday{sys_days{date::year{year + 1} / January / 1}} == Saturday) {
    days.emplace_back(sys_days{date::year{year} / December / 31},
                      "New Year's Day " + std::to_string(year + 1) + " (observed)");
  }
  std::sort(days.begin(), days.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [d, name] : days) out.emplace_back(format_day(year_month_day{d}), name);
  return out;
}

Result<std::map<std::string, std::string>> HolidayCalendar::closures(int year) const {
  std::map<std::string, std::string> out;
  if (years_.count(year)) {
    const std::string from = std::to_string(year) + "-01-01", to = std::to_string(year) + "-12-31";
    for (auto it = holidays_.lower_bound(from); it != holidays_.end() && it->first <= to; ++it) out.insert(*it);
    return out;
  }
  if (!statutory_ || year < kFirstYear || year > kLastYear) {
    return Status::error("not_covered", "the holiday calendar (db/holidays/) has no year " + std::to_string(year));
  }
  for (auto& [day, name] : statutory_closures(year)) out.emplace(day, name);
  return out;
}

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
    HolidayCalendar calendar = parsed ? std::move(parsed.value()) : HolidayCalendar{};
    calendar.statutory_ = true;
    return calendar;
  }();
  return calendar;
}

std::optional<std::string> HolidayCalendar::holiday(const std::string& day) const {
  const auto ymd = parse_day(day);
  if (!ymd) return std::nullopt;
  const auto year = closures(static_cast<int>(ymd->year()));
  if (!year) return std::nullopt;
  const auto it = year.value().find(day);
  if (it == year.value().end()) return std::nullopt;
  return it->second;
}

Result<bool> HolidayCalendar::working_day(const std::string& day) const {
  const auto ymd = parse_day(day);
  if (!ymd) return Status::error("bad_field", "a day is written YYYY-MM-DD, not '" + day + "'");
  const auto year = closures(static_cast<int>(ymd->year()));
  if (!year) return year.status();
  const date::weekday wd{date::sys_days{*ymd}};
  if (wd == date::Saturday || wd == date::Sunday) return false;
  return !year.value().count(day);
}

Result<std::string> HolidayCalendar::add_working_days(const std::string& day, int n) const {
  auto ymd = parse_day(day);
  if (!ymd) return Status::error("bad_field", "a day is written YYYY-MM-DD, not '" + day + "'");
  if (n < 1) return Status::error("bad_field", "count at least one working day");
  date::sys_days d{*ymd};
  while (n > 0) {
    d += date::days{1};
    if (const int y = static_cast<int>(date::year_month_day{d}.year()); y > kLastYear) {
      return Status::error("not_covered", "the holiday calendar ends with the year " + std::to_string(kLastYear));
    }
    auto working = working_day(format_day(date::year_month_day{d}));
    if (!working) return working.status();
    if (working.value()) --n;
  }
  return format_day(date::year_month_day{d});
}

}  // namespace collegial
