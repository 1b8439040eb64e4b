// Copies of the database: an online backup while collegiald serves, and the restore of one.
//
// A backup is taken through SQLite's backup API, in one read transaction, so it is a consistent
// snapshot of every room's log, the directory and the outbox at one instant, even while the
// server keeps appending (WAL: writers are not blocked). It is written beside its destination
// and renamed into place only once complete and flushed, so a crash never leaves a half copy
// under the backup's name. Neither function checks the hash chains: the caller runs
// verify_chains on the copy (collegiald backup and restore do, and refuse a broken one).
#pragma once

#include <string>

#include "util/status.hpp"

namespace collegial::store {

// Copies the database at `from` (which may be in use by a running server) to the new file
// `to`. Refuses (`exists`) when `to` already exists; `io` when either cannot be opened or
// written. The copy is a plain SQLite file in rollback-journal mode, movable as one file.
Status backup_database(const std::string& from, const std::string& to);

// Puts the backup at `from` in place of the database at `to`, with its -wal and -shm files
// removed. The server must not be running on `to` (InstanceLock says whether one is); the
// database that was there is first copied to `to` + ".before-restore-<unix seconds>".
Status restore_database(const std::string& from, const std::string& to);

}  // namespace collegial::store
