#include "core/plugin.hpp"

#include <algorithm>

namespace collegial::core {


bool Seat::votes() const {
  return std::any_of(roles.begin(), roles.end(), auth::votes);  // B7
}

std::size_t Roster::voting_members() const {
  return static_cast<std::size_t>(
      std::count_if(seats.begin(), seats.end(), [](const Seat& s) { return s.votes(); }));
}

const Seat* Roster::seat_of(std::int64_t person_id) const {
  for (const Seat& s : seats) {
    if (s.person_id == person_id) return &s;
  }
  return nullptr;
}

}  // namespace collegial::core
