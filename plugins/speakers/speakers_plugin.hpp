// The speaker queue of a meeting (P1-P3). A member (or staff, or a circle's participant)
// present in the meeting asks for the floor on the item before the body (`speakers.request`,
// `/speak`) and may withdraw the request; the chair recognizes the first who asked, or another
// in the queue (`speakers.recognize`, optionally for a number of minutes, P2); the speaker yields
// (`speakers.yield`) or the chair ends their turn (`speakers.end`), and the turn ends by itself
// when its time runs out (the schedule's `speakers.tick`). The room shows who has the floor and
// until when.
//
// Points of order go ahead of the queue (P3, M7): a point of order raised while someone has the
// floor stops their clock until the chair rules, and nobody is recognized while it is pending.
// Taking up another agenda item starts a new queue (the floor and the requests were for the
// item before it); adjourning ends both.
#pragma once

#include <optional>
#include <vector>

#include "core/plugin.hpp"

namespace collegial::plugins {

class SpeakersPlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "speakers"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  // {"item": n (0: none taken up), "limit_minutes": n (0: none), "queue": [{person, name,
  //  since_ms}], "floor": null | {person, name, since_ms, until_ms (0: no limit), paused_left_ms
  //  (set while a point of order stops the clock)}, "point_pending": bool}
  nlohmann::json view() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;

 private:
  struct Request {
    std::int64_t person = 0;
    std::string name;
    std::int64_t since_ms = 0;
  };
  struct Floor {
    std::int64_t person = 0;
    std::string name;
    std::int64_t since_ms = 0;
    std::int64_t until_ms = 0;        // 0: no time limit
    std::int64_t paused_left_ms = 0;  // > 0 while a point of order stops the clock
  };
  using Decision = Result<std::vector<core::Proposed>>;

  Decision request(const core::RoomContext& c) const;
  Decision withdraw(const core::RoomContext& c) const;
  Decision recognize(const core::Command& command, const core::RoomContext& c) const;
  Decision yield(const core::RoomContext& c) const;
  Decision end(const core::RoomContext& c) const;
  Decision set_limit(const core::Command& command) const;
  Decision tick(const core::RoomContext& c) const;
  const Request* queued(std::int64_t person) const;
  void clear();

  std::int64_t item_ = 0;
  std::int64_t limit_minutes_ = 0;
  std::vector<Request> queue_;  // in the order of asking
  std::optional<Floor> floor_;
  bool point_pending_ = false;  // P3, M7: a point of order awaits the chair's ruling
};

}  // namespace collegial::plugins
