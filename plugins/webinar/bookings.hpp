// L2: when each facilitator is booked, across every room (a facilitator may lead several
// circles), so a webinar that would book someone twice is refused naming the other one.
//
// Filled from the rooms' committed events (webinar.scheduled, webinar.cancelled) through the
// hub's effects hook, live and on replay (idempotent); the server loads every body's room at
// start, so the book is complete before anyone schedules. Read by the webinar plugin while it
// decides. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "record/event.hpp"

namespace collegial::plugins {

class FacilitatorBookings {
 public:
  struct Booking {
    std::string room;
    std::int64_t webinar = 0;
    std::string title;
    std::string starts_text;
    std::int64_t starts_ms = 0;
    std::int64_t ends_ms = 0;
  };

  // Takes up one committed event of `room`'s log (anything but the two webinar events is
  // ignored).
  void take(const record::Event& event, const nlohmann::json& body);

  // A booking of `person` in a room other than `except_room` that overlaps [starts, ends).
  std::optional<Booking> overlapping(std::int64_t person, std::int64_t starts_ms, std::int64_t ends_ms,
                                     const std::string& except_room) const;

  // `room`'s part of the book, for the room's snapshot (a room loaded from a snapshot does not
  // replay the webinar events before it), and taking it back: replaces that room's bookings.
  nlohmann::json of_room(const std::string& room) const;
  void restore_room(const std::string& room, const nlohmann::json& bookings);

 private:
  // (person, room, webinar, session) → the booking.
  using Key = std::tuple<std::int64_t, std::string, std::int64_t, std::int64_t>;
  mutable std::mutex mutex_;
  std::map<Key, Booking> booked_;
};

}  // namespace collegial::plugins
