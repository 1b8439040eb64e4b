#include "core/checkpointer.hpp"

#include "store/directory_audit.hpp"
#include "util/log.hpp"

namespace collegial::core {

Checkpointer::Checkpointer(store::SigningKey key, const std::string& path, const Clock& clock,
                           std::chrono::seconds interval, store::EventStore* rooms)
    : Checkpointer(std::move(key), store::StoreLocation{store::StoreLocation::Engine::sqlite, path}, clock,
                   interval, rooms) {}

Checkpointer::Checkpointer(store::SigningKey key, const store::StoreLocation& house, const Clock& clock,
                           std::chrono::seconds interval, store::EventStore* rooms)
    : key_(std::move(key)), log_(house), rooms_(rooms), clock_(clock), interval_(interval) {}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::on_event(const store::RoomRecord& room, const record::Event& event, const nlohmann::json& body,
                            bool replaying) {
  if (replaying) return;  // signed when it committed, or covered by a periodic pass since
  const auto reason = reasons_ ? reasons_(event, body) : std::nullopt;
  if (!reason) return;
  auto made = append(room.name, event.seq, event.hash, *reason);
  if (!made) LOG_ERROR("checkpoint of " << room.name << ":" << event.seq << " failed: " << made.status().message());
}

void Checkpointer::directory_changed() {
  for (const auto& head : log_.moved_heads(std::string(store::kAuditRoom))) {
    auto made = append(head.room, head.seq, head.hash, "directory");
    if (!made) LOG_ERROR("checkpoint of the directory failed: " << made.status().message());
  }
}

int Checkpointer::checkpoint_moved(const std::string& reason) {
  int made = 0;
  for (const auto& head : log_.moved_heads()) {
    auto c = append(head.room, head.seq, head.hash, reason);
    if (c) ++made;
    else LOG_ERROR("checkpoint of " << head.room << " failed: " << c.status().message());
  }
  if (!rooms_) return made;
  // The rooms' logs in another store: their heads are asked of it, one room at a time.
  for (const auto& name : rooms_->room_names()) {
    const auto room = rooms_->find_room(name);
    if (!room) continue;
    const auto newest = log_.latest(name);
    if (newest && newest->seq == room->head_seq && newest->hash == room->head_hash) continue;
    auto c = append(name, room->head_seq, room->head_hash, reason);
    if (c) ++made;
    else LOG_ERROR("checkpoint of " << name << " failed: " << c.status().message());
  }
  return made;
}

Result<store::Checkpoint> Checkpointer::append(const std::string& room, std::int64_t seq, const std::string& hash,
                                               const std::string& reason) {
  auto made = log_.append(key_, room, seq, hash, clock_.now_ms(), reason);
  if (made) made_.fetch_add(1, std::memory_order_acq_rel);
  return made;
}

void Checkpointer::start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const int made = checkpoint_moved("periodic");
    if (made > 0) LOG_INFO("signed " << made << " checkpoint(s)");
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace collegial::core
