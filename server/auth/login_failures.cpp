#include "auth/login_failures.hpp"

namespace collegial::auth {
namespace {

namespace sql = store::sql;

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

}  // namespace

SqlFailureTable::SqlFailureTable(const store::StoreLocation& house) : db_(sql::open(house)) {}

FailureTable::Entry SqlFailureTable::get(const std::string& kind, const std::string& key) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, "SELECT failures, last_failure_ms FROM login_failures WHERE kind = ? AND who = ?");
  q.bind(1, kind);
  q.bind(2, key);
  if (!q.step()) return {};
  return {q.column(0).int32(), q.column(1).int64()};
}

void SqlFailureTable::put(const std::string& kind, const std::string& key, const Entry& entry) {
  std::lock_guard lock(mutex_);
  if (entry.failures <= 0) {
    sql::Statement q(*db_, "DELETE FROM login_failures WHERE kind = ? AND who = ?");
    q.bind(1, kind);
    q.bind(2, key);
    q.exec();
    return;
  }
  sql::Statement q(*db_,
                   "INSERT INTO login_failures(kind, who, failures, last_failure_ms) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (kind, who) DO UPDATE SET failures = excluded.failures,"
                   " last_failure_ms = excluded.last_failure_ms");
  q.bind(1, kind);
  q.bind(2, key);
  q.bind(3, entry.failures);
  q.bind(4, entry.last_failure_ms);
  q.exec();
  // Keep the table small: once an hour at most, forget what has been quiet for a day.
  if (entry.last_failure_ms - last_purge_ms_ > kDayMs / 24) {
    sql::Statement purge(*db_, "DELETE FROM login_failures WHERE last_failure_ms < ?");
    purge.bind(1, entry.last_failure_ms - kDayMs);
    purge.exec();
    last_purge_ms_ = entry.last_failure_ms;
  }
}

void SqlFailureTable::atomically(const std::function<void()>& work) {
  std::lock_guard lock(mutex_);
  sql::Transaction tx(*db_);
  work();
  tx.commit();
}

}  // namespace collegial::auth
