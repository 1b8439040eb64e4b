#include "webinar/webinar_plugin.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/snapshot_fields.hpp"
#include "util/local_time.hpp"
#include "webinar/recurrence.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr const char* kBot = "plugin:webinar";
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 4000;
const std::vector<std::int64_t> kDefaultReminders = {24 * 60, 60};  // minutes before (L2)

Status bad(Bilingual why, const json& args = json::object()) { return core::refuse("bad_field", why, args); }

constexpr Bilingual kExdates{"exdates is a list of local start times to skip",
                             "el campo exdates es una lista de horas locales de inicio que se omiten"};

bool holds(const core::Seat* seat, auth::Role role) {
  return seat && std::find(seat->roles.begin(), seat->roles.end(), role) != seat->roles.end();
}

// "Tuesday, November 3, 2026, 4:00 PM MST – 5:00 PM MST".
std::string span_text(std::int64_t starts, std::int64_t ends, const std::string& zone) {
  const std::string end = describe_local(ends, zone);
  const auto cut = end.rfind(", ");
  return describe_local(starts, zone) + " to " + (cut == std::string::npos ? end : end.substr(cut + 2));
}

// The same span for a reader of Spanish (a refusal names it in both languages).
std::string span_text_es(std::int64_t starts, std::int64_t ends, const std::string& zone) {
  return i18n::when(i18n::Lang::es, starts, zone) + " a " + i18n::when(i18n::Lang::es, ends, zone, i18n::Detail::time);
}

std::string offset_text(std::int64_t minutes) {
  if (minutes % (24 * 60) == 0) return std::to_string(minutes / (24 * 60)) + (minutes == 24 * 60 ? " day" : " days");
  if (minutes % 60 == 0) return std::to_string(minutes / 60) + (minutes == 60 ? " hour" : " hours");
  return std::to_string(minutes) + " minutes";
}

json person_json(std::int64_t id, const std::string& name) { return {{"person", id}, {"name", name}}; }

// The name the snapshot's refusals give.
constexpr std::string_view kPlugin = "webinar";

}  // namespace

std::vector<core::Operation> WebinarPlugin::operations() const {
  using core::Arg;
  const Arg webinar = Arg::integer("webinar").at_least(1);  // or "/register 2": the chat text
  return {{"webinar.schedule", auth::Action::schedule_webinar, "",
           {Arg::string("title").up_to(kMaxTitle).needed(), Arg::string("description").up_to(kMaxDescription),
            Arg::string("starts").up_to(64).needed(), Arg::string("ends").up_to(64).needed(),
            Arg::integer("capacity").between(1, 100000).needed(), Arg::string("join_url").up_to(2000).needed(),
            Arg::string("rrule").up_to(500), Arg::strings("exdates").up_to(64).at_most(200),
            Arg::integers("reminders").between(1, 30 * 24 * 60).at_most(5),
            Arg::integers("facilitators").at_least(1).at_most(50), Arg::boolean("public")}},
          {"webinar.cancel", auth::Action::schedule_webinar, "", {webinar.needed(), Arg::string("reason").up_to(2000)}},
          {"webinar.register", auth::Action::register_webinar, "/register", {webinar, core::chat_text()}},
          {"webinar.unregister", auth::Action::register_webinar, "/unregister", {webinar, core::chat_text()}},
          // The server's scheduler: reminders and attendance when they fall due.
          core::on_schedule({"webinar.tick", auth::Action::administer, "", {}})};
}

const WebinarPlugin::Webinar* WebinarPlugin::find(const json& args) const {
  std::int64_t number = 0;
  if (const auto n = args.find("webinar"); n != args.end() && n->is_number_integer()) {
    number = n->get<std::int64_t>();
  } else if (const auto t = args.find("text"); t != args.end() && t->is_string()) {  // "/register 2"
    try {
      std::size_t used = 0;
      number = std::stoll(t->get<std::string>(), &used);
      if (used != t->get_ref<const std::string&>().size()) number = 0;
    } catch (const std::exception&) {
      number = 0;
    }
  }
  const auto it = webinars_.find(number);
  return it == webinars_.end() ? nullptr : &it->second;
}

Result<std::vector<core::Proposed>> WebinarPlugin::decide(const core::Command& command,
                                                          const core::RoomContext& c) const {
  const std::string& op = command.op;
  if (!c.roster.body) {
    return core::refuse("no_body", {"this room belongs to no body; it has no webinars",
                                    "esta sala no pertenece a ning\u00fan organismo; no tiene seminarios web"});
  }
  if (op == "webinar.schedule") return schedule(command, c);
  if (op == "webinar.tick") return tick(c);
  const Webinar* w = find(command.args);
  if (op != "webinar.cancel" && op != "webinar.register" && op != "webinar.unregister") {
    return core::refuse("unknown_operation",
                        {"the webinar plugin has no ''{op}''", "el complemento webinar no tiene la operaci\u00f3n ''{op}''"},
                        {{"op", op}});
  }
  if (!w) {
    return core::refuse("unknown_webinar", {"name a webinar of this room: '{\"webinar\": n}'",
                                            "indique un seminario web de esta sala: '{\"webinar\": n}'"});
  }
  const std::int64_t number = w->scheduled.value("webinar", std::int64_t{0});
  if (w->cancelled) {
    return core::refuse("bad_state", {"webinar {webinar, number, ::group-off} is cancelled",
                                      "el seminario web {webinar, number, ::group-off} est\u00e1 cancelado"},
                        {{"webinar", number}});
  }
  if (op == "webinar.cancel") {
    return std::vector<core::Proposed>{
        {"webinar.cancelled", {{"webinar", number}, {"reason", command.args.value("reason", "")}}, ""}};
  }
  // L2: registration is for people with an account; the public signs in first.
  if (c.who.kind != auth::Principal::Kind::person) {
    return core::refuse("not_a_person", {"sign in to register for a webinar",
                                         "inicie sesi\u00f3n para inscribirse en un seminario web"});
  }
  const auto is_me = [&](const Person& p) { return p.id == c.who.id; };
  const bool seated = std::any_of(w->registered.begin(), w->registered.end(), is_me);
  const bool waiting = std::any_of(w->waitlisted.begin(), w->waitlisted.end(), is_me);
  const auto& last = w->sessions.back().scheduled;
  if (c.now_ms >= last.value("ends_ms", std::int64_t{0})) {
    return core::refuse("bad_state", {"webinar {webinar, number, ::group-off} is over",
                                      "el seminario web {webinar, number, ::group-off} ya termin\u00f3"},
                        {{"webinar", number}});
  }
  if (op == "webinar.register") {
    if (seated || waiting) {
      if (seated) return core::refuse("already_registered", {"you have a seat already", "ya tiene una plaza"});
      return core::refuse("already_registered", {"you are on the waitlist already", "ya est\u00e1 en la lista de espera"});
    }
    const auto capacity = w->scheduled.value("capacity", std::int64_t{0});
    if (static_cast<std::int64_t>(w->registered.size()) < capacity) {
      return std::vector<core::Proposed>{
          {"webinar.registered", {{"webinar", number}, {"person", c.who.id},
                                  {"seat", w->registered.size() + 1}, {"capacity", capacity}}, ""}};
    }
    return std::vector<core::Proposed>{
        {"webinar.waitlisted", {{"webinar", number}, {"person", c.who.id},
                                {"position", w->waitlisted.size() + 1},
                                {"text", "All " + std::to_string(capacity) + " seats are taken: number " +
                                             std::to_string(w->waitlisted.size() + 1) + " on the waitlist"}}, ""}};
  }
  // webinar.unregister
  if (!seated && !waiting) {
    return core::refuse("not_registered", {"you are not registered for this webinar",
                                           "no tiene inscripci\u00f3n en este seminario web"});
  }
  std::vector<core::Proposed> events{
      {"webinar.unregistered",
       {{"webinar", number}, {"person", c.who.id}, {"was", seated ? "registered" : "waitlisted"}},
       ""}};
  // L2: a seat freed goes to the first on the waitlist, who is told.
  if (seated && !w->waitlisted.empty()) {
    const Person& next = w->waitlisted.front();
    events.push_back({"webinar.promoted",
                      {{"webinar", number}, {"person", next.id},
                       {"text", "A seat in \u201c" + w->scheduled.value("title", "") +
                                    "\u201d goes to the first on the waitlist"}},
                      kBot});
  }
  return events;
}

Result<std::vector<core::Proposed>> WebinarPlugin::schedule(const core::Command& command,
                                                            const core::RoomContext& c) const {
  const json& a = command.args;
  const std::string zone = c.roster.body->time_zone;
  const std::string title = a.value("title", "");
  if (title.empty() || title.size() > kMaxTitle) {
    return bad({"title is 1 to {max, number, ::group-off} bytes",
                "el campo title tiene de 1 a {max, number, ::group-off} bytes"},
               {{"max", kMaxTitle}});
  }
  const auto description = a.find("description");
  if (description != a.end() && (!description->is_string() || description->get_ref<const std::string&>().size() > kMaxDescription)) {
    return bad({"description is text of at most {max, number, ::group-off} bytes",
                "el campo description es un texto de como m\u00e1ximo {max, number, ::group-off} bytes"},
               {{"max", kMaxDescription}});
  }
  const auto starts_at = a.find("starts");
  const auto ends_at = a.find("ends");
  if (starts_at == a.end() || !starts_at->is_string() || ends_at == a.end() || !ends_at->is_string()) {
    return bad({"starts and ends are local times in the body''s zone ({zone}): \"2026-12-01T16:00\"",
                "los campos starts y ends son horas locales en la zona horaria del organismo ({zone}): "
                "\"2026-12-01T16:00\""},
               {{"zone", zone}});
  }
  const auto starts = local_to_utc_ms(starts_at->get<std::string>(), zone);
  if (!starts) return starts.status();
  const auto ends = local_to_utc_ms(ends_at->get<std::string>(), zone);
  if (!ends) return ends.status();
  if (ends.value() <= starts.value()) return bad({"ends comes after starts", "el campo ends va despu\u00e9s de starts"});
  if (ends.value() - starts.value() > 24LL * 3'600'000) {
    return bad({"a session lasts at most 24 hours", "una sesi\u00f3n dura como m\u00e1ximo 24 horas"});
  }
  if (starts.value() <= c.now_ms) return bad({"starts is in the past", "el campo starts est\u00e1 en el pasado"});
  const auto capacity = a.find("capacity");
  if (capacity == a.end() || !capacity->is_number_integer() || capacity->get<std::int64_t>() < 1 ||
      capacity->get<std::int64_t>() > 100000) {
    return bad({"capacity is the number of seats, 1 or more", "el campo capacity es el n\u00famero de plazas, 1 o m\u00e1s"});
  }
  const std::string join_url = a.value("join_url", "");
  if (join_url.rfind("https://", 0) != 0 && join_url.rfind("http://", 0) != 0) {
    return bad({"join_url is the web address participants join at (https://…)",
                "el campo join_url es la direcci\u00f3n web por la que se unen los participantes (https://…)"});
  }
  std::vector<std::string> exdates;
  if (const auto ex = a.find("exdates"); ex != a.end()) {
    if (!ex->is_array()) return bad(kExdates);
    for (const auto& e : *ex) {
      if (!e.is_string()) return bad(kExdates);
      exdates.push_back(e.get<std::string>());
    }
  }
  json reminders = json::array();
  for (auto m : kDefaultReminders) reminders.push_back(m);
  if (const auto r = a.find("reminders"); r != a.end()) {
    if (!r->is_array() || r->size() > 5) {
      return bad({"reminders is a list of up to 5 offsets in minutes before each session",
                  "el campo reminders es una lista de hasta 5 antelaciones, en minutos antes de cada sesi\u00f3n"});
    }
    reminders = json::array();
    for (const auto& m : *r) {
      if (!m.is_number_integer() || m.get<std::int64_t>() < 1 || m.get<std::int64_t>() > 30 * 24 * 60) {
        return bad({"each reminder is a number of minutes before the session, 1 to 43200",
                    "cada recordatorio es un n\u00famero de minutos antes de la sesi\u00f3n, de 1 a 43200"});
      }
      reminders.push_back(m);
    }
  }
  const int minutes = static_cast<int>((ends.value() - starts.value()) / 60'000);
  auto occurrences = expand(starts_at->get<std::string>(), minutes, a.value("rrule", ""), exdates, zone);
  if (!occurrences) return occurrences.status();
  // Who leads it: the scheduler, or the facilitators named (each must be one of the body's).
  json facilitators = json::array();
  if (const auto f = a.find("facilitators"); f != a.end()) {
    if (!f->is_array() || f->empty()) {
      return bad({"facilitators is a list of person ids", "el campo facilitators es una lista de ids de personas"});
    }
    for (const auto& id : *f) {
      const core::Seat* seat = id.is_number_integer() ? c.roster.seat_of(id.get<std::int64_t>()) : nullptr;
      if (!holds(seat, auth::Role::facilitator)) {
        return core::refuse("not_a_facilitator",
                            {"person {person} is not a facilitator of {body}",
                             "la persona {person} no es persona facilitadora de {body}"},
                            {{"person", id.dump()}, {"body", c.roster.body->name}});
      }
      facilitators.push_back(person_json(seat->person_id, seat->name));
    }
  } else {
    facilitators.push_back(person_json(c.who.id, c.who.name));
  }
  json sessions = json::array();
  std::int64_t n = 0;
  for (const Occurrence& o : occurrences.value()) {
    sessions.push_back({{"session", ++n},
                        {"starts_local", o.starts_local},
                        {"starts_ms", o.starts_ms},
                        {"ends_ms", o.ends_ms},
                        {"starts_text", span_text(o.starts_ms, o.ends_ms, zone)}});
  }
  // L2: nobody facilitates two sessions at once; the refusal names the other webinar.
  for (const auto& f : facilitators) {
    const std::int64_t person = f.value("person", std::int64_t{0});
    for (const auto& s : sessions) {
      const std::int64_t from = s.value("starts_ms", std::int64_t{0}), to = s.value("ends_ms", std::int64_t{0});
      for (const auto& [number, other] : webinars_) {
        if (other.cancelled) continue;
        const auto& theirs = other.scheduled.value("facilitators", json::array());
        if (std::none_of(theirs.begin(), theirs.end(), [&](const json& t) { return t.value("person", std::int64_t{0}) == person; })) continue;
        for (const auto& os : other.sessions) {
          if (os.scheduled.value("starts_ms", std::int64_t{0}) < to && from < os.scheduled.value("ends_ms", std::int64_t{0})) {
            const std::string other_zone = other.scheduled.value("time_zone", zone);
            return core::refuse(
                "overlap",
                {"L2: {name} already facilitates webinar {webinar, number, ::group-off} \u201c{title}\u201d, {when}",
                 "L2: {name} ya facilita el seminario web {webinar, number, ::group-off} \u201c{title}\u201d, {when_es}"},
                {{"name", f.value("name", "")},
                 {"webinar", number},
                 {"title", other.scheduled.value("title", "")},
                 {"when", os.scheduled.value("starts_text", "")},
                 {"when_es", span_text_es(os.scheduled.value("starts_ms", std::int64_t{0}),
                                          os.scheduled.value("ends_ms", std::int64_t{0}), other_zone)}});
          }
        }
      }
      if (bookings_) {
        if (auto b = bookings_->overlapping(person, from, to, c.room.name)) {
          return core::refuse("overlap",
                              {"L2: {name} already facilitates \u201c{title}\u201d in {room}, {when}",
                               "L2: {name} ya facilita \u201c{title}\u201d en {room}, {when_es}"},
                              {{"name", f.value("name", "")},
                               {"title", b->title},
                               {"room", b->room},
                               {"when", b->starts_text},
                               {"when_es", span_text_es(b->starts_ms, b->ends_ms, zone)}});
        }
      }
    }
  }
  const std::int64_t number = webinars_.empty() ? 1 : webinars_.rbegin()->first + 1;
  json body = {{"webinar", number},
               {"title", title},
               {"description", description == a.end() ? "" : description->get<std::string>()},
               {"join_url", join_url},
               {"capacity", *capacity},
               {"public", a.value("public", c.roster.body->is_public)},
               {"time_zone", zone},
               {"minutes", minutes},
               {"rrule", a.value("rrule", "")},
               {"exdates", exdates},
               {"reminders", reminders},
               {"facilitators", facilitators},
               {"sessions", sessions},
               {"body_name", c.roster.body->name}};
  return std::vector<core::Proposed>{{"webinar.scheduled", body, ""}};
}

json WebinarPlugin::attendance(const Session& s, std::int64_t now_ms) const {
  const std::int64_t from = s.scheduled.value("starts_ms", std::int64_t{0});
  // Presence counts to the session's end, or to now while it is on (someone still present).
  const std::int64_t to = std::min(s.scheduled.value("ends_ms", std::int64_t{0}), now_ms);
  json out = json::array();
  for (const auto& [person, spans] : presence_) {
    std::int64_t ms = 0;
    for (const auto& [arrived, departed] : spans) ms += std::max<std::int64_t>(0, std::min(to, departed) - std::max(from, arrived));
    if (ms <= 0) continue;
    const auto name = names_.find(person);
    out.push_back({{"person", person}, {"name", name == names_.end() ? "" : name->second}, {"minutes", (ms + 59'999) / 60'000}});
  }
  return out;
}

Result<std::vector<core::Proposed>> WebinarPlugin::tick(const core::RoomContext& c) const {
  std::vector<core::Proposed> events;
  for (const auto& [number, w] : webinars_) {
    if (w.cancelled) continue;
    for (const Session& s : w.sessions) {
      const std::int64_t starts = s.scheduled.value("starts_ms", std::int64_t{0});
      const std::int64_t ends = s.scheduled.value("ends_ms", std::int64_t{0});
      // Reminders: each offset once, and only before the session begins.
      for (const auto& offset : w.scheduled.value("reminders", json::array())) {
        const std::int64_t m = offset.get<std::int64_t>();
        if (s.reminded.count(m) || c.now_ms < starts - m * 60'000 || c.now_ms >= starts) continue;
        json registrants = json::array();
        for (const Person& p : w.registered) registrants.push_back(p.id);
        events.push_back({"webinar.reminder",
                          {{"webinar", number},
                           {"session", s.number},
                           {"offset_minutes", m},
                           {"title", w.scheduled.value("title", "")},
                           {"starts_text", s.scheduled.value("starts_text", "")},
                           {"starts_ms", starts},
                           {"join_url", w.scheduled.value("join_url", "")},
                           {"registrants", registrants},
                           {"text", "Reminder: \u201c" + w.scheduled.value("title", "") + "\u201d starts in " +
                                        offset_text(m) + ", " + s.scheduled.value("starts_text", "") +
                                        ". Join at " + w.scheduled.value("join_url", "")}},
                          kBot});
      }
      // Attendance, once the session is over.
      if (c.now_ms >= ends && s.attendance.is_null()) {
        json attendees = attendance(s, c.now_ms);
        events.push_back({"webinar.attendance",
                          {{"webinar", number},
                           {"session", s.number},
                           {"attendees", attendees},
                           {"registered", w.registered.size()},
                           {"text", std::to_string(attendees.size()) + " attended \u201c" + w.scheduled.value("title", "") +
                                        "\u201d, " + s.scheduled.value("starts_text", "")}},
                          kBot});
      }
    }
  }
  return events;
}

void WebinarPlugin::apply(const record::Event& event, const json& body) {
  last_ms_ = std::max(last_ms_, event.ts_ms);
  if (!body.is_object()) return;
  const std::string& type = event.type;
  const std::int64_t person = body.value("person", std::int64_t{0});
  if (type == "quorum.arrived") {
    auto& spans = presence_[person];
    // A change of mode (remote to in person) is no new arrival: the span goes on.
    if (spans.empty() || spans.back().second != INT64_MAX) spans.push_back({event.ts_ms, INT64_MAX});
    names_[person] = body.value("name", "");
    return;
  }
  if (type == "quorum.departed") {
    auto& spans = presence_[person];
    if (!spans.empty() && spans.back().second == INT64_MAX) spans.back().second = event.ts_ms;
    return;
  }
  if (type.rfind("webinar.", 0) != 0) return;
  const std::int64_t number = body.value("webinar", std::int64_t{0});
  if (type == "webinar.scheduled") {
    Webinar w;
    w.scheduled = body;
    for (const auto& s : body.value("sessions", json::array())) {
      w.sessions.push_back(Session{s.value("session", std::int64_t{0}), s, {}, nullptr});
    }
    webinars_[number] = std::move(w);
    return;
  }
  const auto it = webinars_.find(number);
  if (it == webinars_.end()) return;
  Webinar& w = it->second;
  const auto drop = [person](std::vector<Person>& list) {
    std::erase_if(list, [person](const Person& p) { return p.id == person; });
  };
  if (type == "webinar.cancelled") {
    w.cancelled = true;
    w.cancel_reason = body.value("reason", "");
  } else if (type == "webinar.registered") {
    w.registered.push_back({person});
  } else if (type == "webinar.waitlisted") {
    w.waitlisted.push_back({person});
  } else if (type == "webinar.unregistered") {
    drop(w.registered);
    drop(w.waitlisted);
  } else if (type == "webinar.promoted") {
    drop(w.waitlisted);
    w.registered.push_back({person});
  } else if (type == "webinar.reminder" || type == "webinar.attendance") {
    const std::int64_t session = body.value("session", std::int64_t{0});
    for (Session& s : w.sessions) {
      if (s.number != session) continue;
      if (type == "webinar.reminder") s.reminded.insert(body.value("offset_minutes", std::int64_t{0}));
      else s.attendance = body.value("attendees", json::array());
    }
  }
}

json WebinarPlugin::view() const {
  json all = json::array();
  for (const auto& [number, w] : webinars_) all.push_back(view_of(w));
  return {{"webinars", all}};
}

json WebinarPlugin::view_of(const Webinar& w) const {
  json v = w.scheduled;
  v["cancelled"] = w.cancelled;
  v["cancel_reason"] = w.cancel_reason;
  json registered = json::array(), waitlisted = json::array();
  for (const Person& p : w.registered) registered.push_back(p.id);
  for (const Person& p : w.waitlisted) waitlisted.push_back(p.id);
  v["registered"] = registered;
  v["waitlisted"] = waitlisted;
  for (std::size_t i = 0; i < w.sessions.size() && i < v["sessions"].size(); ++i) {
    const json& att = w.sessions[i].attendance;
    v["sessions"][i]["attended"] = att.is_null() ? json() : json(att.size());
  }
  return v;
}

Result<json> WebinarPlugin::read(const json& query, const std::vector<auth::Role>& roles) const {
  const Webinar* w = query.is_object() ? find(query) : nullptr;
  if (!w) {
    return core::refuse("unknown_webinar", {"query is '{\"webinar\": n}', a webinar of this room",
                                            "la consulta es '{\"webinar\": n}', un seminario web de esta sala"});
  }
  json out = view_of(*w);
  // Names of registrants and attendees are for those who run webinars (L2), not the public.
  const bool runs = std::any_of(roles.begin(), roles.end(), [](auth::Role r) { return auth::allows(r, auth::Action::schedule_webinar); });
  if (!runs) return out;
  json registered = json::array(), waitlisted = json::array();
  const auto name = [&](std::int64_t id) {
    const auto known = names_.find(id);  // seen arriving in the room
    if (known != names_.end()) return known->second;
    return names_of_ ? names_of_(id) : std::string();
  };
  for (const Person& p : w->registered) registered.push_back(person_json(p.id, name(p.id)));
  for (const Person& p : w->waitlisted) waitlisted.push_back(person_json(p.id, name(p.id)));
  out["registered"] = registered;
  out["waitlisted"] = waitlisted;
  for (std::size_t i = 0; i < w->sessions.size() && i < out["sessions"].size(); ++i) {
    // Live, as of the room's last event, until the tick records it.
    out["sessions"][i]["attendance"] =
        w->sessions[i].attendance.is_null() ? attendance(w->sessions[i], last_ms_) : w->sessions[i].attendance;
    out["sessions"][i]["attendance_final"] = !w->sessions[i].attendance.is_null();
  }
  return out;
}

json WebinarPlugin::snapshot() const {
  // Each webinar (its scheduled body, sessions with the reminders sent and the attendance
  // taken, registrants and waitlist in order, cancelled), each person's spans of presence in
  // the room, the names seen arriving, and the time of the last event folded.
  const auto ids = [](const std::vector<Person>& people) {
    json out = json::array();
    for (const Person& p : people) out.push_back(p.id);
    return out;
  };
  const auto webinar = [&](const Webinar& w) {
    json sessions = json::array();
    for (const Session& s : w.sessions) {
      sessions.push_back({{"number", s.number}, {"scheduled", s.scheduled}, {"reminded", s.reminded},
                          {"attendance", s.attendance}});
    }
    return json{{"scheduled", w.scheduled}, {"sessions", sessions}, {"registered", ids(w.registered)},
                {"waitlisted", ids(w.waitlisted)}, {"cancelled", w.cancelled},
                {"cancel_reason", w.cancel_reason}};
  };
  const auto spans = [](const std::vector<std::pair<std::int64_t, std::int64_t>>& list) {
    json out = json::array();
    for (const auto& [arrived, departed] : list) out.push_back(json::array({arrived, departed}));
    return out;
  };
  return {{"v", 2},
          {"webinars", snapshot::pairs(webinars_, webinar)},
          {"presence", snapshot::pairs(presence_, spans)},
          {"names", snapshot::pairs(names_, [](const std::string& name) { return json(name); })},
          {"last_ms", last_ms_}};
}

void WebinarPlugin::restore(const json& state) {
  // Everything is read before anything is replaced. A session's attendance is kept as it was
  // folded (null: not yet taken).
  using T = json::value_t;
  snapshot::check_version(state, 2, kPlugin);  // 2: a cancellation's reason
  const auto people = [](const json& list) {
    std::vector<Person> out;
    for (const json& id : snapshot::typed(list, T::array, kPlugin)) {
      out.push_back({snapshot::int64(id, kPlugin)});
    }
    return out;
  };
  const auto webinar = [&](const json& j) {
    snapshot::typed(j, T::object, kPlugin);
    Webinar w;
    w.scheduled = snapshot::typed(j.at("scheduled"), T::object, kPlugin);
    for (const json& s : snapshot::typed(j.at("sessions"), T::array, kPlugin)) {
      Session session{snapshot::int64(snapshot::typed(s, T::object, kPlugin).at("number"), kPlugin),
                      snapshot::typed(s.at("scheduled"), T::object, kPlugin), {}, s.at("attendance")};
      for (const json& offset : snapshot::typed(s.at("reminded"), T::array, kPlugin)) {
        if (!session.reminded.insert(snapshot::int64(offset, kPlugin)).second) {
          snapshot::refuse(kPlugin, "reminder twice");
        }
      }
      w.sessions.push_back(std::move(session));
    }
    w.registered = people(j.at("registered"));
    w.waitlisted = people(j.at("waitlisted"));
    w.cancelled = snapshot::typed(j.at("cancelled"), T::boolean, kPlugin).get<bool>();
    w.cancel_reason = snapshot::typed(j.at("cancel_reason"), T::string, kPlugin).get<std::string>();
    return w;
  };
  const auto spans = [](const json& j) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const json& span : snapshot::typed(j, T::array, kPlugin)) {
      if (!span.is_array() || span.size() != 2) snapshot::refuse(kPlugin, "a span is [arrived, departed]");
      out.emplace_back(snapshot::int64(span[0], kPlugin), snapshot::int64(span[1], kPlugin));
    }
    return out;
  };
  const auto name = [](const json& j) { return j.get<std::string>(); };
  auto webinars = snapshot::unpairs<Webinar>(state.at("webinars"), webinar, kPlugin);
  auto presence = snapshot::unpairs<std::vector<std::pair<std::int64_t, std::int64_t>>>(
      state.at("presence"), spans, kPlugin);
  auto names = snapshot::unpairs<std::string>(state.at("names"), name, kPlugin);
  const std::int64_t last_ms = snapshot::int64(state.at("last_ms"), kPlugin);
  webinars_ = std::move(webinars);
  presence_ = std::move(presence);
  names_ = std::move(names);
  last_ms_ = last_ms;
}

}  // namespace collegial::plugins
