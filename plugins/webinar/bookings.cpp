#include "webinar/bookings.hpp"

namespace collegial::plugins {

void FacilitatorBookings::take(const record::Event& event, const nlohmann::json& body) {
  // Called for every committed event of every room: leave at once unless it is a webinar's.
  if (event.type != "webinar.scheduled" && event.type != "webinar.cancelled") return;
  if (!body.is_object()) return;
  const std::int64_t webinar = body.value("webinar", std::int64_t{0});
  std::lock_guard lock(mutex_);
  if (event.type == "webinar.scheduled") {
    for (const auto& f : body.value("facilitators", nlohmann::json::array())) {
      for (const auto& s : body.value("sessions", nlohmann::json::array())) {
        booked_[{f.value("person", std::int64_t{0}), event.room, webinar, s.value("session", std::int64_t{0})}] =
            Booking{event.room, webinar, body.value("title", ""), s.value("starts_text", ""),
                    s.value("starts_ms", std::int64_t{0}), s.value("ends_ms", std::int64_t{0})};
      }
    }
  } else if (event.type == "webinar.cancelled") {
    std::erase_if(booked_, [&](const auto& entry) {
      return std::get<1>(entry.first) == event.room && std::get<2>(entry.first) == webinar;
    });
  }
}

std::optional<FacilitatorBookings::Booking> FacilitatorBookings::overlapping(
    std::int64_t person, std::int64_t starts_ms, std::int64_t ends_ms, const std::string& except_room) const {
  std::lock_guard lock(mutex_);
  for (auto it = booked_.lower_bound({person, "", 0, 0}); it != booked_.end() && std::get<0>(it->first) == person;
       ++it) {
    const Booking& b = it->second;
    if (b.room != except_room && b.starts_ms < ends_ms && starts_ms < b.ends_ms) return b;
  }
  return std::nullopt;
}

nlohmann::json FacilitatorBookings::of_room(const std::string& room) const {
  nlohmann::json out = nlohmann::json::array();
  std::lock_guard lock(mutex_);
  for (const auto& [key, b] : booked_) {
    if (std::get<1>(key) != room) continue;
    out.push_back({std::get<0>(key), b.webinar, std::get<3>(key), b.title, b.starts_text, b.starts_ms, b.ends_ms});
  }
  return out;
}

void FacilitatorBookings::restore_room(const std::string& room, const nlohmann::json& bookings) {
  // Read whole before anything changes: a malformed part throws and the book stays as it was.
  std::map<Key, Booking> taken;
  for (const auto& b : bookings) {
    taken[{b.at(0).get<std::int64_t>(), room, b.at(1).get<std::int64_t>(), b.at(2).get<std::int64_t>()}] =
        Booking{room, b.at(1).get<std::int64_t>(), b.at(3).get<std::string>(), b.at(4).get<std::string>(),
                b.at(5).get<std::int64_t>(), b.at(6).get<std::int64_t>()};
  }
  std::lock_guard lock(mutex_);
  std::erase_if(booked_, [&](const auto& entry) { return std::get<1>(entry.first) == room; });
  booked_.merge(taken);
}

}  // namespace collegial::plugins
