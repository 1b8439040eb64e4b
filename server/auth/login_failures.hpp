// Failed logins counted in the house's database (table login_failures), for LoginThrottle: on
// PostgreSQL every node shares them, so a guesser spread over a balancer's nodes is slowed as
// one, and on either engine a restart does not forgive.
#pragma once

#include <memory>
#include <mutex>

#include "auth/login_throttle.hpp"
#include "store/sql.hpp"
#include "store/store_location.hpp"

namespace collegial::auth {

class SqlFailureTable final : public FailureTable {
 public:
  // Opens its own connection to the house (migrated). Throws store::sql::Error.
  explicit SqlFailureTable(const store::StoreLocation& house);

  // Each throws store::sql::Error on a database error.
  Entry get(const std::string& kind, const std::string& key) override;
  void put(const std::string& kind, const std::string& key, const Entry& entry) override;
  // In one write transaction (serialized with every node's). Entries quiet for a day are
  // forgotten at the start of each.
  void atomically(const std::function<void()>& work) override;

 private:
  std::recursive_mutex mutex_;
  std::unique_ptr<store::sql::Connection> db_;
  std::int64_t last_purge_ms_ = 0;
};

}  // namespace collegial::auth
