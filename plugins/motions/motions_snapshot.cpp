// The motions plugin's snapshot (core::Plugin::snapshot, restore): its whole folded state.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/snapshot_fields.hpp"
#include "motions/motions_plugin.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::int64_t kVersion = 1;
constexpr std::string_view kPlugin = "motions";

// An integer field, refused unless it is a JSON integer (never a float or a boolean; unlike
// snapshot::int64, an unsigned number beyond int64 is not refused).
std::int64_t integer_at(const json& j, const char* key) {
  const json& v = j.at(key);
  if (!v.is_number_integer()) snapshot::refuse(kPlugin, std::string(key) + " is not an integer");
  return v.get<std::int64_t>();
}

// The same for an integer element of a [key, value] pair.
std::int64_t integer_of(const json& v) {
  if (!v.is_number_integer()) snapshot::refuse(kPlugin, "a key is not an integer");
  return v.get<std::int64_t>();
}

// One [key, value] pair of a map with integer keys.
const json& pair_at(const json& pair) {
  if (!pair.is_array() || pair.size() != 2) {
    snapshot::refuse(kPlugin, "a map entry is not a [key, value] pair");
  }
  return pair;
}

// A motion: every field, its votes as [person, choice] pairs in person order; the JSON fields
// (office, grounds, minutes, recess) as they are, null when the motion has none.
json motion_json(const MotionsPlugin::Motion& m) {
  json votes = json::array();
  for (const auto& [person, choice] : m.votes) votes.push_back(json::array({person, choice}));
  return {{"number", m.number},
          {"kind", m.kind},
          {"text", m.text},
          {"threshold", m.threshold},
          {"mover", m.mover},
          {"seconder", m.seconder},
          {"amends", m.amends},
          {"office", m.office},
          {"grounds", m.grounds},
          {"minutes", m.minutes},
          {"recess", m.recess},
          {"target", m.target},
          {"state", name_of(m.state)},
          {"withdrawal", m.withdrawal},
          {"question_ordered", m.question_ordered},
          {"votes", std::move(votes)}};
}

// The motion motion_json saved; throws on a missing or mistyped field.
MotionsPlugin::Motion motion_of(const json& j) {
  MotionsPlugin::Motion m;
  m.number = integer_at(j, "number");
  m.kind = j.at("kind").get<std::string>();
  m.text = j.at("text").get<std::string>();
  m.threshold = j.at("threshold").get<std::string>();
  m.mover = integer_at(j, "mover");
  m.seconder = integer_at(j, "seconder");
  m.amends = integer_at(j, "amends");
  m.office = j.at("office");
  m.grounds = j.at("grounds");
  m.minutes = j.at("minutes");
  m.recess = j.at("recess");
  m.target = integer_at(j, "target");
  m.state = motion_state_named(j.at("state").get<std::string>());
  m.withdrawal = j.at("withdrawal").get<std::string>();
  m.question_ordered = j.at("question_ordered").get<bool>();
  for (const json& entry : snapshot::typed(j.at("votes"), json::value_t::array, kPlugin)) {
    const json& pair = pair_at(entry);
    if (!m.votes.emplace(integer_of(pair[0]), pair[1].get<std::string>()).second) {
      snapshot::refuse(kPlugin, "a person votes twice");
    }
  }
  return m;
}

// A stack of motions (pending, tabled), bottom first.
json motions_json(const std::vector<MotionsPlugin::Motion>& motions) {
  json out = json::array();
  for (const MotionsPlugin::Motion& m : motions) out.push_back(motion_json(m));
  return out;
}

std::vector<MotionsPlugin::Motion> motions_of(const json& j, const char* key) {
  std::vector<MotionsPlugin::Motion> out;
  for (const json& m : snapshot::typed(j.at(key), json::value_t::array, kPlugin)) {
    out.push_back(motion_of(m));
  }
  return out;
}

}  // namespace

// Saves the pending stack and the tabled motions in order, the decided motions as [number,
// motion] pairs, and the counters of points, open point and inquiry, last ruling and motions made.
json MotionsPlugin::snapshot() const {
  json decided = json::array();
  for (const auto& [number, m] : decided_) decided.push_back(json::array({number, motion_json(m)}));
  return {{"v", kVersion},
          {"pending", motions_json(pending_)},
          {"tabled", motions_json(tabled_)},
          {"decided", std::move(decided)},
          {"points", points_},
          {"open_point", open_point_},
          {"open_inquiry", open_inquiry_},
          {"last_ruling", last_ruling_},
          {"made", made_}};
}

// Replaces the whole state with what snapshot() saved; throws, changing nothing, on another
// format number or a missing or mistyped field.
void MotionsPlugin::restore(const json& state) {
  snapshot::check_version(state, kVersion, kPlugin);
  std::vector<Motion> pending = motions_of(state, "pending");
  std::vector<Motion> tabled = motions_of(state, "tabled");
  std::map<std::int64_t, Motion> decided;
  for (const json& entry : snapshot::typed(state.at("decided"), json::value_t::array, kPlugin)) {
    const json& pair = pair_at(entry);
    if (!decided.emplace(integer_of(pair[0]), motion_of(pair[1])).second) {
      snapshot::refuse(kPlugin, "a motion is decided twice");
    }
  }
  const std::int64_t points = integer_at(state, "points");
  const std::int64_t open_point = integer_at(state, "open_point");
  const std::int64_t open_inquiry = integer_at(state, "open_inquiry");
  const std::int64_t last_ruling = integer_at(state, "last_ruling");
  const std::int64_t made = integer_at(state, "made");

  pending_ = std::move(pending);
  tabled_ = std::move(tabled);
  decided_ = std::move(decided);
  points_ = points;
  open_point_ = open_point;
  open_inquiry_ = open_inquiry;
  last_ruling_ = last_ruling;
  made_ = made;
}

}  // namespace collegial::plugins
