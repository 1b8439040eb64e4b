#include "quorum/quorum_plugin.hpp"

#include <stdexcept>

#include "common/snapshot_fields.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr const char* kBot = "plugin:quorum";
constexpr Bilingual kNamePerson{"name the person: '{\"person\": <id>}'", "indique la persona: '{\"person\": <id>}'"};

struct Tally {
  std::int64_t counted = 0;
  std::int64_t required = 0;
  std::int64_t members = 0;
  bool has_quorum() const { return members > 0 && counted >= required; }
};

bool remote_counts(const core::RoomContext& context) {
  return !context.roster.body || context.roster.body->remote_counts;
}

bool designees_count(const core::RoomContext& context) {
  return context.roster.body && context.roster.body->designees_count;
}

// B7, Q1: whether presence in `mode` counts: in person always, remotely where the body allows
// it, by a designee where the body's by-laws let designees count.
bool mode_counts(const core::RoomContext& context, const std::string& mode) {
  if (mode == "in_person") return true;
  if (mode == "remote") return remote_counts(context);
  return mode == "designee" && designees_count(context);
}

// B5 + B7 + Q1: voting seats present in person, or remotely where the body allows it.
Tally tally(const core::RoomContext& context,
            const std::map<std::int64_t, QuorumPlugin::Presence>& present) {
  Tally t;
  t.members = static_cast<std::int64_t>(context.roster.voting_members());
  t.required = t.members / 2 + 1;  // B5: a majority of the members, floor(n/2)+1
  for (const auto& [person, presence] : present) {
    const core::Seat* seat = context.roster.seat_of(person);
    if (!seat || !seat->votes()) continue;  // B7
    if (!mode_counts(context, presence.mode)) continue;  // Q1, B7
    ++t.counted;
  }
  return t;
}

// L4: how many of `council`'s voting members are among `present`, with their names.
std::pair<std::size_t, json> council_present(const core::Council& council,
                                             const std::map<std::int64_t, QuorumPlugin::Presence>& present) {
  json names = json::array();
  for (std::int64_t person : council.voting) {
    if (const auto it = present.find(person); it != present.end()) names.push_back(it->second.name);
  }
  return {names.size(), names};
}

std::string announcement(const Tally& t) {
  return "Quorum: " + std::to_string(t.counted) + " of " + std::to_string(t.members) +
         " voting members present (" + std::to_string(t.required) + " needed) - quorum " +
         (t.has_quorum() ? "established" : "lost");
}

// A person named in args ("person": 12, or the chat text "12").
std::optional<std::int64_t> person_arg(const json& args) {
  if (const auto p = args.find("person"); p != args.end() && p->is_number_integer()) {
    return p->get<std::int64_t>();
  }
  try {
    const std::string text = args.value("person", args.value("text", ""));
    std::size_t used = 0;
    const std::int64_t id = std::stoll(text, &used);
    if (used == text.size()) return id;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// Snapshots: the format number, and the name their refusals give.
constexpr std::int64_t kSnapshotVersion = 1;
constexpr std::string_view kPlugin = "quorum";

// One person's presence, saved and read back field by field (designee as it came, null if none).
json presence_state(const QuorumPlugin::Presence& p) {
  return {{"name", p.name}, {"mode", p.mode}, {"since_ms", p.since_ms}, {"counts", p.counts},
          {"designee", p.designee}, {"by_connection", p.by_connection}};
}

QuorumPlugin::Presence presence_of(const json& s) {
  // by_connection: absent from snapshots taken before it was kept; such a presence is left to
  // end as before (by a closing connection), never by the grace period.
  return {s.at("name").get<std::string>(), s.at("mode").get<std::string>(),
          snapshot::int64(s.at("since_ms"), kPlugin), s.at("counts").get<bool>(), s.at("designee"),
          s.value("by_connection", false)};
}

}  // namespace

std::vector<core::Operation> QuorumPlugin::operations() const {
  using core::Arg;
  const Arg mode = Arg::string("mode").up_to(16);  // remote or in_person (decide says which)
  const Arg person = Arg::integer("person").at_least(1);  // or the chat text: "/mark-absent 12"
  const Arg text = core::chat_text();
  return {
      core::from_the_room({"quorum.present", auth::Action::attend, "/present", {mode, text}}),
      core::from_the_room({"quorum.absent", auth::Action::attend, "/absent", {text}}),
      {"quorum.mark_present", auth::Action::record_attendance, "/mark-present", {person, mode, text}},
      {"quorum.mark_absent", auth::Action::record_attendance, "/mark-absent", {person, text}},
      {"quorum.roll_call", auth::Action::call_roll, "/roll-call", {text}},
      // B7: recorded by the clerk (no chat form: they name a member and a person).
      {"quorum.designee", auth::Action::record_attendance, "",
       {Arg::integer("member").at_least(1).needed(), Arg::string("name").up_to(200).needed(),
        Arg::integer("person").at_least(1)}},
      {"quorum.proxy", auth::Action::record_attendance, "",
       {Arg::integer("member").at_least(1).needed(), Arg::string("holder").up_to(200).needed(),
        Arg::string("note").up_to(2000)}},
  };
}

std::vector<core::Proposed> QuorumPlugin::change(const core::RoomContext& context,
                                                 const std::vector<std::int64_t>& people,
                                                 const std::string& mode, const std::string& reason,
                                                 const json& designee) const {
  const Tally before = tally(context, present_);
  auto after_presence = present_;
  std::vector<core::Proposed> events;
  for (const std::int64_t person : people) {
    const core::Seat* seat = context.roster.seat_of(person);
    if (!mode.empty()) {
      const std::string name = seat ? seat->name : "";
      const bool counts = seat && seat->votes() && mode_counts(context, mode);
      after_presence[person] = Presence{name, mode, context.now_ms, counts, designee, false};
      json arrived = {{"person", person}, {"name", name}, {"mode", mode}, {"counts", counts},
                      {"recorded_by", context.who.id}};
      if (!designee.is_null()) arrived["designee"] = designee;
      events.push_back({"quorum.arrived", arrived, ""});
    } else {
      const auto was = after_presence.find(person);
      const std::string name = seat ? seat->name : was != after_presence.end() ? was->second.name : "";
      after_presence.erase(person);
      events.push_back({"quorum.departed",
                        {{"person", person}, {"name", name}, {"reason", reason},
                         {"recorded_by", context.who.id}},
                        ""});
    }
  }
  // L4: in a learning circle, a quorum of a council gathering (or no longer gathered) is told
  // to the facilitator in the same append: discussing that council's business here would make
  // this a meeting under the Open Meetings Act.
  for (const core::Council& council : context.roster.councils) {
    // Whether a warning is in force (not a recount on today's roster, which may have changed).
    const bool warned = oma_warnings_.count(council.body_id) > 0;
    const auto [now, names] = council_present(council, after_presence);
    if (warned == (now >= council.required)) continue;
    const std::string count = std::to_string(now) + " of " + std::to_string(council.voting.size()) +
                              " members of " + council.name;
    events.push_back({now >= council.required ? "quorum.oma_warning" : "quorum.oma_warning_cleared",
                      {{"council", council.body_id},
                       {"council_name", council.name},
                       {"present", names},
                       {"counted", now},
                       {"required", council.required},
                       {"members", council.voting.size()},
                       {"text", now >= council.required
                                    ? "L4: " + count + " are here, a quorum of that council. Facilitator: "
                                      "if they discuss the council's business, this becomes a meeting "
                                      "under the Open Meetings Act, which needs notice; keep to the "
                                      "circle's topic."
                                    : "L4: " + count + " are here now, no longer a quorum of that council."}},
                      kBot});
  }
  // Q2: announce a change of quorum in the same append as the arrival or departure.
  const Tally after = tally(context, after_presence);
  if (after.has_quorum() != before.has_quorum()) {
    events.push_back({after.has_quorum() ? "quorum.established" : "quorum.lost",
                      {{"counted", after.counted},
                       {"required", after.required},
                       {"members", after.members},
                       {"text", announcement(after)}},
                      kBot});
  }
  return events;
}

Result<std::vector<core::Proposed>> QuorumPlugin::decide(const core::Command& command,
                                                         const core::RoomContext& context) const {
  if (!context.roster.body) {
    return core::refuse("no_body", {"this room belongs to no body; attendance is not recorded",
                                    "esta sala no pertenece a ning\u00fan organismo; no se registra la asistencia"});
  }
  const std::string& op = command.op;
  if (op == "quorum.present" || op == "quorum.mark_present") {
    std::int64_t person = context.who.id;
    std::string mode = command.args.value("mode", op == "quorum.present"
                                                      ? command.args.value("text", "remote")
                                                      : "in_person");
    if (op == "quorum.mark_present") {
      const auto named = person_arg(command.args);
      if (!named) return core::refuse("bad_field", kNamePerson);
      person = *named;
    }
    if (mode != "remote" && mode != "in_person") {
      return core::refuse("bad_field", {"mode is remote or in_person", "el campo mode es remote o in_person"});
    }
    if (!context.roster.seat_of(person)) {
      return core::refuse("not_a_member",
                          {"person {person, number, ::group-off} has no seat in {body}",
                           "la persona {person, number, ::group-off} no ocupa ning\u00fan puesto en {body}"},
                          {{"person", person}, {"body", context.roster.body->name}});
    }
    if (const auto it = present_.find(person); it != present_.end() && it->second.mode == mode) {
      return core::refuse("already_present", {"already recorded present ({mode})", "ya consta como presente ({mode})"},
                          {{"mode", mode}});
    }
    return change(context, {person}, mode, "");
  }
  if (op == "quorum.absent" || op == "quorum.mark_absent") {
    std::int64_t person = context.who.id;
    if (op == "quorum.mark_absent") {
      const auto named = person_arg(command.args);
      if (!named) return core::refuse("bad_field", kNamePerson);
      person = *named;
    }
    if (!present_.count(person)) return core::refuse("not_present", {"not recorded present", "no consta como presente"});
    return change(context, {person}, "", op == "quorum.absent" ? "left" : "marked absent");
  }
  if (op == "quorum.designee") {
    // B7: a member district sends a designee in its superintendent's place. Recorded for the
    // member's seat; it counts toward quorum, and the designee votes, only where the body's
    // by-laws allow (designees_count).
    const std::int64_t member = command.args.value("member", std::int64_t{0});
    const core::Seat* seat = context.roster.seat_of(member);
    if (!seat || !seat->votes()) {
      return core::refuse("not_a_member", {"B7: a designee stands for a voting member: name the member as "
                                           "'{\"member\": <person id>}'",
                                           "B7: un suplente sustituye a un miembro con voto: indique el miembro como "
                                           "'{\"member\": <person id>}'"});
    }
    if (present_.count(member)) {
      return core::refuse("already_present",
                          {"{name} is recorded present; a designee stands only for an absent member",
                           "{name} consta como presente; un suplente solo sustituye a un miembro ausente"},
                          {{"name", seat->name}});
    }
    const std::string name = command.args.value("name", "");
    if (name.empty()) {
      return core::refuse("missing_field", {"give the designee''s name: '{\"name\": …}'",
                                            "indique el nombre del suplente: '{\"name\": …}'"});
    }
    json designee = {{"name", name}};
    if (const auto person = command.args.find("person"); person != command.args.end()) {
      const std::int64_t id = person->get<std::int64_t>();
      if (context.roster.seat_of(id)) {
        return core::refuse("bad_field", {"B7: a designee holds no seat of this body; this person already "
                                          "holds one (a member, an officer or staff)",
                                          "B7: un suplente no ocupa ning\u00fan puesto en este organismo; esta persona "
                                          "ya ocupa uno (como miembro, cargo directivo o personal)"});
      }
      for (const auto& [other, p] : present_) {
        if (p.designee.is_object() && p.designee.value("person", std::int64_t{0}) == id) {
          return core::refuse("bad_field", {"B7: that person is already the designee of {name}",
                                            "B7: esa persona ya es suplente de {name}"},
                              {{"name", p.name}});
        }
      }
      designee["person"] = id;
    }
    return change(context, {member}, "designee", "", designee);
  }
  if (op == "quorum.proxy") {
    // B7: a proxy presented for an absent member is noted in the record and the minutes; it is
    // never counted toward quorum and never votes (Robert's Rules; the by-laws do not say
    // otherwise here).
    const std::int64_t member = command.args.value("member", std::int64_t{0});
    const core::Seat* seat = context.roster.seat_of(member);
    if (!seat || !seat->votes()) {
      return core::refuse("not_a_member", {"B7: a proxy is for a voting member: '{\"member\": <person id>}'",
                                           "B7: un poder es para un miembro con voto: '{\"member\": <person id>}'"});
    }
    if (present_.count(member)) {
      return core::refuse("already_present",
                          {"{name} is recorded present; a proxy is for an absent member",
                           "{name} consta como presente; un poder es para un miembro ausente"},
                          {{"name", seat->name}});
    }
    const std::string holder = command.args.value("holder", "");
    if (holder.empty()) {
      return core::refuse("missing_field", {"give the proxy holder''s name: '{\"holder\": …}'",
                                            "indique el nombre de quien tiene el poder: '{\"holder\": …}'"});
    }
    return std::vector<core::Proposed>{
        {"quorum.proxy_noted",
         {{"member", member},
          {"member_name", seat->name},
          {"holder", holder},
          {"note", command.args.value("note", "")},
          {"text", "B7: a proxy for " + seat->name + ", held by " + holder +
                       ", is noted; it is not counted toward quorum and does not vote"}},
         ""}};
  }
  if (op == "quorum.roll_call") {
    const Tally t = tally(context, present_);
    json present = json::array();
    json absent = json::array();
    for (const core::Seat& seat : context.roster.seats) {
      if (!seat.votes()) continue;
      if (const auto it = present_.find(seat.person_id); it != present_.end()) {
        present.push_back({{"person", seat.person_id}, {"name", seat.name}, {"mode", it->second.mode}});
      } else {
        absent.push_back({{"person", seat.person_id}, {"name", seat.name}});
      }
    }
    return std::vector<core::Proposed>{{"quorum.roll_called",
                                        {{"present", present},
                                         {"absent", absent},
                                         {"counted", t.counted},
                                         {"required", t.required},
                                         {"members", t.members},
                                         {"has_quorum", t.has_quorum()},
                                         {"text", announcement(t)}},
                                        ""}};
  }
  return core::refuse("unknown_operation",
                      {"the quorum plugin has no ''{op}''", "el complemento quorum no tiene la operaci\u00f3n ''{op}''"},
                      {{"op", op}});
}

std::vector<core::Proposed> QuorumPlugin::on_disconnect(std::int64_t person_id,
                                                        const core::RoomContext& context) const {
  // Q1: someone attending remotely who is no longer connected cannot be heard: they depart.
  const auto it = present_.find(person_id);
  if (it == present_.end() || it->second.mode != "remote") return {};
  return change(context, {person_id}, "", "disconnected");
}

std::set<std::int64_t> QuorumPlugin::held_by_connection() const {
  // Q1: remote attendance lasts while the member can be heard, i.e. is connected.
  std::set<std::int64_t> people;
  for (const auto& [person, p] : present_) {
    if (p.mode == "remote" && p.by_connection) people.insert(person);
  }
  return people;
}

std::set<std::int64_t> QuorumPlugin::closed_session_guests() const {
  // B7, C3: a designee who stands in a member's seat hears the closed session as the member would.
  std::set<std::int64_t> people;
  for (const auto& [member, p] : present_) {
    if (p.counts && p.designee.is_object() && p.designee.value("person", std::int64_t{0}) > 0) {
      people.insert(p.designee.value("person", std::int64_t{0}));
    }
  }
  return people;
}

std::optional<std::int64_t> QuorumPlugin::stands_in_for(std::int64_t person) const {
  for (const auto& [member, p] : present_) {
    if (p.counts && p.designee.is_object() && p.designee.value("person", std::int64_t{0}) == person) return member;
  }
  return std::nullopt;
}

std::vector<core::Proposed> QuorumPlugin::follow(const std::vector<core::Proposed>& batch,
                                                 std::size_t fresh,
                                                 const core::RoomContext& context) const {
  // Q1: presence belongs to one meeting. Adjournment, or a recess to a later day (N8: the
  // meeting continues on another day, where members are recorded again), ends everyone's.
  std::string reason;
  bool reopened = false;
  for (std::size_t i = fresh; i < batch.size(); ++i) {
    const core::Proposed& e = batch[i];
    if (e.type == "meeting.adjourned") reason = "meeting adjourned";
    if (e.type == "meeting.recessed" && e.body.contains("continuation")) {
      reason = "meeting recessed to a later day";
    }
    reopened = reopened || e.type == "meeting.session_opened";
  }
  // C3 with Q2: arrivals and departures during a closed session are withheld from the public,
  // so the public's presence went stale there. When the body reopens, who is present now is
  // public again (not when or why it changed): one public event states it, and every fold,
  // the public's included, takes it as the presence.
  if (reopened) {
    json present = json::array();
    for (const auto& [person, p] : present_) {
      json entry = {{"person", person}, {"name", p.name}, {"mode", p.mode}, {"since_ms", p.since_ms}, {"counts", p.counts}};
      if (!p.designee.is_null()) entry["designee"] = p.designee;
      present.push_back(std::move(entry));
    }
    return {{"quorum.presence", {{"present", present}, {"has_quorum", has_quorum_}, {"required", required_},
                                 {"members", members_}}, ""}};
  }
  if (reason.empty() || present_.empty()) return {};
  std::vector<std::int64_t> people;
  for (const auto& [person, presence] : present_) people.push_back(person);
  return change(context, people, "", reason);
}

void QuorumPlugin::apply(const record::Event& event, const json& body) {
  if (!body.is_object()) return;
  if (event.type == "quorum.arrived") {
    const std::int64_t person = body.value("person", std::int64_t{0});
    const std::string mode = body.value("mode", "remote");
    present_[person] = Presence{body.value("name", ""), mode, event.ts_ms, body.value("counts", false),
                                body.value("designee", json()),
                                mode == "remote" && event.actor == "person:" + std::to_string(person)};
    proxies_.erase(body.value("person", std::int64_t{0}));  // present now: the proxy lapses
  } else if (event.type == "quorum.departed") {
    present_.erase(body.value("person", std::int64_t{0}));
  } else if (event.type == "quorum.presence") {  // C3: the presence as the body reopened
    std::map<std::int64_t, Presence> before;
    before.swap(present_);
    for (const auto& p : body.value("present", json::array())) {
      const std::int64_t person = p.value("person", std::int64_t{0});
      const auto was = before.find(person);
      present_[person] = Presence{p.value("name", ""), p.value("mode", "remote"), p.value("since_ms", std::int64_t{0}),
                                  p.value("counts", false), p.value("designee", json()),
                                  was != before.end() && was->second.by_connection};
    }
    has_quorum_ = body.value("has_quorum", has_quorum_);
    required_ = body.value("required", required_);
    members_ = body.value("members", members_);
  } else if (event.type == "quorum.proxy_noted") {
    proxies_[body.value("member", std::int64_t{0})] = {{"member", body.value("member", std::int64_t{0})},
                                                         {"member_name", body.value("member_name", "")},
                                                         {"holder", body.value("holder", "")}};
  } else if (event.type == "meeting.adjourned") {
    proxies_.clear();  // a proxy is for one meeting
    // Q1: presence ends with the meeting. The departures follow in the same append; a log from
    // before they did has none, so the fold ends presence here too.
    present_.clear();
    has_quorum_ = false;
  } else if (event.type == "quorum.oma_warning") {
    oma_warnings_[body.value("council", std::int64_t{0})] = body;
  } else if (event.type == "quorum.oma_warning_cleared") {
    oma_warnings_.erase(body.value("council", std::int64_t{0}));
  } else if (event.type == "quorum.established" || event.type == "quorum.lost" ||
             event.type == "quorum.roll_called") {
    if (event.type != "quorum.roll_called") has_quorum_ = event.type == "quorum.established";
    required_ = body.value("required", required_);
    members_ = body.value("members", members_);
  }
}

void QuorumPlugin::roster_changed(const core::Roster& roster) {
  seats_.clear();
  for (const auto& seat : roster.seats) {
    if (seat.votes()) seats_.emplace_back(seat.person_id, seat.name);  // B7: the voting seats
  }
}

json QuorumPlugin::view() const {
  json oma = json::array();
  for (const auto& [council, warning] : oma_warnings_) oma.push_back(warning);
  json proxies = json::array();
  for (const auto& [member, proxy] : proxies_) proxies.push_back(proxy);
  json present = json::array();
  std::int64_t counted = 0;  // Q2: live, not as of the last announcement
  for (const auto& [person, p] : present_) {
    json entry = {{"person", person}, {"name", p.name}, {"mode", p.mode}, {"since_ms", p.since_ms},
                  {"counts", p.counts}};
    if (!p.designee.is_null()) entry["designee"] = p.designee;
    present.push_back(std::move(entry));
    if (p.counts) ++counted;
  }
  // Q1 B7: every voting seat, present (how, and by whom) or absent, so a client shows the
  // body as it sits without inferring the roster from past events.
  json seats = json::array();
  for (const auto& [person, name] : seats_) {
    json seat = {{"person", person}, {"name", name}};
    if (const auto p = present_.find(person); p != present_.end()) {
      seat["status"] = "present";
      seat["mode"] = p->second.mode;
      seat["counts"] = p->second.counts;
      if (!p->second.designee.is_null()) seat["designee"] = p->second.designee;
    } else {
      seat["status"] = "absent";
      if (const auto proxy = proxies_.find(person); proxy != proxies_.end()) {
        seat["proxy"] = proxy->second.value("holder", "");
      }
    }
    seats.push_back(std::move(seat));
  }
  return {{"has_quorum", has_quorum_},
          {"counted", counted},
          {"seats", seats},
          {"required", required_},
          {"members", members_},
          {"present", present},
          {"proxies", proxies},
          {"oma_warnings", oma}};
}

// Saves who is present (how, since when, whether they count, for whom a designee stands), the
// voting seats the roster last gave, the L4 warnings and B7 proxies in force, and the quorum as
// last announced (has_quorum, required, members).
json QuorumPlugin::snapshot() const {
  json seats = json::array();
  for (const auto& [person, name] : seats_) seats.push_back(json::array({person, name}));
  const auto same = [](const json& v) { return v; };
  return {{"v", kSnapshotVersion},
          {"present", snapshot::pairs(present_, presence_state)},
          {"seats", seats},
          {"oma_warnings", snapshot::pairs(oma_warnings_, same)},
          {"proxies", snapshot::pairs(proxies_, same)},
          {"has_quorum", has_quorum_},
          {"required", required_},
          {"members", members_}};
}

// Takes back all of snapshot(): every field is read first, so a refused state changes nothing.
void QuorumPlugin::restore(const json& state) {
  using T = json::value_t;
  snapshot::check_version(state, kSnapshotVersion, kPlugin);
  const auto increasing = snapshot::Keys::increasing;
  auto present = snapshot::unpairs<Presence>(state.at("present"), presence_of, kPlugin, increasing);
  std::vector<std::pair<std::int64_t, std::string>> seats;
  for (const json& seat : snapshot::typed(state.at("seats"), T::array, kPlugin)) {
    if (!seat.is_array() || seat.size() != 2) {
      snapshot::refuse(kPlugin, "expected a [person, name] pair, got " + seat.dump());
    }
    seats.emplace_back(snapshot::int64(seat[0], kPlugin), seat[1].get<std::string>());
  }
  const auto object = [](const json& v) { return snapshot::typed(v, T::object, kPlugin); };
  auto oma_warnings = snapshot::unpairs<json>(state.at("oma_warnings"), object, kPlugin, increasing);
  auto proxies = snapshot::unpairs<json>(state.at("proxies"), object, kPlugin, increasing);
  const bool has_quorum = state.at("has_quorum").get<bool>();
  const std::int64_t required = snapshot::int64(state.at("required"), kPlugin);
  const std::int64_t members = snapshot::int64(state.at("members"), kPlugin);
  present_ = std::move(present);
  seats_ = std::move(seats);
  oma_warnings_ = std::move(oma_warnings);
  proxies_ = std::move(proxies);
  has_quorum_ = has_quorum;
  required_ = required;
  members_ = members;
}

}  // namespace collegial::plugins
