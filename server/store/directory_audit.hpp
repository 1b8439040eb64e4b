// The directory's audit log: every change to the directory's rows (cooperatives, entities,
// bodies, people, memberships and seats, bots and their scopes, media subscribers, rooms) is
// recorded as an event in a hash chain like a room's, so that `collegiald verify` detects a
// changed or deleted row as it detects a changed vote (docs/architecture.md, "Checkpoints and
// witnesses").
//
// The log is the room `directory:audit` in the events table. Its name is not a valid room name
// for clients (core::valid_room_name refuses ':'), so nobody can join, read or write it through
// the server; only this file appends to it, on the directory's own connection. Its events:
//
//   room.created          the genesis, as every room's
//   directory.baseline    the rows that were there when the log began
//   directory.changed     {"operation": "add-membership", "rows": [change…]}: what an
//                         operation changed
//   directory.unaccounted {"operation": …, "rows": [change…]}: what had changed without being
//                         recorded, found just before `operation` ran. Recorded so that it is
//                         never taken for a legitimate change; verify reports it.
//
// where a change is {"table": "memberships", "key": "5", "row": {column: value…}} (the row
// as it is now) or with "row": null (the row was deleted). Passwords, sessions, invitations
// and calendar tokens are credentials, not the directory, and are not recorded; a webhook's
// secret is recorded as its SHA-256.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "store/sql.hpp"
#include "store/store_location.hpp"

namespace collegial::store {

inline constexpr const char* kAuditRoom = "directory:audit";

// table → key → row (column → value).
using DirectoryRows = std::map<std::string, std::map<std::string, nlohmann::json>>;

// The audited rows as they are in `db` now. Throws sql::Error.
DirectoryRows read_directory_rows(sql::Connection& db);

// The changes that turn `from` into `to`, as a JSON array of changes (table order, then key).
nlohmann::json row_changes(const DirectoryRows& from, const DirectoryRows& to);

// Applies an array of changes to `rows`; malformed entries are skipped.
void apply_changes(DirectoryRows& rows, const nlohmann::json& changes);

// Appends to the audit log on one connection. Not thread-safe: its owner (store::Directory)
// serializes calls and owns the connection.
class DirectoryAudit {
 public:
  explicit DirectoryAudit(sql::Connection& db) : db_(db) {}

  // Creates the audit room when the database has none, with a baseline of the rows already
  // there; otherwise folds the log into memory. Throws sql::Error.
  void open(std::int64_t now_ms);

  // In one write transaction: catches up with events another process appended, compares
  // the rows with the log, and when they differ appends one event of `type`
  // (directory.changed or directory.unaccounted) naming `operation`. Returns how many rows
  // changed (0: nothing appended). Throws sql::Error; then nothing was appended.
  std::size_t record(const std::string& type, const std::string& operation, std::int64_t now_ms);

 private:
  void catch_up();

  sql::Connection& db_;
  std::int64_t room_id_ = 0;
  std::int64_t seq_ = 0;
  std::string hash_;
  DirectoryRows folded_;
};

// What `collegiald verify` says of the directory.
struct DirectoryVerdict {
  bool intact = true;
  std::int64_t events = 0;  // events of the audit log checked
  std::int64_t seq = 0;     // where the problem is in the audit log, when it is there
  std::string problem;
};

// Opens `path` read-only, checks the audit log's chain, folds it and compares the result with
// the tables: reports the first change recorded as unaccounted, then the first row that is
// not as the log says (changed, deleted, or never recorded). A database with directory rows
// but no audit log is not intact either.
DirectoryVerdict verify_directory(const std::string& path);
// The same for the house at `where` (the SQLite file, or the PostgreSQL database).
DirectoryVerdict verify_directory(const StoreLocation& where);

}  // namespace collegial::store
