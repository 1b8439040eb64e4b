#include "speakers/speakers_plugin.hpp"

#include <algorithm>

#include "common/snapshot_fields.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::string_view kPlugin = "speakers";
constexpr std::int64_t kMinute = 60'000;

// What the other plugins' views say that the queue depends on, read without assuming a key.
bool in_session(const core::RoomContext& c) {
  const auto v = c.views.find("meeting");
  return v != c.views.end() && v->second.is_object() && v->second.value("state", "") == "in_session";
}

bool present(const core::RoomContext& c, std::int64_t person) {
  const auto v = c.views.find("quorum");
  if (v == c.views.end() || !v->second.is_object()) return false;
  const auto list = v->second.find("present");
  if (list == v->second.end() || !list->is_array()) return false;
  return std::any_of(list->begin(), list->end(), [person](const json& p) {
    return p.is_object() && p.value("person", std::int64_t{0}) == person;
  });
}

Status not_in_session() {
  return core::refuse("bad_state", {"P1: the floor is given only while the meeting is in session",
                                    "P1: la palabra solo se concede mientras la sesi\u00f3n est\u00e1 abierta"});
}

}  // namespace

std::vector<core::Operation> SpeakersPlugin::operations() const {
  using core::Arg;
  return {
      core::from_the_room({"speakers.request", auth::Action::request_floor, "/speak", {core::chat_text()}}),
      core::from_the_room({"speakers.withdraw", auth::Action::request_floor, "/unspeak", {core::chat_text()}}),
      core::from_the_room({"speakers.yield", auth::Action::request_floor, "/yield", {core::chat_text()}}),
      {"speakers.recognize", auth::Action::preside, "",
       {Arg::integer("person").at_least(1), Arg::integer("minutes").between(1, 120)}},
      {"speakers.end", auth::Action::preside, "/end-turn", {core::chat_text()}},
      {"speakers.set_limit", auth::Action::preside, "", {Arg::integer("minutes").between(0, 120).needed()}},
      core::on_schedule({"speakers.tick", auth::Action::administer, "", {}}),
  };
}

Result<std::vector<core::Proposed>> SpeakersPlugin::decide(const core::Command& command,
                                                           const core::RoomContext& c) const {
  const std::string& op = command.op;
  if (op == "speakers.tick") return tick(c);
  if (op == "speakers.set_limit") return set_limit(command);
  if (!in_session(c)) return not_in_session();
  if (op == "speakers.request") return request(c);
  if (op == "speakers.withdraw") return withdraw(c);
  if (op == "speakers.recognize") return recognize(command, c);
  if (op == "speakers.yield") return yield(c);
  if (op == "speakers.end") return end(c);
  return core::refuse("unknown_op", {"the speakers plugin has no operation ''{op}''",
                                     "el complemento speakers no tiene la operaci\u00f3n ''{op}''"},
                      {{"op", op}});
}

const SpeakersPlugin::Request* SpeakersPlugin::queued(std::int64_t person) const {
  const auto it = std::find_if(queue_.begin(), queue_.end(), [person](const Request& r) { return r.person == person; });
  return it == queue_.end() ? nullptr : &*it;
}

SpeakersPlugin::Decision SpeakersPlugin::request(const core::RoomContext& c) const {
  // Q1: one speaks in the meeting only once recorded present in it.
  if (!present(c, c.who.id)) {
    return core::refuse("not_present", {"Q1: say you are present (/present) before asking for the floor",
                                        "Q1: indique que est\u00e1 presente (/present) antes de pedir la palabra"});
  }
  if (floor_ && floor_->person == c.who.id) {
    return core::refuse("bad_state", {"P1: you have the floor", "P1: usted tiene la palabra"});
  }
  if (queued(c.who.id)) {
    return core::refuse("bad_state", {"P1: you have already asked for the floor; you are in the queue",
                                      "P1: ya pidi\u00f3 la palabra; est\u00e1 en la lista"});
  }
  return std::vector<core::Proposed>{
      {"speakers.requested", {{"person", c.who.id}, {"name", c.who.name}, {"item", item_}}, ""}};
}

SpeakersPlugin::Decision SpeakersPlugin::withdraw(const core::RoomContext& c) const {
  if (!queued(c.who.id)) {
    return core::refuse("not_queued", {"P1: you are not in the queue", "P1: usted no est\u00e1 en la lista"});
  }
  return std::vector<core::Proposed>{{"speakers.withdrawn", {{"person", c.who.id}, {"name", c.who.name}}, ""}};
}

SpeakersPlugin::Decision SpeakersPlugin::recognize(const core::Command& command, const core::RoomContext& c) const {
  if (point_pending_) {
    return core::refuse("point_pending", {"P3, M7: rule on the point of order before recognizing a speaker",
                                          "P3, M7: resuelva el punto de orden antes de conceder la palabra"});
  }
  if (floor_) {
    return core::refuse("floor_held", {"P1: {name} has the floor; end their turn first",
                                       "P1: {name} tiene la palabra; termine primero su turno"},
                        {{"name", floor_->name}});
  }
  if (queue_.empty()) {
    return core::refuse("queue_empty", {"P1: nobody has asked for the floor", "P1: nadie ha pedido la palabra"});
  }
  // P1: the first who asked, unless the chair names another in the queue.
  const Request* next = &queue_.front();
  if (const auto person = command.args.find("person"); person != command.args.end()) {
    next = queued(person->get<std::int64_t>());
    if (!next) {
      return core::refuse("not_queued", {"P1: person {person, number, ::group-off} has not asked for the floor",
                                         "P1: la persona {person, number, ::group-off} no ha pedido la palabra"},
                          {{"person", *person}});
    }
  }
  // P2: the minutes given, or the body's limit per speaker set for the meeting.
  const std::int64_t minutes = command.args.value("minutes", limit_minutes_);
  return std::vector<core::Proposed>{{"speakers.recognized",
                                      {{"person", next->person},
                                       {"name", next->name},
                                       {"item", item_},
                                       {"minutes", minutes},
                                       {"until_ms", minutes > 0 ? c.now_ms + minutes * kMinute : 0}},
                                      ""}};
}

SpeakersPlugin::Decision SpeakersPlugin::yield(const core::RoomContext& c) const {
  if (!floor_ || floor_->person != c.who.id) {
    return core::refuse("no_floor", {"P1: you do not have the floor", "P1: usted no tiene la palabra"});
  }
  return std::vector<core::Proposed>{
      {"speakers.floor_ended", {{"person", floor_->person}, {"name", floor_->name}, {"reason", "yielded"}}, ""}};
}

SpeakersPlugin::Decision SpeakersPlugin::end(const core::RoomContext&) const {
  if (!floor_) return core::refuse("no_floor", {"P1: nobody has the floor", "P1: nadie tiene la palabra"});
  return std::vector<core::Proposed>{
      {"speakers.floor_ended", {{"person", floor_->person}, {"name", floor_->name}, {"reason", "ended"}}, ""}};
}

SpeakersPlugin::Decision SpeakersPlugin::set_limit(const core::Command& command) const {
  return std::vector<core::Proposed>{{"speakers.limit_set", {{"minutes", command.args.at("minutes")}}, ""}};
}

SpeakersPlugin::Decision SpeakersPlugin::tick(const core::RoomContext& c) const {
  // P2: a turn ends when its time is up, unless a point of order has stopped its clock.
  if (!floor_ || floor_->until_ms == 0 || floor_->paused_left_ms > 0 || c.now_ms < floor_->until_ms) {
    return std::vector<core::Proposed>{};
  }
  return std::vector<core::Proposed>{
      {"speakers.floor_ended", {{"person", floor_->person}, {"name", floor_->name}, {"reason", "time"}}, "plugin:speakers"}};
}

void SpeakersPlugin::clear() {
  queue_.clear();
  floor_.reset();
}

void SpeakersPlugin::apply(const record::Event& event, const json& body) {
  const std::string& type = event.type;
  if (!body.is_object()) return;
  const std::int64_t person = body.value("person", std::int64_t{0});
  if (type == "speakers.requested") {
    queue_.push_back({person, body.value("name", ""), event.ts_ms});
  } else if (type == "speakers.withdrawn") {
    std::erase_if(queue_, [person](const Request& r) { return r.person == person; });
  } else if (type == "speakers.recognized") {
    std::erase_if(queue_, [person](const Request& r) { return r.person == person; });
    floor_ = Floor{person, body.value("name", ""), event.ts_ms, body.value("until_ms", std::int64_t{0}), 0};
  } else if (type == "speakers.floor_ended") {
    floor_.reset();
  } else if (type == "speakers.limit_set") {
    limit_minutes_ = body.value("minutes", std::int64_t{0});
  } else if (type == "motions.point_of_order") {
    // P3: the speaker's clock stops while the point is heard and ruled on.
    point_pending_ = true;
    if (floor_ && floor_->until_ms > 0 && floor_->paused_left_ms == 0) {
      floor_->paused_left_ms = std::max<std::int64_t>(1, floor_->until_ms - event.ts_ms);
    }
  } else if (type == "motions.ruled") {
    point_pending_ = false;
    if (floor_ && floor_->paused_left_ms > 0) {
      floor_->until_ms = event.ts_ms + floor_->paused_left_ms;
      floor_->paused_left_ms = 0;
    }
  } else if (type == "notice.item_taken_up") {
    // The queue was for the item before: a new item starts a new one.
    item_ = body.value("item", std::int64_t{0});
    clear();
  } else if (type == "meeting.called_to_order" || type == "meeting.adjourned") {
    item_ = 0;
    clear();
  } else if ((type == "motions.decided" && body.value("kind", "") == "close_session" &&
              body.value("result", "") == "adopted") ||
             type == "meeting.session_opened") {
    // C3: the public's fold never sees a closed session's requests, so the queue and the floor
    // end as the body goes in and start afresh as it comes back: a requester or speaker from
    // before, or from inside, asks again, and members and the public see the same room.
    clear();
  }
}

json SpeakersPlugin::view() const {
  json queue = json::array();
  for (const Request& r : queue_) queue.push_back({{"person", r.person}, {"name", r.name}, {"since_ms", r.since_ms}});
  json floor = nullptr;
  if (floor_) {
    floor = {{"person", floor_->person},
             {"name", floor_->name},
             {"since_ms", floor_->since_ms},
             {"until_ms", floor_->until_ms},
             {"paused_left_ms", floor_->paused_left_ms}};
  }
  return {{"item", item_}, {"limit_minutes", limit_minutes_}, {"queue", queue}, {"floor", floor},
          {"point_pending", point_pending_}};
}

json SpeakersPlugin::snapshot() const {
  json s = view();
  s["v"] = 1;
  return s;
}

void SpeakersPlugin::restore(const json& state) {
  using T = json::value_t;
  snapshot::check_version(state, 1, kPlugin);
  const auto int64 = [](const json& j, const char* key) { return snapshot::int64(j.at(key), kPlugin); };
  const auto text = [](const json& j, const char* key) {
    return snapshot::typed(j.at(key), T::string, kPlugin).get<std::string>();
  };
  std::vector<Request> queue;
  for (const json& r : snapshot::typed(state.at("queue"), T::array, kPlugin)) {
    snapshot::typed(r, T::object, kPlugin);
    queue.push_back({int64(r, "person"), text(r, "name"), int64(r, "since_ms")});
  }
  std::optional<Floor> floor;
  if (const json& f = state.at("floor"); !f.is_null()) {
    snapshot::typed(f, T::object, kPlugin);
    floor = Floor{int64(f, "person"), text(f, "name"), int64(f, "since_ms"), int64(f, "until_ms"),
                  int64(f, "paused_left_ms")};
  }
  const std::int64_t item = int64(state, "item");
  const std::int64_t limit = int64(state, "limit_minutes");
  const bool point = snapshot::typed(state.at("point_pending"), T::boolean, kPlugin).get<bool>();
  item_ = item;
  limit_minutes_ = limit;
  queue_ = std::move(queue);
  floor_ = floor;
  point_pending_ = point;
}

}  // namespace collegial::plugins
