#include "motions/motions_plugin.hpp"

#include <algorithm>
#include <set>

#include "common/closed_session.hpp"
#include "common/recess_terms.hpp"
#include "motions/term_of_office.hpp"
#include "i18n/messages.hpp"
#include "store/body_terms.hpp"
#include "util/local_time.hpp"
#include "util/log.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr const char* kBot = "plugin:motions";

constexpr Bilingual kNoWithdrawalRequest{"M6: nobody has asked leave to withdraw motion {motion, number, ::group-off}",
                                         "M6: nadie ha pedido permiso para retirar la moción {motion, number, ::group-off}"};
constexpr Bilingual kVoteNotOpen{"the vote is not open", "la votación no está abierta"};

// M4: these need two-thirds of the votes cast.
const std::set<std::string, std::less<>> kTwoThirds = {
    "previous_question", "limit_debate", "extend_debate", "suspend_rules",
    "rescind_without_notice"};
// Q3: what may be taken up without a quorum.
const std::set<std::string, std::less<>> kWithoutQuorum = {"adjourn", "recess",
                                                           "fix_time_to_adjourn", "obtain_quorum"};
// Motions that may be made while a main motion is pending (they are decided first).
const std::set<std::string, std::less<>> kOverMain = {
    "previous_question", "limit_debate", "extend_debate", "adjourn", "recess",
    "fix_time_to_adjourn", "lay_on_table", "postpone", "refer"};
// M4: what may be moved while an amendment is the immediately pending question.
const std::set<std::string, std::less<>> kOverAmendment = {"previous_question", "limit_debate",
                                                           "extend_debate"};
// M6: motions that act on another motion (named in "target").
const std::set<std::string, std::less<>> kOnMain = {"lay_on_table", "postpone", "refer",
                                                    "withdraw"};
const std::set<std::string, std::less<>> kKinds = {
    "main", "amend", "amend_secondary", "previous_question", "limit_debate", "extend_debate", "suspend_rules",
    "rescind_without_notice", "adjourn", "recess", "fix_time_to_adjourn", "obtain_quorum",
    "lay_on_table", "take_from_table", "postpone", "refer", "reconsider", "appeal", "withdraw",
    "elect", "close_session", "closed_session_statement", "approve_minutes"};
// N5: motions that take action on the business of the meeting, and so need an action item of
// the final agenda before the body.
const std::set<std::string, std::less<>> kActions = {"main", "elect", "rescind_without_notice",
                                                     "approve_minutes"};
const std::set<std::string, std::less<>> kThresholds = {
    "majority_of_votes_cast", "two_thirds_of_votes_cast", "majority_of_members_present",
    "majority_of_entire_membership"};

bool is_chair(const core::RoomContext& c) {
  const core::Seat* seat = c.roster.seat_of(c.who.id);
  return seat && std::find(seat->roles.begin(), seat->roles.end(), auth::Role::chair) !=
                     seat->roles.end();
}

bool votes_here(const core::RoomContext& c) {
  const core::Seat* seat = c.roster.seat_of(c.who.id);
  return seat && seat->votes();
}

// M1: small-board mode: on, off, or (auto) for bodies of 12 voting members or fewer.
bool small_board(const core::RoomContext& c) {
  const std::string mode = c.roster.body ? c.roster.body->small_board : "auto";
  if (mode == "on") return true;
  if (mode == "off") return false;
  return c.roster.voting_members() <= 12;
}

bool has_quorum(const core::RoomContext& c) {
  const auto q = c.views.find("quorum");
  return q != c.views.end() && q->second.value("has_quorum", false);
}

// Q1, B7: the voting members recorded present now, in a way the body counts (the quorum
// plugin's live list, not its last announcement: thresholds use the count at this moment).
std::set<std::int64_t> present_voters(const core::RoomContext& c) {
  std::set<std::int64_t> here;
  const auto q = c.views.find("quorum");
  if (q == c.views.end()) return here;
  for (const auto& p : q->second.value("present", json::array())) {
    const std::int64_t person = p.value("person", std::int64_t{0});
    const core::Seat* seat = c.roster.seat_of(person);
    if (seat && seat->votes() && p.value("counts", false)) here.insert(person);
  }
  return here;
}

// B7: the voting seat whose designee (counted, with this account) is the requester, or null.
const core::Seat* designee_seat(const core::RoomContext& c) {
  if (c.roster.seat_of(c.who.id) || !c.roster.body || !c.roster.body->designees_count) return nullptr;
  const auto q = c.views.find("quorum");
  if (q == c.views.end()) return nullptr;
  for (const auto& p : q->second.value("present", json::array())) {
    const json designee = p.value("designee", json());
    if (p.value("counts", false) && designee.is_object() && designee.value("person", std::int64_t{0}) == c.who.id) {
      return c.roster.seat_of(p.value("person", std::int64_t{0}));
    }
  }
  return nullptr;
}

// Q1, M2: only a member recorded present moves, seconds, objects or votes; the refusal says
// how to be recorded.
Status must_be_present(const core::RoomContext& c) {
  if (present_voters(c).count(c.who.id)) return Status::ok();
  const auto& q = c.views.find("quorum");
  if (q != c.views.end()) {
    for (const auto& p : q->second.value("present", json::array())) {
      if (p.value("person", std::int64_t{0}) == c.who.id) {
        return core::refuse("not_present",
                            {"Q1: your presence is recorded but does not count in this body (remote "
                             "attendance where the body does not allow it), so you may not move, "
                             "second or vote; the clerk records you present in person (/mark-present)",
                             "Q1: su asistencia está registrada pero no cuenta en este organismo (asistencia "
                             "a distancia donde el organismo no la permite), por lo que no puede presentar "
                             "mociones, secundarlas ni votar; la secretaría lo registra como presente en "
                             "persona (/mark-present)"});
      }
    }
  }
  return core::refuse("not_present",
                      {"Q1, M2: only members recorded present move, second or vote; record your "
                       "presence first (/present, or the clerk''s /mark-present for the room)",
                       "Q1, M2: solo los miembros registrados como presentes presentan mociones, las "
                       "secundan o votan; registre primero su asistencia (/present, o el /mark-present "
                       "de la secretaría para la sala)"});
}

// Other plugins' views are read, never trusted for their shape: every key is looked up with
// find() or value(), never with operator[] on a const object that may lack it.
const nlohmann::json& view_of(const core::RoomContext& c, const char* plugin) {
  static const nlohmann::json none = nlohmann::json::object();
  const auto v = c.views.find(plugin);
  return v == c.views.end() ? none : v->second;
}

// `key` of the object `j`, or null (a pointer into `j`).
const nlohmann::json* member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

// What the meeting plugin's view says of the meeting (B4, C3, C4).
struct MeetingFacts {
  std::string state;                              // in_session, recessed…
  bool closed = false;                            // C3: in closed session
  const nlohmann::json* statement_due = nullptr;  // C4: {subject, citation} awaiting the statement
};

MeetingFacts meeting_facts(const core::RoomContext& c) {
  const auto& view = view_of(c, "meeting");
  return {view.value("state", ""), member(view, "closed") != nullptr, member(view, "statement_due")};
}

// The noticed meeting in session (the notice plugin's entry), or null.
const nlohmann::json* noticed_meeting(const core::RoomContext& c) {
  const auto& notice = view_of(c, "notice");
  const std::int64_t current = notice.value("current", std::int64_t{0});
  if (current == 0) return nullptr;
  const nlohmann::json* meetings = member(notice, "meetings");
  if (!meetings || !meetings->is_array()) return nullptr;
  for (const auto& m : *meetings) {
    if (m.value("meeting", std::int64_t{0}) == current) return &m;
  }
  return nullptr;
}

// The agenda item the chair has taken up (the notice plugin's view), and its type (N5, C1).
struct AgendaFacts {
  const nlohmann::json* item = nullptr;
  std::string type;  // action, closed_session, information…; "" when none is taken up
};

AgendaFacts agenda_facts(const core::RoomContext& c) {
  AgendaFacts f;
  f.item = member(view_of(c, "notice"), "item");
  if (f.item && !f.item->is_object()) f.item = nullptr;
  if (f.item) f.type = f.item->value("type", "");
  return f;
}

// N9: whether an action taken now is valid, and why (the notice plugin's findings).
nlohmann::json validity(const core::RoomContext& c) {
  const nlohmann::json* m = noticed_meeting(c);
  if (!m) {
    return {{"valid", false},
            {"findings", {"no noticed meeting is in session: no notice was posted for it (N9)"}},
            {"finding_keys", nlohmann::json::array({i18n::message("notice.finding.no_meeting")})},
            {"cure", i18n::say(i18n::Lang::en, "notice.cure.unnoticed")},
            {"cure_key", i18n::message("notice.cure.unnoticed")}};
  }
  static const nlohmann::json none = nlohmann::json::object();
  const nlohmann::json* found = member(*m, "status");
  const nlohmann::json& status = found && found->is_object() ? *found : none;
  const bool lawful = status.value("lawful", false);
  nlohmann::json out = {{"meeting", m->value("meeting", std::int64_t{0})},
                        {"valid", lawful},
                        {"findings", status.value("findings", nlohmann::json::array())},
                        {"finding_keys", status.value("finding_keys", nlohmann::json::array())}};
  if (!lawful) {
    out["cure"] = i18n::say(i18n::Lang::en, "notice.cure.unlawful");
    out["cure_key"] = i18n::message("notice.cure.unlawful");
  }
  return out;
}

struct Tally {
  std::int64_t aye = 0, nay = 0, abstain = 0;
  std::int64_t not_voting = 0, absent = 0;  // only in a closed vote's roll call
};

// "4 aye, 1 nay, 1 abstaining", with ", 1 not voting" when any present member did not vote.
std::string describe(const Tally& t) {
  std::string text = std::to_string(t.aye) + " aye, " + std::to_string(t.nay) + " nay, " +
                     std::to_string(t.abstain) + " abstaining";
  if (t.not_voting > 0) text += ", " + std::to_string(t.not_voting) + " not voting";
  return text;
}

Tally count(const std::map<std::int64_t, std::string>& votes) {
  Tally t;
  for (const auto& [person, choice] : votes) {
    if (choice == "aye") ++t.aye;
    else if (choice == "nay") ++t.nay;
    else ++t.abstain;
  }
  return t;
}

json tally_json(std::int64_t motion, const Tally& t) {
  return {{"motion", motion},
          {"aye", t.aye},
          {"nay", t.nay},
          {"abstain", t.abstain},
          {"not_voting", t.not_voting},
          {"absent", t.absent},
          {"text", "Motion " + std::to_string(motion) + ": " + describe(t)}};
}

// R3: which minutes a motion of kind approve_minutes acts on ({"minutes": n, "corrections":
// text}), from the minutes plugin's view: adjourned meetings only (so never the meeting in
// session), and, once official, only with corrections, which make the next version.
Result<json> minutes_to_approve(const core::RoomContext& c, const json& args) {
  const auto number = args.find("minutes");
  if (number == args.end() || !number->is_number_integer()) {
    return core::refuse("bad_field", {"R3: name the meeting whose minutes are approved: '{\"minutes\": n}'",
                                      "R3: indique la reunión cuya acta se aprueba: '{\"minutes\": n}'"});
  }
  const auto corrections = args.find("corrections");
  if (corrections != args.end() && !corrections->is_string()) {
    return core::refuse("bad_field", {"corrections are text", "el campo corrections es texto"});
  }
  const std::string fix = corrections == args.end() ? "" : corrections->get<std::string>();
  const auto v = c.views.find("minutes");
  const json* entry = nullptr;
  if (v != c.views.end()) {
    // Pointers into the view itself, which outlives this call (never into a copy of it).
    if (const auto all = v->second.find("minutes"); all != v->second.end()) {
      for (const auto& m : *all) {
        if (m.value("number", std::int64_t{0}) == number->get<std::int64_t>()) entry = &m;
      }
    }
  }
  if (!entry) {
    return core::refuse("no_minutes",
                        {"R3: there are no minutes of meeting {meeting, number, ::group-off} (a meeting has "
                         "minutes once it is adjourned)",
                         "R3: no hay acta de la reunión {meeting, number, ::group-off} (una reunión tiene acta "
                         "una vez que se levanta la sesión)"},
                        {{"meeting", number->get<std::int64_t>()}});
  }
  const std::int64_t version = entry->value("version", std::int64_t{0});
  if (version > 0 && fix.empty()) {
    return core::refuse("minutes_official",
                        {"R3: these minutes are already approved (version {version, number, ::group-off}); "
                         "a correction names what it corrects: '{\"corrections\": text}'",
                         "R3: esta acta ya está aprobada (versión {version, number, ::group-off}); una "
                         "corrección indica lo que corrige: '{\"corrections\": texto}'"},
                        {{"version", version}});
  }
  const std::string of = "the minutes of the " + entry->value("title", std::string("meeting")) +
                         " held " + entry->value("date_text", std::string());
  std::string wording = version > 0   ? "That " + of + " be corrected as follows: " + fix
                        : fix.empty() ? "That " + of + " be approved"
                                      : "That " + of + " be approved with these corrections: " + fix;
  return json{{"number", entry->value("number", std::int64_t{0})},
              {"version", version + 1},
              {"corrections", fix},
              {"wording", wording}};
}

Status no_quorum() {
  return core::refuse("no_quorum",
                      {"Q3: no quorum; only adjourn, recess, fix the time to adjourn to, or seek "
                       "a quorum",
                       "Q3: no hay quórum; solo se puede levantar la sesión, declarar un receso, fijar "
                       "la hora para levantar la sesión o procurar el quórum"});
}

}  // namespace

namespace {
constexpr std::pair<MotionsPlugin::State, std::string_view> kStateNames[] = {
    {MotionsPlugin::State::made, "made"},       {MotionsPlugin::State::seconded, "seconded"},
    {MotionsPlugin::State::stated, "stated"},   {MotionsPlugin::State::voting, "voting"},
    {MotionsPlugin::State::adopted, "adopted"}, {MotionsPlugin::State::failed, "failed"}};
}  // namespace

std::string_view name_of(MotionsPlugin::State state) {
  for (const auto& [s, name] : kStateNames) {
    if (s == state) return name;
  }
  return "made";  // unreachable: every state is named above
}

MotionsPlugin::State motion_state_named(std::string_view name) {
  for (const auto& [s, n] : kStateNames) {
    if (n == name) return s;
  }
  throw std::invalid_argument("no motion state '" + std::string(name) + "'");
}

bool carries(const std::string& threshold, std::int64_t aye, std::int64_t nay,
             std::int64_t present, std::int64_t members) {
  // M3: abstentions are not votes cast; a tie fails.
  if (threshold == "two_thirds_of_votes_cast") return aye + nay > 0 && 3 * aye >= 2 * (aye + nay);
  if (threshold == "majority_of_members_present") return 2 * aye > present;
  if (threshold == "majority_of_entire_membership") return 2 * aye > members;
  // C1: closing a meeting takes a majority vote of a quorum: more ayes than half the quorum
  // (floor(n/2)+1), and more ayes than nays.
  if (threshold == "majority_of_quorum") return aye > nay && 2 * aye > members / 2 + 1;
  // M7: "shall the decision of the chair be sustained?" — reversed only by a majority against;
  // a tie sustains the chair.
  if (threshold == "sustain_chair") return nay <= aye;
  return aye > nay;  // majority of votes cast
}

std::vector<core::Operation> MotionsPlugin::operations() const {
  using core::Arg;
  const Arg text = core::chat_text();  // "/second" and the like take no more: it is ignored
  return {
      // Each kind reads some of these (docs/protocol.md): the motion's text (an amendment's new
      // wording), its threshold (main), the motion taken from the table or reconsidered, the
      // closed session's grounds, the office and nominee elected, the minutes approved.
      core::from_the_room({"motions.move", auth::Action::move, "/move",
       {Arg::string("kind").up_to(64), Arg::string("text").up_to(20000), Arg::string("threshold").up_to(64),
        Arg::integer("motion").at_least(1), Arg::string("authority").up_to(16),
        Arg::string("subject").up_to(2000), grounds_arg(), Arg::string("office").up_to(64), Arg::integer("person").at_least(1),
        Arg::integer("minutes").at_least(1), Arg::string("corrections").up_to(20000),
        Arg::string("to").up_to(2000), Arg::string("until").up_to(64), Arg::string("place").up_to(2000),
        Arg::string("remote").up_to(2000)}}),
      core::from_the_room({"motions.second", auth::Action::move, "/second", {text}}),
      core::from_the_room({"motions.withdraw", auth::Action::move, "/withdraw", {text}}),
      // M6: after the motion is stated, withdrawal is by the body's consent.
      core::from_the_room({"motions.object", auth::Action::vote, "/object", {text}}),
      {"motions.grant_withdrawal", auth::Action::preside, "/grant-withdrawal", {text}},
      {"motions.state", auth::Action::preside, "/state", {text}},
      {"motions.call_vote", auth::Action::preside, "/call-vote", {text}},
      core::from_the_room({"motions.vote", auth::Action::vote, "/vote", {Arg::string("choice").up_to(16), text}}),
      {"motions.close_vote", auth::Action::preside, "/close-vote", {text}},
      // M7: no second needed for these.
      core::from_the_room({"motions.point_of_order", auth::Action::move, "/point-of-order", {text}}),
      {"motions.rule", auth::Action::preside, "/rule",
       {Arg::string("ruling").up_to(16), Arg::string("note").up_to(2000), text}},
      core::from_the_room({"motions.inquiry", auth::Action::attend, "/inquiry", {text}}),
      {"motions.answer", auth::Action::preside, "/answer", {text}},
      core::from_the_room({"motions.division", auth::Action::vote, "/division", {text}}),
  };
}

MotionsPlugin::Motion* MotionsPlugin::find(std::int64_t number) {
  for (Motion& m : pending_) {
    if (m.number == number) return &m;
  }
  return nullptr;
}

Result<std::vector<core::Proposed>> MotionsPlugin::decide(const core::Command& command,
                                                          const core::RoomContext& context) const {
  // B7: a designee the clerk recorded, where the body lets designees vote, acts in the member's
  // seat: their motions, seconds and votes are the seat's, under the member's id, and the
  // record names the designee.
  if (const core::Seat* seat = designee_seat(context)) {
    auth::Principal acting = context.who;
    acting.id = seat->person_id;
    acting.name = seat->name + " (by designee " + context.who.name + ")";
    return decide_as(command, core::RoomContext{context.room, context.roster, acting, context.roles,
                                                context.now_ms, context.views});
  }
  return decide_as(command, context);
}

struct MotionsPlugin::Situation {
  const core::RoomContext& c;
  bool quorum = false;   // Q3: the quorum plugin's word
  MeetingFacts meeting;  // B4, C3, C4: the meeting plugin's
};

MotionsPlugin::Decision MotionsPlugin::decide_as(const core::Command& command, const core::RoomContext& c) const {
  using Free = Decision (MotionsPlugin::*)(const core::Command&, const Situation&) const;
  using OnPending = Decision (MotionsPlugin::*)(const core::Command&, const Situation&, const Motion&) const;
  static const std::map<std::string_view, Free> kFree = {
      {"motions.move", &MotionsPlugin::move},         {"motions.point_of_order", &MotionsPlugin::point_or_inquiry},
      {"motions.inquiry", &MotionsPlugin::point_or_inquiry}, {"motions.rule", &MotionsPlugin::rule},
      {"motions.answer", &MotionsPlugin::answer},     {"motions.division", &MotionsPlugin::division}};
  static const std::map<std::string_view, OnPending> kOnPending = {
      {"motions.second", &MotionsPlugin::second},
      {"motions.withdraw", &MotionsPlugin::withdraw},
      {"motions.object", &MotionsPlugin::object},
      {"motions.grant_withdrawal", &MotionsPlugin::grant_withdrawal},
      {"motions.state", &MotionsPlugin::state},
      {"motions.call_vote", &MotionsPlugin::call_vote},
      {"motions.vote", &MotionsPlugin::vote},
      {"motions.close_vote", &MotionsPlugin::close_vote}};

  const std::string& op = command.op;
  if (!c.roster.body) {
    return core::refuse("no_body", {"this room belongs to no body", "esta sala no pertenece a ningún organismo"});
  }
  const Situation s{c, has_quorum(c), meeting_facts(c)};
  // C3: no final action in closed session: no motion, second, vote or decision.
  if (s.meeting.closed && op != "motions.point_of_order" && op != "motions.inquiry" && op != "motions.answer" &&
      op != "motions.rule") {
    return core::refuse("closed_session",
                        {"C3: no action is taken in closed session; the chair returns to open "
                         "session first (meeting.open_session)",
                         "C3: en sesión a puerta cerrada no se toma ninguna acción; la presidencia vuelve primero "
                         "a sesión abierta (meeting.open_session)"});
  }
  // B4: business is done only in a meeting the chair has called to order, and not in recess.
  // (A division publishes a vote already recorded, so it may be asked at any time.)
  if (op != "motions.division" && s.meeting.state != "in_session") {
    if (s.meeting.state == "recessed") {
      return core::refuse("not_in_session",
                          {"B4: the meeting is in recess; no business until the chair resumes it "
                           "(/resume)",
                           "B4: la reunión está en receso; no se trata ningún asunto hasta que la "
                           "presidencia la reanude (/resume)"});
    }
    return core::refuse("not_in_session",
                        {"B4: no business outside a meeting called to order; the chair calls the "
                         "meeting to order first (/call-to-order)",
                         "B4: no se trata ningún asunto fuera de una reunión cuya sesión se haya abierto; "
                         "la presidencia abre primero la sesión (/call-to-order)"});
  }
  if (const auto free = kFree.find(op); free != kFree.end()) return (this->*free->second)(command, s);
  if (const auto on = kOnPending.find(op); on != kOnPending.end()) {
    if (pending_.empty()) {
      return core::refuse("no_motion", {"no motion is pending", "no hay ninguna moción pendiente"});
    }
    const Motion& m = pending_.back();
    if (!s.quorum && !kWithoutQuorum.count(m.kind)) return no_quorum();
    return (this->*on->second)(command, s, m);
  }
  return core::refuse("unknown_operation",
                      {"the motions plugin has no ''{op}''", "el complemento motions no tiene la operación ''{op}''"},
                      {{"op", op}});
}

MotionsPlugin::Decision MotionsPlugin::move(const core::Command& command, const Situation& s) const {
  const core::RoomContext& c = s.c;
  const std::string kind = command.args.value("kind", "main");
  const std::string text = command.args.value("text", "");
  if (!kKinds.count(kind)) {
    return core::refuse("bad_field", {"unknown kind of motion ''{kind}''", "tipo de moción desconocido: ''{kind}''"},
                        {{"kind", kind}});
  }
  if (text.empty() && (kind == "main" || kind == "amend" || kind == "amend_secondary")) {
    return core::refuse("bad_field", {"a motion needs its text (an amendment: the new wording)",
                                      "una moción necesita su texto (una enmienda: la nueva redacción)"});
  }
  std::string threshold = kTwoThirds.count(kind) ? "two_thirds_of_votes_cast"
                          : kind == "appeal"     ? "sustain_chair"
                                                 : "majority_of_votes_cast";
  if (kind == "main" && command.args.contains("threshold")) {
    threshold = command.args.value("threshold", threshold);
    if (!kThresholds.count(threshold)) {
      return core::refuse("bad_field", {"unknown threshold", "umbral de votación (threshold) desconocido"});
    }
  }
  if (Status may = may_move(kind, s); !may) return may;
  if (Status order = in_order(kind, s); !order) return order;
  auto target = target_of(kind, command, s);
  if (!target) return target.status();
  if (Status agenda = on_agenda(kind, s); !agenda) return agenda;

  // What a motion of this kind carries besides its wording.
  Draft d{{{"motion", made_ + 1},
           {"kind", kind},
           {"mover", c.who.id},
           {"mover_name", c.who.name},
           {"second_required", !small_board(c) && kind != "closed_session_statement"}},
          text,
          threshold};
  using Terms = Status (MotionsPlugin::*)(const core::Command&, const Situation&, Draft&) const;
  static const std::map<std::string, Terms> kTerms = {
      {"close_session", &MotionsPlugin::close_session_terms},
      {"elect", &MotionsPlugin::election_terms},
      {"approve_minutes", &MotionsPlugin::minutes_terms},
      {"recess", &MotionsPlugin::recess_terms_of},
      {"closed_session_statement", &MotionsPlugin::statement_terms},
  };
  if (const auto terms = kTerms.find(kind); terms != kTerms.end()) {
    if (Status filled = (this->*terms->second)(command, s, d); !filled) return filled;
  } else if (kind == "withdraw" && d.wording.empty()) {
    d.wording = "That leave be granted to withdraw motion " + std::to_string(pending_.back().number);
  }
  json& made = d.made;
  made["text"] = d.wording;
  made["threshold"] = d.threshold;
  // An amendment names the motion it amends and gives its new wording (by substitution).
  if (kind == "amend" || kind == "amend_secondary") made["amends"] = pending_.back().number;
  if (target.value() != 0) made["target"] = target.value();
  if (kind == "postpone" || kind == "refer") made["to"] = command.args.value("to", text);
  return std::vector<core::Proposed>{{"motions.made", made, ""}};
}

Status MotionsPlugin::close_session_terms(const core::Command& command, const Situation& s, Draft& d) const {
  // C1: a motion to close states the authority and the subject with reasonable specificity;
  // the agenda's closed-session item gives both (each of its authorities), unless the motion
  // states others. It passes by a majority of a quorum.
  const AgendaFacts agenda = agenda_facts(s.c);
  json spec = command.args;
  if (agenda.type == "closed_session" && !command.args.contains("authority") && !command.args.contains("grounds")) {
    spec = json{{"grounds", json::array()}};
    for (const auto& part : agenda.item->value("parts", json::array({*agenda.item}))) {
      spec["grounds"].push_back({{"authority", part.value("authority", "")}, {"subject", part.value("subject", "")}});
    }
  }
  auto grounds = closed_session_grounds(spec);
  if (!grounds) return grounds.status();
  d.made["grounds"] = grounds.value();
  d.threshold = "majority_of_quorum";
  if (d.wording.empty()) {
    d.wording = "That the body close the meeting to discuss " + grounds.value().value("subject", "") + ", under " +
                grounds.value().value("citation", "");
  }
  return Status::ok();
}

Status MotionsPlugin::election_terms(const core::Command& command, const Situation& s, Draft& d) const {
  // B3: the council elects its chair (and vice chair) from its voting members.
  const core::RoomContext& c = s.c;
  const std::string role = command.args.value("office", "chair");
  if (!store::is_office(role)) {
    return core::refuse("bad_field", {"B3: elect a chair or a vice_chair",
                                      "B3: elija una presidencia (chair) o una vicepresidencia (vice_chair)"});
  }
  const auto nominee = command.args.find("person");
  const core::Seat* seat = nominee != command.args.end() && nominee->is_number_integer()
                               ? c.roster.seat_of(nominee->get<std::int64_t>())
                               : nullptr;
  if (!seat || !seat->votes()) {
    return core::refuse("not_a_member",
                        {"B3: the council elects its officers from its voting members; name "
                         "one as '{\"person\": id}'",
                         "B3: el consejo elige a sus cargos entre sus miembros con voto; indique a "
                         "uno como '{\"person\": id}'"});
  }
  d.made["office"] = {{"person", seat->person_id}, {"name", seat->name}, {"office", role},
                      {"term_months", c.roster.body->officer_term_months}};
  if (d.wording.empty()) {
    d.wording = "That " + seat->name + " be elected " + (role == "chair" ? "chair" : "vice chair") +
                " for a term of " + std::to_string(c.roster.body->officer_term_months) + " months";
  }
  return Status::ok();
}

Status MotionsPlugin::minutes_terms(const core::Command& command, const Situation& s, Draft& d) const {
  // R3: the minutes of an earlier meeting are approved (or approved with corrections, or,
  // once official, corrected into a new version) by the body at a later meeting.
  auto minutes = minutes_to_approve(s.c, command.args);
  if (!minutes) return minutes.status();
  if (d.wording.empty()) d.wording = minutes.value().value("wording", "");
  minutes.value().erase("wording");
  d.made["minutes"] = minutes.value();
  return Status::ok();
}

Status MotionsPlugin::recess_terms_of(const core::Command& command, const Situation& s, Draft& d) const {
  // N8: a motion to recess may say until when, and (to a later day) where the meeting
  // continues; once adopted the meeting plugin recesses on these terms.
  if (!command.args.contains("until") && !command.args.contains("place")) return Status::ok();
  const core::RoomContext& c = s.c;
  auto terms = recess_terms(command.args, c.roster.body->time_zone, c.now_ms);
  if (!terms) return terms.status();
  json recess = json::object();
  for (const char* key : {"until", "place", "remote"}) {
    if (command.args.contains(key)) recess[key] = command.args[key];
  }
  d.made["recess"] = recess;
  if (d.wording.empty()) {
    d.wording = "That the meeting recess";
    if (terms.value().until_ms) d.wording += " until " + describe_local(*terms.value().until_ms, c.roster.body->time_zone);
    if (!terms.value().place.empty()) d.wording += ", to continue at " + terms.value().place;
  }
  return Status::ok();
}

Status MotionsPlugin::statement_terms(const core::Command&, const Situation& s, Draft& d) const {
  // C4: the statement's wording is the law's, naming what the closed session was for.
  const json& due = *s.meeting.statement_due;  // may_move saw it due
  d.wording = "The matters discussed in the closed session were limited to those specified in "
              "the motion or notice to close: " + due.value("subject", "") + " (" + due.value("citation", "") + ")";
  return Status::ok();
}

Status MotionsPlugin::may_move(const std::string& kind, const Situation& s) const {
  const core::RoomContext& c = s.c;
  if (!votes_here(c)) {
    return core::refuse("not_a_member", {"only voting members make motions", "solo los miembros con voto presentan mociones"});
  }
  if (Status present = must_be_present(c); !present) return present;
  // C4: on return from closed session, the statement that discussion was limited to the
  // announced subjects comes first (adjourning and recessing may still come before it).
  const bool statement_due = s.meeting.statement_due != nullptr;
  if (kind == "closed_session_statement" && !statement_due) {
    return core::refuse("bad_state", {"C4: no closed session awaits its statement",
                                      "C4: ninguna sesión a puerta cerrada está pendiente de su declaración"});
  }
  if (statement_due && kind != "closed_session_statement" && kind != "adjourn" && kind != "recess") {
    return core::refuse("statement_due",
                        {"C4: first put to a vote the statement that the closed session was "
                         "limited to its announced subjects ('{\"kind\": "
                         "\"closed_session_statement\"}')",
                         "C4: someta primero a votación la declaración de que la sesión a puerta cerrada se "
                         "limitó a los asuntos anunciados ('{\"kind\": \"closed_session_statement\"}')"});
  }
  // M8: outside small-board mode the chair does not make motions; the C4 statement is the
  // chair's to put.
  if (is_chair(c) && !small_board(c) && kind != "closed_session_statement") {
    return core::refuse("chair_may_not_move",
                        {"M8: the chair makes motions only in small-board mode",
                         "M8: la presidencia presenta mociones solo en el modo de junta pequeña (small-board)"});
  }
  return Status::ok();
}

Status MotionsPlugin::in_order(const std::string& kind, const Situation& s) const {
  if (!s.quorum && !kWithoutQuorum.count(kind)) return no_quorum();
  // M5: one primary amendment may be pending on a main motion, and one secondary amendment
  // on the primary; they are decided secondary first (the stack's top is decided first).
  const std::string below = pending_.empty() ? "" : pending_.back().kind;
  // A vote in progress is not interrupted, unless the quorum is gone: then the vote cannot
  // be completed and the body may still adjourn, recess or seek a quorum (Q3).
  if (!pending_.empty() && pending_.back().state == State::voting && !(!s.quorum && kWithoutQuorum.count(kind))) {
    return core::refuse("question_pending",
                        {"the vote on motion {motion, number, ::group-off} is open; nothing is moved "
                         "until it closes",
                         "la votación de la moción {motion, number, ::group-off} está abierta; no se "
                         "presenta ninguna moción hasta que se cierre"},
                        {{"motion", pending_.back().number}});
  }
  if (kind == "appeal" && last_ruling_ == 0) {
    return core::refuse("nothing_to_appeal", {"M7: there is no ruling of the chair to appeal",
                                              "M7: no hay ninguna decisión de la presidencia que apelar"});
  }
  // M6: permission to withdraw is moved on the immediately pending question once its mover
  // has asked leave to withdraw it.
  if (kind == "withdraw" && (pending_.empty() || pending_.back().withdrawal.empty())) {
    return core::refuse("no_withdrawal_request",
                        {"M6: the mover has not asked leave to withdraw the pending motion",
                         "M6: quien presentó la moción pendiente no ha pedido permiso para retirarla"});
  }
  // Q3, M4: adjourning, recessing, fixing the time to adjourn to and seeking a quorum are in
  // order over any other pending motion; so are closing and limiting debate over an amendment.
  const bool privileged = kWithoutQuorum.count(kind) && !kWithoutQuorum.count(below);
  const bool over_amendment = (below == "amend" || below == "amend_secondary") && kOverAmendment.count(kind);
  const bool fits = kind == "appeal" || kind == "withdraw" || privileged || over_amendment ||
                    (kind == "amend" && below == "main") || (kind == "amend_secondary" && below == "amend") ||
                    (kind != "amend" && kind != "amend_secondary" &&
                     (below.empty() || (below == "main" && kOverMain.count(kind))));
  if (!fits) {
    if (kind == "amend" || kind == "amend_secondary") {
      return core::refuse("bad_amendment",
                          {"M5: a primary amendment amends a pending main motion and a secondary "
                           "amendment a pending primary one; one of each at most",
                           "M5: una enmienda primaria modifica una moción principal pendiente, y una "
                           "enmienda secundaria, una enmienda primaria pendiente; como máximo una de cada clase"});
    }
    return core::refuse("question_pending",
                        {"motion {motion, number, ::group-off} is pending; decide it first",
                         "la moción {motion, number, ::group-off} está pendiente; resuélvala primero"},
                        {{"motion", pending_.back().number}});
  }
  // M4: once the previous question is ordered on a motion, debate on it is closed and it is
  // not amended: the chair puts it to a vote.
  if (!pending_.empty() && pending_.back().question_ordered &&
      (kind == "amend" || kind == "amend_secondary" || kOverAmendment.count(kind))) {
    return core::refuse("previous_question_ordered",
                        {"M4: the previous question was ordered on motion {motion, number, ::group-off}; "
                         "it is neither debated nor amended further, and the chair puts it to a vote",
                         "M4: se ordenó la cuestión previa sobre la moción {motion, number, ::group-off}; "
                         "ya no se debate ni se enmienda, y la presidencia la somete a votación"},
                        {{"motion", pending_.back().number}});
  }
  return Status::ok();
}

Result<std::int64_t> MotionsPlugin::target_of(const std::string& kind, const core::Command& command,
                                              const Situation& s) const {
  // M6: a motion that acts on the pending one names it; taking from the table and
  // reconsidering come when nothing else is pending, and name the motion they bring back; M7:
  // an appeal names the ruling.
  if (kind == "appeal") return last_ruling_;
  if (kind == "take_from_table") {
    if (tabled_.empty()) {
      return core::refuse("nothing_tabled", {"no motion lies on the table", "no hay ninguna moción sobre la mesa"});
    }
    const std::int64_t target = command.args.value("motion", tabled_.back().number);
    if (std::none_of(tabled_.begin(), tabled_.end(), [&](const Motion& t) { return t.number == target; })) {
      return core::refuse("bad_field",
                          {"motion {motion, number, ::group-off} is not on the table",
                           "la moción {motion, number, ::group-off} no está sobre la mesa"},
                          {{"motion", target}});
    }
    return target;
  }
  if (kind == "reconsider") {
    const std::int64_t target = command.args.value("motion", std::int64_t{0});
    const auto it = decided_.find(target);
    if (it == decided_.end()) {
      return core::refuse("bad_field", {"name a decided motion to reconsider: '{\"motion\": n}'",
                                        "indique una moción ya decidida que reconsiderar: '{\"motion\": n}'"});
    }
    const auto vote = it->second.votes.find(s.c.who.id);
    const std::string prevailing = it->second.state == State::adopted ? "aye" : "nay";
    if (vote == it->second.votes.end() || vote->second != prevailing) {
      return core::refuse("not_prevailing_side",
                          {"M6: only a member who voted {side, select, aye {aye} other {nay}} (the "
                           "prevailing side) on motion {motion, number, ::group-off} may move to "
                           "reconsider it",
                           "M6: solo un miembro que votó {side, select, aye {a favor (aye)} other {en "
                           "contra (nay)}} (la posición que prevaleció) en la moción {motion, number, "
                           "::group-off} puede proponer que se reconsidere"},
                          {{"side", prevailing}, {"motion", target}});
    }
    return target;
  }
  if (kOnMain.count(kind) || (kOverAmendment.count(kind) && !pending_.empty())) return pending_.back().number;
  return std::int64_t{0};
}

Status MotionsPlugin::on_agenda(const std::string& kind, const Situation& s) const {
  // N5: once a noticed meeting is in session (not an emergency), action is taken only on an
  // action item of the final agenda, taken up by the chair. (A meeting held without notice has
  // no agenda to keep to: N9 marks its every action.)
  const nlohmann::json* held = noticed_meeting(s.c);
  const std::string held_kind = held ? held->value("kind", "") : "";
  if (!held || held_kind == "emergency" || held_kind == "unnoticed") return Status::ok();
  const AgendaFacts agenda = agenda_facts(s.c);
  if (kActions.count(kind) && agenda.type != "action") {
    if (agenda.item) {
      return core::refuse("not_on_agenda",
                          {"N5: action is taken only on items of the final agenda; the chair "
                           "takes up an action item first (item {item, number, ::group-off} is {type})",
                           "N5: solo se toman acuerdos sobre puntos del orden del día definitivo; la "
                           "presidencia pasa primero a un punto de acción (el punto {item, number, "
                           "::group-off} es de tipo {type})"},
                          {{"item", agenda.item->value("item", 0)}, {"type", agenda.type}});
    }
    return core::refuse("not_on_agenda",
                        {"N5: action is taken only on items of the final agenda; the chair "
                         "takes up an action item first",
                         "N5: solo se toman acuerdos sobre puntos del orden del día definitivo; la "
                         "presidencia pasa primero a un punto de acción"});
  }
  if (kind == "close_session" && agenda.type != "closed_session") {
    return core::refuse("not_on_agenda",
                        {"C1, N5: only a closed-session item of the final agenda may be "
                         "discussed in closed session; the chair takes it up first",
                         "C1, N5: en sesión a puerta cerrada solo puede tratarse un punto de sesión a puerta cerrada del "
                         "orden del día definitivo; la presidencia pasa primero a ese punto"});
  }
  return Status::ok();
}

// M7: points of order, inquiries and divisions need no second, and may be raised whatever is
// pending; the chair rules on a point of order and answers an inquiry.
MotionsPlugin::Decision MotionsPlugin::point_or_inquiry(const core::Command& command, const Situation& s) const {
  const std::string& op = command.op;
  const std::string text = command.args.value("text", "");
  if (text.empty()) {
    return core::refuse("bad_field", {"say what the point or the question is",
                                      "indique cuál es el punto de orden o la pregunta"});
  }
  if (op == "motions.point_of_order" && open_point_ != 0) {
    return core::refuse("point_pending",
                        {"M7: the chair has not yet ruled on point {point, number, ::group-off}",
                         "M7: la presidencia aún no ha resuelto el punto de orden {point, number, ::group-off}"},
                        {{"point", open_point_}});
  }
  return std::vector<core::Proposed>{
      {op == "motions.point_of_order" ? "motions.point_of_order" : "motions.inquiry",
       {{"point", points_ + 1}, {"text", text}, {"by", s.c.who.id}, {"name", s.c.who.name}},
       ""}};
}

MotionsPlugin::Decision MotionsPlugin::rule(const core::Command& command, const Situation&) const {
  if (open_point_ == 0) {
    return core::refuse("no_point", {"no point of order awaits a ruling",
                                     "ningún punto de orden está pendiente de resolución"});
  }
  const std::string ruling = command.args.value("ruling", command.args.value("text", ""));
  if (ruling != "well_taken" && ruling != "not_well_taken") {
    return core::refuse("bad_field", {"rule well_taken or not_well_taken",
                                      "resuelva well_taken (procedente) o not_well_taken (improcedente)"});
  }
  return std::vector<core::Proposed>{
      {"motions.ruled", {{"point", open_point_}, {"ruling", ruling}, {"note", command.args.value("note", "")}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::answer(const core::Command& command, const Situation&) const {
  if (open_inquiry_ == 0) {
    return core::refuse("no_inquiry", {"no inquiry awaits an answer", "ninguna consulta está pendiente de respuesta"});
  }
  const std::string text = command.args.value("text", "");
  if (text.empty()) {
    return core::refuse("bad_field", {"give the answer''s text", "indique el texto de la respuesta"});
  }
  return std::vector<core::Proposed>{{"motions.answered", {{"point", open_inquiry_}, {"text", text}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::division(const core::Command&, const Situation& s) const {
  // M7 (division of the assembly): every vote here is already recorded per member, so the
  // division is the record itself, published now: the open vote, or the last decided one.
  const Motion* subject = nullptr;
  if (!pending_.empty() && pending_.back().state == State::voting) subject = &pending_.back();
  else if (!decided_.empty()) subject = &decided_.rbegin()->second;
  if (!subject) {
    return core::refuse("no_motion", {"no vote to divide", "no hay ninguna votación sobre la que pedir la división"});
  }
  // M2: labelled as a closed vote's roll call is (not_voting, absent), so the two agree.
  const std::set<std::int64_t> here = present_voters(s.c);
  json record = json::array();
  for (const core::Seat& seat : s.c.roster.seats) {
    if (!seat.votes()) continue;
    const auto v = subject->votes.find(seat.person_id);
    const std::string none = here.count(seat.person_id) ? "not_voting" : "absent";
    record.push_back({{"person", seat.person_id}, {"name", seat.name}, {"vote", v == subject->votes.end() ? none : v->second}});
  }
  json body = tally_json(subject->number, count(subject->votes));
  body["votes"] = record;
  body["requested_by"] = s.c.who.id;
  return std::vector<core::Proposed>{{"motions.division", body, kBot}};
}

MotionsPlugin::Decision MotionsPlugin::second(const core::Command&, const Situation& s, const Motion& m) const {
  const core::RoomContext& c = s.c;
  if (m.state != State::made) {
    return core::refuse("bad_state", {"the motion is past seconding", "ya no es momento de secundar la moción"});
  }
  if (m.mover == c.who.id) {
    return core::refuse("own_motion", {"M1: the mover cannot second", "M1: quien presenta la moción no puede secundarla"});
  }
  if (Status present = must_be_present(c); !present) return present;
  if (is_chair(c) && !small_board(c)) {
    return core::refuse("chair_may_not_move",
                        {"M8: the chair seconds only in small-board mode",
                         "M8: la presidencia secunda mociones solo en el modo de junta pequeña (small-board)"});
  }
  return std::vector<core::Proposed>{
      {"motions.seconded", {{"motion", m.number}, {"seconder", c.who.id}, {"seconder_name", c.who.name}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::withdraw(const core::Command&, const Situation& s, const Motion& m) const {
  const core::RoomContext& c = s.c;
  if (m.mover != c.who.id) {
    return core::refuse("not_mover", {"only the mover withdraws a motion", "solo quien presentó la moción puede retirarla"});
  }
  // M6: free before the chair states the motion; after that, only with the body's consent.
  if (m.state == State::made || m.state == State::seconded) {
    return std::vector<core::Proposed>{{"motions.withdrawn", {{"motion", m.number}}, ""}};
  }
  if (m.state == State::voting) {
    return core::refuse("bad_state",
                        {"the vote on motion {motion, number, ::group-off} is open; it can no longer be withdrawn",
                         "la votación de la moción {motion, number, ::group-off} está abierta; ya no se puede retirar"},
                        {{"motion", m.number}});
  }
  if (!m.withdrawal.empty()) {
    return core::refuse("bad_state",
                        {"leave to withdraw motion {motion, number, ::group-off} has already been asked",
                         "ya se pidió permiso para retirar la moción {motion, number, ::group-off}"},
                        {{"motion", m.number}});
  }
  return std::vector<core::Proposed>{
      {"motions.withdrawal_requested",
       {{"motion", m.number},
        {"by", c.who.id},
        {"text", c.who.name + " asks leave to withdraw motion " + std::to_string(m.number) + ". Is there any objection?"}},
       ""}};
}

MotionsPlugin::Decision MotionsPlugin::object(const core::Command&, const Situation& s, const Motion& m) const {
  const core::RoomContext& c = s.c;
  if (m.withdrawal.empty()) {
    return core::refuse("no_withdrawal_request", kNoWithdrawalRequest, {{"motion", m.number}});
  }
  if (!votes_here(c)) {
    return core::refuse("not_a_member", {"only voting members object", "solo los miembros con voto pueden objetar"});
  }
  if (Status present = must_be_present(c); !present) return present;
  if (m.withdrawal == "objected") {
    return core::refuse("bad_state", {"an objection is already recorded", "ya consta una objeción"});
  }
  return std::vector<core::Proposed>{
      {"motions.withdrawal_objected", {{"motion", m.number}, {"by", c.who.id}, {"name", c.who.name}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::grant_withdrawal(const core::Command&, const Situation&, const Motion& m) const {
  if (m.withdrawal.empty()) {
    return core::refuse("no_withdrawal_request", kNoWithdrawalRequest, {{"motion", m.number}});
  }
  if (m.withdrawal == "objected") {
    return core::refuse("objection",
                        {"M6: a member objected; withdrawal now needs a vote: move "
                         "'{\"kind\": \"withdraw\"}' (permission to withdraw)",
                         "M6: un miembro objetó; ahora el retiro requiere una votación: presente "
                         "'{\"kind\": \"withdraw\"}' (permiso para retirar la moción)"});
  }
  return std::vector<core::Proposed>{{"motions.withdrawn", {{"motion", m.number}, {"by_consent", true}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::state(const core::Command&, const Situation& s, const Motion& m) const {
  if (m.state == State::made && !small_board(s.c) && m.kind != "closed_session_statement") {
    return core::refuse("needs_second", {"M1: the motion needs a second before it is stated",
                                         "M1: la moción debe ser secundada antes de que se enuncie"});
  }
  if (m.state != State::made && m.state != State::seconded) {
    return core::refuse("bad_state", {"the motion is already stated", "la moción ya fue enunciada"});
  }
  return std::vector<core::Proposed>{{"motions.stated", {{"motion", m.number}, {"text", m.text}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::call_vote(const core::Command&, const Situation&, const Motion& m) const {
  if (m.state != State::stated) {
    return core::refuse("bad_state", {"M1: the chair states the motion first", "M1: la presidencia enuncia primero la moción"});
  }
  return std::vector<core::Proposed>{{"motions.voting_opened", {{"motion", m.number}}, ""}};
}

MotionsPlugin::Decision MotionsPlugin::vote(const core::Command& command, const Situation& s, const Motion& m) const {
  const core::RoomContext& c = s.c;
  if (m.state != State::voting) return core::refuse("bad_state", kVoteNotOpen);
  const std::string choice = command.args.value("choice", command.args.value("text", ""));
  if (choice != "aye" && choice != "nay" && choice != "abstain") {
    return core::refuse("bad_field", {"vote aye, nay or abstain",
                                      "vote aye (a favor), nay (en contra) o abstain (abstención)"});
  }
  if (!votes_here(c)) {
    return core::refuse("not_a_member", {"only voting members vote", "solo votan los miembros con voto"});
  }
  if (Status present = must_be_present(c); !present) return present;
  const auto earlier = m.votes.find(c.who.id);
  // M2: the same vote again (a retry after a reconnect, a second click) changes nothing: it
  // is acknowledged and nothing is recorded.
  if (earlier != m.votes.end() && earlier->second == choice) return std::vector<core::Proposed>{};
  auto votes = m.votes;
  if (is_chair(c) && !small_board(c)) {
    // M8: the chair votes only when it changes the result.
    const Tally without = count(m.votes);
    votes[c.who.id] = choice;
    const Tally with = count(votes);
    std::set<std::int64_t> counted = present_voters(c);
    for (const auto& [person, cast] : votes) counted.insert(person);
    const auto present = static_cast<std::int64_t>(counted.size());
    const std::int64_t members = static_cast<std::int64_t>(c.roster.voting_members());
    if (carries(m.threshold, without.aye, without.nay, present, members) ==
        carries(m.threshold, with.aye, with.nay, present, members)) {
      return core::refuse("chair_vote_not_decisive",
                          {"M8: the chair votes only when the vote would change the result",
                           "M8: la presidencia vota solo cuando su voto cambiaría el resultado"});
    }
  }
  votes[c.who.id] = choice;
  json body = {{"motion", m.number}, {"person", c.who.id}, {"name", c.who.name}, {"choice", choice}};
  // M2: a changed vote says what it replaces, so the room sees it changed.
  if (earlier != m.votes.end()) body["previous"] = earlier->second;
  return std::vector<core::Proposed>{{"motions.vote_cast", body, ""},
                                     {"motions.tally", tally_json(m.number, count(votes)), kBot}};
}

MotionsPlugin::Decision MotionsPlugin::close_vote(const core::Command&, const Situation& s, const Motion& m) const {
  const core::RoomContext& c = s.c;
  if (m.state != State::voting) return core::refuse("bad_state", kVoteNotOpen);
  // M2: each voting member's vote: absent members are recorded absent, and present members
  // who did not vote (the chair outside small-board mode, M8, among them) as not voting. The
  // counts are the roll call's own, so the two never disagree.
  const std::set<std::int64_t> here = present_voters(c);
  json record = json::array();
  Tally t;
  for (const core::Seat& seat : c.roster.seats) {
    if (!seat.votes()) continue;
    std::string vote = here.count(seat.person_id) ? "not_voting" : "absent";
    if (const auto v = m.votes.find(seat.person_id); v != m.votes.end()) vote = v->second;
    if (vote == "aye") ++t.aye;
    else if (vote == "nay") ++t.nay;
    else if (vote == "abstain") ++t.abstain;
    else if (vote == "not_voting") ++t.not_voting;
    else ++t.absent;
    record.push_back({{"person", seat.person_id}, {"name", seat.name}, {"vote", vote}});
  }
  const std::int64_t members = static_cast<std::int64_t>(c.roster.voting_members());
  // M3: "of members present" counts those present when the vote closes (and any who voted
  // and then left: their votes stand): everyone the roll call does not list absent.
  const std::int64_t present = t.aye + t.nay + t.abstain + t.not_voting;
  const bool adopted = carries(m.threshold, t.aye, t.nay, present, members);
  json body = tally_json(m.number, t);
  body["kind"] = m.kind;
  if (m.amends != 0) body["amends"] = m.amends;
  if (m.target != 0) body["target"] = m.target;
  body["motion_text"] = m.text;
  if (!m.office.is_null()) body["office"] = m.office;
  if (!m.grounds.is_null()) body["grounds"] = m.grounds;
  if (!m.minutes.is_null()) body["minutes"] = m.minutes;
  if (!m.recess.is_null()) body["recess"] = m.recess;
  // N9: whether the meeting was lawfully noticed, so whether this action is valid.
  body["notice"] = validity(c);
  body["threshold"] = m.threshold;
  body["result"] = adopted ? "adopted" : "failed";
  body["votes"] = record;
  body["present"] = present;
  body["text"] = "Motion " + std::to_string(m.number) + " " + (adopted ? "adopted" : "failed") + ": " + describe(t);
  if (adopted && !m.office.is_null()) {
    body["text"] = body["text"].get<std::string>() + "; " + m.office.value("name", "") + " is elected " +
                   (m.office.value("office", "") == "chair" ? "chair" : "vice chair");
  }
  return std::vector<core::Proposed>{{"motions.decided", body, kBot}};
}

std::vector<core::Proposed> MotionsPlugin::follow(const std::vector<core::Proposed>& batch,
                                                  std::size_t fresh,
                                                  const core::RoomContext& c) const {
  // Q3: a vote cannot be completed once the quorum is lost (or the meeting adjourns or
  // recesses): it is suspended, its votes void and recorded as such, and the question is
  // pending again; adjourning, recessing and seeking a quorum are in order.
  if (pending_.empty() || pending_.back().state != State::voting) return {};
  const Motion& m = pending_.back();
  std::string reason;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const core::Proposed& e = batch[i];
    const bool this_motion = e.body.value("motion", std::int64_t{0}) == m.number;
    if (this_motion && (e.type == "motions.decided" || e.type == "motions.withdrawn" ||
                        e.type == "motions.vote_suspended")) {
      return {};  // settled in this very append
    }
    if (i < fresh) continue;
    // Q3: adjourning, recessing, fixing the time to adjourn to and seeking a quorum need none.
    if (e.type == "quorum.lost" && !kWithoutQuorum.count(m.kind)) reason = "quorum lost";
    else if (e.type == "meeting.adjourned") reason = "meeting adjourned";
    else if (e.type == "meeting.recessed") reason = "meeting recessed";
  }
  if (reason.empty()) return {};
  json cast = json::array();
  for (const auto& [person, choice] : m.votes) {
    const core::Seat* seat = c.roster.seat_of(person);
    cast.push_back({{"person", person}, {"name", seat ? seat->name : ""}, {"vote", choice}});
  }
  const Tally t = count(m.votes);
  json body = {{"motion", m.number},
               {"reason", reason},
               {"votes", cast},
               {"aye", t.aye},
               {"nay", t.nay},
               {"abstain", t.abstain},
               {"text", "Q3: " + reason + ": the vote on motion " + std::to_string(m.number) +
                            " is suspended and the " + std::to_string(m.votes.size()) +
                            " votes cast are void; the chair puts the question again " +
                            (reason == "quorum lost" ? std::string("once a quorum is present")
                                                     : std::string("when the meeting resumes"))}};
  return {{"motions.vote_suspended", body, kBot}};
}

void MotionsPlugin::apply(const record::Event& event, const json& body) {
  if (!body.is_object() || event.type.rfind("motions.", 0) != 0) return;
  if (event.type == "motions.point_of_order" || event.type == "motions.inquiry") {
    points_ = std::max(points_, body.value("point", std::int64_t{0}));
    (event.type == "motions.point_of_order" ? open_point_ : open_inquiry_) = points_;
    return;
  }
  if (event.type == "motions.ruled") {
    last_ruling_ = body.value("point", std::int64_t{0});
    open_point_ = 0;
    return;
  }
  if (event.type == "motions.answered") {
    open_inquiry_ = 0;
    return;
  }
  const std::int64_t number = body.value("motion", std::int64_t{0});
  if (event.type == "motions.made") {
    Motion m;
    m.number = number;
    m.kind = body.value("kind", "main");
    m.text = body.value("text", "");
    m.threshold = body.value("threshold", "majority_of_votes_cast");
    m.mover = body.value("mover", std::int64_t{0});
    m.amends = body.value("amends", std::int64_t{0});
    m.target = body.value("target", std::int64_t{0});
    if (const auto office = body.find("office"); office != body.end()) m.office = *office;
    if (const auto grounds = body.find("grounds"); grounds != body.end()) m.grounds = *grounds;
    if (const auto minutes = body.find("minutes"); minutes != body.end()) m.minutes = *minutes;
    if (const auto recess = body.find("recess"); recess != body.end()) m.recess = *recess;
    m.state = State::made;
    pending_.push_back(std::move(m));
    made_ = std::max(made_, number);
    return;
  }
  Motion* m = find(number);
  if (!m) return;
  if (event.type == "motions.seconded") {
    m->seconder = body.value("seconder", std::int64_t{0});
    m->state = State::seconded;
  } else if (event.type == "motions.stated") {
    m->state = State::stated;
  } else if (event.type == "motions.voting_opened") {
    m->state = State::voting;
    m->withdrawal.clear();  // a request to withdraw lapses once the vote opens
  } else if (event.type == "motions.withdrawal_requested") {
    m->withdrawal = "requested";
  } else if (event.type == "motions.withdrawal_objected") {
    m->withdrawal = "objected";
  } else if (event.type == "motions.vote_cast") {
    m->votes[body.value("person", std::int64_t{0})] = body.value("choice", "abstain");
  } else if (event.type == "motions.vote_suspended") {
    // Q3: the votes cast are void; the question is before the body again, to be put anew once
    // there is a quorum.
    m->votes.clear();
    m->state = State::stated;
  } else if (event.type == "motions.decided" || event.type == "motions.withdrawn") {
    Motion done = *m;
    std::erase_if(pending_, [number](const Motion& x) { return x.number == number; });
    if (event.type == "motions.withdrawn") return;
    const bool adopted = body.value("result", "") == "adopted";
    done.state = adopted ? State::adopted : State::failed;
    decided_[number] = done;  // kept for reconsideration (M6)
    if (done.kind == "appeal") last_ruling_ = 0;  // a ruling is appealed once
    if (!adopted) return;
    // M5: an adopted amendment gives the motion it amends its new wording.
    if (done.amends) {
      if (Motion* amended = find(done.amends)) amended->text = done.text;
    }
    // M6: the motion acted on leaves the floor (table, postpone, refer) or comes back to it.
    if (done.kind == "lay_on_table" || done.kind == "postpone" || done.kind == "refer" ||
        done.kind == "withdraw") {
      if (Motion* target = find(done.target)) {
        if (done.kind == "lay_on_table") tabled_.push_back(*target);
        const std::int64_t t = done.target;
        std::erase_if(pending_, [t](const Motion& x) { return x.number == t; });
      }
    } else if (done.kind == "previous_question") {
      if (Motion* target = find(done.target)) target->question_ordered = true;  // M4
    } else if (done.kind == "take_from_table") {
      const auto it = std::find_if(tabled_.begin(), tabled_.end(),
                                   [&](const Motion& x) { return x.number == done.target; });
      if (it != tabled_.end()) {
        pending_.push_back(*it);
        tabled_.erase(it);
      }
    } else if (done.kind == "reconsider") {
      if (const auto it = decided_.find(done.target); it != decided_.end()) {
        Motion again = it->second;
        again.votes.clear();
        again.state = State::stated;  // back before the body, to be voted on anew
        pending_.push_back(again);
      }
    }
  }
}

json MotionsPlugin::view() const {
  json pending = json::array();
  for (const Motion& m : pending_) {
    const Tally t = count(m.votes);
    pending.push_back({{"motion", m.number},
                       {"kind", m.kind},
                       {"text", m.text},
                       {"state", name_of(m.state)},
                       {"threshold", m.threshold},
                       {"mover", m.mover},
                       {"seconder", m.seconder},
                       {"amends", m.amends},
                       {"withdrawal", m.withdrawal},
                       {"question_ordered", m.question_ordered},
                       {"aye", t.aye},
                       {"nay", t.nay},
                       {"abstain", t.abstain}});
  }
  return {{"pending", pending}, {"made", made_}};
}

std::optional<std::string> MotionsPlugin::checkpoint_reason(const record::Event& event, const json& body) const {
  if (event.type == "motions.decided" && body.is_object() && body.value("kind", "") == "approve_minutes") {
    return "minutes";
  }
  // C3, R4: the last event the public sees before a closed session is signed, so the public can
  // prove the log up to it although the closed events' hashes cannot be recomputed by them.
  if (event.type == "motions.decided" && body.is_object() && body.value("kind", "") == "close_session" &&
      body.value("result", "") == "adopted") {
    return "closed_session";
  }
  return std::nullopt;
}

std::optional<core::SeatChange> MotionsPlugin::seat_change(const record::Event& event, const json& body) const {
  if (event.type != "motions.decided" || !body.is_object()) return std::nullopt;
  if (body.value("kind", "") != "elect" || body.value("result", "") != "adopted") return std::nullopt;
  const json office = body.value("office", json::object());
  const std::int64_t person = office.value("person", std::int64_t{0});
  const int months = office.value("term_months", 12);
  if (person <= 0 || months <= 0) {
    LOG_ERROR("room " << event.room << " seq " << event.seq << ": an election without an officer");
    return std::nullopt;
  }
  return core::SeatChange{person, office.value("office", ""), event.ts_ms, add_months_ms(event.ts_ms, months)};
}

}  // namespace collegial::plugins
