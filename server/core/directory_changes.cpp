#include "core/directory_changes.hpp"

#include <nlohmann/json.hpp>

#include "store/directory_audit.hpp"
#include "util/log.hpp"

namespace collegial::core {

DirectoryChanges::DirectoryChanges(store::EventStore& store) : store_(store) {
  logged_ = head();
  seen_.store(logged_, std::memory_order_release);
}

std::int64_t DirectoryChanges::head() {
  const auto room = store_.find_room(store::kAuditRoom);
  return room ? room->head_seq : 0;
}

void DirectoryChanges::poll() {
  std::lock_guard lock(mutex_);
  const auto room = store_.find_room(store::kAuditRoom);
  if (room) seen_.store(room->head_seq, std::memory_order_release);
  if (!room || room->head_seq <= logged_) return;
  std::vector<record::Event> events;
  if (Status s = store_.read_events(*room, logged_, 1000, 4 << 20, events); !s) {
    LOG_WARN("directory: cannot read its audit log: " << s.message());
    return;
  }
  for (const auto& e : events) {
    logged_ = e.seq;
    if (e.type != "directory.changed" && e.type != "directory.unaccounted") continue;
    const auto body = nlohmann::json::parse(e.body, nullptr, false);
    const std::string operation = body.is_object() ? body.value("operation", "?") : "?";
    const std::size_t rows = body.is_object() && body.contains("rows") && body["rows"].is_array()
                                 ? body["rows"].size()
                                 : 0;
    if (e.type == "directory.unaccounted") {
      LOG_EVENT(log::Level::warn, (log::Fields{.event = "directory.unaccounted"}),
                "directory: " << rows << " row(s) had changed without being recorded (found before "
                              << operation << "; audit seq " << e.seq << "): run collegiald verify");
    } else {
      LOG_EVENT(log::Level::info, (log::Fields{.event = "directory.changed"}),
                "directory: " << operation << ", " << rows << " row(s) (audit seq " << e.seq << ")");
    }
  }
}

}  // namespace collegial::core
