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
// - Q1: presence belongs to one meeting. Adjourning the meeting, or recessing it to a later day,
//   ends everyone's presence in the same append (quorum.departed for each, and quorum.lost):
//   members are recorded again when the body next meets, and the next call to order starts
//   from those actually present.
// - B7: the clerk records a designee sent in an absent member's place (quorum.designee:
//   present in mode "designee" for the member's seat; counted, and voting through their own
//   account, only where the body's designees_count setting allows), and a proxy presented for
//   an absent member (quorum.proxy_noted: in the record and the minutes, never counted or
//   voted). Both end with the meeting. A designee who counts also hears the closed session
//   as the member would (closed_session_guests).
// - L4: in a learning circle's room, when the members present include a quorum of a council
//   (its voting members, B5), the bot warns the facilitator (quorum.oma_warning), and says when
//   that is no longer so; the councils come with the roster.
// Its view {has_quorum, counted, required, members, present, oma_warnings} is what the motions plugin reads
// to refuse business without a quorum (Q3). `counted` is live: the voting members present now
// whose presence counts (each `present` entry says whether it does).
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
  void apply(const record::Event& event, const nlohmann::json& body) override;
  std::vector<core::Proposed> on_disconnect(std::int64_t person_id,
                                            const core::RoomContext& context) const override;
  std::optional<std::int64_t> stands_in_for(std::int64_t person) const override;
  std::set<std::int64_t> closed_session_guests() const override;
  std::set<std::int64_t> held_by_connection() const override;
  std::vector<core::Proposed> follow(const std::vector<core::Proposed>& batch, std::size_t fresh,
                                     const core::RoomContext& context) const override;
  nlohmann::json view() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;
  void roster_changed(const core::Roster& roster) override;

  struct Presence {
    std::string name;
    std::string mode;  // "remote" or "in_person"
    std::int64_t since_ms = 0;
    bool counts = false;  // B7, Q1: a voting seat, here in a way the body counts
    nlohmann::json designee;  // B7: {name, person?} when a designee stands for the member
    // Q1: the member said so from their own connection (remote): present while connected. Not
    // so when the clerk recorded them (a member on the telephone has no connection to lose).
    bool by_connection = false;
  };

 private:
  // The events for `people` arriving (mode) or departing (mode empty), with the quorum
  // announcement and the L4 warnings if that changes them.
  std::vector<core::Proposed> change(const core::RoomContext& context,
                                     const std::vector<std::int64_t>& people, const std::string& mode,
                                     const std::string& reason,
                                     const nlohmann::json& designee = nlohmann::json()) const;

  std::map<std::int64_t, Presence> present_;  // by person id
  // The body's voting seats (person id, name), in the roster's order, for the view's `seats`.
  std::vector<std::pair<std::int64_t, std::string>> seats_;
  std::map<std::int64_t, nlohmann::json> oma_warnings_;  // L4: by council body id, in force
  std::map<std::int64_t, nlohmann::json> proxies_;       // B7: by absent member, this meeting
  bool has_quorum_ = false;
  std::int64_t required_ = 0;
  std::int64_t members_ = 0;
};

}  // namespace collegial::plugins
