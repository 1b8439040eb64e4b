#include "cluster/room_feed.hpp"

#include <deque>
#include <nlohmann/json.hpp>

#include "record/chain.hpp"
#include "cluster/signed_message.hpp"
#include "util/log.hpp"

namespace collegial::cluster {

namespace {

using nlohmann::json;

constexpr std::string_view kAllRooms = "collegial.room.*.events";
// A gap read takes at most this much at a time, and reads on while pages come back full.
constexpr std::size_t kReadEvents = 1000;
constexpr std::size_t kReadBytes = 4 * 1024 * 1024;

Status bad_message(const std::string& why) {
  return Status::error("bad_message", "a room's events on the bus: " + why);
}

}  // namespace

std::string events_subject(std::int64_t room_id) {
  return "collegial.room." + std::to_string(room_id) + ".events";
}

std::string encode_events(std::int64_t room_id, const std::vector<record::Event>& events, std::string_view key) {
  json list = json::array();
  for (const auto& e : events) {
    list.push_back({{"room", e.room}, {"seq", e.seq}, {"ts_ms", e.ts_ms}, {"actor", e.actor}, {"type", e.type},
                    {"body", e.body}, {"prev_hash", e.prev_hash}, {"hash", e.hash}, {"salt", e.salt}});
  }
  const std::string text = json{{"room_id", room_id}, {"events", std::move(list)}}.dump();
  return sign(key, text);
}

Result<DecodedEvents> decode_events(std::string_view payload, std::string_view key) {
  const auto opened = signed_text(payload, key);
  if (!opened) return bad_message("not signed with this deployment's key");
  const std::string_view text = *opened;
  const json message = json::parse(text, nullptr, false);
  if (!message.is_object() || !message.contains("room_id") || !message["room_id"].is_number_integer() ||
      !message.contains("events") || !message["events"].is_array()) {
    return bad_message("not an object with room_id and events");
  }
  DecodedEvents out;
  out.room_id = message["room_id"].get<std::int64_t>();
  try {
    for (const auto& e : message["events"]) {
      record::Event event;
      event.room = e.at("room").get<std::string>();
      event.seq = e.at("seq").get<std::int64_t>();
      event.ts_ms = e.at("ts_ms").get<std::int64_t>();
      event.actor = e.at("actor").get<std::string>();
      event.type = e.at("type").get<std::string>();
      event.body = e.at("body").get<std::string>();
      event.prev_hash = e.at("prev_hash").get<std::string>();
      event.hash = e.at("hash").get<std::string>();
      event.salt = e.at("salt").get<std::string>();
      out.events.push_back(std::move(event));
    }
  } catch (const json::exception& e) {
    return bad_message(e.what());
  }
  return out;
}

// One followed room. Every field is guarded by the feed's mutex_.
struct RoomFeed::Followed {
  store::RoomRecord record;
  Deliver deliver;
  std::int64_t next = 1;          // the seq to deliver next
  std::string last_hash;          // the hash of the event before it
  std::map<std::int64_t, record::Event> pending;  // past `next`, waiting for a gap to close
  std::uint64_t arrivals = 0;     // messages taken for this room, to tell a read that saw them
  bool reading = false;           // a gap read is under way
  bool read_again = false;        // something arrived that the read under way may not see
  std::deque<std::vector<record::Event>> outbox;  // taken, in order, not yet delivered
  bool delivering = false;        // a thread is calling `deliver` (only one at a time)
  bool stopped = false;           // unfollowed
};

RoomFeed::RoomFeed(NatsBus& bus, store::EventStore& store, std::string key, Offload offload)
    : bus_(bus), store_(store), key_(std::move(key)), offload_(std::move(offload)) {}

RoomFeed::~RoomFeed() {
  subscription_.reset();  // no message is handled after this
  std::unique_lock lock(mutex_);
  for (auto& [id, room] : rooms_) room->stopped = true;
  idle_.wait(lock, [this] { return reads_in_flight_ == 0; });
}

Status RoomFeed::start() {
  auto subscribed = bus_.subscribe(std::string(kAllRooms), [this](const Message& m) { on_message(m); });
  if (!subscribed) return subscribed.status();
  subscription_ = std::move(subscribed.value());
  // A follow() right after must not miss an event published after it: the interest must be
  // the bus server's before anyone follows.
  return bus_.flush(std::chrono::seconds(5));
}

Status RoomFeed::publish(std::int64_t room_id, const std::vector<record::Event>& events) {
  if (events.empty()) return Status::ok();
  return bus_.publish(events_subject(room_id), encode_events(room_id, events, key_));
}

bool RoomFeed::take_ready(Followed& room) {
  std::vector<record::Event> ready;
  const bool gap = take_chained(room, ready);
  if (!ready.empty()) room.outbox.push_back(std::move(ready));
  return gap;
}

bool RoomFeed::take_chained(Followed& room, std::vector<record::Event>& ready) {
  while (!room.pending.empty()) {
    auto it = room.pending.begin();
    if (it->first < room.next) {  // delivered already
      room.pending.erase(it);
      ++dropped_;
      continue;
    }
    if (it->first > room.next) return true;
    record::Event& e = it->second;
    // The chain decides, not the bus (R4): an event that does not follow the last one, or whose
    // hash does not check, is dropped and read from the store instead.
    if (e.room != room.record.name || e.prev_hash != room.last_hash || record::compute_hash(e) != e.hash) {
      room.pending.erase(it);
      ++dropped_;
      return true;
    }
    room.last_hash = e.hash;
    ++room.next;
    ready.push_back(std::move(e));
    room.pending.erase(it);
  }
  return false;
}

void RoomFeed::on_message(const Message& message) {
  auto decoded = decode_events(message.payload, key_);
  if (!decoded) {
    LOG_WARN("room feed: " << decoded.status().message());
    return;
  }
  std::shared_ptr<Followed> room;
  bool read = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(decoded->room_id);
    if (it == rooms_.end()) return;  // no subscriber of that room here
    room = it->second;
    ++room->arrivals;
    for (auto& e : decoded->events) {
      if (e.seq < room->next) {
        ++dropped_;
        continue;
      }
      room->pending.emplace(e.seq, std::move(e));  // a copy already waiting stays
    }
    const bool gap = take_ready(*room);
    if (gap) {
      read = !room->reading;
      fill_locked(room);
    }
  }
  if (read) offload_([this, room] { fill(room); });
  drain(room);
}

void RoomFeed::fill_locked(const std::shared_ptr<Followed>& room) {
  if (room->reading) {
    room->read_again = true;
    return;
  }
  room->reading = true;
  ++reads_in_flight_;
}

void RoomFeed::fill(const std::shared_ptr<Followed>& room) {
  store::RoomRecord record;
  std::int64_t after = 0;
  std::uint64_t arrivals = 0;
  bool stopped = false;
  {
    std::lock_guard lock(mutex_);
    record = room->record;
    after = room->next - 1;
    arrivals = room->arrivals;
    stopped = room->stopped;
    room->read_again = false;
  }
  std::vector<record::Event> got;
  const Status read = stopped ? Status::ok() : store_.read_events(record, after, kReadEvents, kReadBytes, got);
  bool again = false;
  {
    std::lock_guard lock(mutex_);
    if (!read) LOG_WARN("room feed: room " << record.name << ": cannot read its events: " << read.message());
    filled_ += got.size();
    const bool full = got.size() >= kReadEvents;
    const bool read_any = !got.empty();
    // The store's copy is the record: it replaces whatever the bus left at that seq.
    for (auto& e : got) {
      if (e.seq >= room->next) room->pending.insert_or_assign(e.seq, std::move(e));
    }
    const bool gap = take_ready(*room);
    if (gap && read && !read_any && room->arrivals == arrivals && !room->read_again) {
      // Events the bus carried that the store, read after they arrived, does not hold: not
      // the room's (a stray or forged message). Dropped, so they do not hold the room up.
      LOG_WARN("room feed: room " << record.name << ": dropped " << room->pending.size()
                                  << " events from the bus that its log does not hold");
      dropped_ += room->pending.size();
      room->pending.clear();
    }
    again = read && !room->stopped && (full || room->read_again || (gap && read_any) ||
                                       (gap && room->arrivals != arrivals));
    room->reading = false;
    if (again) fill_locked(room);
  }
  if (again) offload_([this, room] { fill(room); });
  drain(room);
  // Last: the destructor waits for this, and nothing of the feed is touched after it.
  std::lock_guard lock(mutex_);
  if (--reads_in_flight_ == 0) idle_.notify_all();
}

void RoomFeed::drain(const std::shared_ptr<Followed>& room) {
  std::unique_lock lock(mutex_);
  if (room->delivering) return;  // the thread delivering takes these too, in order
  room->delivering = true;
  while (!room->outbox.empty() && !room->stopped) {
    auto batch = std::move(room->outbox.front());
    room->outbox.pop_front();
    const Deliver to = room->deliver;
    lock.unlock();
    try {
      to(std::move(batch));
    } catch (const std::exception& e) {
      LOG_ERROR("room feed: room " << room->record.name << ": delivering failed: " << e.what());
    }
    lock.lock();
  }
  room->delivering = false;
}

void RoomFeed::follow(const store::RoomRecord& room, std::int64_t after_seq, std::string after_hash,
                      Deliver deliver) {
  auto followed = std::make_shared<Followed>();
  followed->record = room;
  followed->deliver = std::move(deliver);
  followed->next = after_seq + 1;
  followed->last_hash = std::move(after_hash);
  {
    std::lock_guard lock(mutex_);
    if (auto it = rooms_.find(room.id); it != rooms_.end()) it->second->stopped = true;
    rooms_[room.id] = followed;
    fill_locked(followed);  // what was committed before the room was followed
  }
  offload_([this, followed] { fill(followed); });
}

void RoomFeed::unfollow(std::int64_t room_id) {
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(room_id);
  if (it == rooms_.end()) return;
  it->second->stopped = true;
  rooms_.erase(it);
}

void RoomFeed::catch_up() {
  std::vector<std::shared_ptr<Followed>> reads;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, room] : rooms_) {
      if (room->reading) continue;  // the read under way will see the tail
      fill_locked(room);
      reads.push_back(room);
    }
  }
  for (auto& room : reads) offload_([this, room] { fill(room); });
}

std::map<std::int64_t, std::int64_t> RoomFeed::next_seqs() const {
  std::lock_guard lock(mutex_);
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& [id, room] : rooms_) out[id] = room->next;
  return out;
}

std::uint64_t RoomFeed::filled() const {
  std::lock_guard lock(mutex_);
  return filled_;
}

std::uint64_t RoomFeed::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace collegial::cluster
