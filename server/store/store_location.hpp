// Where a deployment's data lives, as `--store` names it.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace collegial::store {

// Where a deployment's event logs live, as `--store` names it: `sqlite:PATH` or `postgres:URL`
// (a libpq URL, postgresql://… or key=value words). On PostgreSQL the house (directory,
// accounts, checkpoints, outbox) lives there too (store/sql.hpp).
struct StoreLocation {
  enum class Engine { sqlite, postgres };
  Engine engine = Engine::sqlite;
  std::string target;  // the SQLite file, or the libpq connection string

  // `bad_store` names what is wrong (an unknown engine, an empty path or URL).
  static Result<StoreLocation> parse(std::string_view text);
  // For logs and messages: the engine and where, a URL's password replaced by "***".
  std::string describe() const;
};

}  // namespace collegial::store
