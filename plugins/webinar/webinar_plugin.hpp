// Webinars and circle sessions (L2): scheduled by facilitators in the body's time zone, with
// registration, capacity and a waitlist, reminders and attendance.
//
// - Scheduling (`webinar.schedule`, policy action schedule_webinar): title, description, start
//   and end as local times in the body's zone, capacity, a join link, and an optional RFC 5545
//   RRULE with exceptions, expanded by libical (webinar/recurrence.hpp) in wall-clock time, so
//   sessions keep their local hour across daylight-saving changes. The facilitators (the
//   scheduler, or those named) may not be booked into overlapping sessions, in this room or any
//   other (webinar/bookings.hpp); the refusal names the other webinar.
// - Registration (`webinar.register`, `webinar.unregister`; action register): a seat while
//   fewer than `capacity` hold one, else a place on the waitlist. When a seat frees, the first
//   on the waitlist is promoted in the same append and told. Commands are decided one at a
//   time on committed state, so of two people asking for the last seat exactly one gets it.
// - Reminders: at each offset before a session (default 24 h and 1 h), `webinar.tick` (sent
//   by the server's scheduler as an administrator) posts one `webinar.reminder` naming the
//   registrants; the server's effects e-mail them. Whether a reminder was sent is in the log,
//   so each is sent exactly once, across restarts; one whose session has begun is not sent.
// - Attendance: who was present in the room (quorum.arrived / quorum.departed) during a
//   session, recorded by the tick once the session has ended (`webinar.attendance`).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>

#include "core/plugin.hpp"
#include "webinar/bookings.hpp"

namespace collegial::plugins {

class WebinarPlugin final : public core::Plugin {
 public:
  // Who a person is, by id, from the directory: registrants' names are not in the events (every
  // event goes to all who may join the room, the public included), only in a facilitator's read.
  using Names = std::function<std::string(std::int64_t person)>;

  WebinarPlugin(std::shared_ptr<const FacilitatorBookings> bookings, Names names)
      : bookings_(std::move(bookings)), names_of_(std::move(names)) {}

  std::string_view name() const override { return "webinar"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  // {"webinars": [{webinar, title, description, join_url, capacity, public, time_zone,
  //   facilitators, sessions, registered (person ids), waitlisted (ids, in order), cancelled, cancel_reason}]}
  nlohmann::json view() const override;
  // {"webinar": n}: registrants and waitlist by name and each session's attendance, for those
  // who may schedule webinars (facilitators); counts only for others.
  Result<nlohmann::json> read(const nlohmann::json& query, const std::vector<auth::Role>& roles) const override;

  // {"v": 1, "webinars", "presence", "names", "last_ms"}: everything folded so far (the
  // facilitators' book is shared across rooms and saved apart).
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;

 private:
  struct Person {
    std::int64_t id = 0;
  };
  struct Session {
    std::int64_t number = 0;
    nlohmann::json scheduled;               // as in webinar.scheduled
    std::set<std::int64_t> reminded;        // offsets (minutes) already sent
    nlohmann::json attendance = nullptr;    // once taken
  };
  struct Webinar {
    nlohmann::json scheduled;  // the webinar.scheduled body
    std::vector<Session> sessions;
    std::vector<Person> registered;  // in order of registration
    std::vector<Person> waitlisted;  // in order: the first is promoted first
    bool cancelled = false;
    std::string cancel_reason;  // as webinar.cancelled gave it
  };

  Result<std::vector<core::Proposed>> schedule(const core::Command& command, const core::RoomContext& c) const;
  Result<std::vector<core::Proposed>> tick(const core::RoomContext& c) const;
  const Webinar* find(const nlohmann::json& args) const;
  // Who was present during `s`, up to `now_ms` (minutes each).
  nlohmann::json attendance(const Session& s, std::int64_t now_ms) const;
  nlohmann::json view_of(const Webinar& w) const;

  std::shared_ptr<const FacilitatorBookings> bookings_;
  Names names_of_;
  std::map<std::int64_t, Webinar> webinars_;
  // Presence in the room (quorum plugin's events), for attendance: person → [arrived, departed).
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> presence_;
  std::map<std::int64_t, std::string> names_;
  std::int64_t last_ms_ = 0;  // the time of the last event folded: "now" for a live read
};

}  // namespace collegial::plugins
