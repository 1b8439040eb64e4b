// R2's clock: working days after a meeting, skipping weekends and New Mexico's state holidays
// (db/holidays/new-mexico.json, compiled in).
#include <catch2/catch.hpp>

#include <cstdio>

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

TEST_CASE("R2: the statute's rules give exactly the closures the calendar file lists for its years",
          "[working_days][R2]") {
  // The file's years (2025-2030) were written from the published schedules; the rules must
  // agree with every one of them, day and name.
  const auto& nm = HolidayCalendar::new_mexico();
  for (int year = 2025; year <= 2030; ++year) {
    INFO(year);
    int closures = 0;
    for (const auto& [day, name] : HolidayCalendar::statutory_closures(year)) {
      INFO(day << " " << name);
      CHECK(nm.holiday(day) == std::optional<std::string>(name));
      ++closures;
    }
    // And the file lists nothing the rules do not give: every weekday holiday is accounted for.
    int listed = 0;
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 31; ++d) {
        char day[16];
        std::snprintf(day, sizeof day, "%04d-%02d-%02d", year, m, d);
        if (nm.holiday(day)) ++listed;
      }
    }
    CHECK(listed == closures);
  }
}

TEST_CASE("R2: working days are counted for years before and after the calendar file",
          "[working_days][R2]") {
  const auto& nm = HolidayCalendar::new_mexico();
  // 2018: Columbus Day (before Indigenous Peoples' Day, 2019); Christmas on a Tuesday.
  CHECK(nm.holiday("2018-10-08") == std::optional<std::string>("Columbus Day"));
  CHECK(nm.holiday("2019-10-14") == std::optional<std::string>("Indigenous Peoples' Day"));
  // 1985: no Martin Luther King, Jr.'s Birthday yet (a state holiday from 1986).
  CHECK_FALSE(nm.holiday("1985-01-21").has_value());
  CHECK(nm.holiday("1986-01-20") == std::optional<std::string>("Martin Luther King, Jr.'s Birthday"));
  // 2033: New Year's Day 2033 is a Saturday, so 31 December 2032 closes; 2033 has no January 1st
  // closure of its own.
  CHECK(nm.holiday("2032-12-31") == std::optional<std::string>("New Year's Day 2033 (observed)"));
  CHECK_FALSE(nm.holiday("2033-01-03").has_value());
  // 2037: Independence Day on a Saturday (Friday 3 July), Christmas on a Friday.
  CHECK(nm.holiday("2037-07-03") == std::optional<std::string>("Independence Day"));
  // Minutes of a meeting on Thursday 20 December 2035 are due ten working days later: Christmas
  // (Tuesday) and New Year's Day 2036 (Tuesday) skipped, with two weekends.
  CHECK(nm.add_working_days("2035-12-20", 10).value() == "2036-01-07");
  // A meeting on Thursday 18 November 2010: Veterans Day has passed; Thanksgiving (25th) and the
  // day after are closed.
  CHECK(nm.add_working_days("2010-11-18", 10).value() == "2010-12-06");
  // From 2030 into 2031, across the file's last year.
  CHECK(nm.add_working_days("2030-12-20", 10).value() == "2031-01-07");
}

TEST_CASE("R2: a deadline the calendar cannot count is an error and bad input is refused",
          "[working_days][R2]") {
  const auto& nm = HolidayCalendar::new_mexico();
  CHECK(nm.add_working_days("9999-12-30", 10).status().code() == "not_covered");
  CHECK(nm.add_working_days("1899-12-01", 10).status().code() == "not_covered");
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
  // A calendar of listed years alone does not guess the others.
  CHECK(custom.value().add_working_days("2031-12-30", 2).status().code() == "not_covered");
}
