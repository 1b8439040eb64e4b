// Minutes, first part: the draft of every meeting, drawn from the room's log (R1).
//
// Nothing in the draft is typed by hand that the log already knows: the body, the meeting's
// kind, date, time and place (from its notice), who presided, the members present with their
// arrival and departure times and those absent, quorum gained and lost, each agenda item taken
// up, each motion with its mover and seconder, amendments, and every vote with each member's
// vote and the result (and, under N9, whether it was valid), closed sessions with their
// authority and subject and the C4 statement, recesses and the adjournment.
//
// The draft is a fold: it is complete the moment the meeting is adjourned, and the same after
// any restart. The clerk's narrative, approval (R3), versions and exports come with the rest
// of the minutes issue; this plugin has no operations yet.
#pragma once

#include <map>
#include <optional>

#include "core/plugin.hpp"

namespace collegial::plugins {

class MinutesPlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "minutes"; }
  std::vector<core::Operation> operations() const override { return {}; }
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const store::Event& event, const nlohmann::json& body) override;
  // {"drafts": [draft of each adjourned meeting, oldest first], "in_progress": number or 0}.
  nlohmann::json view() const override;

 private:
  struct Presence {
    std::string name;
    std::string mode;
    std::int64_t since_ms = 0;
  };
  nlohmann::json* open_draft();
  nlohmann::json* motion_entry(std::int64_t number);

  std::map<std::int64_t, nlohmann::json> scheduled_;  // notice: meeting → where and when
  std::map<std::int64_t, Presence> present_;           // who is in the room now (Q1)
  std::map<std::int64_t, nlohmann::json> made_;        // motions made and not yet decided
  std::vector<nlohmann::json> drafts_;                 // one per meeting called to order
  bool open_ = false;                                  // drafts_.back() is in progress
};

}  // namespace collegial::plugins
