#include "store/sqlite_connection.hpp"

namespace collegial::store {

std::unique_ptr<SQLite::Database> open_connection(const std::string& path, Durability durability,
                                                  bool read_only) {
  const int flags = read_only ? SQLite::OPEN_READONLY
                              : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  auto db = std::make_unique<SQLite::Database>(path, flags, /*busy_timeout_ms=*/5000);
  if (!read_only) {
    db->exec("PRAGMA journal_mode=WAL");
  }
  db->exec(durability == Durability::full ? "PRAGMA synchronous=FULL"
                                          : "PRAGMA synchronous=NORMAL");
  db->exec("PRAGMA foreign_keys=ON");
  return db;
}

}  // namespace collegial::store
