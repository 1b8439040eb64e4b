// Reading a stored event back from PostgreSQL: the one place that knows the column order of an
// events query there (store/event_row.hpp is SQLite's).
#pragma once

#include <pqxx/row>

#include <string>

#include "record/event.hpp"

namespace collegial::store {

using record::Event;

// Select these columns, in this order, to read rows with event_from_pg.
inline constexpr const char* kPgEventColumns = "seq, ts_ms, actor, type, body, prev_hash, hash, salt";

inline Event event_from_pg(const pqxx::row& row, const std::string& room) {
  Event e;
  e.room = room;
  e.seq = row[0].as<std::int64_t>();
  e.ts_ms = row[1].as<std::int64_t>();
  e.actor = row[2].as<std::string>();
  e.type = row[3].as<std::string>();
  e.body = row[4].as<std::string>();
  e.prev_hash = row[5].as<std::string>();
  e.hash = row[6].as<std::string>();
  e.salt = row[7].as<std::string>();
  return e;
}

}  // namespace collegial::store
