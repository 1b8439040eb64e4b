// Copying a deployment's rooms from one store to another (`collegiald migrate-store`), for
// example from the embedded SQLite file to PostgreSQL when a cooperative's service grows.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/event_store.hpp"
#include "util/result.hpp"

namespace collegial::store {

struct MigrateReport {
  std::int64_t rooms = 0;
  std::int64_t events = 0;
  std::int64_t house_rows = 0;  // of the directory, accounts, outbox and checkpoints
};

// Copies a whole deployment from `from` to `to`, which must be empty (no rooms, no house rows):
// verifies every chain and the directory at `from`; copies the house (store/house_copy.hpp) with
// its ids; then each room, the directory's audit log among them, under the same id: the first
// event as it is (import_room), the rest through the destination's guarded append in pages, so
// the copy is checked link by link as it is written. Then verifies every chain and the directory
// at `to`, and that each room's head there is the source's head now. `progress` receives a line
// per room and per table.
// Neither store may be served meanwhile: the locks a server takes are held for the copy
// (`store_in_use` otherwise). A copy that fails halfway leaves what was copied before it; the
// error says so, and the destination must be emptied before trying again.
// Errors: `not_intact` (the source or the copy does not verify, or the source moved meanwhile),
// `store_not_empty`, `store_in_use`, `store_failed`, and the stores' own.
Result<MigrateReport> migrate_store(const StoreLocation& from, const StoreLocation& to,
                                    const std::function<void(const std::string&)>& progress);

}  // namespace collegial::store
