#include "notice/notice_plugin.hpp"

#include <algorithm>
#include <set>

#include "common/closed_session.hpp"
#include "i18n/messages.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
const std::set<std::string, std::less<>> kKinds = {"regular", "special", "emergency"};
const std::set<std::string, std::less<>> kItemTypes = {"information", "action", "closed_session"};
// N6: what an emergency is — unforeseen circumstances that, if not addressed at once, will
// likely cause injury or damage to persons or property, or substantial financial loss.
const std::set<std::string, std::less<>> kHarms = {"injury_to_persons", "damage_to_persons",
                                                   "damage_to_property",
                                                   "substantial_financial_loss"};

std::string text_arg(const json& args, const char* key) {
  const auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status bad(Bilingual text, const json& args = json::object()) { return core::refuse("bad_field", text, args); }

constexpr Bilingual kNoMeeting{"no such meeting: name it as '{\"meeting\": n}'",
                               "no existe esa reunión: indíquela como '{\"meeting\": n}'"};
// A meeting's state: scheduled, in_session, recessed, adjourned or cancelled.
constexpr Bilingual kMeetingIs{
    "meeting {meeting, number, ::group-off} is {state}",
    "la reunión {meeting, number, ::group-off} {state, select, scheduled {está programada} in_session {está en "
    "sesión} recessed {está en receso} adjourned {ya concluyó} cancelled {está cancelada} other {está en estado "
    "{state}}}"};
constexpr Bilingual kLinks{"an item''s links are a list of addresses",
                           "los enlaces (links) de un punto son una lista de direcciones"};

// N6: a written justification that meets the definition, or the reason it does not.
Result<json> emergency_justification(const json& args) {
  const auto it = args.find("justification");
  if (it == args.end() || !it->is_object()) {
    return core::refuse("needs_justification",
                        {"N6: an emergency meeting needs a written justification: "
                         "'{\"circumstance\": what happened, \"unforeseen\": why it could not be "
                         "foreseen, \"harm\": [injury_to_persons, damage_to_persons, "
                         "damage_to_property, substantial_financial_loss]}'",
                         "N6: una reunión de emergencia necesita una justificación por escrito: "
                         "'{\"circumstance\": qué ocurrió, \"unforeseen\": por qué no pudo preverse, "
                         "\"harm\": [injury_to_persons, damage_to_persons, "
                         "damage_to_property, substantial_financial_loss]}'"});
  }
  const std::string circumstance = text_arg(*it, "circumstance");
  const std::string unforeseen = text_arg(*it, "unforeseen");
  json harms = json::array();
  const auto h = it->find("harm");
  if (h != it->end() && h->is_string()) harms.push_back(*h);
  if (h != it->end() && h->is_array()) harms = *h;
  bool known = !harms.empty();
  for (const auto& x : harms) known = known && x.is_string() && kHarms.count(x.get<std::string>());
  if (circumstance.size() < 20 || unforeseen.size() < 10 || !known) {
    return core::refuse("needs_justification",
                        {"N6: an emergency is an unforeseen circumstance that, if not addressed at "
                         "once, will likely cause injury or damage to persons or property, or "
                         "substantial financial loss; describe the circumstance (20 characters at "
                         "least), why it was unforeseen, and the harm it threatens",
                         "N6: una emergencia es una circunstancia imprevista que, si no se atiende de "
                         "inmediato, probablemente causará lesiones o daños a personas o bienes, o una "
                         "pérdida financiera considerable; describa la circunstancia (al menos 20 "
                         "caracteres), por qué fue imprevista y el daño que amenaza causar"});
  }
  return json{{"circumstance", circumstance}, {"unforeseen", unforeseen}, {"harm", harms}};
}

json item_json(const NoticePlugin::Item& item) { return item.json; }

}  // namespace

const std::vector<NoticePlugin::Item>* NoticePlugin::Meeting::final_agenda() const {
  // N5: the last agenda posted before the meeting began; an emergency meeting's may be amended
  // while it is in session (N6), so its last posted one.
  const std::int64_t cutoff = started_ms && kind != "emergency" ? started_ms : INT64_MAX;
  int version = 0;
  for (const Posting& p : postings) {
    if (p.at_ms <= cutoff && p.agenda_version > 0) version = p.agenda_version;
  }
  if (version == 0 || version > static_cast<int>(agendas.size())) return nullptr;
  return &agendas[static_cast<std::size_t>(version - 1)];
}

NoticeStatus NoticePlugin::Meeting::status() const {
  if (kind == "unnoticed") {
    return unnoticed_status();
  }
  // A meeting begun earlier than announced is measured from when it began.
  const std::int64_t start = started_ms && started_ms < starts_ms ? started_ms : starts_ms;
  return assess_notice(rules, start, postings);
}

// The notice as posted (N3), in `lang`: every posting carries it in English and in Spanish.
std::string notice_text(const json& s, const std::vector<NoticePlugin::Item>* agenda, bool continuation,
                        const json& continued, i18n::Lang lang) {
  const std::string zone = s.value("time_zone", std::string("America/Denver"));
  const auto t = [&](std::string_view key, const json& args = json::object()) { return i18n::say(lang, key, args, zone); };
  // English keeps the times as they were written when the meeting was scheduled.
  const auto starts = [&](const json& j) {
    return lang == i18n::Lang::en || !j.contains("starts_ms") ? j.value("starts_text", std::string())
                                                              : i18n::when(lang, j.value("starts_ms", std::int64_t{0}), zone);
  };
  const std::string kind = s.value("kind", std::string());
  std::string title = s.value("title", std::string());
  if (s.value("title_default", false)) title = t("site.meeting.default_title", {{"kind", kind}, {"name", s.value("body_name", std::string())}});
  std::string text = s.value("body_name", std::string()) + "\n";
  text += t(continuation ? "notice.text.continued_heading" : "notice.text.heading") + "\n";
  text += title + "\n\n";
  text += t("notice.text.kind", {{"kind", kind}}) + "\n";
  if (continuation) {
    text += t("notice.text.continues", {{"from", starts(s)}, {"to", starts(continued)}, {"place", continued.value("place", std::string())}}) + "\n";
    if (!continued.value("remote", std::string()).empty()) {
      text += t("notice.text.remote", {{"remote", continued.value("remote", std::string())}}) + "\n";
    }
    text += t("notice.text.original_items") + "\n";
  } else {
    text += t("notice.text.when", {{"when", starts(s)}}) + "\n";
    text += t("notice.text.where", {{"place", s.value("place", std::string())}}) + "\n";
    if (!s.value("remote", std::string()).empty()) text += t("notice.text.remote", {{"remote", s.value("remote", std::string())}}) + "\n";
  }
  if (const auto closed = s.find("closed"); closed != s.end() && closed->is_object()) {
    text += t("notice.text.closed", {{"citation", closed->value("citation", std::string())},
                                     {"subject", closed->value("subject", std::string())}}) + "\n";
  }
  if (const auto j = s.find("justification"); j != s.end() && j->is_object()) {
    text += t("notice.text.emergency", {{"circumstance", j->value("circumstance", std::string())}}) + "\n";
  }
  text += "\n" + t("notice.text.agenda") + "\n";
  if (!agenda) {
    text += t("notice.text.agenda_later") + "\n";
  } else {
    for (const auto& item : *agenda) {
      text += t("notice.text.item", {{"number", item.number}, {"title", item.json.value("title", std::string())},
                                     {"type", item.type}});
      if (!item.json.value("presenter", std::string()).empty()) {
        text += " - " + item.json.value("presenter", std::string());
      }
      if (item.type == "closed_session") {
        text += " - " + t("notice.text.item_closed", {{"citation", item.json.value("citation", std::string())},
                                                      {"subject", item.json.value("subject", std::string())}});
      }
      text += "\n";
    }
  }
  return text;
}

std::vector<core::Operation> NoticePlugin::operations() const {
  using core::Arg;
  const Arg meeting = Arg::integer("meeting").at_least(1);  // or "/post-notice 2": the chat text
  return {
      {"notice.schedule", auth::Action::post_notice, "",
       {Arg::string("kind").up_to(16).needed(), Arg::string("starts").up_to(64).needed(),
        Arg::string("place").up_to(2000).needed(), Arg::string("remote").up_to(2000),
        Arg::string("title").up_to(500),
        Arg::object("justification", {Arg::string("circumstance").up_to(4000), Arg::string("unforeseen").up_to(4000),
                                      Arg::string_or_strings("harm").up_to(64).at_most(4)}),
        Arg::object("closed", {Arg::string("authority").up_to(16), Arg::string("subject").up_to(2000),
                               grounds_arg()}),
        Arg::integer("cure_of").at_least(1)}},
      {"notice.set_agenda", auth::Action::post_notice, "",
       {meeting.needed(),
        Arg::objects("items", {Arg::string("title").up_to(500), Arg::string("type").up_to(32),
                               Arg::string("presenter").up_to(500), Arg::strings("links").up_to(2000).at_most(50),
                               Arg::string("authority").up_to(16), Arg::string("subject").up_to(2000),
                               grounds_arg()})
            .at_most(100)
            .needed()}},
      {"notice.post", auth::Action::post_notice, "/post-notice", {meeting, core::chat_text()}},
      {"notice.cancel", auth::Action::post_notice, "", {meeting.needed(), Arg::string("reason").up_to(2000)}},
      // N7: the posted notice sent again (all the media, or one outlet by its subscriber id).
      {"notice.resend", auth::Action::post_notice, "",
       {meeting.needed(), Arg::integer("outlet").at_least(1), Arg::string("reason").up_to(2000)}},
      {"notice.take_up", auth::Action::preside, "/take-up",
       {Arg::integer("item").between(1, 1000), core::chat_text()}},
      {"notice.ag_report_filed", auth::Action::post_notice, "",
       {meeting.needed(), Arg::string("reference").up_to(2000).needed()}},
  };
}

const NoticePlugin::Meeting* NoticePlugin::meeting_arg(const json& args) const {
  std::int64_t id = 0;
  if (const auto it = args.find("meeting"); it != args.end() && it->is_number_integer()) {
    id = it->get<std::int64_t>();
  } else {
    try {
      id = std::stoll(text_arg(args, "text"));
    } catch (const std::exception&) {
    }
  }
  const auto it = meetings_.find(id);
  return it == meetings_.end() ? nullptr : &it->second;
}

Result<std::vector<core::Proposed>> NoticePlugin::schedule(const core::Command& command,
                                                           const core::RoomContext& c) const {
  const json& a = command.args;
  const store::Body& body = *c.roster.body;
  const std::string kind = text_arg(a, "kind");
  if (!kKinds.count(kind)) return bad({"kind is regular, special or emergency", "kind debe ser regular, special o emergency"});
  const std::string starts = text_arg(a, "starts");
  auto starts_ms = local_to_utc_ms(starts, body.time_zone);
  if (!starts_ms) return starts_ms.status();
  if (starts_ms.value() <= c.now_ms) return bad({"a meeting is scheduled for a time still to come",
                                                  "una reunión se programa para una fecha y hora por venir"});
  const std::string place = text_arg(a, "place");
  if (place.empty()) return bad({"N3: the notice gives the place of the meeting", "N3: el aviso indica el lugar de la reunión"});
  // R1: the next number no meeting has had, listed or held (a log from before numbers were
  // shared counted calls to order, which the meeting plugin's view still remembers).
  std::int64_t next = meetings_.empty() ? 1 : meetings_.rbegin()->first + 1;
  if (const auto held = c.views.find("meeting"); held != c.views.end()) {
    next = std::max(next, held->second.value("number", std::int64_t{0}) + 1);
  }
  json s = {{"meeting", next},
            {"kind", kind},
            {"body_name", body.name},
            {"starts_local", utc_ms_to_local(starts_ms.value(), body.time_zone)},
            {"starts_text", describe_local(starts_ms.value(), body.time_zone)},
            {"time_zone", body.time_zone},
            {"starts_ms", starts_ms.value()},
            {"place", place},
            {"remote", text_arg(a, "remote")}};
  std::string title = text_arg(a, "title");
  if (title.empty()) {
    title = std::string(kind == "regular" ? "Regular" : kind == "special" ? "Special" : "Emergency") +
            " meeting of the " + body.name;
    // Written by Collegial, not the clerk: each reader's page says it in their language.
    s["title_default"] = true;
  }
  s["title"] = title;
  // N2: the lead the body's resolution sets for this kind, as in force now.
  const std::int64_t hours = kind == "regular"   ? body.notice_regular_days * 24LL
                             : kind == "special" ? body.notice_special_days * 24LL
                                                 : body.notice_emergency_hours;
  s["notice_hours"] = hours;
  s["agenda_hours"] = 72;  // N4: fixed by statute
  if (kind == "emergency") {
    auto j = emergency_justification(a);
    if (!j) return j.status();
    s["justification"] = j.value();
  }
  // C2: a separately scheduled closed meeting names its authority and subject.
  if (const auto closed = a.find("closed"); closed != a.end()) {
    if (!closed->is_object()) {
      return bad({"C2: closed is '{\"authority\": \"H2\", \"subject\": \"…\"}'",
                  "C2: closed es '{\"authority\": \"H2\", \"subject\": \"…\"}'"});
    }
    auto grounds = closed_session_grounds(*closed);
    if (!grounds) return grounds.status();
    s["closed"] = grounds.value();
  }
  // N9's cure: a new, properly noticed meeting with the same items as one that was not lawfully
  // noticed, so its actions can be taken again. The agenda is copied as the new meeting's first
  // version, to be posted in time.
  std::vector<core::Proposed> events;
  if (const auto cure = a.find("cure_of"); cure != a.end()) {
    const Meeting* of = cure->is_number_integer() ? [&]() -> const Meeting* {
      const auto it = meetings_.find(cure->get<std::int64_t>());
      return it == meetings_.end() ? nullptr : &it->second;
    }() : nullptr;
    if (!of) {
      return core::refuse("unknown_meeting", {"cure_of names no meeting of this body",
                                              "cure_of no corresponde a ninguna reunión de este organismo"});
    }
    if (of->status().lawful) {
      return core::refuse("bad_state",
                          {"N9: meeting {meeting, number, ::group-off} was lawfully noticed; its actions need no cure",
                           "N9: la reunión {meeting, number, ::group-off} se convocó conforme a la ley; sus acuerdos "
                           "no necesitan subsanarse"},
                          {{"meeting", of->id}});
    }
    s["cure_of"] = of->id;
    events.push_back({"notice.meeting_scheduled", s, ""});
    const auto* agenda = of->final_agenda();
    if (!agenda && !of->agendas.empty()) agenda = &of->agendas.back();
    if (agenda) {
      json items = json::array();
      for (const auto& item : *agenda) items.push_back(item.json);
      events.push_back({"notice.agenda_drafted",
                        {{"meeting", s["meeting"]}, {"version", 1}, {"items", items}},
                        ""});
    }
    return events;
  }
  return std::vector<core::Proposed>{{"notice.meeting_scheduled", s, ""}};
}

Result<std::vector<core::Proposed>> NoticePlugin::draft_agenda(const core::Command& command,
                                                               const core::RoomContext&) const {
  const Meeting* m = meeting_arg(command.args);
  if (!m) return core::refuse("unknown_meeting", kNoMeeting);
  if (m->state == "cancelled" || m->state == "adjourned") {
    return core::refuse("bad_state", kMeetingIs, {{"meeting", m->id}, {"state", m->state}});
  }
  // N5, N6: once the meeting begins its agenda is final, except at an emergency meeting, whose
  // agenda the clerk may amend while it is in session (recorded as amended in session).
  const bool amending = m->started_ms && m->kind == "emergency" && m->state != "adjourned";
  if (m->started_ms && !amending) {
    return core::refuse("agenda_final",
                        {"N5: the meeting has begun and its agenda is final; no item is added "
                         "during the meeting (only an emergency meeting''s agenda may be amended, N6)",
                         "N5: la reunión ya comenzó y su orden del día es definitivo; no se agrega ningún "
                         "punto durante la reunión (solo el orden del día de una reunión de emergencia puede "
                         "modificarse, N6)"});
  }
  const auto items = command.args.find("items");
  if (items == command.args.end() || !items->is_array() || items->empty() || items->size() > 100) {
    return bad({"an agenda is a list of 1 to 100 items: '{\"title\", \"type\": information|action|"
                "closed_session, \"presenter\", \"links\": [url…]}'",
                "un orden del día es una lista de 1 a 100 puntos: '{\"title\", \"type\": information|action|"
                "closed_session, \"presenter\", \"links\": [url…]}'"});
  }
  json out = json::array();
  int number = 0;
  for (const auto& it : *items) {
    if (!it.is_object()) return bad({"each agenda item is an object", "cada punto del orden del día es un objeto"});
    const std::string title = text_arg(it, "title");
    const std::string type = it.value("type", std::string("information"));
    if (title.empty() || title.size() > 500) {
      return bad({"each agenda item has a title (at most 500 characters)",
                  "cada punto del orden del día tiene un título (500 caracteres como máximo)"});
    }
    if (!kItemTypes.count(type)) {
      return bad({"an item''s type is information, action or closed_session",
                  "el tipo (type) de un punto es information, action o closed_session"});
    }
    json item = {{"item", ++number}, {"title", title}, {"type", type},
                 {"presenter", text_arg(it, "presenter")}, {"links", json::array()}};
    if (const auto links = it.find("links"); links != it.end()) {
      if (!links->is_array()) return bad(kLinks);
      for (const auto& l : *links) {
        if (!l.is_string()) return bad(kLinks);
        item["links"].push_back(l);
      }
    }
    if (type == "closed_session") {
      // C1/C2: a closed item states its authority and its subject with reasonable specificity.
      auto grounds = closed_session_grounds(it);
      if (!grounds) return grounds.status();
      item.update(grounds.value());
    }
    out.push_back(item);
  }
  return std::vector<core::Proposed>{
      {"notice.agenda_drafted",
       amending ? json{{"meeting", m->id}, {"version", static_cast<int>(m->agendas.size()) + 1}, {"items", out},
                       {"amended_in_session", true}}
                : json{{"meeting", m->id}, {"version", static_cast<int>(m->agendas.size()) + 1}, {"items", out}},
       ""}};
}

Result<std::vector<core::Proposed>> NoticePlugin::post(const core::Command& command,
                                                       const core::RoomContext& c) const {
  const Meeting* m = meeting_arg(command.args);
  if (!m) return core::refuse("unknown_meeting", kNoMeeting);
  if (m->state == "cancelled" || m->state == "adjourned") {
    return core::refuse("bad_state", kMeetingIs, {{"meeting", m->id}, {"state", m->state}});
  }
  const bool amending = m->started_ms && m->kind == "emergency";
  if (m->started_ms && !amending) {
    return core::refuse("agenda_final", {"N5: the meeting has begun; its notice and agenda are final",
                                         "N5: la reunión ya comenzó; su aviso y su orden del día son definitivos"});
  }
  const int version = static_cast<int>(m->agendas.size());
  const int posted = m->postings.empty() ? -1 : m->postings.back().agenda_version;
  if (posted == version) {
    return core::refuse("nothing_new",
                        {"the notice with agenda version {version, number, ::group-off} is already posted",
                         "el aviso con la versión {version, number, ::group-off} del orden del día ya está publicado"},
                        {{"version", version}});
  }
  const std::vector<Item>* agenda = version > 0 ? &m->agendas.back() : nullptr;
  json body = {{"meeting", m->id},
               {"version", version},
               {"kind", m->kind},
               {"title", m->scheduled.value("title", std::string())},
               {"starts_ms", m->starts_ms},
               {"starts_local", m->scheduled.value("starts_local", std::string())},
               {"time_zone", m->scheduled.value("time_zone", std::string())},
               {"place", m->scheduled.value("place", std::string())},
               {"remote", m->scheduled.value("remote", std::string())},
               {"text", notice_text(m->scheduled, agenda, false, json(), i18n::Lang::en)},
               {"text_es", notice_text(m->scheduled, agenda, false, json(), i18n::Lang::es)},
               {"url", "/public/" + c.room.name + "/meetings/" + std::to_string(m->id)}};
  // N6: the emergency's agenda amended after the call to order, posted as such.
  if (amending) body["amended_in_session"] = true;
  return std::vector<core::Proposed>{{"notice.posted", body, ""}};
}

Result<std::vector<core::Proposed>> NoticePlugin::resend(const core::Command& command,
                                                         const core::RoomContext& c) const {
  const Meeting* m = meeting_arg(command.args);
  if (!m) return core::refuse("unknown_meeting", kNoMeeting);
  if (m->postings.empty()) {
    return core::refuse("not_posted",
                        {"meeting {meeting, number, ::group-off} has no notice posted to re-send",
                         "la reunión {meeting, number, ::group-off} no tiene ningún aviso publicado que reenviar"},
                        {{"meeting", m->id}});
  }
  if (m->state == "cancelled") {
    return core::refuse("bad_state", kMeetingIs, {{"meeting", m->id}, {"state", "cancelled"}});
  }
  // N7: the notice as last posted, sent again to the media (all, or the one outlet named):
  // recorded as a re-send, so the posting's time, on which lawful notice is judged, stays.
  const Posting& last = m->postings.back();
  json body = {{"meeting", m->id},
               {"version", last.agenda_version},
               {"posted_ms", last.at_ms},
               {"kind", m->kind},
               {"title", m->scheduled.value("title", std::string())},
               {"time_zone", m->scheduled.value("time_zone", std::string())},
               {"text", m->posted_texts.back()},
               {"url", "/public/" + c.room.name + "/meetings/" + std::to_string(m->id)},
               {"reason", text_arg(command.args, "reason")}};
  if (const auto outlet = command.args.find("outlet"); outlet != command.args.end()) body["outlet"] = *outlet;
  return std::vector<core::Proposed>{{"notice.resent", body, ""}};
}

Result<std::vector<core::Proposed>> NoticePlugin::decide(const core::Command& command,
                                                         const core::RoomContext& c) const {
  if (!c.roster.body) {
    return core::refuse("no_body", {"this room belongs to no body", "esta sala no pertenece a ningún organismo"});
  }
  const std::string& op = command.op;
  if (op == "notice.schedule") return schedule(command, c);
  if (op == "notice.set_agenda") return draft_agenda(command, c);
  if (op == "notice.post") return post(command, c);
  if (op == "notice.resend") return resend(command, c);
  if (op == "notice.cancel") {
    const Meeting* m = meeting_arg(command.args);
    if (!m) return core::refuse("unknown_meeting", kNoMeeting);
    if (m->started_ms || m->state == "cancelled") {
      return core::refuse("bad_state", {"only a meeting not yet begun can be cancelled",
                                        "solo se puede cancelar una reunión que aún no ha comenzado"});
    }
    const std::string reason = text_arg(command.args, "reason");
    return std::vector<core::Proposed>{{"notice.cancelled", {{"meeting", m->id}, {"reason", reason}}, ""}};
  }
  if (op == "notice.take_up") {
    const auto current = meetings_.find(current_);
    if (current == meetings_.end() || current->second.state != "in_session") {
      return core::refuse("not_in_session",
                          {"no noticed meeting is in session", "no hay ninguna reunión convocada en sesión"});
    }
    int number = 0;
    if (const auto it = command.args.find("item"); it != command.args.end() && it->is_number_integer()) {
      number = it->get<int>();
    } else {
      try {
        number = std::stoi(text_arg(command.args, "text"));
      } catch (const std::exception&) {
      }
    }
    const auto* agenda = current->second.final_agenda();
    if (!agenda || number < 1 || number > static_cast<int>(agenda->size())) {
      return core::refuse("not_on_agenda",
                          {"N5: only items of the final agenda are taken up; it has {count, plural, one {# item} other {# items}}",
                           "N5: solo se tratan los puntos del orden del día definitivo; "
                           "{count, plural, one {tiene # punto} other {tiene # puntos}}"},
                          {{"count", agenda ? agenda->size() : 0}});
    }
    json body = item_json((*agenda)[static_cast<std::size_t>(number - 1)]);
    body["meeting"] = current_;
    return std::vector<core::Proposed>{{"notice.item_taken_up", body, ""}};
  }
  if (op == "notice.ag_report_filed") {
    const Meeting* m = meeting_arg(command.args);
    if (!m || m->kind != "emergency" || !m->started_ms) {
      return core::refuse("unknown_meeting", {"N6: name an emergency meeting that was held",
                                              "N6: indique una reunión de emergencia que se haya celebrado"});
    }
    const std::string reference = text_arg(command.args, "reference");
    if (reference.empty()) {
      return bad({"N6: give the report''s reference (date sent, confirmation)",
                  "N6: indique la referencia del informe (fecha de envío, confirmación)"});
    }
    return std::vector<core::Proposed>{
        {"notice.ag_report_filed", {{"meeting", m->id}, {"reference", reference}}, ""}};
  }
  return core::refuse("unknown_operation", {"the notice plugin has no ''{op}''",
                                            "el complemento notice no tiene la operación ''{op}''"},
                       {{"op", op}});
}

void NoticePlugin::apply(const record::Event& event, const json& body) {
  if (!body.is_object()) return;
  const std::string& type = event.type;
  if (type == "notice.meeting_scheduled") {
    Meeting m;
    m.id = body.value("meeting", std::int64_t{0});
    m.scheduled = body;
    m.kind = body.value("kind", "regular");
    m.starts_ms = body.value("starts_ms", std::int64_t{0});
    m.rules = NoticeRules{m.kind, body.value("notice_hours", std::int64_t{240}),
                          body.value("agenda_hours", std::int64_t{72})};
    meetings_[m.id] = std::move(m);
    return;
  }
  if (type == "meeting.called_to_order") {
    current_ = body.value("meeting", std::int64_t{0});
    item_ = nullptr;
    // N3, R1: a meeting held without notice is listed with the others, under its own number,
    // so the public sees every meeting held and that it was not noticed.
    if (body.value("unnoticed", false) && current_ != 0 && !meetings_.count(current_)) {
      Meeting m;
      m.id = current_;
      m.kind = "unnoticed";
      m.starts_ms = event.ts_ms;
      const std::string zone = body.value("time_zone", std::string("America/Denver"));
      m.scheduled = {{"meeting", current_},
                     {"kind", "unnoticed"},
                     {"title", "Meeting held without notice"},
                     {"title_default", true},  // Collegial's words: said in each reader's language
                     {"body_name", body.value("body_name", std::string())},
                     {"starts_ms", event.ts_ms},
                     {"starts_local", utc_ms_to_local(event.ts_ms, zone)},
                     {"starts_text", describe_local(event.ts_ms, zone)},
                     {"time_zone", zone},
                     {"place", ""},
                     {"remote", ""}};
      m.rules = NoticeRules{"unnoticed", 0, 72};
      meetings_[m.id] = std::move(m);
    }
    if (auto it = meetings_.find(current_); it != meetings_.end()) {
      it->second.state = "in_session";
      if (!it->second.started_ms) it->second.started_ms = event.ts_ms;
    }
    return;
  }
  auto current = meetings_.find(current_);
  if (type == "meeting.recessed" || type == "meeting.resumed" || type == "meeting.adjourned") {
    if (current == meetings_.end()) return;
    Meeting& m = current->second;
    if (type == "meeting.recessed") {
      m.state = "recessed";
      // N8: a recess to a later day posts the continuation at once.
      if (const auto c = body.find("continuation"); c != body.end() && c->is_object()) {
        m.continuation = *c;
        m.continuation["posted_ms"] = event.ts_ms;
        if (!c->contains("text")) {
          m.continuation["text"] = notice_text(m.scheduled, m.final_agenda(), true, *c, i18n::Lang::en);
          m.continuation["text_es"] = notice_text(m.scheduled, m.final_agenda(), true, *c, i18n::Lang::es);
        }
      }
    } else if (type == "meeting.resumed") {
      m.state = "in_session";
    } else {
      m.state = "adjourned";
      m.adjourned_ms = event.ts_ms;
      current_ = 0;
      item_ = nullptr;
    }
    return;
  }
  if (type == "motions.decided") {
    if (current == meetings_.end()) return;
    // Each member's vote as the roll call recorded it (M2), for the public's record of who voted
    // how (open data, #20 §3): those present with their choice, and those absent.
    json votes = json::array(), absent = json::array();
    for (const auto& v : body.value("votes", json::array())) {
      if (!v.is_object()) continue;
      const std::string vote = v.value("vote", std::string());
      json who = {{"person", v.value("person", std::int64_t{0})}, {"name", v.value("name", std::string())}};
      if (vote == "absent") {
        absent.push_back(std::move(who));
      } else {
        who["vote"] = vote;
        votes.push_back(std::move(who));
      }
    }
    current->second.actions.push_back({{"motion", body.value("motion", std::int64_t{0})},
                                       {"kind", body.value("kind", std::string())},
                                       {"text", body.value("motion_text", std::string())},
                                       {"result", body.value("result", std::string())},
                                       {"tally", body.value("text", std::string())},
                                       // The counts, for pages that say the tally in the reader's language.
                                       {"aye", body.value("aye", std::int64_t{0})},
                                       {"nay", body.value("nay", std::int64_t{0})},
                                       {"abstain", body.value("abstain", std::int64_t{0})},
                                       {"not_voting", body.value("not_voting", std::int64_t{0})},
                                       {"votes", std::move(votes)},
                                       {"absent", std::move(absent)},
                                       {"decided_ms", event.ts_ms},
                                       {"seq", event.seq}});
    return;
  }
  if (type.rfind("notice.", 0) != 0) return;
  auto it = meetings_.find(body.value("meeting", std::int64_t{0}));
  if (it == meetings_.end()) return;
  Meeting& m = it->second;
  if (type == "notice.agenda_drafted") {
    std::vector<Item> items;
    for (const auto& i : body.value("items", json::array())) {
      items.push_back(Item{i.value("item", 0), i.value("type", std::string("information")), i});
    }
    m.agendas.push_back(std::move(items));
  } else if (type == "notice.posted") {
    m.postings.push_back(Posting{event.ts_ms, body.value("version", 0)});
    m.posted_texts.push_back(body.value("text", std::string()));
    m.posted_texts_es.push_back(body.value("text_es", std::string()));
    if (body.value("amended_in_session", false)) m.amended_in_session.push_back(body.value("version", 0));
  } else if (type == "notice.resent") {
    json r = {{"at_ms", event.ts_ms}, {"version", body.value("version", 0)}, {"reason", body.value("reason", std::string())}};
    if (body.contains("outlet")) r["outlet"] = body["outlet"];
    m.resends.push_back(std::move(r));
  } else if (type == "notice.cancelled") {
    m.state = "cancelled";
    m.cancelled = {{"reason", body.value("reason", std::string())}, {"at_ms", event.ts_ms}};
  } else if (type == "notice.item_taken_up") {
    item_ = body;
  } else if (type == "notice.ag_report_filed") {
    m.ag_report_filed = {{"reference", body.value("reference", std::string())}, {"at_ms", event.ts_ms}};
  }
}

namespace {

// N6: the report to the Attorney General, drafted from the meeting's record.
json ag_report(const NoticePlugin::Meeting& m) {
  const json& s = m.scheduled;
  const json& j = s.value("justification", json::object());
  std::string draft = "Report of an emergency meeting (NMSA 1978, Section 10-15-1(F))\n\n";
  draft += "Public body: " + s.value("body_name", std::string()) + "\n";
  draft += "Meeting: " + s.value("title", std::string()) + ", " + s.value("starts_text", std::string()) + "\n";
  draft += "Place: " + s.value("place", std::string()) + "\n";
  draft += "Circumstances creating the emergency: " + j.value("circumstance", std::string()) + "\n";
  draft += "Why they could not be foreseen: " + j.value("unforeseen", std::string()) + "\n";
  std::string harms;
  for (const auto& h : j.value("harm", json::array())) {
    harms += (harms.empty() ? "" : ", ") + h.get<std::string>();
  }
  draft += "Harm the meeting addressed: " + harms + "\n\nAction taken:\n";
  if (m.actions.empty()) draft += "None.\n";
  for (const auto& a : m.actions) {
    draft += "- Motion " + std::to_string(a.value("motion", 0)) + " (" + a.value("kind", std::string()) +
             "): " + a.value("text", std::string()) + " - " + a.value("tally", std::string()) + "\n";
  }
  const std::int64_t due = m.started_ms + 10 * kDay;
  return {{"due_ms", due},
          {"due_date", local_date(due, s.value("time_zone", std::string("America/Denver")))},
          {"filed", m.ag_report_filed},
          {"draft", draft}};
}

}  // namespace

json NoticePlugin::view() const {
  json meetings = json::array();
  for (const auto& [id, m] : meetings_) {
    json postings = json::array();
    for (const Posting& p : m.postings) {
      postings.push_back({{"at_ms", p.at_ms}, {"version", p.agenda_version}});
    }
    json agenda = json::array();
    if (!m.agendas.empty()) {
      for (const auto& item : m.agendas.back()) agenda.push_back(item.json);
    }
    json final_agenda = json::array();
    if (const auto* f = m.final_agenda()) {
      for (const auto& item : *f) final_agenda.push_back(item.json);
    }
    const NoticeStatus status = m.status();
    json entry = m.scheduled;
    entry["state"] = m.state;
    entry["agenda"] = agenda;
    entry["agenda_version"] = m.agendas.size();
    entry["final_agenda"] = final_agenda;
    // Every posted version as the public saw it (N4: each posted version is kept).
    json posted = json::array();
    for (std::size_t i = 0; i < m.postings.size(); ++i) {
      const Posting& p = m.postings[i];
      json items = json::array();
      if (p.agenda_version > 0 && p.agenda_version <= static_cast<int>(m.agendas.size())) {
        for (const auto& item : m.agendas[static_cast<std::size_t>(p.agenda_version - 1)]) {
          items.push_back(item.json);
        }
      }
      // The text the notice.posted event carries: posted once, never composed again.
      posted.push_back({{"version", p.agenda_version},
                        {"posted_ms", p.at_ms},
                        {"items", items},
                        {"text", m.posted_texts[i]},
                        {"text_es", i < m.posted_texts_es.size() ? m.posted_texts_es[i] : std::string()}});
    }
    entry["posted_agendas"] = posted;
    entry["resends"] = m.resends;
    entry["amended_in_session"] = m.amended_in_session;
    entry["postings"] = postings;
    entry["status"] = {{"lawful", status.lawful},
                       {"findings", status.findings},
                       {"finding_keys", status.finding_keys},
                       {"failures", json(std::vector<std::string>(status.findings.begin(),
                                                                  status.findings.begin() +
                                                                      static_cast<std::ptrdiff_t>(status.failures)))}};
    entry["started_ms"] = m.started_ms;
    entry["adjourned_ms"] = m.adjourned_ms;
    entry["actions"] = m.actions;
    if (!m.continuation.is_null()) entry["continuation"] = m.continuation;
    if (!m.cancelled.is_null()) entry["cancelled"] = m.cancelled;
    if (m.kind == "emergency" && m.started_ms) entry["ag_report"] = ag_report(m);
    meetings.push_back(std::move(entry));
  }
  return {{"meetings", meetings}, {"current", current_}, {"item", item_}};
}

std::optional<std::string> NoticePlugin::checkpoint_reason(const record::Event& event, const json&) const {
  if (event.type == "notice.posted") return "notice";
  return std::nullopt;
}

}  // namespace collegial::plugins
