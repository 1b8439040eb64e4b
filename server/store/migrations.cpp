#include "store/migrations.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>

#include "util/log.hpp"

namespace collegial::store {
namespace {

void ensure_table(SQLite::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY,"
      " name TEXT NOT NULL,"
      " applied_ms INTEGER NOT NULL)");
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int schema_version(SQLite::Database& db) {
  if (!db.tableExists("schema_migrations")) return 0;
  SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.executeStep();
  return q.getColumn(0).getInt();
}

Status migrate(SQLite::Database& db, const std::vector<Migration>& migrations) {
  try {
    ensure_table(db);
    const int current = schema_version(db);
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (current > newest) {
      return Status::error("schema_too_new",
                           "database schema version " + std::to_string(current) +
                               " is newer than this server knows (" + std::to_string(newest) +
                               "); upgrade collegiald");
    }
    for (const Migration& m : migrations) {
      if (m.version <= current) continue;
      SQLite::Transaction tx(db);
      db.exec(m.sql);
      SQLite::Statement record(
          db, "INSERT INTO schema_migrations(version, name, applied_ms) VALUES (?, ?, ?)");
      record.bind(1, m.version);
      record.bind(2, m.name);
      record.bind(3, static_cast<std::int64_t>(now_ms()));
      record.exec();
      tx.commit();
      LOG_INFO("applied migration " << m.name);
    }
    return Status::ok();
  } catch (const SQLite::Exception& e) {
    return Status::error("store_failed", std::string("migration failed: ") + e.what());
  }
}

}  // namespace collegial::store
