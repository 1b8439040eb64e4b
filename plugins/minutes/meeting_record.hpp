// R1: the record of each meeting, drawn from the room's log and nothing else.
//
// A MeetingRecorder folds a room's events into one record per meeting called to order: the
// body, the meeting's kind, date, time and place (from its notice), who presided, the members
// present with their arrival and departure times and those absent, quorum at the call and each
// gain or loss, each agenda item taken up, each motion with its mover, seconder, amendments,
// every member's vote and the result (and, under N9, whether it was valid), closed sessions
// with their authority, subject and C4 statement, recesses and the adjournment.
//
// It is a pure fold: the same events give the same records, after any restart, and
// `collegiald verify --minutes` replays it to check an exported set of minutes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "record/event.hpp"

namespace collegial::plugins {

class MeetingRecorder {
 public:
  // Folds one committed event. Returns the number of the meeting whose record it changed, or 0.
  std::int64_t apply(const record::Event& event, const nlohmann::json& body);

  // The record of meeting `number` (1, 2, 3… in the room), or null.
  const nlohmann::json* record(std::int64_t number) const;

  // The meeting in session or recess now (0: none). Its record is still growing.
  std::int64_t in_progress() const { return open_; }

  // Every record by meeting number.
  const std::map<std::int64_t, nlohmann::json>& records() const { return records_; }

  // The whole fold, for the minutes plugin's snapshot (core::Plugin::snapshot): the notices,
  // who is present, every record and the meeting in progress. restore() replaces all of it,
  // or throws (a missing or mistyped field) and changes nothing.
  nlohmann::json snapshot() const;
  void restore(const nlohmann::json& state);

 private:
  struct Presence {
    std::string name;
    std::string mode;
    std::int64_t since_ms = 0;
    std::string designee;  // B7: who sits for the member, if a designee
  };
  nlohmann::json* open_record();
  // A closed session's entry in `record`, begun at `at_ms` on `grounds`.
  static nlohmann::json closed_session(const nlohmann::json& record, const nlohmann::json& grounds,
                                       std::int64_t at_ms);
  nlohmann::json* motion_entry(std::int64_t number);
  std::int64_t fold_in_session(const record::Event& event, const nlohmann::json& body);

  std::map<std::int64_t, nlohmann::json> scheduled_;  // notice: meeting → where and when
  std::map<std::int64_t, Presence> present_;           // who is in the room now (Q1)
  std::map<std::int64_t, nlohmann::json> records_;     // by meeting number
  std::int64_t open_ = 0;                              // the meeting in progress, 0: none
};

}  // namespace collegial::plugins
