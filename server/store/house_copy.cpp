#include "store/house_copy.hpp"

#include <vector>

#include "store/sql.hpp"

namespace collegial::store {
namespace {

struct HouseTable {
  const char* name;
  const char* order;     // a stable order of its rows
  bool identity;         // an `id` the database numbers (PostgreSQL: an identity to move on)
};

// Referenced tables before the tables referring to them (0002…0008, db/migrations/postgres/0002).
constexpr HouseTable kHouse[] = {
    {"cooperatives", "id", true},
    {"entities", "id", true},
    {"bodies", "id", true},
    {"people", "id", true},
    {"memberships", "id", true},
    {"sessions", "token_hash", false},
    {"invitations", "token_hash", false},
    {"bots", "id", true},
    {"bot_scopes", "bot_id, body_id", false},
    {"media_subscribers", "id", true},
    {"deliveries", "id", true},
    {"calendar_feeds", "person_id", false},
    {"checkpoint_keys", "key_id", false},
    {"checkpoints", "id", true},
};

std::int64_t rows_in(sql::Connection& db, const char* table) {
  sql::Statement q(db, std::string("SELECT count(*) FROM ") + table);
  q.step();
  return q.column(0).int64();
}

// Copies one table's rows, every column by name (the engines' tables have the same columns).
std::int64_t copy_table(sql::Connection& from, sql::Connection& to, const HouseTable& t) {
  sql::Statement read(from, std::string("SELECT * FROM ") + t.name + " ORDER BY " + t.order);
  std::unique_ptr<sql::Statement> write;
  std::int64_t copied = 0;
  while (read.step()) {
    const int columns = read.column_count();
    if (!write) {
      std::string names, marks;
      for (int i = 0; i < columns; ++i) {
        if (i > 0) {
          names += ", ";
          marks += ", ";
        }
        names += read.column_name(i);
        marks += "?";
      }
      // An identity column takes the copied id only when told to (PostgreSQL).
      const char* overriding = to.engine() == sql::Engine::postgres && t.identity ? " OVERRIDING SYSTEM VALUE" : "";
      write = std::make_unique<sql::Statement>(
          to, std::string("INSERT INTO ") + t.name + " (" + names + ")" + overriding + " VALUES (" + marks + ")");
    }
    for (int i = 0; i < columns; ++i) {
      const sql::Column& c = read.column(i);
      switch (c.type()) {
        case sql::Column::Type::null: write->bind(i + 1); break;
        case sql::Column::Type::integer: write->bind(i + 1, c.int64()); break;
        case sql::Column::Type::text: write->bind(i + 1, c.text()); break;
      }
    }
    write->exec();
    write->reset();
    ++copied;
  }
  if (to.engine() == sql::Engine::postgres && t.identity && copied > 0) {
    sql::Statement move_on(to, std::string("SELECT setval(pg_get_serial_sequence('") + t.name +
                                   "', 'id'), (SELECT max(id) FROM " + t.name + "))");
    move_on.step();
  }
  return copied;
}

}  // namespace

Result<std::int64_t> copy_house(const StoreLocation& from, const StoreLocation& to,
                                const std::function<void(const std::string&)>& progress) {
  try {
    auto source = sql::open(from);
    auto destination = sql::open(to);
    sql::Transaction tx(*destination);
    for (const HouseTable& t : kHouse) {
      if (rows_in(*destination, t.name) > 0) {
        return Status::error("store_not_empty", to.describe() + " already holds " + t.name +
                                                    ": migrate into an empty store only");
      }
    }
    std::int64_t total = 0;
    for (const HouseTable& t : kHouse) {
      const std::int64_t n = copy_table(*source, *destination, t);
      total += n;
      if (progress && n > 0) progress("copied " + std::to_string(n) + " row(s) of " + t.name);
    }
    tx.commit();
    return total;
  } catch (const sql::Error& e) {
    return Status::error("store_failed", std::string("copying the directory, accounts and outbox failed: ") + e.what());
  }
}

}  // namespace collegial::store
