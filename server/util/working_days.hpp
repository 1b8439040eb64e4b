// Working days for legal deadlines: draft minutes are due 10 working days after the meeting
// (R2), skipping weekends and the state's holidays.
//
// The holidays are data, not code: db/holidays/new-mexico.json lists each year's observed
// closures in full (so a year can be corrected from the State Personnel Office's published
// schedule alone), and is compiled into the server. A deadline in a year the calendar does not
// cover is an error, never a silent guess.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "util/result.hpp"

namespace collegial {

class HolidayCalendar {
 public:
  // Parses the calendar's JSON ({"years": {"2026": [{"date": "2026-01-01", "name": …}, …]}}).
  // Errors: bad_field naming what is wrong.
  static Result<HolidayCalendar> parse(const std::string& json_text);

  // New Mexico's state-agency holidays, as embedded from db/holidays/new-mexico.json.
  static const HolidayCalendar& new_mexico();

  // The holiday's name when `day` ("YYYY-MM-DD") is one.
  std::optional<std::string> holiday(const std::string& day) const;

  // Whether `day` is a working day: not Saturday or Sunday, not a holiday. Errors: bad_field
  // for a malformed day, not_covered for a year the calendar does not list.
  Result<bool> working_day(const std::string& day) const;

  // The `n`-th working day after `day` (n >= 1): "2026-11-19" + 10 = "2026-12-07" (the
  // Thanksgiving closures and a weekend skipped). Same errors.
  Result<std::string> add_working_days(const std::string& day, int n) const;

 private:
  std::map<std::string, std::string> holidays_;  // "YYYY-MM-DD" → name
  std::set<int> years_;
};

}  // namespace collegial
