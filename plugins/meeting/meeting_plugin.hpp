// The meeting lifecycle: the presiding officer calls the meeting to order, recesses, resumes and
// adjourns it (B4). Each is an event; chat goes on throughout. Adjourning and recessing are
// allowed without a quorum (Q3).
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

 private:
  State state_ = State::not_in_session;
  std::int64_t number_ = 0;    // meetings called to order in this room so far
  std::int64_t since_ms_ = 0;  // when the state last changed
};

std::string_view name_of(MeetingPlugin::State state);

}  // namespace collegial::plugins
