#include "support/log_events.hpp"

#include <future>
#include <stdexcept>

#include "record/chain.hpp"

namespace collegial::test {

record::Event append_event(store::EventStore& store, const std::string& room,
                          const std::string& type, const nlohmann::json& body, std::int64_t ts_ms,
                          const std::string& actor) {
  const auto record = store.find_room(room);
  if (!record) throw std::runtime_error("no room " + room);
  record::Event e{.room = room,
                 .seq = record->head_seq + 1,
                 .ts_ms = ts_ms,
                 .actor = actor,
                 .type = type,
                 .body = body.dump(),  // compact, keys sorted: the stored form
                 .prev_hash = record->head_hash,
                 .hash = "",
                 .salt = ""};
  record::seal(e);  // v2, as the server writes
  std::promise<Status> done;
  store.append({record->id, {e}, [&done](const Status& s) { done.set_value(s); }});
  if (const Status s = done.get_future().get(); !s) {
    throw std::runtime_error("append to " + room + " failed: " + s.to_string());
  }
  return e;
}

nlohmann::json notice_body(int meeting, const std::string& room, const std::string& title,
                           const std::string& text) {
  return {{"meeting", meeting},
          {"version", 1},
          {"kind", "regular"},
          {"title", title},
          {"starts_ms", 1796936400000},  // 2026-12-10T14:00 in Denver
          {"starts_local", "2026-12-10T14:00"},
          {"time_zone", "America/Denver"},
          {"place", "REC 6 office, 1500 S Ave K, Portales"},
          {"remote", "https://meet.example/rec6"},
          {"text", text},
          {"url", "/public/" + room + "/meetings/" + std::to_string(meeting)}};
}

}  // namespace collegial::test
