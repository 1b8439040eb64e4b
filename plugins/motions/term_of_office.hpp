// B3: the arithmetic of a term of office.
#pragma once

#include <cstdint>

namespace collegial::plugins {

// `ms` plus `months` calendar months in UTC, the day clamped to the month's last day
// (31 January + 1 month = 28 or 29 February).
std::int64_t add_months_ms(std::int64_t ms, int months);

}  // namespace collegial::plugins
