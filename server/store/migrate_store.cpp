#include "store/migrate_store.hpp"

#include <future>

#include "store/chain_verifier.hpp"
#include "store/directory_audit.hpp"
#include "store/house_copy.hpp"
#include "store/instance_lock.hpp"

namespace collegial::store {

using record::Event;
namespace {

constexpr std::size_t kPageEvents = 2000;
constexpr std::size_t kPageBytes = 8 << 20;

Status append_and_wait(EventStore& store, std::int64_t room_id, std::vector<Event> events) {
  std::promise<Status> done;
  AppendRequest request;
  request.room_id = room_id;
  request.events = std::move(events);
  request.on_done = [&done](const Status& s) { done.set_value(s); };
  store.append(std::move(request));
  return done.get_future().get();
}

Status not_intact(const std::string& what, const VerifyReport& report) {
  return Status::error("not_intact", what + " does not verify: room " + report.room + " seq " +
                                         std::to_string(report.seq) + ": " + report.problem);
}

// Copies one room's log; returns how many events.
Result<std::int64_t> copy_room(EventStore& source, EventStore& destination, const RoomRecord& room) {
  std::vector<Event> page;
  if (Status s = source.read_events(room, 0, kPageEvents, kPageBytes, page); !s) return s;
  if (page.empty()) return Status::error("not_intact", "room " + room.name + " has no events");
  RoomRecord copy;
  // The same id: the directory's audit log records rooms by id.
  if (Status s = destination.import_room(page.front(), room.body_id, &copy, room.id); !s) return s;
  std::int64_t copied = 1;
  page.erase(page.begin());
  for (;;) {
    if (!page.empty()) {
      const std::int64_t last = page.back().seq;
      copied += static_cast<std::int64_t>(page.size());
      if (Status s = append_and_wait(destination, copy.id, std::move(page)); !s) {
        return Status::error(s.code(), "room " + room.name + " up to seq " + std::to_string(last) + ": " + s.message());
      }
      page.clear();
      if (Status s = source.read_events(room, last, kPageEvents, kPageBytes, page); !s) return s;
    }
    if (page.empty()) return copied;
  }
}

}  // namespace

Result<MigrateReport> migrate_store(const StoreLocation& from, const StoreLocation& to,
                                    const std::function<void(const std::string&)>& progress) {
  if (const auto before = verify_chains(from, std::nullopt); !before.intact) {
    return not_intact("the source " + from.describe(), before);
  }
  if (const auto directory = verify_directory(from); !directory.intact) {
    return Status::error("not_intact", "the directory at " + from.describe() + " does not verify: " + directory.problem);
  }
  // Neither store may have a server meanwhile: a room made or moved during the copy would be
  // missed or refused. The locks a server takes (a SQLite file's, a PostgreSQL store's) are taken
  // here for the length of the copy.
  InstanceLock from_lock, to_lock;
  for (auto [where, lock] : {std::pair{&from, &from_lock}, std::pair{&to, &to_lock}}) {
    if (where->engine != StoreLocation::Engine::sqlite) continue;
    if (Status locked = InstanceLock::acquire(where->target, *lock); !locked) {
      return Status::error("store_in_use", locked.message() + ": stop it first");
    }
  }
  EventStore::Options as_the_server;
  as_the_server.server_lock = true;
  Status status;
  auto source = EventStore::open(from, as_the_server, status);
  if (!source) return status;
  auto destination = EventStore::open(to, as_the_server, status);
  if (!destination) return status;
  if (const auto there = destination->room_names(); !there.empty()) {
    return Status::error("store_not_empty", to.describe() + " already holds rooms (" + there.front() +
                                                "…): migrate into an empty store only (one no server has started on)");
  }
  MigrateReport report;
  // The house first: a room's body must be there before the room on SQLite (a reference).
  auto house = copy_house(from, to, progress);
  if (!house) return house.status();
  report.house_rows = house.value();
  std::vector<RoomRecord> copied;
  for (const auto& name : source->room_names()) {
    // Every room, the directory's audit log among them: it goes where the directory goes.
    const auto room = source->find_room(name);
    if (!room) return Status::error("store_failed", "room " + name + " could not be read");
    auto events = copy_room(*source, *destination, *room);
    if (!events) {
      return Status::error(events.status().code(),
                           events.status().message() + "; the " + std::to_string(report.rooms) +
                               " room(s) copied before it stay at " + to.describe() +
                               ": start again into an empty store (a new database or a new file)");
    }
    report.events += events.value();
    ++report.rooms;
    copied.push_back(*room);
    if (progress) progress("copied room " + name + ": " + std::to_string(events.value()) + " event(s)");
  }
  destination->drain();
  if (const auto after = verify_chains(to, std::nullopt); !after.intact) {
    return not_intact("the copy at " + to.describe(), after);
  }
  if (const auto directory = verify_directory(to); !directory.intact) {
    return Status::error("not_intact", "the directory copied to " + to.describe() + " does not verify: " + directory.problem);
  }
  for (const auto& room : copied) {
    const auto now = source->find_room(room.name);
    const auto there = destination->find_room(room.name);
    if (!now || !there || now->head_seq != there->head_seq || now->head_hash != there->head_hash) {
      return Status::error("not_intact", "room " + room.name +
                                             ": the source's head moved while copying (is a server "
                                             "writing it?); stop it and migrate into an empty store again");
    }
  }
  return report;
}

}  // namespace collegial::store
