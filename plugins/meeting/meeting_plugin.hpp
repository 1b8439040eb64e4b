// The meeting lifecycle: the presiding officer calls the meeting to order, recesses, resumes and
// adjourns it (B4). Each is an event; chat goes on throughout. Adjourning and recessing are
// allowed without a quorum (Q3).
//
// - Calling to order names the noticed meeting being held (the notice plugin's view): the one
//   asked for, or the scheduled meeting nearest now within 12 hours. A meeting held without one
//   is recorded as unnoticed (N9 marks its actions).
// - A recess to a later day states the date, time and place of the continuation (N8); the
//   notice plugin posts it at once.
// - Closed sessions (C1, C3, C4): an adopted motion to close (motions plugin) puts the meeting in
//   closed session, and a separately scheduled closed meeting (C2) is closed from its call to
//   order. While closed, public observers receive only "In closed session under …: subject"
//   (withheld_notice). The chair returns to open session; then the statement that discussion
//   was limited to the announced subjects is due, for a recorded vote (C4).
#pragma once

#include "core/plugin.hpp"

namespace collegial::plugins {

class MeetingPlugin final : public core::Plugin {
 public:
  enum class State { not_in_session, in_session, recessed, adjourned };

  std::string_view name() const override { return "meeting"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const store::Event& event, const nlohmann::json& body) override;
  nlohmann::json view() const override;
  std::optional<std::string> withheld_notice() const override;

 private:
  Result<std::vector<core::Proposed>> recess(const core::Command& command,
                                             const core::RoomContext& context,
                                             nlohmann::json body) const;

  State state_ = State::not_in_session;
  std::int64_t number_ = 0;    // meetings called to order in this room so far
  std::int64_t since_ms_ = 0;  // when the state last changed
  std::int64_t meeting_ = 0;   // the noticed meeting being held (0: none)
  nlohmann::json closed_;          // C1/C2 grounds while in closed session (null: open)
  nlohmann::json statement_due_;   // C4: the closed session whose statement awaits its vote
};

std::string_view name_of(MeetingPlugin::State state);

}  // namespace collegial::plugins
