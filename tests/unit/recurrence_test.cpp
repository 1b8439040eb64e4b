// L2: recurring webinars expanded by libical in the body's wall-clock time.
#include <catch2/catch.hpp>

#include "util/local_time.hpp"
#include "webinar/recurrence.hpp"

using collegial::plugins::expand;

namespace {
constexpr const char* kZone = "America/Denver";
constexpr std::int64_t kHour = 3'600'000;
}  // namespace

TEST_CASE("L2: a weekly webinar keeps its local hour across the autumn daylight-saving change", "[L2][webinar]") {
  const auto s = expand("2026-10-27T16:00", 60, "FREQ=WEEKLY;COUNT=3", {}, kZone);
  REQUIRE(s);
  REQUIRE(s.value().size() == 3);
  CHECK(s.value()[0].starts_local == "2026-10-27T16:00");
  CHECK(s.value()[1].starts_local == "2026-11-03T16:00");  // after November 1: MST
  CHECK(s.value()[2].starts_local == "2026-11-10T16:00");
  // 4 PM MDT is 22:00 UTC; 4 PM MST is 23:00 UTC: a week and one hour apart.
  CHECK(s.value()[1].starts_ms - s.value()[0].starts_ms == 7 * 24 * kHour + kHour);
  CHECK(s.value()[2].starts_ms - s.value()[1].starts_ms == 7 * 24 * kHour);
  CHECK(collegial::utc_ms_to_local(s.value()[1].starts_ms, "UTC") == "2026-11-03T23:00");
  CHECK(s.value()[0].ends_ms - s.value()[0].starts_ms == kHour);
}

TEST_CASE("L2: and across the spring change", "[L2][webinar]") {
  const auto s = expand("2027-03-09T16:00", 90, "FREQ=WEEKLY;COUNT=2", {}, kZone);
  REQUIRE(s);
  CHECK(collegial::utc_ms_to_local(s.value()[0].starts_ms, "UTC") == "2027-03-09T23:00");  // MST
  CHECK(collegial::utc_ms_to_local(s.value()[1].starts_ms, "UTC") == "2027-03-16T22:00");  // MDT
}

TEST_CASE("L2: monthly on the second Tuesday with an exception", "[L2][webinar]") {
  const auto s = expand("2026-11-10T15:30", 60, "FREQ=MONTHLY;BYDAY=2TU;COUNT=4", {"2026-12-08T15:30"}, kZone);
  REQUIRE(s);
  REQUIRE(s.value().size() == 3);
  CHECK(s.value()[0].starts_local == "2026-11-10T15:30");
  CHECK(s.value()[1].starts_local == "2027-01-12T15:30");
  CHECK(s.value()[2].starts_local == "2027-02-09T15:30");
}

TEST_CASE("L2: UNTIL ends a series and a single session needs no rule", "[L2][webinar]") {
  const auto until = expand("2026-12-01T09:00", 60, "FREQ=WEEKLY;UNTIL=20261222T235959", {}, kZone);
  REQUIRE(until);
  CHECK(until.value().size() == 4);
  const auto once = expand("2026-12-01T09:00", 45, "", {}, kZone);
  REQUIRE(once);
  REQUIRE(once.value().size() == 1);
  CHECK(once.value()[0].ends_ms - once.value()[0].starts_ms == 45 * 60'000);
}

TEST_CASE("L2: rules that cannot be a schedule are refused with the reason", "[L2][webinar]") {
  auto endless = expand("2026-12-01T09:00", 60, "FREQ=WEEKLY", {}, kZone);
  REQUIRE_FALSE(endless);
  CHECK(endless.status().message().find("COUNT or UNTIL") != std::string::npos);
  auto nonsense = expand("2026-12-01T09:00", 60, "EVERY TUESDAY", {}, kZone);
  REQUIRE_FALSE(nonsense);
  CHECK(nonsense.status().code() == "bad_field");
  auto too_many = expand("2026-12-01T09:00", 60, "FREQ=DAILY;COUNT=500", {}, kZone);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.status().message().find("more than 104") != std::string::npos);
  // Sessions repeat by the day, week or month; finer rules could keep libical busy for years.
  auto secondly = expand("2026-12-01T09:00", 60, "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2", {}, kZone);
  REQUIRE_FALSE(secondly);
  CHECK(secondly.status().message().find("DAILY, WEEKLY or MONTHLY") != std::string::npos);
  auto stray = expand("2026-12-01T09:00", 60, "FREQ=WEEKLY;COUNT=2", {"2026-12-02T09:00"}, kZone);
  REQUIRE_FALSE(stray);
  CHECK(stray.status().message().find("not a session") != std::string::npos);
  // 2:30 AM on March 14, 2027 does not exist in Denver: the series is refused, naming it.
  auto gap = expand("2027-03-07T02:30", 30, "FREQ=WEEKLY;COUNT=2", {}, kZone);
  REQUIRE_FALSE(gap);
  CHECK(gap.status().message().find("2027-03-14") != std::string::npos);
}
