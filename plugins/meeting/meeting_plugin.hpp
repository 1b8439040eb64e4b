// The meeting lifecycle: the presiding officer calls the meeting to order, recesses, resumes and
// adjourns it (B4). Each is an event; chat goes on throughout. Adjourning and recessing are
// allowed without a quorum (Q3).
//
// - Calling to order names the noticed meeting being held (the notice plugin's view): the one
//   asked for, or the scheduled meeting nearest now within 12 hours. Not before its noticed
//   time (N3, a minute's tolerance: before_noticed_time). A meeting not lawfully noticed (or
//   held without any notice) is called to order only when the chair says so, having been told
//   why (N9: not_lawfully_noticed, then {"despite_notice": true}); its actions are marked not
//   valid. Each meeting has one number everywhere: its notice's, or for a meeting held without
//   notice the next one, under which the notice plugin lists it.
// - A recess to a later day states the date, time and place of the continuation (N8); the
//   notice plugin posts it at once.
// - An adopted motion to adjourn or to recess (motions plugin) takes effect in the same append:
//   meeting.adjourned / meeting.recessed with "by_motion". Adjournment, and a recess to a later
//   day, end everyone's presence (the quorum plugin, Q1).
// - Closed sessions (C1, C3, C4): an adopted motion to close (motions plugin) puts the meeting in
//   closed session, and a separately scheduled closed meeting (C2) is closed from its call to
//   order. While closed, public observers receive only "In closed session under …: subject"
//   (withheld_notice). The chair returns to open session; then the statement that discussion
//   was limited to the announced subjects is due, for a recorded vote (C4).
// - Guests in a closed session (C3): the chair admits an attorney, auditor or staff member
//   (meeting.admit_guest, with their account when they follow online) and dismisses them; a
//   guest receives the session's content while admitted and gains no other power; all leave
//   when the session ends. The record lists them.
#pragma once

#include <map>

#include "core/plugin.hpp"

namespace collegial::plugins {

class MeetingPlugin final : public core::Plugin {
 public:
  enum class State { not_in_session, in_session, recessed, adjourned };

  std::string_view name() const override { return "meeting"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  std::vector<core::Proposed> follow(const std::vector<core::Proposed>& batch, std::size_t fresh,
                                     const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  nlohmann::json view() const override;
  // An adjournment; a recess to a later day, which carries the continuation's notice (N8).
  std::optional<std::string> checkpoint_reason(const record::Event& event, const nlohmann::json& body) const override;
  std::optional<std::string> withheld_notice() const override;
  std::set<std::int64_t> closed_session_guests() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;

 private:
  // The recess on `args`' terms (N8), recorded with `body`.
  Result<std::vector<core::Proposed>> recess(const nlohmann::json& args, const core::RoomContext& context,
                                             nlohmann::json body) const;

  State state_ = State::not_in_session;
  std::int64_t number_ = 0;    // the number of the meeting last called to order (R1: its notice's)
  std::set<std::int64_t> held_;  // every number called to order in this room
  std::int64_t since_ms_ = 0;  // when the state last changed
  std::int64_t meeting_ = 0;   // the noticed meeting being held (0: none)
  nlohmann::json closed_;          // C1/C2 grounds while in closed session (null: open)
  nlohmann::json statement_due_;   // C4: the closed session whose statement awaits its vote
  std::map<std::int64_t, nlohmann::json> guests_;  // C3: admitted to the closed session now, by number
  std::int64_t guests_seen_ = 0;
};

std::string_view name_of(MeetingPlugin::State state);

}  // namespace collegial::plugins
