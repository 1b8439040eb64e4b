#include "minutes/meeting_record.hpp"

#include "common/snapshot_fields.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

std::string text_of(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t number_of(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// "Saturday, December 5, 2026, 10:00 AM MST" → "Saturday, December 5, 2026".
std::string day_text(std::int64_t ms, const std::string& zone) {
  const std::string full = describe_local(ms, zone);
  const auto cut = full.rfind(", ");
  return cut == std::string::npos ? full : full.substr(0, cut);
}

// The name its snapshot refusals give (the recorder is a part of the minutes plugin).
constexpr std::string_view kPlugin = "meeting record";

}  // namespace

json MeetingRecorder::snapshot() const {
  // {"scheduled": [[meeting, notice body]…], "present": [[person, {name, mode, since_ms,
  // designee}]…], "records": [[number, record]…], "open": the meeting in progress or 0}.
  const auto same = [](const json& j) { return j; };
  const auto presence = [](const Presence& p) {
    return json{{"name", p.name}, {"mode", p.mode}, {"since_ms", p.since_ms}, {"designee", p.designee}};
  };
  return {{"scheduled", snapshot::pairs(scheduled_, same)},
          {"present", snapshot::pairs(present_, presence)},
          {"records", snapshot::pairs(records_, same)},
          {"open", open_}};
}

void MeetingRecorder::restore(const json& state) {
  // Everything is read before anything is replaced: a refused state leaves the recorder as it was.
  using T = json::value_t;
  const auto object = [](const json& j) { return snapshot::typed(j, T::object, kPlugin); };
  const auto presence = [](const json& p) {
    return Presence{snapshot::typed(p, T::object, kPlugin).at("name").get<std::string>(),
                    p.at("mode").get<std::string>(), snapshot::int64(p.at("since_ms"), kPlugin),
                    p.at("designee").get<std::string>()};
  };
  auto scheduled = snapshot::unpairs<json>(state.at("scheduled"), object, kPlugin);
  auto present = snapshot::unpairs<Presence>(state.at("present"), presence, kPlugin);
  auto records = snapshot::unpairs<json>(state.at("records"), object, kPlugin);
  const std::int64_t open = snapshot::int64(state.at("open"), kPlugin);
  scheduled_ = std::move(scheduled);
  present_ = std::move(present);
  records_ = std::move(records);
  open_ = open;
}

json* MeetingRecorder::open_record() {
  const auto it = records_.find(open_);
  return open_ != 0 && it != records_.end() ? &it->second : nullptr;
}

json* MeetingRecorder::motion_entry(std::int64_t number) {
  json* d = open_record();
  if (!d) return nullptr;
  for (auto& m : (*d)["motions"]) {
    if (m.value("motion", std::int64_t{0}) == number) return &m;
  }
  return nullptr;
}

const json* MeetingRecorder::record(std::int64_t number) const {
  const auto it = records_.find(number);
  return it == records_.end() ? nullptr : &it->second;
}

json MeetingRecorder::closed_session(const json& record, const json& grounds, std::int64_t at_ms) {
  // C3: those present when the session began (who attended it), the guests as admitted.
  json attended = json::array();
  for (const auto& a : record["attendance"]) {
    if (a["departed_ms"].is_null()) attended.push_back(a.value("name", std::string()));
  }
  return {{"grounds", grounds}, {"closed_ms", at_ms}, {"opened_ms", nullptr}, {"statement", nullptr},
          {"attended", attended}, {"guests", json::array()}};
}

std::int64_t MeetingRecorder::apply(const record::Event& event, const json& body) {
  if (!body.is_object()) return 0;
  const std::string& type = event.type;
  const std::int64_t ts = event.ts_ms;

  if (type == "notice.meeting_scheduled") {
    scheduled_[number_of(body, "meeting")] = body;
    return 0;
  }
  // Q1: presence is tracked whether or not a meeting is in session, so those who arrived
  // before the call to order are present from when they arrived.
  if (type == "quorum.arrived") {
    const std::int64_t person = number_of(body, "person");
    present_[person] = Presence{text_of(body, "name"), text_of(body, "mode"), ts,
                                body.contains("designee") ? text_of(body["designee"], "name") : ""};
    json* d = open_record();
    if (!d) return 0;
    // A change of mode (remote to in person) keeps the arrival: the row says how they attend now.
    for (auto& a : (*d)["attendance"]) {
      if (a["person"] == person && a["departed_ms"].is_null()) {
        a["mode"] = text_of(body, "mode");
        return open_;
      }
    }
    json row = {{"person", person},
                {"name", text_of(body, "name")},
                {"mode", text_of(body, "mode")},
                {"arrived_ms", ts},
                {"departed_ms", nullptr}};
    if (body.contains("designee")) row["designee"] = text_of(body["designee"], "name");  // B7
    (*d)["attendance"].push_back(std::move(row));
    return open_;
  }
  if (type == "quorum.departed") {
    const std::int64_t person = number_of(body, "person");
    present_.erase(person);
    json* d = open_record();
    if (!d) return 0;
    for (auto it = (*d)["attendance"].rbegin(); it != (*d)["attendance"].rend(); ++it) {
      if ((*it)["person"] == person && (*it)["departed_ms"].is_null()) {
        (*it)["departed_ms"] = ts;
        (*it)["departure"] = text_of(body, "reason");
        break;
      }
    }
    return open_;
  }
  if (type == "meeting.called_to_order") {
    const std::int64_t number = number_of(body, "number");
    const std::int64_t meeting = number_of(body, "meeting");
    json d = {{"number", number},
              {"meeting", meeting},
              {"kind", text_of(body, "kind")},
              {"title", text_of(body, "title")},
              {"presiding", text_of(body, "presiding")},
              {"called_to_order_ms", ts},
              {"quorum_at_call", body.value("quorum", false)},
              {"members", body.value("members", json::array())},
              {"attendance", json::array()},
              {"quorum", json::array()},
              {"items", json::array()},
              {"motions", json::array()},
              {"closed_sessions", json::array()},
              {"proxies", json::array()},
              {"recesses", json::array()},
              {"adjourned_ms", nullptr},
              {"log", {{"first_seq", event.seq}, {"last_seq", nullptr}, {"last_hash", nullptr}}}};
    std::string zone = text_of(body, "time_zone");
    if (body.contains("body_name")) d["body_name"] = body["body_name"];
    if (const auto s = scheduled_.find(meeting); s != scheduled_.end()) {
      for (const char* key : {"body_name", "place", "remote", "starts_text", "starts_ms"}) {
        if (s->second.contains(key)) d[key] = s->second[key];
      }
      if (d["title"] == "") d["title"] = s->second.value("title", "");
      // A title Collegial wrote (the clerk gave none): the minutes say it in the reader's language.
      if (s->second.value("title_default", false)) d["title_default"] = true;
      if (zone.empty()) zone = text_of(s->second, "time_zone");
    }
    if (zone.empty()) zone = "America/Denver";  // the bodies' default (L2)
    d["time_zone"] = zone;
    // R2: the day of the meeting, where the body sits, from which the draft's due date counts.
    d["date"] = local_date(ts, zone);
    d["date_text"] = day_text(ts, zone);
    if (d["title"] == "") d["title"] = "meeting";
    for (const auto& [person, p] : present_) {
      json row = {{"person", person}, {"name", p.name}, {"mode", p.mode}, {"arrived_ms", p.since_ms},
                  {"departed_ms", nullptr}};
      if (!p.designee.empty()) row["designee"] = p.designee;  // B7
      d["attendance"].push_back(std::move(row));
    }
    // C2: a separately scheduled closed meeting is in closed session from its call to order.
    if (body.contains("closed") && body["closed"].is_object()) {
      d["closed_sessions"].push_back(closed_session(d, body["closed"], ts));
    }
    records_[number] = std::move(d);
    open_ = number;
    return number;
  }
  return fold_in_session(event, body);
}

std::int64_t MeetingRecorder::fold_in_session(const record::Event& event, const json& body) {
  json* d = open_record();
  if (!d) return 0;
  const std::string& type = event.type;
  const std::int64_t ts = event.ts_ms;
  if (type == "quorum.established" || type == "quorum.lost") {
    (*d)["quorum"].push_back({{"at_ms", ts},
                              {"established", type == "quorum.established"},
                              {"text", text_of(body, "text")}});
  } else if (type == "notice.item_taken_up") {
    (*d)["items"].push_back({{"item", number_of(body, "item")},
                             {"title", text_of(body, "title")},
                             {"type", text_of(body, "type")},
                             {"at_ms", ts}});
  } else if (type == "motions.made") {
    json m = {{"motion", number_of(body, "motion")},
              {"kind", text_of(body, "kind")},
              {"text", text_of(body, "text")},
              {"mover", text_of(body, "mover_name")},
              {"seconder", nullptr},
              {"made_ms", ts},
              {"result", "pending"}};
    if (!(*d)["items"].empty()) m["item"] = (*d)["items"].back()["item"];
    for (const char* key : {"amends", "grounds", "minutes", "office"}) {
      if (body.contains(key)) m[key] = body[key];
    }
    (*d)["motions"].push_back(std::move(m));
  } else if (type == "motions.seconded") {
    json* m = motion_entry(number_of(body, "motion"));
    if (!m) return 0;
    (*m)["seconder"] = text_of(body, "seconder_name");
  } else if (type == "motions.withdrawn") {
    json* m = motion_entry(number_of(body, "motion"));
    if (!m) return 0;
    (*m)["result"] = "withdrawn";
  } else if (type == "motions.decided") {
    json* m = motion_entry(number_of(body, "motion"));
    if (!m) return 0;  // made at an earlier meeting (tabled, reconsidered): recorded there
    // M2 and R1: the decision as the log states it, each member's vote included.
    for (const char* key : {"result", "threshold", "votes", "aye", "nay", "abstain", "not_voting", "present",
                            "notice"}) {
      if (body.contains(key)) (*m)[key] = body[key];
    }
    (*m)["text"] = text_of(body, "motion_text");
    (*m)["tally"] = text_of(body, "text");
    (*m)["decided_ms"] = ts;
    const std::string kind = text_of(body, "kind");
    if (kind == "close_session" && text_of(body, "result") == "adopted") {
      (*d)["closed_sessions"].push_back(closed_session(*d, body.value("grounds", json::object()), ts));
    } else if (kind == "closed_session_statement" && !(*d)["closed_sessions"].empty()) {
      (*d)["closed_sessions"].back()["statement"] = {
          {"text", text_of(body, "motion_text")}, {"result", text_of(body, "result")},
          {"votes", body.value("votes", json::array())}};
    }
  } else if (type == "motions.vote_suspended") {
    // Q3: a vote the loss of quorum (or an adjournment or recess) suspended: its votes are void,
    // and the record says so.
    json* m = motion_entry(number_of(body, "motion"));
    if (!m) return 0;
    if (!m->contains("suspensions")) (*m)["suspensions"] = json::array();
    (*m)["suspensions"].push_back({{"at_ms", ts},
                                   {"reason", text_of(body, "reason")},
                                   {"votes", body.value("votes", json::array())}});
  } else if (type == "meeting.guest_admitted") {
    // C3: who attended the closed session besides the members.
    if ((*d)["closed_sessions"].empty()) return 0;
    (*d)["closed_sessions"].back()["guests"].push_back({{"guest", number_of(body, "guest")},
                                                       {"name", text_of(body, "name")},
                                                       {"role", text_of(body, "role")},
                                                       {"admitted_ms", ts},
                                                       {"dismissed_ms", nullptr}});
  } else if (type == "meeting.guest_dismissed") {
    if ((*d)["closed_sessions"].empty()) return 0;
    for (auto& g : (*d)["closed_sessions"].back()["guests"]) {
      if (g["guest"] == number_of(body, "guest")) g["dismissed_ms"] = ts;
    }
  } else if (type == "quorum.proxy_noted") {
    // B7: a proxy is noted in the record; it is never counted or voted.
    (*d)["proxies"].push_back({{"member", text_of(body, "member_name")}, {"holder", text_of(body, "holder")},
                               {"at_ms", ts}});
  } else if (type == "meeting.session_opened") {
    if ((*d)["closed_sessions"].empty()) return 0;
    (*d)["closed_sessions"].back()["opened_ms"] = ts;
  } else if (type == "meeting.recessed") {
    json r = {{"at_ms", ts}, {"note", text_of(body, "note")}, {"resumed_ms", nullptr}};
    if (body.contains("continuation")) r["continuation"] = body["continuation"];
    (*d)["recesses"].push_back(std::move(r));
  } else if (type == "meeting.resumed") {
    if ((*d)["recesses"].empty()) return 0;
    (*d)["recesses"].back()["resumed_ms"] = ts;
  } else if (type == "meeting.adjourned") {
    present_.clear();  // Q1: presence ends with the meeting (logs from before said so only here)
    (*d)["adjourned_ms"] = ts;
    // R1: those absent are the members never recorded present during the meeting.
    json absent = json::array();
    for (const auto& member : (*d)["members"]) {
      bool seen = false;
      for (const auto& a : (*d)["attendance"]) seen = seen || a["person"] == member["person"];
      if (!seen) absent.push_back(member);
    }
    (*d)["absent"] = absent;
    // R3: the meeting's log ends here; approved minutes carry this event's hash.
    (*d)["log"]["last_seq"] = event.seq;
    (*d)["log"]["last_hash"] = event.hash;
    const std::int64_t done = open_;
    open_ = 0;
    return done;
  } else {
    return 0;
  }
  return open_;
}

}  // namespace collegial::plugins
