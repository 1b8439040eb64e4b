#include "core/officer_elections.hpp"

#include <chrono>

#include "util/log.hpp"

namespace collegial::core {

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

bool take_up_election(store::Directory& directory, const store::RoomRecord& room,
                      const record::Event& event, const nlohmann::json& body) {
  if (event.type != "motions.decided" || !body.is_object() || !room.body_id) return false;
  if (body.value("kind", "") != "elect" || body.value("result", "") != "adopted") return false;
  const auto office = body.value("office", nlohmann::json::object());
  const std::int64_t person = office.value("person", std::int64_t{0});
  const std::string role = office.value("office", "");
  const int months = office.value("term_months", 12);
  if (person <= 0 || months <= 0) {
    LOG_ERROR("room " << room.name << " seq " << event.seq << ": an election without an officer");
    return false;
  }
  const std::string source = room.name + ":" + std::to_string(event.seq);
  auto seated = directory.seat_officer(*room.body_id, person, role, event.ts_ms,
                                       add_months_ms(event.ts_ms, months), source);
  if (!seated) {
    LOG_ERROR("room " << room.name << " seq " << event.seq
                      << ": cannot seat the elected officer: " << seated.status().to_string());
    return false;
  }
  if (seated.value()) {
    LOG_INFO("room " << room.name << ": person " << person << " seated as " << role
                     << " by the election at seq " << event.seq);
  }
  return seated.value();
}

}  // namespace collegial::core
