// Reading a stored event back: the one place that knows the column order of an events query.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <string>

#include "record/event.hpp"
#include "store/sql.hpp"

namespace collegial::store {

using record::Event;

// Select these columns, in this order, to read rows with event_from_row.
inline constexpr const char* kEventColumns = "seq, ts_ms, actor, type, body, prev_hash, hash, salt";
// The same for a database from before migration 0007 (no salt column: every event is v1), which
// `collegiald verify` reads without migrating it.
inline constexpr const char* kEventColumnsBeforeSalt =
    "seq, ts_ms, actor, type, body, prev_hash, hash, ''";

// The event in the current row of `q` (selected with kEventColumns) of the room named `room`.
inline Event event_from_row(SQLite::Statement& q, const std::string& room) {
  Event e;
  e.room = room;
  e.seq = q.getColumn(0).getInt64();
  e.ts_ms = q.getColumn(1).getInt64();
  e.actor = q.getColumn(2).getString();
  e.type = q.getColumn(3).getString();
  e.body = q.getColumn(4).getString();
  e.prev_hash = q.getColumn(5).getString();
  e.hash = q.getColumn(6).getString();
  e.salt = q.getColumn(7).getString();
  return e;
}

// The same through the house's SQL seam (store/sql.hpp), on either engine.
inline Event event_from_row(sql::Statement& q, const std::string& room) {
  Event e;
  e.room = room;
  e.seq = q.column(0).int64();
  e.ts_ms = q.column(1).int64();
  e.actor = q.column(2).text();
  e.type = q.column(3).text();
  e.body = q.column(4).text();
  e.prev_hash = q.column(5).text();
  e.hash = q.column(6).text();
  e.salt = q.column(7).text();
  return e;
}

}  // namespace collegial::store
