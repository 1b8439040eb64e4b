#include "delivery/notice_deliveries.hpp"


#include "util/log.hpp"
#include "util/bounded_json.hpp"

namespace collegial::delivery {

int record_notice_deliveries(Outbox& outbox, const store::RoomRecord& room,
                             const record::Event& event, const nlohmann::json& body,
                             const NoticeOptions& options, std::int64_t now_ms) {
  if (!room.body_id) return 0;
  const nlohmann::json notice = posted_notice(event, body);
  if (notice.is_null()) return 0;
  nlohmann::json checkpoint;
  if (options.checkpoint) {
    if (auto c = options.checkpoint(room.name)) checkpoint = std::move(*c);
  }
  const NoticeContent content = compose_notice(room, event, notice, options, checkpoint);
  NoticeCopy copy{.body_id = *room.body_id,
                  .source = event.room + ":" + std::to_string(event.seq),
                  .posted_ms = event.ts_ms,
                  .subject = content.subject,
                  .text = content.text,
                  .payload = content.payload,
                  .only_subscriber = notice.value("outlet", std::int64_t{0})};
  auto made = outbox.record_notice(copy, now_ms);
  if (!made) {
    LOG_ERROR("N7: the notice " << copy.source << " could not be queued for the media: "
                                << made.status().message());
    return 0;
  }
  if (made.value() > 0) {
    LOG_INFO("N7: notice " << copy.source << " queued for " << made.value()
                           << " media subscriber(s)");
  }
  return made.value();
}

int catch_up_notices(store::EventStore& store, Outbox& outbox, const NoticeOptions& options,
                     std::int64_t now_ms) {
  int made = 0;
  for (const std::string& name : store.room_names()) {
    const auto room = store.find_room(name);
    try {
      if (!room || !room->body_id || !outbox.has_subscribers(*room->body_id)) continue;
    } catch (const store::sql::Error& e) {
      LOG_ERROR("N7: cannot read the media subscribers: " << e.what());
      return made;
    }
    std::int64_t after = 0;
    std::vector<record::Event> page;
    while (after < room->head_seq) {
      page.clear();
      if (!store.read_events(*room, after, 512, 1 << 20, page) || page.empty()) {
        LOG_ERROR("N7: cannot read the log of room " << name << " after seq " << after);
        break;
      }
      for (const record::Event& e : page) {
        after = e.seq;
        if (e.type != kNoticePosted && e.type != kRecessed && e.type != kNoticeResent) continue;
        const auto body = parse_bounded_json(e.body);
        made += record_notice_deliveries(outbox, *room, e, body, options, now_ms);
      }
    }
  }
  return made;
}

}  // namespace collegial::delivery
