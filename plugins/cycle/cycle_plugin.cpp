#include "cycle/cycle_plugin.hpp"

#include <algorithm>
#include <array>

#include "common/snapshot_fields.hpp"
#include "util/working_days.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

// L3: the steps, in the cycle's order.
constexpr std::array<const char*, 5> kSteps = {"experts_trained", "regional_training", "observation", "coaching",
                                               "report"};
const std::array<const char*, 5> kStepNames = {"Experts trained by the state", "Regional training",
                                               "Observation of implementation", "Coaching for capacity",
                                               "Report of training needs to the state"};
constexpr std::size_t kMaxText = 4000;

constexpr Bilingual kListOfNames{"{field} is a list of names", "el campo {field} es una lista de nombres"};
constexpr Bilingual kFormat{"format is json or csv", "el campo format es json o csv"};
// L3: the step before the one at index i + 1 must be recorded first.
constexpr std::array<Bilingual, 4> kOutOfOrder = {{
    {"L3: record \u201cExperts trained by the state\u201d before \u201cRegional training\u201d",
     "L3: registre \u201cPersonas expertas formadas por el estado\u201d antes de \u201cFormaci\u00f3n regional\u201d"},
    {"L3: record \u201cRegional training\u201d before \u201cObservation of implementation\u201d",
     "L3: registre \u201cFormaci\u00f3n regional\u201d antes de \u201cObservaci\u00f3n de la implementaci\u00f3n\u201d"},
    {"L3: record \u201cObservation of implementation\u201d before \u201cCoaching for capacity\u201d",
     "L3: registre \u201cObservaci\u00f3n de la implementaci\u00f3n\u201d antes de "
     "\u201cAcompa\u00f1amiento (coaching) para desarrollar capacidad\u201d"},
    {"L3: record \u201cCoaching for capacity\u201d before \u201cReport of training needs to the state\u201d",
     "L3: registre \u201cAcompa\u00f1amiento (coaching) para desarrollar capacidad\u201d antes de "
     "\u201cInforme al estado de las necesidades de formaci\u00f3n\u201d"},
}};

int step_index(const std::string& step) {
  for (std::size_t i = 0; i < kSteps.size(); ++i) {
    if (step == kSteps[i]) return static_cast<int>(i);
  }
  return -1;
}

bool is_date(const std::string& d) {
  return d.size() == 10 && HolidayCalendar::new_mexico().working_day(d).status().code() != "bad_field";
}

// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string joined(const json& list, const char* sep) {
  std::string out;
  for (const auto& x : list) {
    if (!out.empty()) out += sep;
    out += x.is_string() ? x.get<std::string>() : x.dump();
  }
  return out;
}

Result<json> strings(const json& args, const char* key, bool required) {
  const auto it = args.find(key);
  if (it == args.end()) {
    if (required) return core::refuse("bad_field", kListOfNames, {{"field", key}});
    return json::array();
  }
  if (!it->is_array() || it->size() > 200) return core::refuse("bad_field", kListOfNames, {{"field", key}});
  for (const auto& x : *it) {
    if (!x.is_string() || x.get_ref<const std::string&>().empty() || x.get_ref<const std::string&>().size() > 200) {
      return core::refuse("bad_field", kListOfNames, {{"field", key}});
    }
  }
  return *it;
}

// Snapshots: the format number, and the name their refusals give.
constexpr std::int64_t kSnapshotVersion = 1;
constexpr std::string_view kPlugin = "cycle";

}  // namespace

std::vector<core::Operation> CyclePlugin::operations() const {
  using core::Arg;
  const Arg notes = Arg::string("notes").up_to(kMaxText);
  // Names of people and of needs: as strings() reads them, at most 200 of at most 200 bytes.
  const auto names = [](const char* name) { return Arg::strings(name).up_to(200).at_most(200); };
  return {{"cycle.start", auth::Action::schedule_webinar, "",
           {Arg::string("title").up_to(200).needed(), Arg::string("region").up_to(200), notes}},
          {"cycle.record", auth::Action::schedule_webinar, "",
           {Arg::integer("initiative").at_least(1).needed(), Arg::string("step").up_to(64).needed(),
            Arg::string("date").up_to(10).needed(), names("people").needed(), notes,
            Arg::integer("webinar").at_least(1), names("needs")}}};
}

Result<std::vector<core::Proposed>> CyclePlugin::decide(const core::Command& command,
                                                        const core::RoomContext& c) const {
  const json& a = command.args;
  if (!c.roster.body) {
    return core::refuse("no_body", {"this room belongs to no body", "esta sala no pertenece a ning\u00fan organismo"});
  }
  // Observations name teachers and schools, and every event goes to all who may join the room:
  // the cycle is kept in a body's room that is not public (the staff's, a circle's).
  if (c.roster.body->is_public) {
    return core::refuse("public_room",
                        {"L3: the cycle''s records name teachers and schools; keep them in the room "
                         "of a body that is not public",
                         "L3: los registros del ciclo nombran a docentes y escuelas; gu\u00e1rdelos en la sala "
                         "de un organismo que no sea p\u00fablico"});
  }
  if (command.op == "cycle.start") {
    const std::string title = a.value("title", "");
    if (title.empty() || title.size() > 200) {
      return core::refuse("bad_field", {"title names the initiative (1 to 200 bytes)",
                                        "el campo title nombra la iniciativa (de 1 a 200 bytes)"});
    }
    const std::string region = a.value("region", c.roster.body->name);
    const std::int64_t number = initiatives_.empty() ? 1 : initiatives_.rbegin()->first + 1;
    return std::vector<core::Proposed>{{"cycle.started",
                                        {{"initiative", number}, {"title", title}, {"region", region},
                                         {"notes", a.value("notes", "")}, {"by", c.who.name}},
                                        ""}};
  }
  if (command.op != "cycle.record") {
    return core::refuse("unknown_operation",
                        {"the cycle plugin has no ''{op}''", "el complemento cycle no tiene la operaci\u00f3n ''{op}''"},
                        {{"op", command.op}});
  }
  const auto n = a.find("initiative");
  const auto it = n != a.end() && n->is_number_integer() ? initiatives_.find(n->get<std::int64_t>()) : initiatives_.end();
  if (it == initiatives_.end()) {
    return core::refuse("unknown_initiative", {"name an initiative of this room: '{\"initiative\": n}'",
                                               "indique una iniciativa de esta sala: '{\"initiative\": n}'"});
  }
  const std::string step = a.value("step", "");
  const int index = step_index(step);
  if (index < 0) {
    return core::refuse("bad_field", {"step is experts_trained, regional_training, observation, coaching or report",
                                      "el campo step es experts_trained, regional_training, observation, coaching o report"});
  }
  // L3: the cycle's order: each step follows one already recorded.
  if (index > 0) {
    const bool before = std::any_of(it->second.entries.begin(), it->second.entries.end(),
                                    [&](const json& e) { return e.value("step", "") == kSteps[index - 1]; });
    if (!before) {
      return core::refuse("out_of_order", kOutOfOrder[static_cast<std::size_t>(index - 1)]);
    }
  }
  const std::string date = a.value("date", "");
  if (!is_date(date)) {
    return core::refuse("bad_field", {"date is the day it happened, YYYY-MM-DD",
                                      "el campo date es el d\u00eda en que ocurri\u00f3, AAAA-MM-DD"});
  }
  auto people = strings(a, "people", true);
  if (!people) return people.status();
  if (people.value().empty()) {
    return core::refuse("bad_field", {"people names who took part (at least one)",
                                      "el campo people nombra a quienes participaron (al menos una persona)"});
  }
  const std::string notes = a.value("notes", "");
  if (notes.size() > kMaxText) {
    return core::refuse("bad_field", {"notes are at most 4000 bytes", "el campo notes admite como m\u00e1ximo 4000 bytes"});
  }
  json body = {{"initiative", it->first}, {"step", step},        {"entry", it->second.entries.size() + 1},
               {"date", date},            {"people", people.value()}, {"notes", notes},
               {"by", c.who.name}};
  if (step == "regional_training" && a.contains("webinar")) {
    const auto w = c.views.find("webinar");
    bool known = false;
    if (w != c.views.end() && a["webinar"].is_number_integer()) {
      for (const auto& x : w->second.value("webinars", json::array())) known = known || x["webinar"] == a["webinar"];
    }
    if (!known) {
      return core::refuse("unknown_webinar",
                          {"webinar {webinar} is not a webinar of this room",
                           "el seminario web {webinar} no es un seminario web de esta sala"},
                          {{"webinar", a["webinar"].dump()}});
    }
    body["webinar"] = a["webinar"];
  }
  if (step == "report") {
    auto needs = strings(a, "needs", true);
    if (!needs) return needs.status();
    if (needs.value().empty()) {
      return core::refuse("bad_field", {"the report names the further training needs",
                                        "el informe nombra las necesidades de formaci\u00f3n adicionales"});
    }
    body["needs"] = needs.value();
  }
  return std::vector<core::Proposed>{{"cycle.recorded", body, ""}};
}

void CyclePlugin::apply(const record::Event& event, const json& body) {
  if (!body.is_object()) return;
  if (event.type == "cycle.started") {
    json started = body;
    started["started_ms"] = event.ts_ms;
    initiatives_[body.value("initiative", std::int64_t{0})].started = std::move(started);
  } else if (event.type == "cycle.recorded") {
    const auto it = initiatives_.find(body.value("initiative", std::int64_t{0}));
    if (it == initiatives_.end()) return;
    json entry = body;
    entry["recorded_ms"] = event.ts_ms;
    it->second.entries.push_back(std::move(entry));
  }
}

json CyclePlugin::view() const {
  json all = json::array();
  for (const auto& [number, i] : initiatives_) {
    json steps = json::object();
    for (const char* s : kSteps) steps[s] = 0;
    for (const auto& e : i.entries) steps[e.value("step", "")] = steps[e.value("step", "")].get<int>() + 1;
    json v = i.started;
    v.erase("notes");
    v["steps"] = steps;
    all.push_back(std::move(v));
  }
  return {{"initiatives", all}};
}

Result<json> CyclePlugin::read(const json& query, const std::vector<auth::Role>& roles) const {
  if (std::none_of(roles.begin(), roles.end(), [](auth::Role r) { return auth::allows(r, auth::Action::schedule_webinar); })) {
    return core::refuse("forbidden", {"L3: the cycle''s records are read by those who run it (schedule_webinar)",
                                      "L3: los registros del ciclo los consultan quienes lo dirigen (schedule_webinar)"});
  }
  const auto n = query.is_object() ? query.find("initiative") : query.end();
  const auto it = n != query.end() && n->is_number_integer() ? initiatives_.find(n->get<std::int64_t>()) : initiatives_.end();
  if (it == initiatives_.end()) {
    return core::refuse("unknown_initiative", {"query is '{\"initiative\": n, \"format\": \"json\"|\"csv\"}'",
                                               "la consulta es '{\"initiative\": n, \"format\": \"json\"|\"csv\"}'"});
  }
  const auto f = query.find("format");
  if (f != query.end() && !f->is_string()) return core::refuse("bad_field", kFormat);
  const std::string format = f == query.end() ? "json" : f->get<std::string>();
  const Initiative& i = it->second;
  if (format == "csv") {
    std::string out = "initiative,title,region,entry,step,date,people,notes,webinar,needs\r\n";
    for (const auto& e : i.entries) {
      const int index = step_index(e.value("step", ""));
      out += std::to_string(it->first) + "," + csv(i.started.value("title", "")) + "," +
             csv(i.started.value("region", "")) + "," + std::to_string(e.value("entry", 0)) + "," +
             csv(index >= 0 ? kStepNames[index] : "") + "," + e.value("date", "") + "," +
             csv(joined(e.value("people", json::array()), "; ")) + "," + csv(e.value("notes", "")) + "," +
             (e.contains("webinar") ? e["webinar"].dump() : std::string()) + "," +
             csv(joined(e.value("needs", json::array()), "; ")) + "\r\n";
    }
    return json{{"csv", out}};
  }
  if (format != "json") return core::refuse("bad_field", kFormat);
  json steps = json::array();
  for (std::size_t s = 0; s < kSteps.size(); ++s) {
    json entries = json::array();
    for (const auto& e : i.entries) {
      if (e.value("step", "") == kSteps[s]) entries.push_back(e);
    }
    steps.push_back({{"step", kSteps[s]}, {"name", kStepNames[s]}, {"entries", entries}});
  }
  json report = i.started;
  report["steps"] = steps;
  return report;
}

// Saves every initiative, by number as [number, {started, entries}] in order: its cycle.started
// body (with started_ms) and its cycle.recorded bodies (with recorded_ms), as they were folded.
json CyclePlugin::snapshot() const {
  const auto initiative = [](const Initiative& i) {
    return json{{"started", i.started}, {"entries", i.entries}};
  };
  return {{"v", kSnapshotVersion}, {"initiatives", snapshot::pairs(initiatives_, initiative)}};
}

// Takes back all of snapshot(): every field is read first, so a refused state changes nothing.
void CyclePlugin::restore(const json& state) {
  using T = json::value_t;
  snapshot::check_version(state, kSnapshotVersion, kPlugin);
  const auto initiative = [](const json& saved) {
    Initiative i{snapshot::typed(saved.at("started"), T::object, kPlugin), {}};
    for (const json& entry : snapshot::typed(saved.at("entries"), T::array, kPlugin)) {
      i.entries.push_back(snapshot::typed(entry, T::object, kPlugin));
    }
    return i;
  };
  initiatives_ = snapshot::unpairs<Initiative>(state.at("initiatives"), initiative, kPlugin,
                                               snapshot::Keys::increasing);
}

}  // namespace collegial::plugins
