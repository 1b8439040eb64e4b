#include "meeting/meeting_plugin.hpp"

#include <cstdlib>

#include "common/closed_session.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::int64_t kHalfDay = 12LL * 3'600'000;

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
          refusal = core::refuse("bad_state", "meeting " + std::to_string(named->get<std::int64_t>()) +
                                                  " is " + state);
        }
        return &m;
      }
    }
    refusal = core::refuse("unknown_meeting", "no such meeting in this body's schedule");
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
       {note, Arg::integer("meeting").at_least(1), core::chat_text()}},
      {"meeting.recess", auth::Action::preside, "/recess",
       {note, Arg::string("until").up_to(64), Arg::string("place").up_to(2000),
        Arg::string("remote").up_to(2000), core::chat_text()}},
      {"meeting.resume", auth::Action::preside, "/resume", {note, core::chat_text()}},
      {"meeting.adjourn", auth::Action::preside, "/adjourn", {note, core::chat_text()}},
      {"meeting.open_session", auth::Action::preside, "/open-session", {note, core::chat_text()}},
  };
}

Result<std::vector<core::Proposed>> MeetingPlugin::recess(const core::Command& command,
                                                          const core::RoomContext& c,
                                                          json body) const {
  const std::string until = command.args.value("until", "");
  if (!until.empty()) {
    const std::string zone = c.roster.body ? c.roster.body->time_zone : "America/Denver";
    auto at = local_to_utc_ms(until, zone);
    if (!at) return at.status();
    if (at.value() <= c.now_ms) return core::refuse("bad_field", "a recess continues at a later time");
    // N8: a recess to a later day states the date, time and place of the continuation, and
    // its notice is posted at once (the notice plugin does, from this event).
    if (local_date(at.value(), zone) != local_date(c.now_ms, zone)) {
      const std::string place = command.args.value("place", "");
      if (place.empty()) {
        return core::refuse("needs_place",
                            "N8: a recess to a later day states the date, time and place where "
                            "the meeting continues");
      }
      json cont = {{"starts_ms", at.value()},
                   {"starts_local", utc_ms_to_local(at.value(), zone)},
                   {"starts_text", describe_local(at.value(), zone)},
                   {"place", place},
                   {"remote", command.args.value("remote", "")},
                   {"meeting", meeting_}};
      // The continuation's notice, whole, so that it is posted (and sent to the media, N7) in
      // the same moment as the recess.
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
                         describe_local(c.now_ms, zone) + " and will continue on " +
                         describe_local(at.value(), zone) + ", at " + place + ".\n";
      if (!cont.value("remote", "").empty()) text += "To attend remotely: " + cont.value("remote", "") + "\n";
      text += "Only items of the original agenda will be taken up (NMSA 1978, Section 10-15-1(E)).\n";
      cont["text"] = text;
      body["continuation"] = cont;
    } else {
      body["until_ms"] = at.value();
    }
  }
  return std::vector<core::Proposed>{{"meeting.recessed", body, ""}};
}

Result<std::vector<core::Proposed>> MeetingPlugin::decide(const core::Command& command,
                                                          const core::RoomContext& context) const {
  // A note the presiding officer adds ("until 2 pm", "for lunch"), from args or the chat text.
  const std::string note = command.args.value("note", command.args.value("text", ""));
  const bool open = state_ == State::in_session || state_ == State::recessed;
  json body = {{"presiding", context.who.name}};
  if (!note.empty()) body["note"] = note;

  if (command.op == "meeting.call_to_order") {
    if (open) return core::refuse("bad_state", "B4: the meeting is already called to order");
    body["number"] = number_ + 1;
    // Calling to order without a quorum is allowed (to adjourn or seek one, Q3); the record says
    // whether there was one.
    if (const auto q = context.views.find("quorum"); q != context.views.end()) {
      body["quorum"] = q->second.value("has_quorum", false);
    }
    Status refusal = Status::ok();
    const json* noticed = meeting_to_hold(context, command.args, refusal);
    if (!refusal) return refusal;
    body["meeting"] = noticed ? noticed->value("meeting", std::int64_t{0}) : 0;
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
      return core::refuse("bad_state", "only a meeting in session can recess");
    }
    return recess(command, context, std::move(body));
  }
  if (command.op == "meeting.resume") {
    if (state_ != State::recessed) return core::refuse("bad_state", "the meeting is not in recess");
    return std::vector<core::Proposed>{{"meeting.resumed", body, ""}};
  }
  if (command.op == "meeting.adjourn") {
    // Q3: adjourning needs no quorum.
    if (!open) return core::refuse("bad_state", "the meeting is not in session");
    return std::vector<core::Proposed>{{"meeting.adjourned", body, ""}};
  }
  if (command.op == "meeting.open_session") {
    if (closed_.is_null()) return core::refuse("bad_state", "the meeting is not in closed session");
    body["closed"] = closed_;
    body["text"] = "The meeting is open again after the closed session under " +
                   closed_.value("citation", std::string()) + ": " +
                   closed_.value("subject", std::string());
    return std::vector<core::Proposed>{{"meeting.session_opened", body, ""}};
  }
  return core::refuse("unknown_operation", "the meeting plugin has no '" + command.op + "'");
}

void MeetingPlugin::apply(const store::Event& event, const json& body) {
  if (event.type == "meeting.called_to_order") {
    state_ = State::in_session;
    ++number_;
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
  } else if (event.type == "meeting.session_opened") {
    statement_due_ = closed_;
    closed_ = nullptr;
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

std::optional<std::string> MeetingPlugin::withheld_notice() const {
  if (closed_.is_null()) return std::nullopt;
  return closed_session_line(closed_);
}

json MeetingPlugin::view() const {
  return {{"state", name_of(state_)},  {"number", number_},   {"since_ms", since_ms_},
          {"meeting", meeting_},       {"closed", closed_},   {"statement_due", statement_due_}};
}

}  // namespace collegial::plugins
