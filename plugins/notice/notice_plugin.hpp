// Meetings under the Open Meetings Act: scheduling, agendas and notices (rules N2–N9, C2).
//
// - A meeting of the body is scheduled as regular, special or emergency, at a local time in the
//   body's time zone, with its place and how to attend remotely (N3). The body's notice lead
//   for that kind (N2) is recorded with it, so the rule in force is part of the record.
// - Agendas are drafted as numbered, typed items (information, action, closed session); every
//   drafted version is kept, and posting publishes the notice with the latest agenda (N3, N4).
// - Whether a meeting is lawfully noticed is computed at every moment from those postings
//   (notice_status.hpp) and published in the view, with the findings in words.
// - An emergency meeting needs a written justification meeting N6's definition; once held, a
//   report to the Attorney General is due within 10 days, drafted from the meeting's record.
// - Once the meeting begins its agenda is final: the chair takes up items of the final agenda
//   only, and the agenda cannot change (N5); a recess to a later day keeps that agenda (N8).
//   An emergency meeting is the exception (N6): its agenda may be amended and posted while it
//   is in session, each such version recorded as amended in session.
// - A posted notice may be re-sent to the media (all, or one outlet after its outage, N7):
//   notice.resent, recorded as a re-send; the posting on which lawful notice is judged stays.
// - A separately scheduled closed meeting is noticed with its authority and subject (C2).
// The motions plugin reads this view: the item taken up (N5) and the notice status (N9).
#pragma once

#include <map>

#include "core/plugin.hpp"
#include "notice/notice_status.hpp"

namespace collegial::plugins {

class NoticePlugin final : public core::Plugin {
 public:
  struct Item {
    int number = 0;
    std::string type;  // information, action, closed_session
    nlohmann::json json;
  };
  struct Meeting {
    std::int64_t id = 0;
    nlohmann::json scheduled;  // the notice.meeting_scheduled body
    std::string kind;
    std::int64_t starts_ms = 0;
    NoticeRules rules;
    std::vector<std::vector<Item>> agendas;  // drafted versions; [0] is version 1
    std::vector<Posting> postings;
    std::vector<std::string> posted_texts;  // each posting's notice as the event recorded it
    std::vector<std::string> posted_texts_es;  // … and in Spanish (empty before notices had it)
    std::string state = "scheduled";  // scheduled, in_session, recessed, adjourned, cancelled
    std::int64_t started_ms = 0;
    std::int64_t adjourned_ms = 0;
    nlohmann::json continuation;  // N8: the recess to a later day, when there is one
    nlohmann::json actions = nlohmann::json::array();  // decided motions, for N9 and N6
    nlohmann::json cancelled;
    nlohmann::json ag_report_filed;
    nlohmann::json resends = nlohmann::json::array();  // N7: {at_ms, version, reason, outlet?}
    std::vector<int> amended_in_session;  // N6: agenda versions posted after the call to order
    // The agenda in force: the last posted before the meeting began (or the last posted).
    const std::vector<Item>* final_agenda() const;
    NoticeStatus status() const;
  };

  std::string_view name() const override { return "notice"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  nlohmann::json view() const override;
  // A posted notice (N7: the media's copy carries the checkpoint of itself).
  std::optional<std::string> checkpoint_reason(const record::Event& event, const nlohmann::json& body) const override;
  nlohmann::json snapshot() const override;  // notice_snapshot.cpp
  void restore(const nlohmann::json& state) override;

 private:
  const Meeting* meeting_arg(const nlohmann::json& args) const;
  Result<std::vector<core::Proposed>> schedule(const core::Command& command,
                                               const core::RoomContext& context) const;
  Result<std::vector<core::Proposed>> draft_agenda(const core::Command& command,
                                                   const core::RoomContext& context) const;
  Result<std::vector<core::Proposed>> post(const core::Command& command,
                                           const core::RoomContext& context) const;
  Result<std::vector<core::Proposed>> resend(const core::Command& command,
                                             const core::RoomContext& context) const;

  std::map<std::int64_t, Meeting> meetings_;
  std::int64_t current_ = 0;  // the meeting in session or in recess (0: none)
  nlohmann::json item_;       // the agenda item taken up (null: none)
};

// The notice as the public reads it: body, kind, date, time and place, remote attendance, and
// the agenda (N3), or the closed meeting's authority and subject (C2).
std::string notice_text(const nlohmann::json& scheduled, const std::vector<NoticePlugin::Item>* agenda,
                        bool continuation, const nlohmann::json& continued);

}  // namespace collegial::plugins
