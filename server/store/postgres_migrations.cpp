#include "store/postgres_migrations.hpp"

#include <pqxx/transaction>

#include <chrono>
#include <string>

#include "util/log.hpp"

namespace collegial::store {
namespace {

// The advisory lock's key: any constant no other part of Collegial uses ("coll" in ASCII).
constexpr std::int64_t kMigrationLock = 0x636f6c6c;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int recorded_version(pqxx::transaction_base& tx) {
  const auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists[0].as<bool>()) return 0;
  return tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<int>();
}

}  // namespace

int postgres_schema_version(pqxx::connection& db) {
  pqxx::read_transaction tx(db);
  return recorded_version(tx);
}

Status migrate_postgres(pqxx::connection& db, const std::vector<Migration>& migrations) {
  try {
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    for (;;) {
      // One migration per transaction, each under the lock (released at its commit), so a node
      // starting beside another waits for it and then finds its work done.
      pqxx::work tx(db);
      tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
      tx.exec0(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
      const int current = recorded_version(tx);
      if (current > newest) {
        return Status::error("schema_too_new",
                             "database schema version " + std::to_string(current) +
                                 " is newer than this server knows (" + std::to_string(newest) +
                                 "); upgrade collegiald");
      }
      const Migration* next = nullptr;
      for (const Migration& m : migrations) {
        if (m.version > current) {
          next = &m;
          break;
        }
      }
      if (!next) {
        tx.commit();
        return Status::ok();
      }
      tx.exec0(next->sql);
      tx.exec_params0("INSERT INTO schema_migrations(version, name, applied_ms) VALUES ($1, $2, $3)",
                      next->version, std::string(next->name), now_ms());
      tx.commit();
      LOG_INFO("applied PostgreSQL migration " << next->name);
    }
  } catch (const std::exception& e) {
    return Status::error("store_failed", std::string("PostgreSQL migration failed: ") + e.what());
  }
}

}  // namespace collegial::store
