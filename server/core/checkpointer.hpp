// The server's checkpointer: signs rooms' heads at the moments that matter and periodically,
// so that copies held outside the database can later prove a log was not rewritten
// (docs/architecture.md, "Checkpoints and witnesses").
//
//   - when an event commits that a plugin names a moment worth proving (Plugin::
//     checkpoint_reason: an adjournment, a posted notice or a recess carrying a continuation's
//     notice, N8, a decision on approving minutes, R3): that event is signed, before the
//     notice's deliveries are recorded, so every notice to the media carries the checkpoint of
//     itself;
//   - after an administrative change: the directory's audit log (reason "directory");
//   - every `interval` (0: never), and once at start: each room whose head moved since its
//     newest checkpoint (reason "periodic").
//
// Replayed events are never signed again (a room replays its whole log when it loads).
// Thread-safe: on_event runs on rooms' executors, directory_changed on API threads, the
// periodic pass on its own thread; the log serializes them.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "util/clock.hpp"
#include "store/checkpoints.hpp"
#include "record/event.hpp"
#include "store/event_store.hpp"

namespace collegial::core {

// Why a committed `event` (with its parsed `body`) is checkpointed: "adjournment", "notice", "closed_session",
// "minutes"; nothing for every other event. The server asks the plugins (Plugin::
// checkpoint_reason). Called from any room's strand.
using CheckpointReasons =
    std::function<std::optional<std::string>(const record::Event& event, const nlohmann::json& body)>;

class Checkpointer {
 public:
  // Signs with `key` into the checkpoints table of the house at `house` (the SQLite file, or
  // PostgreSQL), whose rooms it watches, and those of `rooms` too when the rooms' logs live in
  // another SQLite file. Throws store::sql::Error if the database cannot be opened.
  Checkpointer(store::SigningKey key, const store::StoreLocation& house, const Clock& clock,
               std::chrono::seconds interval, store::EventStore* rooms = nullptr);
  // The house in the SQLite file at `path`.
  Checkpointer(store::SigningKey key, const std::string& path, const Clock& clock,
               std::chrono::seconds interval, store::EventStore* rooms = nullptr);
  ~Checkpointer();  // stops
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Which events are signed as they commit; set before any room commits. Unset: none.
  void set_reasons(CheckpointReasons reasons) { reasons_ = std::move(reasons); }

  // The effect of a committed event (core::EventEffects): signs it when the reasons say so and
  // it is not being replayed. A failure is logged; the periodic pass covers it.
  void on_event(const store::RoomRecord& room, const record::Event& event, const nlohmann::json& body,
                bool replaying);

  // Signs the directory's audit log when it moved (after an administrative change).
  void directory_changed();

  // Signs every room whose head moved since its newest checkpoint, with `reason`; returns how
  // many it signed.
  int checkpoint_moved(const std::string& reason);

  // The periodic passes, on a thread of their own (nothing when the interval is 0).
  void start();
  void stop();

  // The newest checkpoint of `room`: the witness a notice, a minutes document or a public page
  // carries.
  std::optional<store::Checkpoint> latest(const std::string& room) { return log_.latest(room); }
  store::CheckpointLog& log() { return log_; }
  const store::SigningKey& key() const { return key_; }
  // How many checkpoints this process has made: pages that show or publish checkpoints follow it.
  std::int64_t made() const { return made_.load(std::memory_order_acquire); }

 private:
  void run();
  Result<store::Checkpoint> append(const std::string& room, std::int64_t seq, const std::string& hash,
                                   const std::string& reason);

  const store::SigningKey key_;
  store::CheckpointLog log_;
  store::EventStore* rooms_;  // the rooms' store when not the house's database, or null
  const Clock& clock_;
  const std::chrono::seconds interval_;
  CheckpointReasons reasons_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<std::int64_t> made_{0};
  std::thread thread_;
};

}  // namespace collegial::core
