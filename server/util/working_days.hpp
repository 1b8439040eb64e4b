// Working days for legal deadlines: draft minutes are due 10 working days after the meeting
// (R2), skipping weekends and the state's holidays.
//
// New Mexico's closures follow the statute's rules for any year (statutory_closures). The data
// file db/holidays/new-mexico.json, compiled into the server, lists some years' observed
// closures in full: a year it lists is taken from it alone, so a proclamation or the State
// Personnel Office's published schedule corrects that year without touching the rules. A
// calendar parsed from other data (tests) covers only the years it lists: a deadline outside
// them is an error, never a silent guess.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace collegial {

class HolidayCalendar {
 public:
  // Parses the calendar's JSON ({"years": {"2026": [{"date": "2026-01-01", "name": …}, …]}}).
  // Errors: bad_field naming what is wrong.
  static Result<HolidayCalendar> parse(const std::string& json_text);

  // New Mexico's state-agency holidays: the embedded db/holidays/new-mexico.json for the years it
  // lists, the statute's rules for every other year from 1900 to 9999.
  static const HolidayCalendar& new_mexico();

  // R2: the closures New Mexico's rules give for `year`, in date order, as {"YYYY-MM-DD", name}:
  // the legal holidays of NMSA 1978, Section 12-5-2 (Martin Luther King, Jr.'s Birthday from
  // 1986; Columbus Day before 2019, Indigenous Peoples' Day from 2019); one on a Sunday observed
  // the Monday after (Section 12-5-3), one on a Saturday the Friday before (state practice), so
  // the next year's New Year's Day may close December 31 ("New Year's Day 2028 (observed)");
  // Presidents' Day observed the day after Thanksgiving (State Personnel Board practice).
  static std::vector<std::pair<std::string, std::string>> statutory_closures(int year);

  // The holiday's name when `day` ("YYYY-MM-DD") is one.
  std::optional<std::string> holiday(const std::string& day) const;

  // Whether `day` is a working day: not Saturday or Sunday, not a holiday. Errors: bad_field
  // for a malformed day, not_covered for a year the calendar does not list.
  Result<bool> working_day(const std::string& day) const;

  // The `n`-th working day after `day` (n >= 1): "2026-11-19" + 10 = "2026-12-07" (the
  // Thanksgiving closures and a weekend skipped). Same errors.
  Result<std::string> add_working_days(const std::string& day, int n) const;

 private:
  // The closures of `year`: the listed ones, or the statute's where this calendar follows it.
  // Errors: not_covered.
  Result<std::map<std::string, std::string>> closures(int year) const;

  std::map<std::string, std::string> holidays_;  // "YYYY-MM-DD" → name, for the listed years
  std::set<int> years_;                          // the years listed in full
  bool statutory_ = false;                       // other years follow statutory_closures
};

}  // namespace collegial
