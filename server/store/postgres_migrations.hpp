// Schema migrations of the PostgreSQL event store: db/migrations/postgres, compiled in.
//
// The same rules as SQLite's (store/migrations.hpp): applied in order, each in its own
// transaction, recorded in schema_migrations; a database newer than this binary is refused.
// Several nodes may start at once on one database: the migrations run under an advisory lock,
// so exactly one applies each and the others find it applied.
#pragma once

#include <pqxx/connection>

#include <vector>

#include "store/migrations.hpp"
#include "util/status.hpp"

namespace collegial::store {

// All PostgreSQL migrations compiled in, by ascending version (generated source).
const std::vector<Migration>& embedded_postgres_migrations();

// Applies what `db` has not recorded. `schema_too_new` or `store_failed` as SQLite's migrate.
Status migrate_postgres(pqxx::connection& db, const std::vector<Migration>& migrations);

// The newest version recorded in `db`, or 0 for an empty database. Throws pqxx errors.
int postgres_schema_version(pqxx::connection& db);

}  // namespace collegial::store
