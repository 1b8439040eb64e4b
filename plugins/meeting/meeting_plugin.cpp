#include "meeting/meeting_plugin.hpp"

namespace collegial::plugins {

using nlohmann::json;

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
  return {
      {"meeting.call_to_order", auth::Action::preside, "/call-to-order"},
      {"meeting.recess", auth::Action::preside, "/recess"},
      {"meeting.resume", auth::Action::preside, "/resume"},
      {"meeting.adjourn", auth::Action::preside, "/adjourn"},
  };
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
    return std::vector<core::Proposed>{{"meeting.called_to_order", body, ""}};
  }
  if (command.op == "meeting.recess") {
    if (state_ != State::in_session) {
      return core::refuse("bad_state", "only a meeting in session can recess");
    }
    return std::vector<core::Proposed>{{"meeting.recessed", body, ""}};
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
  return core::refuse("unknown_operation", "the meeting plugin has no '" + command.op + "'");
}

void MeetingPlugin::apply(const store::Event& event, const json&) {
  if (event.type == "meeting.called_to_order") {
    state_ = State::in_session;
    ++number_;
  } else if (event.type == "meeting.recessed") {
    state_ = State::recessed;
  } else if (event.type == "meeting.resumed") {
    state_ = State::in_session;
  } else if (event.type == "meeting.adjourned") {
    state_ = State::adjourned;
  } else {
    return;
  }
  since_ms_ = event.ts_ms;
}

json MeetingPlugin::view() const {
  return {{"state", name_of(state_)}, {"number", number_}, {"since_ms", since_ms_}};
}

}  // namespace collegial::plugins
