// The house's SQL on SQLite (store/sql.hpp): a thin face over SQLiteCpp.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <set>

#include "store/sql.hpp"

namespace collegial::store::sql {
namespace {

Error translated(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  const Error::Kind kind = code == SQLITE_CONSTRAINT ? Error::Kind::constraint
                           : code == SQLITE_BUSY     ? Error::Kind::busy
                                                     : Error::Kind::other;
  return Error(kind, e.what());
}

// Runs `f`, turning SQLiteCpp's exceptions into sql::Error.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw translated(e);
  }
}

class SqliteColumn final : public Column {
 public:
  explicit SqliteColumn(SQLite::Statement& q) : q_(q) {}
  void at(int index) { index_ = index; }
  Type type() const override {
    return guarded([&] {
      switch (q_.getColumn(index_).getType()) {
        case SQLITE_NULL: return Type::null;
        case SQLITE_INTEGER: return Type::integer;
        default: return Type::text;  // the house stores no reals or blobs
      }
    });
  }
  bool is_null() const override {
    return guarded([&] { return q_.getColumn(index_).isNull(); });
  }
  std::int64_t int64() const override {
    return guarded([&] {
      const SQLite::Column c = q_.getColumn(index_);
      if (c.isNull()) throw Error(Error::Kind::other, "column " + std::to_string(index_) + " is NULL");
      return static_cast<std::int64_t>(c.getInt64());
    });
  }
  std::string text() const override {
    return guarded([&] {
      const SQLite::Column c = q_.getColumn(index_);
      if (c.isNull()) throw Error(Error::Kind::other, "column " + std::to_string(index_) + " is NULL");
      return c.getString();
    });
  }

 private:
  SQLite::Statement& q_;
  int index_ = 0;
};

class SqliteStatement;

// The statements of a connection not yet destroyed. SQLite refuses to COMMIT while one is
// between rows (an INSERT … RETURNING stepped once, a SELECT read in part); the commit resets
// them first, as their rows have been read by then.
using LiveStatements = std::set<SqliteStatement*>;

class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql, LiveStatements& live)
      : q_(guarded([&] { return SQLite::Statement(db, sql); })), column_(q_), live_(live) {
    live_.insert(this);
  }
  ~SqliteStatement() override { live_.erase(this); }
  void release() noexcept {
    try {
      q_.reset();
    } catch (const SQLite::Exception&) {
      // the error is the statement's own, already reported by the step that met it
    }
  }
  void bind_int64(int index, std::int64_t value) override {
    guarded([&] { q_.bind(index, static_cast<int64_t>(value)); });
  }
  void bind_text(int index, const std::string& value) override {
    guarded([&] { q_.bind(index, value); });
  }
  void bind_null(int index) override {
    guarded([&] { q_.bind(index); });
  }
  bool step() override {
    return guarded([&] { return q_.executeStep(); });
  }
  std::int64_t exec() override {
    return guarded([&] { return static_cast<std::int64_t>(q_.exec()); });
  }
  const Column& column(int index) override {
    column_.at(index);
    return column_;
  }
  int column_count() override { return q_.getColumnCount(); }
  std::string column_name(int index) override {
    return guarded([&] { return std::string(q_.getColumnName(index)); });
  }
  void reset() override {
    guarded([&] { q_.reset(); });
  }

 private:
  SQLite::Statement q_;
  SqliteColumn column_;
  LiveStatements& live_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
  Engine engine() const override { return Engine::sqlite; }
  std::unique_ptr<StatementImpl> prepare(const std::string& sql) override {
    return std::make_unique<SqliteStatement>(*db_, sql, live_);
  }
  // IMMEDIATE: the write lock is taken now, so what the transaction reads stays true until
  // it commits (another process's writer waits on the busy timeout).
  void begin_write() override {
    // A statement left between rows outside a transaction holds SQLite's implicit one open:
    // finish it first, so the write it made is committed, not taken into this transaction.
    for (SqliteStatement* q : live_) q->release();
    guarded([&] { db_->exec("BEGIN IMMEDIATE"); });
  }
  void commit() override {
    for (SqliteStatement* q : live_) q->release();
    guarded([&] { db_->exec("COMMIT"); });
  }
  void rollback() noexcept override {
    for (SqliteStatement* q : live_) q->release();
    try {
      db_->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // SQLite already rolled back (a full disk, an I/O error): nothing is left to undo.
    }
  }
  void execute(const std::string& script) override {
    guarded([&] { db_->exec(script); });
  }

 private:
  std::unique_ptr<SQLite::Database> db_;
  LiveStatements live_;  // its statements, each destroyed before the connection
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, Durability durability, bool read_only) {
  return guarded([&]() -> std::unique_ptr<Connection> {
    return std::make_unique<SqliteConnection>(open_connection(path, durability, read_only));
  });
}

}  // namespace collegial::store::sql
