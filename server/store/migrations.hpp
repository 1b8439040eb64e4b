// Schema migrations: the numbered SQL files in db/migrations, compiled into the binary.
//
// At start-up they are applied in order, each in its own transaction, and recorded in the
// table schema_migrations. A database whose recorded version is newer than the newest
// migration this binary knows is refused: an old server must not write a newer schema.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "util/status.hpp"

namespace collegial::store {

struct Migration {
  int version;       // from the file name's leading number
  const char* name;  // file name without .sql
  const char* sql;
};

// All migrations compiled in, by ascending version (generated source).
const std::vector<Migration>& embedded_migrations();

// Applies the migrations `db` has not yet recorded. Returns `schema_too_new` when the database
// was written by a newer server, `store_failed` when a migration fails (it is rolled back).
Status migrate(SQLite::Database& db, const std::vector<Migration>& migrations);

// The newest version recorded in `db`, or 0 for an empty database.
int schema_version(SQLite::Database& db);

}  // namespace collegial::store
