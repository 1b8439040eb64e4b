// Copying the house (the directory, accounts and sessions, the outbox, checkpoints) from one
// database to another, for `collegiald migrate-store`: with --store postgres the house lives in
// PostgreSQL beside the rooms, so a deployment moves whole.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/store_location.hpp"
#include "util/result.hpp"

namespace collegial::store {

// Copies every row of the house's tables from `from` to `to` (both migrated), ids and all, in
// one transaction at `to`, tables in the order their references need. `to` must hold no house
// rows (`store_not_empty`). On PostgreSQL the identities are moved past the ids copied, so rows
// made later never collide. Returns how many rows. Errors: `store_not_empty`, `store_failed`.
// The directory's audit log is a room: migrate_store copies it with the rooms, and ids kept
// here and there keep it true of the copy (verify_directory checks it at the end).
Result<std::int64_t> copy_house(const StoreLocation& from, const StoreLocation& to,
                                const std::function<void(const std::string&)>& progress);

}  // namespace collegial::store
