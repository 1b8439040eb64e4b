// B3: the arithmetic of a term of office.
#include <catch2/catch.hpp>

#include "motions/term_of_office.hpp"

TEST_CASE("B3: a term of office ends on the same day months later", "[elections][B3]") {
  // 2026-01-31 12:00 UTC + 1 month: the last day of February; + 12 months: a year on.
  const std::int64_t jan31 = 1769860800000;
  CHECK(collegial::plugins::add_months_ms(jan31, 1) == 1772280000000);  // 2026-02-28 12:00
  CHECK(collegial::plugins::add_months_ms(jan31, 12) == 1801396800000);  // 2027-01-31 12:00
}
