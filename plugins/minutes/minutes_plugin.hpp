// Minutes: drafted from the record, written up by the clerk, approved by the body (R1-R3).
//
// - R1: each meeting's record is a fold of the log (minutes/meeting_record.hpp): nothing in it is
//   typed by hand that the log already knows. Its minutes exist, as a draft, the moment the
//   meeting is adjourned.
// - R2: the clerk (policy action edit_minutes) adds a summary of the meeting, a summary per
//   agenda item and corrections (`minutes.edit`); every edit is kept with who made it and when.
//   The draft is due 10 working days after the meeting, skipping weekends and New Mexico's
//   state holidays (util/working_days.hpp); the clerk marks it complete (`minutes.complete`),
//   and the record says whether that was late. Drafts are public, marked DRAFT.
// - R3: at a later meeting the body approves the minutes, with or without corrections, by a
//   motion of kind approve_minutes (motions plugin). Adopted, and valid under N9, it makes them
//   official: version 1, locked against edits, carrying the hash of the meeting's last event
//   (its adjournment) and of the decision. A correction of official minutes is another such
//   motion and makes the next version; earlier versions stay readable. A motion that fails
//   disapproves them, and they stay a draft for the clerk to revise.
// - R4: every set of minutes names the event it was drawn through ({seq, hash}), so
//   `collegiald verify --minutes FILE` can replay the log to that event and compare.
#pragma once

#include <map>

#include "core/plugin.hpp"
#include "minutes/meeting_record.hpp"

namespace collegial::plugins {

class MinutesPlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "minutes"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  // {"minutes": [an index entry per adjourned meeting, oldest first], "in_progress": n or 0}:
  // number, title, date, status ("draft" or "official"), version, due date, completion. The
  // minutes themselves, which grow with every meeting, are read one at a time with read().
  nlohmann::json view() const override;

  // {"minutes": n, "version": k (optional; 0 or absent: the current text)} → the document of
  // those minutes, as every export renders it (docs/protocol.md, "The minutes document").
  // Errors: bad_field, no_minutes, no_version.
  // Minutes are public (R2): every reader gets the same document.
  Result<nlohmann::json> read(const nlohmann::json& query,
                              const std::vector<auth::Role>& roles = {}) const override;

  // {"v": 1, "room", "approvals", "on_floor", "recorder", "minutes"}: everything folded so far.
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;

 private:
  struct Minutes {
    nlohmann::json narrative = {{"summary", ""}, {"items", nlohmann::json::object()}};
    nlohmann::json corrections = nlohmann::json::array();  // the clerk's, then the body's
    nlohmann::json edits = nlohmann::json::array();        // every edit, with who and when
    std::string due_date;   // R2: "YYYY-MM-DD", or empty with due_error
    std::string due_error;
    nlohmann::json completed = nullptr;  // {at_ms, by, date, late}
    nlohmann::json versions = nlohmann::json::array();  // R3: official versions, oldest first
    nlohmann::json history = nlohmann::json::array();   // each approval, correction, refusal
    nlohmann::json drawn_through = nullptr;              // {seq, hash} of the last change
  };

  const Minutes* adjourned(std::int64_t number) const;
  nlohmann::json summary(std::int64_t number, const Minutes& m) const;
  nlohmann::json content(std::int64_t number, const Minutes& m) const;
  void adjourn(std::int64_t number);
  void edit(const record::Event& event, const nlohmann::json& body);
  void decide_approval(const record::Event& event, const nlohmann::json& body);

  std::string room_;  // the room whose log this is (documents name it)
  // R3: approval motions (motion → minutes), and those before the body now: while one is, the
  // text the body is voting on does not change.
  std::map<std::int64_t, std::int64_t> approvals_;
  std::map<std::int64_t, std::int64_t> on_floor_;
  MeetingRecorder recorder_;
  std::map<std::int64_t, Minutes> minutes_;  // by meeting number, once adjourned
};

}  // namespace collegial::plugins
