// What `collegiald verify` reads of a PostgreSQL store: one REPEATABLE READ, READ ONLY
// transaction, so the heads and the events it checks are one moment's, even while nodes append.
#pragma once

#include <memory>
#include <string>

#include "store/chain_verifier.hpp"

namespace collegial::store {

// Connects to `url` and begins the transaction. Throws pqxx errors when it cannot.
std::unique_ptr<ChainSource> open_postgres_chain_source(const std::string& url);

}  // namespace collegial::store
