#include "minutes/minutes_plugin.hpp"

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

}  // namespace

Result<std::vector<core::Proposed>> MinutesPlugin::decide(const core::Command& command,
                                                          const core::RoomContext&) const {
  return core::refuse("unknown_operation", "the minutes plugin has no '" + command.op + "'");
}

json* MinutesPlugin::open_draft() { return open_ && !drafts_.empty() ? &drafts_.back() : nullptr; }

json* MinutesPlugin::motion_entry(std::int64_t number) {
  json* d = open_draft();
  if (!d) return nullptr;
  for (auto& m : (*d)["motions"]) {
    if (m.value("motion", std::int64_t{0}) == number) return &m;
  }
  return nullptr;
}

void MinutesPlugin::apply(const store::Event& event, const json& body) {
  if (!body.is_object()) return;
  const std::string& type = event.type;
  const std::int64_t ts = event.ts_ms;

  if (type == "notice.meeting_scheduled") {
    scheduled_[number_of(body, "meeting")] = body;
    return;
  }
  // Q1: presence is tracked whether or not a meeting is in session, so those who arrived
  // before the call to order are present from when they arrived.
  if (type == "quorum.arrived") {
    const std::int64_t person = number_of(body, "person");
    present_[person] = Presence{text_of(body, "name"), text_of(body, "mode"), ts};
    if (json* d = open_draft()) {
      (*d)["attendance"].push_back({{"person", person},
                                    {"name", text_of(body, "name")},
                                    {"mode", text_of(body, "mode")},
                                    {"counts", body.value("counts", false)},
                                    {"arrived_ms", ts},
                                    {"departed_ms", nullptr}});
    }
    return;
  }
  if (type == "quorum.departed") {
    const std::int64_t person = number_of(body, "person");
    present_.erase(person);
    if (json* d = open_draft()) {
      for (auto it = (*d)["attendance"].rbegin(); it != (*d)["attendance"].rend(); ++it) {
        if ((*it)["person"] == person && (*it)["departed_ms"].is_null()) {
          (*it)["departed_ms"] = ts;
          (*it)["departure"] = text_of(body, "reason");
          break;
        }
      }
    }
    return;
  }
  if (type == "meeting.called_to_order") {
    const std::int64_t meeting = number_of(body, "meeting");
    json d = {{"number", number_of(body, "number")},
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
              {"recesses", json::array()},
              {"adjourned_ms", nullptr}};
    if (const auto s = scheduled_.find(meeting); s != scheduled_.end()) {
      for (const char* key : {"body_name", "place", "remote", "starts_text", "starts_ms", "time_zone"}) {
        if (s->second.contains(key)) d[key] = s->second[key];
      }
      if (d["title"] == "") d["title"] = s->second.value("title", "");
    }
    for (const auto& [person, p] : present_) {
      d["attendance"].push_back({{"person", person}, {"name", p.name}, {"mode", p.mode},
                                 {"arrived_ms", p.since_ms}, {"departed_ms", nullptr}});
    }
    drafts_.push_back(std::move(d));
    open_ = true;
    return;
  }
  json* d = open_draft();
  if (!d) return;
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
    if (body.contains("amends")) m["amends"] = body["amends"];
    if (body.contains("grounds")) m["grounds"] = body["grounds"];
    (*d)["motions"].push_back(std::move(m));
  } else if (type == "motions.seconded") {
    if (json* m = motion_entry(number_of(body, "motion"))) (*m)["seconder"] = text_of(body, "seconder_name");
  } else if (type == "motions.withdrawn") {
    if (json* m = motion_entry(number_of(body, "motion"))) (*m)["result"] = "withdrawn";
  } else if (type == "motions.decided") {
    json* m = motion_entry(number_of(body, "motion"));
    if (!m) return;  // made at an earlier meeting (tabled, reconsidered): recorded there
    // M2 and R1: the decision as the log states it, each member's vote included.
    for (const char* key : {"result", "threshold", "votes", "aye", "nay", "abstain", "notice"}) {
      if (body.contains(key)) (*m)[key] = body[key];
    }
    (*m)["text"] = text_of(body, "motion_text");
    (*m)["tally"] = text_of(body, "text");
    (*m)["decided_ms"] = ts;
    const std::string kind = text_of(body, "kind");
    if (kind == "close_session" && text_of(body, "result") == "adopted") {
      (*d)["closed_sessions"].push_back({{"grounds", body.value("grounds", json::object())},
                                         {"closed_ms", ts},
                                         {"opened_ms", nullptr},
                                         {"statement", nullptr}});
    } else if (kind == "closed_session_statement" && !(*d)["closed_sessions"].empty()) {
      (*d)["closed_sessions"].back()["statement"] = {
          {"text", text_of(body, "motion_text")}, {"result", text_of(body, "result")},
          {"votes", body.value("votes", json::array())}};
    }
  } else if (type == "meeting.session_opened") {
    if (!(*d)["closed_sessions"].empty()) (*d)["closed_sessions"].back()["opened_ms"] = ts;
  } else if (type == "meeting.recessed") {
    json r = {{"at_ms", ts}, {"note", text_of(body, "note")}, {"resumed_ms", nullptr}};
    if (body.contains("continuation")) r["continuation"] = body["continuation"];
    (*d)["recesses"].push_back(std::move(r));
  } else if (type == "meeting.resumed") {
    if (!(*d)["recesses"].empty()) (*d)["recesses"].back()["resumed_ms"] = ts;
  } else if (type == "meeting.adjourned") {
    (*d)["adjourned_ms"] = ts;
    // R1: those absent are the members never recorded present during the meeting.
    json absent = json::array();
    for (const auto& member : (*d)["members"]) {
      bool seen = false;
      for (const auto& a : (*d)["attendance"]) seen = seen || a["person"] == member["person"];
      if (!seen) absent.push_back(member);
    }
    (*d)["absent"] = absent;
    open_ = false;
  }
}

json MinutesPlugin::view() const {
  json drafts = json::array();
  for (std::size_t i = 0; i < drafts_.size(); ++i) {
    if (open_ && i + 1 == drafts_.size()) break;  // still in progress
    json d = drafts_[i];
    d["status"] = "draft";
    drafts.push_back(std::move(d));
  }
  return {{"drafts", drafts},
          {"in_progress", open_ ? drafts_.back().value("number", std::int64_t{0}) : 0}};
}

}  // namespace collegial::plugins
