// Opening SQLite connections the way the event store needs them.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

namespace collegial::store {

// How hard a commit tries to survive a power loss. Both survive a crash of the process
// (kill -9): WAL frames written before the crash are recovered on the next open.
enum class Durability {
  full,    // synchronous=FULL: the WAL is fsynced at every commit; survives power loss (default)
  normal,  // synchronous=NORMAL: fsync only at checkpoints; a power loss may drop the last commits
};

// Opens (creating if asked) a connection in WAL mode with foreign keys on and a busy timeout, so
// several connections of this process and the admin commands can share the file.
// Throws SQLite::Exception on failure.
std::unique_ptr<SQLite::Database> open_connection(const std::string& path, Durability durability,
                                                  bool read_only);

}  // namespace collegial::store
