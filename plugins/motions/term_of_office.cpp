#include "motions/term_of_office.hpp"

#include <algorithm>
#include <chrono>

namespace collegial::plugins {

std::int64_t add_months_ms(std::int64_t ms, int months) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{ms}};
  const sys_days day = floor<days>(t);
  const auto time_of_day = t - day;
  year_month_day ymd{day};
  const year_month ym = year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  const auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  const year_month_day target{ym.year(), ym.month(), std::min(ymd.day(), last)};
  return (sys_days{target} + time_of_day).time_since_epoch().count();
}

}  // namespace collegial::plugins
