// The notice plugin's snapshot (core/plugin.hpp, "Snapshots"): every meeting as apply() built
// it, the meeting in session and the item taken up. Format 2; format 1 is still restored.
#include <string>
#include <utility>

#include "common/snapshot_fields.hpp"
#include "notice/notice_plugin.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::string_view kPlugin = "notice";
// 2: each action carries its votes, who was absent and when it was decided (#20 §3).
constexpr std::int64_t kVersion = 2;

// An integer, refused unless it is a JSON integer (get<T> alone would take a float or a
// boolean; unlike snapshot::int64, an unsigned number beyond int64 is not refused).
std::int64_t integer(const json& v) {
  if (!v.is_number_integer()) snapshot::refuse(kPlugin, "an integer was expected");
  return v.get<std::int64_t>();
}
std::int64_t integer_at(const json& j, const char* key) { return integer(j.at(key)); }
int small_integer(const json& v) { return static_cast<int>(integer(v)); }
std::string text_at(const json& j, const char* key) { return j.at(key).get<std::string>(); }

std::vector<std::string> texts(const json& list) {
  std::vector<std::string> out;
  for (const json& t : list) out.push_back(t.get<std::string>());
  return out;
}

json item_state(const NoticePlugin::Item& item) {
  return {{"number", item.number}, {"type", item.type}, {"json", item.json}};
}
NoticePlugin::Item item_of(const json& j) {
  return NoticePlugin::Item{small_integer(j.at("number")), text_at(j, "type"), j.at("json")};
}

// One meeting, all its fields but its id (the key it is listed under).
json meeting_state(const NoticePlugin::Meeting& m) {
  json agendas = json::array();
  for (const auto& agenda : m.agendas) {
    json items = json::array();
    for (const auto& item : agenda) items.push_back(item_state(item));
    agendas.push_back(std::move(items));
  }
  json postings = json::array();
  for (const Posting& p : m.postings) postings.push_back({{"at_ms", p.at_ms}, {"agenda_version", p.agenda_version}});
  return {{"scheduled", m.scheduled},
          {"kind", m.kind},
          {"starts_ms", m.starts_ms},
          {"rules",
           {{"kind", m.rules.kind}, {"notice_hours", m.rules.notice_hours}, {"agenda_hours", m.rules.agenda_hours}}},
          {"agendas", agendas},
          {"postings", postings},
          {"posted_texts", m.posted_texts},
          {"posted_texts_es", m.posted_texts_es},
          {"state", m.state},
          {"started_ms", m.started_ms},
          {"adjourned_ms", m.adjourned_ms},
          {"continuation", m.continuation},
          {"actions", m.actions},
          {"cancelled", m.cancelled},
          {"ag_report_filed", m.ag_report_filed},
          {"resends", m.resends},
          {"amended_in_session", m.amended_in_session}};
}

NoticePlugin::Meeting meeting_of(std::int64_t id, const json& j, std::int64_t version) {
  using T = json::value_t;
  NoticePlugin::Meeting m;
  m.id = id;
  m.scheduled = j.at("scheduled");
  m.kind = text_at(j, "kind");
  m.starts_ms = integer_at(j, "starts_ms");
  const json& rules = j.at("rules");
  m.rules = NoticeRules{text_at(rules, "kind"), integer_at(rules, "notice_hours"), integer_at(rules, "agenda_hours")};
  for (const json& agenda : snapshot::typed(j.at("agendas"), T::array, kPlugin)) {
    if (!agenda.is_array()) snapshot::refuse(kPlugin, "an agenda is not a list");
    std::vector<NoticePlugin::Item> items;
    for (const json& item : agenda) items.push_back(item_of(item));
    m.agendas.push_back(std::move(items));
  }
  for (const json& p : snapshot::typed(j.at("postings"), T::array, kPlugin)) {
    m.postings.push_back(Posting{integer_at(p, "at_ms"), small_integer(p.at("agenda_version"))});
  }
  m.posted_texts = texts(snapshot::typed(j.at("posted_texts"), T::array, kPlugin));
  m.posted_texts_es = texts(snapshot::typed(j.at("posted_texts_es"), T::array, kPlugin));
  // view() reads one text for each posting.
  if (m.posted_texts.size() != m.postings.size()) {
    snapshot::refuse(kPlugin, "posted_texts do not match postings");
  }
  m.state = text_at(j, "state");
  m.started_ms = integer_at(j, "started_ms");
  m.adjourned_ms = integer_at(j, "adjourned_ms");
  m.continuation = j.at("continuation");
  m.actions = snapshot::typed(j.at("actions"), T::array, kPlugin);
  // v1 (before #20 §3) kept no votes: its actions are read with none, nobody absent and no time.
  for (json& a : m.actions) {
    snapshot::typed(a, T::object, kPlugin);
    if (version == 1) {
      a["votes"] = json::array();
      a["absent"] = json::array();
      a["decided_ms"] = 0;
    }
    snapshot::typed(a.at("votes"), T::array, kPlugin);
    snapshot::typed(a.at("absent"), T::array, kPlugin);
    snapshot::int64(a.at("decided_ms"), kPlugin);
  }
  m.cancelled = j.at("cancelled");
  m.ag_report_filed = j.at("ag_report_filed");
  m.resends = snapshot::typed(j.at("resends"), T::array, kPlugin);
  for (const json& v : snapshot::typed(j.at("amended_in_session"), T::array, kPlugin)) {
    m.amended_in_session.push_back(small_integer(v));
  }
  return m;
}

}  // namespace

// Saves every meeting (as [id, meeting] pairs, in id order), the meeting in session and the
// agenda item taken up.
json NoticePlugin::snapshot() const {
  json meetings = json::array();
  for (const auto& [id, m] : meetings_) meetings.push_back(json::array({id, meeting_state(m)}));
  return {{"v", kVersion}, {"meetings", meetings}, {"current", current_}, {"item", item_}};
}

// Takes back what snapshot() saved, all or nothing: throws on another format or a bad field.
void NoticePlugin::restore(const json& state) {
  // v1 is read too: the same fields, its actions without votes (meeting_of).
  const std::int64_t version = snapshot::int64(state.at("v"), kPlugin);
  if (version != 1) snapshot::check_version(state, kVersion, kPlugin);
  std::map<std::int64_t, Meeting> meetings;
  for (const json& pair : snapshot::typed(state.at("meetings"), json::value_t::array, kPlugin)) {
    if (!pair.is_array() || pair.size() != 2) {
      snapshot::refuse(kPlugin, "a meeting is not an [id, meeting] pair");
    }
    const std::int64_t id = integer(pair[0]);
    if (!meetings.emplace(id, meeting_of(id, pair[1], version)).second) {
      snapshot::refuse(kPlugin, "a meeting is listed twice");
    }
  }
  const std::int64_t current = integer_at(state, "current");
  json item = state.at("item");

  meetings_ = std::move(meetings);
  current_ = current;
  item_ = std::move(item);
}

}  // namespace collegial::plugins
