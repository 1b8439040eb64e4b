// Quorum: who is present, and whether they make a quorum (rules Q1, Q2, B5, B7).
//
// - Q1: presence is recorded per person with arrival and departure times: a member marks
//   themselves present ("/present", remote by default) or the clerk marks someone who is in the
//   room in person ("/mark-present <person id>"). Remote presence counts only where the body
//   allows remote attendance. A remote member whose last connection closes departs.
// - B5: a quorum is a majority of the body's voting members, floor(n/2)+1, not of those present.
// - B7: only voting seats (chair, vice-chair, voting members) count; staff, clerks, guests and
//   the public never do.
// - Q2: quorum is recomputed at every arrival and departure, and the plugin announces it in the
//   same append when it is gained or lost.
// - "/roll-call" records who is present and absent (the record for the minutes, R1).
// - L4: in a learning circle's room, when the members present include a quorum of a council
//   (its voting members, B5), the bot warns the facilitator (quorum.oma_warning), and says when
//   that is no longer so; the councils come with the roster.
// Its view {has_quorum, counted, required, members, present, oma_warnings} is what the motions plugin reads
// to refuse business without a quorum (Q3).
#pragma once

#include <map>

#include "core/plugin.hpp"

namespace collegial::plugins {

class QuorumPlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "quorum"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const store::Event& event, const nlohmann::json& body) override;
  std::vector<core::Proposed> on_disconnect(std::int64_t person_id,
                                            const core::RoomContext& context) const override;
  nlohmann::json view() const override;

  struct Presence {
    std::string name;
    std::string mode;  // "remote" or "in_person"
    std::int64_t since_ms = 0;
  };

 private:
  // The events for `person` arriving (mode) or departing (mode empty), with the quorum
  // announcement if that changes it.
  std::vector<core::Proposed> change(const core::RoomContext& context, std::int64_t person,
                                     const std::string& mode, const std::string& reason) const;

  std::map<std::int64_t, Presence> present_;  // by person id
  std::map<std::int64_t, nlohmann::json> oma_warnings_;  // L4: by council body id, in force
  bool has_quorum_ = false;
  std::int64_t counted_ = 0;
  std::int64_t required_ = 0;
  std::int64_t members_ = 0;
};

}  // namespace collegial::plugins
