#include "meeting/meeting_plugin.hpp"

#include <algorithm>
#include <cstdlib>

#include "common/closed_session.hpp"
#include "common/recess_terms.hpp"
#include "common/snapshot_fields.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::int64_t kHalfDay = 12LL * 3'600'000;
// N3: a noticed meeting is not called to order before its noticed time; this much early is
// allowed for the difference between the chair's watch and the server's clock.
constexpr std::int64_t kEarlyTolerance = 60'000;

// N9: the chair is told why a meeting is not lawfully noticed before calling it to order.
constexpr Bilingual kNotNoticed{
    "N9: this meeting is not lawfully noticed ({why}), so no action taken at it will be valid. To hold it "
    "anyway, call it to order with '{\"despite_notice\": true}'",
    "N9: esta reunión no se convocó conforme a la ley ({why_es}), así que ningún acuerdo que se tome en ella "
    "será válido. Para celebrarla de todos modos, abra la sesión con '{\"despite_notice\": true}'"};
constexpr Bilingual kNotNoticedNone{
    "N9: this meeting is not lawfully noticed (no notice was posted for a meeting at this time), so no action "
    "taken at it will be valid. To hold it anyway, call it to order with '{\"despite_notice\": true}'",
    "N9: esta reunión no se convocó conforme a la ley (no se publicó ningún aviso para una reunión a esta "
    "hora), así que ningún acuerdo que se tome en ella será válido. Para celebrarla de todos modos, abra la "
    "sesión con '{\"despite_notice\": true}'"};

// The noticed meeting to hold now: the one named, or the scheduled one nearest now within
// 12 hours. Null when there is none.
const json* meeting_to_hold(const core::RoomContext& c, const json& args, Status& refusal) {
  const auto notice = c.views.find("notice");
  if (notice == c.views.end()) return nullptr;
  const json& meetings = notice->second["meetings"];
  if (const auto named = args.find("meeting"); named != args.end()) {
    for (const auto& m : meetings) {
      if (named->is_number_integer() && m.value("meeting", std::int64_t{0}) == named->get<std::int64_t>()) {
        const std::string state = m.value("state", "");
        if (state != "scheduled") {
          // A meeting's state in the notice plugin's view: in_session, recessed, adjourned, cancelled.
          refusal = core::refuse(
              "bad_state",
              {"meeting {meeting, number, ::group-off} is {state}",
               "la reunión {meeting, number, ::group-off} {state, select, scheduled {está programada} in_session "
               "{está en sesión} recessed {está en receso} adjourned {ya concluyó} cancelled {está cancelada} "
               "other {está en estado {state}}}"},
              {{"meeting", named->get<std::int64_t>()}, {"state", state}});
        }
        return &m;
      }
    }
    refusal = core::refuse("unknown_meeting", {"no such meeting in this body''s schedule",
                                               "no existe esa reunión en el calendario de este organismo"});
    return nullptr;
  }
  const json* best = nullptr;
  std::int64_t best_gap = kHalfDay + 1;
  for (const auto& m : meetings) {
    if (m.value("state", "") != "scheduled") continue;
    const std::int64_t gap = std::llabs(m.value("starts_ms", std::int64_t{0}) - c.now_ms);
    if (gap < best_gap) {
      best = &m;
      best_gap = gap;
    }
  }
  return best;
}

// The name the snapshot's refusals give.
constexpr std::string_view kPlugin = "meeting";

// A snapshot's integer, refused unless it is a JSON integer (get<T> alone would take a float or
// a boolean; unlike snapshot::int64, an unsigned number beyond int64 is not refused).
std::int64_t integer(const json& v) {
  if (!v.is_number_integer()) snapshot::refuse(kPlugin, "an integer was expected");
  return v.get<std::int64_t>();
}

}  // namespace

std::string_view name_of(MeetingPlugin::State state) {
  switch (state) {
    case MeetingPlugin::State::not_in_session: return "not_in_session";
    case MeetingPlugin::State::in_session: return "in_session";
    case MeetingPlugin::State::recessed: return "recessed";
    case MeetingPlugin::State::adjourned: return "adjourned";
  }
  return "?";
}

std::vector<core::Operation> MeetingPlugin::operations() const {
  using core::Arg;
  // Every operation may carry the presiding officer's note (decide reads it for all of them).
  const Arg note = Arg::string("note").up_to(2000);
  return {
      {"meeting.call_to_order", auth::Action::preside, "/call-to-order",
       {note, Arg::integer("meeting").at_least(1), Arg::boolean("despite_notice"), core::chat_text()}},
      {"meeting.recess", auth::Action::preside, "/recess",
       {note, Arg::string("until").up_to(64), Arg::string("place").up_to(2000),
        Arg::string("remote").up_to(2000), core::chat_text()}},
      {"meeting.resume", auth::Action::preside, "/resume", {note, core::chat_text()}},
      {"meeting.adjourn", auth::Action::preside, "/adjourn", {note, core::chat_text()}},
      {"meeting.open_session", auth::Action::preside, "/open-session", {note, core::chat_text()}},
      // C3: an attorney, auditor or staff member admitted to the closed session, and no more.
      {"meeting.admit_guest", auth::Action::preside, "",
       {Arg::string("name").up_to(200).needed(), Arg::string("role").up_to(200), Arg::integer("person").at_least(1)}},
      {"meeting.dismiss_guest", auth::Action::preside, "", {Arg::integer("guest").at_least(1).needed()}},
  };
}

Result<std::vector<core::Proposed>> MeetingPlugin::recess(const json& args,
                                                          const core::RoomContext& c,
                                                          json body) const {
  const std::string zone = c.roster.body ? c.roster.body->time_zone : "America/Denver";
  auto terms = recess_terms(args, zone, c.now_ms);
  if (!terms) return terms.status();
  const RecessTerms& t = terms.value();
  if (!t.until_ms) return std::vector<core::Proposed>{{"meeting.recessed", body, ""}};
  if (!t.later_day) {
    body["until_ms"] = *t.until_ms;
    return std::vector<core::Proposed>{{"meeting.recessed", body, ""}};
  }
  // N8: a recess to a later day states the date, time and place of the continuation, and its
  // notice is posted at once (the notice plugin does, from this event).
  const std::int64_t at = *t.until_ms;
  json cont = {{"starts_ms", at},
               {"starts_local", utc_ms_to_local(at, zone)},
               {"starts_text", describe_local(at, zone)},
               {"place", t.place},
               {"remote", t.remote},
               {"meeting", meeting_}};
  // The continuation's notice, whole, so that it is posted (and sent to the media, N7) in the
  // same moment as the recess.
  std::string title = c.roster.body ? c.roster.body->name : c.room.name;
  if (const auto notice = c.views.find("notice"); notice != c.views.end()) {
    for (const auto& m : notice->second.value("meetings", json::array())) {
      if (m.value("meeting", std::int64_t{0}) == meeting_) title = m.value("title", title);
    }
  }
  cont["title"] = title;
  cont["url"] = "/public/" + c.room.name + "/meetings/" + std::to_string(meeting_);
  std::string text = (c.roster.body ? c.roster.body->name : c.room.name) +
                     "\nNOTICE OF CONTINUED MEETING\n" + title + "\n\nThe meeting was recessed on " +
                     describe_local(c.now_ms, zone) + " and will continue on " + describe_local(at, zone) +
                     ", at " + t.place + ".\n";
  if (!t.remote.empty()) text += "To attend remotely: " + t.remote + "\n";
  text += "Only items of the original agenda will be taken up (NMSA 1978, Section 10-15-1(E)).\n";
  cont["text"] = text;
  body["continuation"] = cont;
  return std::vector<core::Proposed>{{"meeting.recessed", body, ""}};
}

std::vector<core::Proposed> MeetingPlugin::follow(const std::vector<core::Proposed>& batch,
                                                  std::size_t fresh,
                                                  const core::RoomContext& c) const {
  // An adopted motion to adjourn or to recess takes effect at once: the body decided it, so
  // the chair need not also declare it (as an adopted motion to close closes the meeting).
  if (state_ != State::in_session) return {};
  for (const core::Proposed& e : batch) {
    if (e.type == "meeting.adjourned" || e.type == "meeting.recessed") return {};
  }
  for (std::size_t i = fresh; i < batch.size(); ++i) {
    const core::Proposed& e = batch[i];
    if (e.type != "motions.decided" || e.body.value("result", "") != "adopted") continue;
    const std::string kind = e.body.value("kind", "");
    if (kind != "adjourn" && kind != "recess") continue;
    json body = {{"presiding", c.who.name}, {"by_motion", e.body.value("motion", std::int64_t{0})}};
    const std::string wording = e.body.value("motion_text", "");
    if (!wording.empty()) body["note"] = wording;
    if (kind == "adjourn") return {{"meeting.adjourned", body, ""}};
    const json terms = e.body.value("recess", json::object());
    auto recessed = recess(terms, c, body);
    // Terms that were good when moved may have passed by the vote ("until 2:00" adopted at
    // 2:05): the body still recessed, until the chair resumes.
    if (!recessed) return {{"meeting.recessed", body, ""}};
    return recessed.value();
  }
  return {};
}

Result<std::vector<core::Proposed>> MeetingPlugin::decide(const core::Command& command,
                                                          const core::RoomContext& context) const {
  // A note the presiding officer adds ("until 2 pm", "for lunch"), from args or the chat text.
  const std::string note = command.args.value("note", command.args.value("text", ""));
  const bool open = state_ == State::in_session || state_ == State::recessed;
  json body = {{"presiding", context.who.name}};
  if (!note.empty()) body["note"] = note;

  if (command.op == "meeting.call_to_order") {
    if (open) {
      return core::refuse("bad_state",
                          {"B4: the meeting is already called to order", "B4: ya se abrió la sesión de la reunión"});
    }
    // Calling to order without a quorum is allowed (to adjourn or seek one, Q3); the record says
    // whether there was one.
    if (const auto q = context.views.find("quorum"); q != context.views.end()) {
      body["quorum"] = q->second.value("has_quorum", false);
    }
    Status refusal = Status::ok();
    const json* noticed = meeting_to_hold(context, command.args, refusal);
    if (!refusal) return refusal;
    const std::string zone = context.roster.body ? context.roster.body->time_zone : "America/Denver";
    // N3: not before the time the public was told.
    if (noticed && noticed->value("starts_ms", std::int64_t{0}) > context.now_ms + kEarlyTolerance) {
      const std::int64_t starts_ms = noticed->value("starts_ms", std::int64_t{0});
      const std::string title = noticed->value("title", std::string("the meeting"));
      // A title Collegial wrote ("Regular meeting of the …") is said in Spanish too; a clerk's as written.
      std::string title_es = noticed->contains("title") ? title : std::string("la reunión");
      if (noticed->value("title_default", false)) {
        title_es = i18n::say(i18n::Lang::es, "site.meeting.default_title",
                             {{"kind", noticed->value("kind", std::string())},
                              {"name", noticed->value("body_name", std::string())}},
                             zone);
      }
      return core::refuse("before_noticed_time",
                          {"N3: {title} was noticed for {when}; it is not called to order before then (another "
                           "meeting held now is scheduled and noticed as its own, an emergency meeting if it must be)",
                           "N3: {title_es} se convocó para el {when_es}; no se abre la sesión antes de esa hora (otra "
                           "reunión que se celebre ahora se programa y se convoca por separado, como reunión de "
                           "emergencia si es necesario)"},
                          {{"title", title},
                           {"title_es", title_es},
                           {"when", describe_local(starts_ms, zone)},
                           {"when_es", i18n::when(i18n::Lang::es, starts_ms, zone)}});
    }
    // N9: a meeting that is not lawfully noticed may be held, but its actions will not be
    // valid: the chair is told why before calling it to order, and goes on only by saying so.
    const bool lawful = noticed && (*noticed)["status"].value("lawful", false);
    if (!lawful && !command.args.value("despite_notice", false)) {
      if (!noticed) return core::refuse("not_lawfully_noticed", kNotNoticedNone);
      // The failed findings: in English as the view has them, in Spanish from their catalog keys
      // (the first `failures` of the findings are the failures).
      const json& status = (*noticed)["status"];
      const json failures = status.value("failures", json::array());
      const json keys = status.value("finding_keys", json::array());
      std::string why, why_es;
      for (std::size_t i = 0; i < failures.size(); ++i) {
        if (!failures[i].is_string()) continue;
        why += (why.empty() ? "" : "; ") + failures[i].get<std::string>();
        why_es += (why_es.empty() ? "" : "; ") +
                  (i < keys.size() ? i18n::render(i18n::Lang::es, keys[i], zone) : failures[i].get<std::string>());
      }
      return core::refuse("not_lawfully_noticed", kNotNoticed, {{"why", why}, {"why_es", why_es}});
    }
    // R1, N3: one number per meeting, the one its notice has; a meeting held without notice
    // takes the next number, so the notices, pages, feeds and minutes all name it alike.
    std::int64_t number = noticed ? noticed->value("meeting", std::int64_t{0}) : 0;
    if (!noticed) {
      number = held_.empty() ? 1 : *held_.rbegin() + 1;
      if (const auto notice = context.views.find("notice"); notice != context.views.end()) {
        for (const auto& m : notice->second.value("meetings", json::array())) {
          number = std::max(number, m.value("meeting", std::int64_t{0}) + 1);
        }
      }
      body["unnoticed"] = true;
    }
    // A log from before numbers were shared may have used this number for an earlier meeting:
    // two records must never share one (the minutes, approvals and verify name it).
    if (held_.count(number)) {
      return core::refuse("bad_state",
                          {"meeting number {number, number, ::group-off} was already used by an earlier meeting; "
                           "schedule and notice this one again to give it a number of its own",
                           "el número de reunión {number, number, ::group-off} ya lo usó una reunión anterior; "
                           "programe y convoque esta reunión de nuevo para que tenga un número propio"},
                          {{"number", number}});
    }
    body["number"] = number;
    body["meeting"] = number;
    // R1: who sits on the body at this meeting, so the record can name those absent.
    json members = json::array();
    for (const core::Seat& seat : context.roster.seats) {
      if (seat.votes()) members.push_back({{"person", seat.person_id}, {"name", seat.name}});
    }
    body["members"] = members;
    // R1, R2: the minutes name the body and count their due date in its time zone.
    if (context.roster.body) {
      body["body_name"] = context.roster.body->name;
      body["time_zone"] = context.roster.body->time_zone;
    }
    if (noticed) {
      body["kind"] = noticed->value("kind", "");
      body["title"] = noticed->value("title", "");
      // C2: a separately scheduled closed meeting is closed from its start.
      if (const auto closed = noticed->find("closed"); closed != noticed->end()) body["closed"] = *closed;
    }
    return std::vector<core::Proposed>{{"meeting.called_to_order", body, ""}};
  }
  if (command.op == "meeting.recess") {
    if (state_ != State::in_session) {
      return core::refuse("bad_state",
                          {"only a meeting in session can recess", "solo una reunión en sesión puede entrar en receso"});
    }
    return recess(command.args, context, std::move(body));
  }
  if (command.op == "meeting.resume") {
    if (state_ != State::recessed) {
      return core::refuse("bad_state", {"the meeting is not in recess", "la reunión no está en receso"});
    }
    return std::vector<core::Proposed>{{"meeting.resumed", body, ""}};
  }
  if (command.op == "meeting.adjourn") {
    // Q3: adjourning needs no quorum.
    if (!open) return core::refuse("bad_state", {"the meeting is not in session", "la reunión no está en sesión"});
    return std::vector<core::Proposed>{{"meeting.adjourned", body, ""}};
  }
  if (command.op == "meeting.open_session") {
    if (closed_.is_null()) {
      return core::refuse("bad_state", {"the meeting is not in closed session",
                                        "la reunión no está en sesión a puerta cerrada"});
    }
    body["closed"] = closed_;
    body["text"] = "The meeting is open again after the closed session under " +
                   closed_.value("citation", std::string()) + ": " +
                   closed_.value("subject", std::string());
    return std::vector<core::Proposed>{{"meeting.session_opened", body, ""}};
  }
  if (command.op == "meeting.admit_guest") {
    if (closed_.is_null()) {
      return core::refuse("bad_state", {"C3: guests are admitted to a closed session; the meeting is not in one",
                                        "C3: se admite a invitados en una sesión a puerta cerrada, y la reunión no "
                                        "está en ninguna"});
    }
    const std::string name = command.args.value("name", "");
    if (name.empty()) {
      return core::refuse("missing_field", {"give the guest''s name: '{\"name\": …}'",
                                            "indique el nombre del invitado: '{\"name\": …}'"});
    }
    json guest = {{"guest", guests_seen_ + 1}, {"name", name}, {"role", command.args.value("role", "")}};
    if (const auto person = command.args.find("person"); person != command.args.end()) {
      for (const auto& [n, g] : guests_) {
        if (g.value("person", std::int64_t{0}) == person->get<std::int64_t>()) {
          return core::refuse("bad_state", {"{name} is already admitted", "ya se admitió a {name}"},
                              {{"name", g.value("name", "")}});
        }
      }
      guest["person"] = *person;
    }
    guest["text"] = name + (guest.value("role", "").empty() ? "" : " (" + guest.value("role", "") + ")") +
                    " is admitted to the closed session";
    return std::vector<core::Proposed>{{"meeting.guest_admitted", guest, ""}};
  }
  if (command.op == "meeting.dismiss_guest") {
    const auto it = guests_.find(command.args.value("guest", std::int64_t{0}));
    if (it == guests_.end()) {
      return core::refuse("unknown_guest", {"no such guest is admitted", "no se ha admitido a ese invitado"});
    }
    return std::vector<core::Proposed>{
        {"meeting.guest_dismissed",
         {{"guest", it->first}, {"name", it->second.value("name", "")},
          {"text", it->second.value("name", "") + " leaves the closed session"}},
         ""}};
  }
  return core::refuse("unknown_operation", {"the meeting plugin has no ''{op}''",
                                            "el complemento meeting no tiene la operación ''{op}''"},
                       {{"op", command.op}});
}

void MeetingPlugin::apply(const record::Event& event, const json& body) {
  if (event.type == "meeting.called_to_order") {
    state_ = State::in_session;
    // The meeting's number (R1): its notice's, or the next one for a meeting held without notice.
    number_ = body.is_object() ? body.value("number", number_ + 1) : number_ + 1;
    held_.insert(number_);
    meeting_ = body.is_object() ? body.value("meeting", std::int64_t{0}) : 0;
    if (body.is_object() && body.contains("closed")) closed_ = body["closed"];
  } else if (event.type == "meeting.recessed") {
    state_ = State::recessed;
  } else if (event.type == "meeting.resumed") {
    state_ = State::in_session;
  } else if (event.type == "meeting.adjourned") {
    state_ = State::adjourned;
    meeting_ = 0;
    // C4: a closed meeting (or session) that ended in adjournment has its statement approved
    // at the next open meeting.
    if (!closed_.is_null()) {
      statement_due_ = closed_;
      closed_ = nullptr;
    }
    guests_.clear();
  } else if (event.type == "meeting.session_opened") {
    statement_due_ = closed_;
    closed_ = nullptr;
    guests_.clear();  // C3: a guest is admitted to one closed session only
  } else if (event.type == "meeting.guest_admitted" && body.is_object()) {
    guests_seen_ = std::max(guests_seen_, body.value("guest", std::int64_t{0}));
    guests_[body.value("guest", std::int64_t{0})] = body;
    return;
  } else if (event.type == "meeting.guest_dismissed" && body.is_object()) {
    guests_.erase(body.value("guest", std::int64_t{0}));
    return;
  } else if (event.type == "motions.decided" && body.is_object()) {
    const std::string kind = body.value("kind", "");
    if (kind == "close_session" && body.value("result", "") == "adopted") {
      closed_ = body.value("grounds", json::object());
    } else if (kind == "closed_session_statement") {
      statement_due_ = nullptr;  // voted on, whatever the result (the record shows it)
    }
    return;
  } else {
    return;
  }
  since_ms_ = event.ts_ms;
}

std::set<std::int64_t> MeetingPlugin::closed_session_guests() const {
  std::set<std::int64_t> people;
  for (const auto& [n, g] : guests_) {
    if (const std::int64_t person = g.value("person", std::int64_t{0}); person > 0) people.insert(person);
  }
  return people;
}

std::optional<std::string> MeetingPlugin::withheld_notice() const {
  if (closed_.is_null()) return std::nullopt;
  return closed_session_line(closed_);
}

// Saves the whole lifecycle: the state and since when, the meeting held and its number, every
// number held, the closed session and the statement due, and the guests (as [number, guest]).
json MeetingPlugin::snapshot() const {
  json guests = json::array();
  for (const auto& [n, g] : guests_) guests.push_back(json::array({n, g}));
  return {{"v", 1},
          {"state", name_of(state_)},
          {"number", number_},
          {"held", held_},
          {"since_ms", since_ms_},
          {"meeting", meeting_},
          {"closed", closed_},
          {"statement_due", statement_due_},
          {"guests", guests},
          {"guests_seen", guests_seen_}};
}

// Takes back what snapshot() saved, all or nothing: throws on another format or a bad field.
void MeetingPlugin::restore(const json& s) {
  using T = json::value_t;
  snapshot::check_version(s, 1, kPlugin);
  const std::string state_name = snapshot::typed(s.at("state"), T::string, kPlugin).get<std::string>();
  std::optional<State> state;
  for (const State candidate : {State::not_in_session, State::in_session, State::recessed, State::adjourned}) {
    if (name_of(candidate) == state_name) state = candidate;
  }
  if (!state) snapshot::refuse(kPlugin, "unknown state " + state_name);
  std::set<std::int64_t> held;
  for (const json& n : snapshot::typed(s.at("held"), T::array, kPlugin)) held.insert(integer(n));
  std::map<std::int64_t, json> guests;
  for (const json& pair : snapshot::typed(s.at("guests"), T::array, kPlugin)) {
    if (!pair.is_array() || pair.size() != 2 || !guests.emplace(integer(pair[0]), pair[1]).second) {
      snapshot::refuse(kPlugin, "a guest is not a distinct [number, guest] pair");
    }
  }
  const std::int64_t number = integer(s.at("number"));
  const std::int64_t since_ms = integer(s.at("since_ms"));
  const std::int64_t meeting = integer(s.at("meeting"));
  const std::int64_t guests_seen = integer(s.at("guests_seen"));
  json closed = s.at("closed");
  json statement_due = s.at("statement_due");

  state_ = *state;
  number_ = number;
  held_ = std::move(held);
  since_ms_ = since_ms;
  meeting_ = meeting;
  closed_ = std::move(closed);
  statement_due_ = std::move(statement_due);
  guests_ = std::move(guests);
  guests_seen_ = guests_seen;
}

json MeetingPlugin::view() const {
  json guests = json::array();
  for (const auto& [n, g] : guests_) guests.push_back(g);
  return {{"state", name_of(state_)}, {"number", number_}, {"since_ms", since_ms_},
          {"meeting", meeting_},      {"closed", closed_}, {"statement_due", statement_due_},
          {"guests", guests}};
}

std::optional<std::string> MeetingPlugin::checkpoint_reason(const record::Event& event, const json& body) const {
  if (event.type == "meeting.adjourned") return "adjournment";
  // C3, R4: a closed meeting's call to order is the last event the public sees before it.
  if (event.type == "meeting.called_to_order" && body.is_object() && body.contains("closed")) return "closed_session";
  // N8: a recess to a later day posts the continuation's notice in the recess itself.
  if (event.type == "meeting.recessed" && body.is_object()) {
    if (const auto c = body.find("continuation"); c != body.end() && c->is_object()) return "notice";
  }
  return std::nullopt;
}

}  // namespace collegial::plugins
