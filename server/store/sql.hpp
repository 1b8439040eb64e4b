// The house's SQL, written once for both engines.
//
// The directory, its audit log, accounts and sessions, checkpoints and the outbox are a few
// hundred statements of plain SQL. They run on the embedded SQLite file by default and on
// PostgreSQL when the deployment's store is there (issue #18 §3: a node then needs no local
// file, and every node sees the same people, seats and sessions). This seam is what lets one
// text of each statement serve both:
//
//   - statements use `?` placeholders (numbered $1, $2… for PostgreSQL here), and the dialect
//     both engines share: `INSERT … RETURNING id` instead of a last-insert-rowid,
//     `ON CONFLICT … DO NOTHING` instead of `INSERT OR IGNORE`, times bound from C++ rather
//     than computed by the database;
//   - a write Transaction serializes writers as SQLite's BEGIN IMMEDIATE does: on PostgreSQL it
//     takes one transaction-scoped advisory lock (the house's), so a read-then-write decision
//     (a seat's election, a session's rotation) is taken on state no other node is changing;
//   - every failure is an sql::Error saying whether it was a constraint (a duplicate, a missing
//     row referenced), so callers answer `exists` or `store_failed` the same way on both.
//
// A Connection is not thread-safe; its owner serializes use (each house class holds a mutex).
// Values are 64-bit integers, text or NULL: the house stores nothing else.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "store/sqlite_connection.hpp"
#include "store/store_location.hpp"

namespace collegial::store::sql {

enum class Engine { sqlite, postgres };

class Error : public std::runtime_error {
 public:
  enum class Kind {
    constraint,  // a UNIQUE, CHECK, NOT NULL or foreign key refused the change
    busy,        // the database stayed locked by another writer past the wait
    other,       // anything else: I/O, a lost connection, a malformed statement
  };
  Error(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }
  bool is_constraint() const { return kind_ == Kind::constraint; }

 private:
  Kind kind_;
};

// One field of the current row. Reading NULL as a number or text throws sql::Error.
class Column {
 public:
  enum class Type { null, integer, text };
  virtual ~Column() = default;
  virtual Type type() const = 0;
  virtual bool is_null() const = 0;
  virtual std::int64_t int64() const = 0;
  virtual std::string text() const = 0;
  int int32() const { return static_cast<int>(int64()); }
  std::optional<std::int64_t> optional_int64() const {
    if (is_null()) return std::nullopt;
    return int64();
  }
  std::optional<std::string> optional_text() const {
    if (is_null()) return std::nullopt;
    return text();
  }
};

// An engine's prepared statement (sql.cpp's Statement is the face callers use).
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, const std::string& value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;
  virtual std::int64_t exec() = 0;
  virtual const Column& column(int index) = 0;
  virtual int column_count() = 0;
  virtual std::string column_name(int index) = 0;
  virtual void reset() = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  virtual std::unique_ptr<StatementImpl> prepare(const std::string& sql) = 0;
  // A write transaction (see the header's comment); only one at a time on a connection.
  virtual void begin_write() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Statements without parameters or results, separated by ';' (schema work in tests).
  virtual void execute(const std::string& script) = 0;
};

// A statement on `db`: bind its `?` parameters (from 1), then step() through its rows or
// exec() it. Binding after a reset() runs it again with the new values.
class Statement {
 public:
  Statement(Connection& db, const std::string& sql) : impl_(db.prepare(sql)) {}

  void bind(int index, std::int64_t value) { impl_->bind_int64(index, value); }
  void bind(int index, int value) { impl_->bind_int64(index, value); }
  void bind(int index, bool value) { impl_->bind_int64(index, value ? 1 : 0); }
  void bind(int index, const std::string& value) { impl_->bind_text(index, value); }
  void bind(int index, const char* value) { impl_->bind_text(index, value); }
  void bind(int index) { impl_->bind_null(index); }
  void bind(int index, const std::optional<std::int64_t>& value) {
    if (value) bind(index, *value);
    else bind(index);
  }
  void bind(int index, const std::optional<std::string>& value) {
    if (value) bind(index, *value);
    else bind(index);
  }

  // Runs the statement on the first call; true while there is a current row.
  bool step() { return impl_->step(); }
  // Runs it to the end; returns the number of rows it inserted, updated or deleted.
  std::int64_t exec() { return impl_->exec(); }
  const Column& column(int index) { return impl_->column(index); }
  // The result's columns (after the first step()).
  int column_count() { return impl_->column_count(); }
  std::string column_name(int index) { return impl_->column_name(index); }
  // Ready to run again; bound values stay until bound anew.
  void reset() { impl_->reset(); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

// A write transaction, rolled back unless committed (an exception, an early return).
class Transaction {
 public:
  explicit Transaction(Connection& db) : db_(db) { db_.begin_write(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    done_ = true;
    db_.commit();
  }

 private:
  Connection& db_;
  bool done_ = false;
};

// The house's SQLite file (migrations already applied by the event store's open), in WAL mode
// with foreign keys on, as store/sqlite_connection.hpp opens it. Throws sql::Error.
std::unique_ptr<Connection> open_sqlite(const std::string& path, Durability durability = Durability::full,
                                        bool read_only = false);

// A PostgreSQL database at a libpq URL (migrations already applied). A connection found
// closed is reopened before the next statement or transaction; one lost inside a
// transaction fails it. Throws sql::Error.
std::unique_ptr<Connection> open_postgres(const std::string& url);

// The house where `where` says: the SQLite file, or the PostgreSQL database. Throws sql::Error.
std::unique_ptr<Connection> open(const StoreLocation& where);

// `?` placeholders numbered for PostgreSQL ($1, $2…), leaving quoted text alone.
std::string numbered_placeholders(const std::string& sql);

}  // namespace collegial::store::sql
