// R2's clock: working days after a meeting, skipping weekends and New Mexico's state holidays
// (db/holidays/new-mexico.json, compiled in).
#include <catch2/catch.hpp>

#include "util/working_days.hpp"

using collegial::HolidayCalendar;

TEST_CASE("R2: ten working days after a meeting skip a weekend and the Thanksgiving closures",
          "[working_days][R2]") {
  const auto& nm = HolidayCalendar::new_mexico();
  // Thursday 19 November 2026: Thanksgiving (26th) and the day after (Presidents' Day as the
  // state observes it) are closed, and two weekends pass.
  const auto due = nm.add_working_days("2026-11-19", 10);
  REQUIRE(due);
  CHECK(due.value() == "2026-12-07");
  CHECK(nm.holiday("2026-11-27") == std::optional<std::string>(
                                        "Presidents' Day (observed the day after Thanksgiving)"));
  CHECK(nm.add_working_days("2026-11-20", 1).value() == "2026-11-23");  // Friday to Monday
}

TEST_CASE("R2: holidays on a weekend are observed on the nearest weekday", "[working_days][R2]") {
  const auto& nm = HolidayCalendar::new_mexico();
  CHECK(nm.holiday("2026-07-03").has_value());  // 4 July 2026 is a Saturday
  CHECK_FALSE(nm.holiday("2026-07-04").has_value());
  CHECK(nm.holiday("2027-07-05").has_value());  // 4 July 2027 is a Sunday
  CHECK(nm.holiday("2027-12-24").has_value());  // Christmas 2027 is a Saturday
  CHECK(nm.holiday("2027-12-31").has_value());  // New Year's Day 2028 is a Saturday
  CHECK_FALSE(nm.holiday("2026-02-16").has_value());  // the federal Presidents' Day: open
  CHECK(nm.working_day("2026-02-16").value());
  CHECK_FALSE(nm.working_day("2026-11-28").value());  // a Saturday
}

TEST_CASE("R2: a deadline the calendar cannot count is an error and bad input is refused",
          "[working_days][R2]") {
  const auto& nm = HolidayCalendar::new_mexico();
  CHECK(nm.add_working_days("2030-12-20", 10).status().code() == "not_covered");
  CHECK(nm.add_working_days("2026-13-01", 10).status().code() == "bad_field");
  CHECK(nm.add_working_days("26-11-19", 10).status().code() == "bad_field");
  CHECK(nm.add_working_days("2026-11-19", 0).status().code() == "bad_field");
  CHECK(HolidayCalendar::parse("{\"years\":{\"2026\":[{\"date\":\"2025-01-01\"}]}}").status().code() ==
        "bad_field");
  CHECK(HolidayCalendar::parse("[]").status().code() == "bad_field");
  const auto custom = HolidayCalendar::parse(
      R"({"years":{"2031":[{"date":"2031-01-02","name":"Closure"}]}})");
  REQUIRE(custom);
  CHECK(custom.value().add_working_days("2031-01-01", 1).value() == "2031-01-03");
}
