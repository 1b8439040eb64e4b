#include "core/seat_changes.hpp"

#include "util/log.hpp"

namespace collegial::core {

bool take_up_seat(store::Directory& directory, const store::RoomRecord& room, const record::Event& event,
                  const SeatChange& change) {
  if (!room.body_id) return false;
  const std::string source = room.name + ":" + std::to_string(event.seq);
  auto seated = directory.seat_officer(*room.body_id, change.person, change.role, change.from_ms, change.until_ms,
                                       source);
  if (!seated) {
    LOG_ERROR("room " << room.name << " seq " << event.seq << ": cannot seat person " << change.person << " as "
                      << change.role << ": " << seated.status().to_string());
    return false;
  }
  if (seated.value()) {
    LOG_INFO("room " << room.name << ": person " << change.person << " seated as " << change.role << " by seq "
                     << event.seq);
  }
  return seated.value();
}

}  // namespace collegial::core
