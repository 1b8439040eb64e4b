#include "minutes/minutes_plugin.hpp"

#include "common/snapshot_fields.hpp"
#include "record/chain.hpp"
#include "util/local_time.hpp"
#include "util/working_days.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxText = 20000;  // bytes of one edit: a long item summary fits
constexpr int kDraftDueWorkingDays = 10;  // R2

constexpr Bilingual kNoMinutes{"there are no minutes of meeting {meeting, number, ::group-off}",
                               "no hay acta de la reuni\u00f3n {meeting, number, ::group-off}"};

json point(const record::Event& event) { return {{"seq", event.seq}, {"hash", event.hash}}; }

std::int64_t integer(const json& args, const char* key) {
  const auto it = args.find(key);
  return it != args.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// The name the snapshot's refusals give.
constexpr std::string_view kPlugin = "minutes";

// A snapshot's object, or null where absence is a state (not yet completed, nothing drawn through).
const json& object_or_null(const json& j) {
  return j.is_null() ? j : snapshot::typed(j, json::value_t::object, kPlugin);
}

}  // namespace

std::vector<core::Operation> MinutesPlugin::operations() const {
  using core::Arg;
  const Arg minutes = Arg::integer("minutes").at_least(1).needed();  // the meeting's number
  return {{"minutes.edit", auth::Action::edit_minutes, "",
           {minutes, Arg::string("part").up_to(64).needed(), Arg::string("text").up_to(kMaxText).needed(),
            Arg::integer("item").at_least(1)}},
          {"minutes.complete", auth::Action::edit_minutes, "", {minutes}}};
}

const MinutesPlugin::Minutes* MinutesPlugin::adjourned(std::int64_t number) const {
  const auto it = minutes_.find(number);
  return it == minutes_.end() ? nullptr : &it->second;
}

Result<std::vector<core::Proposed>> MinutesPlugin::decide(const core::Command& command,
                                                          const core::RoomContext& context) const {
  const std::string& op = command.op;
  if (op != "minutes.edit" && op != "minutes.complete") {
    return core::refuse("unknown_operation",
                        {"the minutes plugin has no ''{op}''", "el complemento minutes no tiene la operaci\u00f3n ''{op}''"},
                        {{"op", op}});
  }
  const std::int64_t number = integer(command.args, "minutes");
  if (number <= 0) {
    return core::refuse("bad_field", {"name the meeting''s minutes: '{\"minutes\": n}'",
                                      "indique el acta de la reuni\u00f3n: '{\"minutes\": n}'"});
  }
  const Minutes* m = adjourned(number);
  if (!m) {
    if (recorder_.in_progress() == number) {
      return core::refuse("no_minutes",
                          {"R2: meeting {meeting, number, ::group-off} is still in session; its minutes are drafted "
                           "at the adjournment",
                           "R2: la reuni\u00f3n {meeting, number, ::group-off} sigue en sesi\u00f3n; su acta se redacta "
                           "al levantarse la sesi\u00f3n"},
                          {{"meeting", number}});
    }
    return core::refuse("no_minutes", kNoMinutes, {{"meeting", number}});
  }
  // R3: approved minutes are official and locked; only the body corrects them.
  if (!m->versions.empty()) {
    return core::refuse("minutes_official",
                        {"R3: the minutes of meeting {meeting, number, ::group-off} are approved (version "
                         "{version, number, ::group-off}) and locked; a correction is approved by the body: "
                         "motions.move '{'\"kind\": \"approve_minutes\", \"minutes\": {meeting, number, ::group-off}, "
                         "\"corrections\": …'}'",
                         "R3: el acta de la reuni\u00f3n {meeting, number, ::group-off} est\u00e1 aprobada (versi\u00f3n "
                         "{version, number, ::group-off}) y bloqueada; una correcci\u00f3n la aprueba el organismo: "
                         "motions.move '{'\"kind\": \"approve_minutes\", \"minutes\": {meeting, number, ::group-off}, "
                         "\"corrections\": …'}'"},
                        {{"meeting", number}, {"version", m->versions.size()}});
  }
  for (const auto& [motion, minutes] : on_floor_) {
    if (minutes == number) {
      return core::refuse("approval_pending",
                          {"R3: the body is deciding on these minutes (motion {motion, number, ::group-off}); they "
                           "change after the vote",
                           "R3: el organismo est\u00e1 decidiendo sobre esta acta (moci\u00f3n {motion, number, ::group-off}); "
                           "cambia despu\u00e9s de la votaci\u00f3n"},
                          {{"motion", motion}});
    }
  }
  const json& record = *recorder_.record(number);
  json body = {{"minutes", number}, {"by_name", context.who.name}};

  if (op == "minutes.complete") {
    if (!m->completed.is_null()) {
      return core::refuse("bad_state", {"R2: the draft was already marked complete on {date}",
                                        "R2: el borrador ya se marc\u00f3 como completo el {date}"},
                          {{"date", m->completed.value("date", std::string())}});
    }
    const std::string today = local_date(context.now_ms, record.value("time_zone", "America/Denver"));
    body["date"] = today;
    body["due_date"] = m->due_date;
    body["late"] = !m->due_date.empty() && today > m->due_date;  // ISO dates compare as text
    return std::vector<core::Proposed>{{"minutes.completed", body, ""}};
  }

  const std::string part = command.args.value("part", "");
  const auto text = command.args.find("text");
  if (part != "summary" && part != "item" && part != "correction") {
    return core::refuse("bad_field", {"part is summary (of the meeting), item (a summary of one agenda item) or "
                                      "correction",
                                      "el campo part es summary (de la reuni\u00f3n), item (el resumen de un punto del "
                                      "orden del d\u00eda) o correction"});
  }
  if (text == command.args.end() || !text->is_string()) {
    return core::refuse("bad_field", {"text is required", "el campo text es obligatorio"});
  }
  if (text->get_ref<const std::string&>().size() > kMaxText) {
    return core::refuse("bad_field", {"text is longer than {bytes, number, ::group-off} bytes",
                                      "el campo text pasa de {bytes, number, ::group-off} bytes"},
                        {{"bytes", kMaxText}});
  }
  if (part == "correction" && text->get_ref<const std::string&>().empty()) {
    return core::refuse("bad_field", {"a correction says what it corrects", "una correcci\u00f3n indica qu\u00e9 corrige"});
  }
  body["part"] = part;
  body["text"] = *text;
  if (part == "item") {
    const std::int64_t item = integer(command.args, "item");
    bool taken_up = false;
    for (const auto& i : record["items"]) taken_up = taken_up || i.value("item", std::int64_t{0}) == item;
    if (!taken_up) {
      return core::refuse("bad_field",
                          {"item {item, number, ::group-off} was not taken up at meeting {meeting, number, ::group-off} "
                           "(R1: the record lists the items taken up)",
                           "el punto {item, number, ::group-off} no se trat\u00f3 en la reuni\u00f3n "
                           "{meeting, number, ::group-off} (R1: el registro enumera los puntos tratados)"},
                          {{"item", item}, {"meeting", number}});
    }
    body["item"] = item;
  }
  // An edit that changes nothing is not kept as one.
  const json& current = part == "summary" ? m->narrative["summary"]
                        : part == "item"  ? m->narrative["items"].value(std::to_string(body.value("item", 0)), json(""))
                                          : json();
  if (part != "correction" && current == *text) {
    return core::refuse("nothing_new",
                        {"the {part} already reads so",
                         "{part, select, summary {el resumen} item {el resumen del punto} other {la parte {part}}} "
                         "ya dice exactamente eso"},
                        {{"part", part}});
  }
  return std::vector<core::Proposed>{{"minutes.edited", body, ""}};
}

void MinutesPlugin::apply(const record::Event& event, const json& body) {
  if (room_.empty()) room_ = event.room;
  if (!body.is_object()) return;
  if (const std::int64_t changed = recorder_.apply(event, body); changed != 0) {
    if (event.type == "meeting.adjourned") adjourn(changed);
    if (auto it = minutes_.find(changed); it != minutes_.end()) it->second.drawn_through = point(event);
  }
  if (event.type == "minutes.edited") {
    edit(event, body);
  } else if (event.type == "minutes.completed") {
    const auto it = minutes_.find(integer(body, "minutes"));
    if (it == minutes_.end()) return;
    it->second.completed = {{"at_ms", event.ts_ms},
                            {"by", body.value("by_name", "")},
                            {"date", body.value("date", "")},
                            {"late", body.value("late", false)}};
    it->second.drawn_through = point(event);
  } else if (event.type == "motions.made" && body.value("kind", "") == "approve_minutes") {
    const std::int64_t motion = integer(body, "motion");
    approvals_[motion] = integer(body.value("minutes", json::object()), "number");
    on_floor_[motion] = approvals_[motion];
  } else if (event.type == "motions.decided" || event.type == "motions.withdrawn") {
    const std::int64_t motion = integer(body, "motion");
    on_floor_.erase(motion);
    const std::string kind = body.value("kind", "");
    const bool adopted = body.value("result", "") == "adopted";
    const std::int64_t target = integer(body, "target");
    // M6: a tabled, postponed or referred approval leaves the floor; taken from the table or
    // reconsidered, it is back.
    if (adopted && (kind == "lay_on_table" || kind == "postpone" || kind == "refer")) on_floor_.erase(target);
    if (adopted && (kind == "take_from_table" || kind == "reconsider") && approvals_.count(target)) {
      on_floor_[target] = approvals_[target];
    }
    if (event.type == "motions.decided" && kind == "approve_minutes") decide_approval(event, body);
  }
}

void MinutesPlugin::adjourn(std::int64_t number) {
  Minutes& m = minutes_[number];
  const json& record = *recorder_.record(number);
  // R2: due 10 working days after the day of the meeting.
  const auto due = HolidayCalendar::new_mexico().add_working_days(record.value("date", ""),
                                                                  kDraftDueWorkingDays);
  if (due) m.due_date = due.value();
  else m.due_error = due.status().message();
}

void MinutesPlugin::edit(const record::Event& event, const json& body) {
  const auto it = minutes_.find(integer(body, "minutes"));
  if (it == minutes_.end() || !it->second.versions.empty()) return;
  Minutes& m = it->second;
  const std::string part = body.value("part", "");
  const std::string text = body.value("text", "");
  json edit = {{"edit", m.edits.size() + 1},
               {"at_ms", event.ts_ms},
               {"by", body.value("by_name", "")},
               {"part", part},
               {"text", text}};
  if (part == "summary") {
    m.narrative["summary"] = text;
  } else if (part == "item") {
    const std::int64_t item = integer(body, "item");
    edit["item"] = item;
    m.narrative["items"][std::to_string(item)] = text;
  } else if (part == "correction") {
    m.corrections.push_back({{"text", text}, {"by", body.value("by_name", "")},
                             {"at_ms", event.ts_ms}, {"source", "clerk"}});
  }
  m.edits.push_back(std::move(edit));
  m.drawn_through = point(event);
}

void MinutesPlugin::decide_approval(const record::Event& event, const json& body) {
  const json& motion = body.value("minutes", json::object());
  const auto it = minutes_.find(integer(motion, "number"));
  if (it == minutes_.end()) return;
  Minutes& m = it->second;
  const std::string corrections = motion.value("corrections", "");
  const bool adopted = body.value("result", "") == "adopted";
  // N9: an approval voted at a meeting that was not lawfully noticed is not valid.
  const bool valid = body.value("notice", json::object()).value("valid", true);
  json entry = {{"at_ms", event.ts_ms},
                {"meeting", recorder_.in_progress()},
                {"motion", body.value("motion", std::int64_t{0})},
                {"text", body.value("motion_text", "")},
                {"tally", body.value("text", "")}};
  const std::int64_t expected = static_cast<std::int64_t>(m.versions.size()) + 1;
  if (!adopted) {
    entry["outcome"] = m.versions.empty() ? "disapproved" : "correction_failed";
  } else if (motion.value("version", expected) != expected) {
    // The minutes became another version while this motion waited (tabled, then another
    // approval passed): it approved a text that is no longer the current one.
    entry["outcome"] = "not_applied";
    entry["reason"] = "R3: the motion was made on version " + std::to_string(motion.value("version", expected) - 1) +
                      " and the minutes are now at version " + std::to_string(expected - 1) + "; move it again";
  } else if (!valid) {
    entry["outcome"] = "not_valid";
    entry["reason"] = "N9: the meeting that voted was not lawfully noticed, so the approval is not "
                      "valid; approve the minutes again at a lawfully noticed meeting";
  } else {
    const std::size_t version = m.versions.size() + 1;
    if (!corrections.empty()) {
      m.corrections.push_back({{"text", corrections}, {"source", "body"}, {"at_ms", event.ts_ms},
                               {"motion", entry["motion"]}, {"version", version}});
    }
    const std::string disposition = version > 1             ? "corrected"
                                    : corrections.empty()   ? "approved"
                                                            : "approved_with_corrections";
    json text = content(it->first, m);
    const std::string digest = record::sha256_hex(text.dump());
    m.versions.push_back({{"version", version},
                          {"disposition", disposition},
                          {"approved_ms", event.ts_ms},
                          {"meeting", entry["meeting"]},
                          {"motion", entry["motion"]},
                          {"tally", entry["tally"]},
                          {"corrections", corrections},
                          {"decision", point(event)},
                          {"content", std::move(text)},
                          {"digest", digest}});
    entry["outcome"] = disposition;
    entry["version"] = version;
  }
  m.history.push_back(std::move(entry));
  m.drawn_through = point(event);
}

json MinutesPlugin::content(std::int64_t number, const Minutes& m) const {
  json c = *recorder_.record(number);
  c["narrative"] = m.narrative;
  c["corrections"] = m.corrections;
  return c;
}

json MinutesPlugin::summary(std::int64_t number, const Minutes& m) const {
  const json& record = *recorder_.record(number);
  json versions = json::array();
  for (const auto& v : m.versions) {
    versions.push_back({{"version", v["version"]}, {"disposition", v["disposition"]},
                        {"approved_ms", v["approved_ms"]}, {"digest", v["digest"]}});
  }
  json s = {{"number", number},
            {"meeting", record.value("meeting", std::int64_t{0})},
            {"kind", record.value("kind", "")},
            {"title", record.value("title", "")},
            {"title_default", record.value("title_default", false)},
            {"date", record.value("date", "")},
            {"date_text", record.value("date_text", "")},
            {"time_zone", record.value("time_zone", "")},
            {"status", m.versions.empty() ? "draft" : "official"},
            {"version", m.versions.size()},
            {"versions", versions},
            {"due_date", m.due_date},
            {"completed", m.completed},
            {"edits", m.edits.size()},
            {"disapproved", !m.history.empty() && m.versions.empty() &&
                                m.history.back().value("outcome", "") == "disapproved"}};
  if (!m.due_error.empty()) s["due_error"] = m.due_error;
  return s;
}

json MinutesPlugin::view() const {
  json all = json::array();
  for (const auto& [number, m] : minutes_) all.push_back(summary(number, m));
  return {{"minutes", all}, {"in_progress", recorder_.in_progress()}};
}

Result<json> MinutesPlugin::read(const json& query, const std::vector<auth::Role>&) const {
  if (!query.is_object()) {
    return core::refuse("bad_field", {"query is '{\"minutes\": n, \"version\": k}'",
                                      "la consulta es '{\"minutes\": n, \"version\": k}'"});
  }
  const std::int64_t number = integer(query, "minutes");
  const std::int64_t version = integer(query, "version");
  if (number <= 0 || version < 0) {
    return core::refuse("bad_field", {"query is '{\"minutes\": n, \"version\": k}' with n >= 1, k >= 0",
                                      "la consulta es '{\"minutes\": n, \"version\": k}' con n >= 1, k >= 0"});
  }
  const Minutes* m = adjourned(number);
  if (!m) return core::refuse("no_minutes", kNoMinutes, {{"meeting", number}});
  if (version > static_cast<std::int64_t>(m->versions.size())) {
    return core::refuse("no_version",
                        {"the minutes of meeting {meeting, number, ::group-off} have {count, number, ::group-off} "
                         "approved version(s)",
                         "el acta de la reuni\u00f3n {meeting, number, ::group-off} tiene "
                         "{count, plural, one {# versi\u00f3n aprobada} other {# versiones aprobadas}}"},
                        {{"meeting", number}, {"count", m->versions.size()}});
  }
  json doc = summary(number, *m);
  doc["format"] = "collegial-minutes/1";
  doc["room"] = room_;
  doc["minutes"] = number;
  doc["latest_version"] = m->versions.size();
  doc["edits"] = m->edits;
  doc["history"] = m->history;
  doc["meeting_log"] = recorder_.record(number)->value("log", json::object());
  const std::size_t shown = version > 0 ? static_cast<std::size_t>(version) : m->versions.size();
  if (shown == 0) {
    doc["version"] = 0;
    doc["status"] = "draft";
    doc["content"] = content(number, *m);
    doc["approval"] = nullptr;
    doc["drawn_through"] = m->drawn_through;
  } else {
    json approval = m->versions[shown - 1];
    doc["version"] = shown;
    doc["status"] = shown == m->versions.size() ? "official" : "superseded";
    doc["content"] = approval["content"];
    approval.erase("content");
    doc["drawn_through"] = approval["decision"];
    doc["approval"] = std::move(approval);
  }
  doc["digest"] = record::sha256_hex(doc["content"].dump());
  return doc;
}

json MinutesPlugin::snapshot() const {
  // The room's name, the approval motions (all, and those on the floor), the recorder's fold
  // and each adjourned meeting's minutes: narrative, corrections, edits, due date, completion,
  // official versions, approval history and the point drawn through.
  const auto same = [](std::int64_t n) { return n; };
  const auto minutes = [](const Minutes& m) {
    return json{{"narrative", m.narrative}, {"corrections", m.corrections}, {"edits", m.edits},
                {"due_date", m.due_date},   {"due_error", m.due_error},     {"completed", m.completed},
                {"versions", m.versions},   {"history", m.history},         {"drawn_through", m.drawn_through}};
  };
  return {{"v", 1},
          {"room", room_},
          {"approvals", snapshot::pairs(approvals_, same)},
          {"on_floor", snapshot::pairs(on_floor_, same)},
          {"recorder", recorder_.snapshot()},
          {"minutes", snapshot::pairs(minutes_, minutes)}};
}

void MinutesPlugin::restore(const json& state) {
  // Everything is read before anything is replaced; minutes without their meeting's record
  // (which decide and read rely on) are refused.
  using T = json::value_t;
  snapshot::check_version(state, 1, kPlugin);
  std::string room = state.at("room").get<std::string>();
  const auto int64 = [](const json& j) { return snapshot::int64(j, kPlugin); };
  auto approvals = snapshot::unpairs<std::int64_t>(state.at("approvals"), int64, kPlugin);
  auto on_floor = snapshot::unpairs<std::int64_t>(state.at("on_floor"), int64, kPlugin);
  MeetingRecorder recorder;
  recorder.restore(state.at("recorder"));
  const auto minutes_of = [](const json& j) {
    snapshot::typed(j, T::object, kPlugin);
    Minutes m;
    m.narrative = snapshot::typed(j.at("narrative"), T::object, kPlugin);
    m.corrections = snapshot::typed(j.at("corrections"), T::array, kPlugin);
    m.edits = snapshot::typed(j.at("edits"), T::array, kPlugin);
    m.due_date = j.at("due_date").get<std::string>();
    m.due_error = j.at("due_error").get<std::string>();
    m.completed = object_or_null(j.at("completed"));
    m.versions = snapshot::typed(j.at("versions"), T::array, kPlugin);
    m.history = snapshot::typed(j.at("history"), T::array, kPlugin);
    m.drawn_through = object_or_null(j.at("drawn_through"));
    return m;
  };
  auto minutes = snapshot::unpairs<Minutes>(state.at("minutes"), minutes_of, kPlugin);
  for (const auto& [number, m] : minutes) {
    if (!recorder.record(number)) snapshot::refuse(kPlugin, "no record of meeting " + std::to_string(number));
  }
  room_ = std::move(room);
  approvals_ = std::move(approvals);
  on_floor_ = std::move(on_floor);
  recorder_ = std::move(recorder);
  minutes_ = std::move(minutes);
}

}  // namespace collegial::plugins
