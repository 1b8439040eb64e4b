// The house's SQL on PostgreSQL (store/sql.hpp), through libpqxx.
#include <pqxx/pqxx>

#include <cctype>
#include <vector>

#include "store/postgres_event_store.hpp"
#include "store/sql.hpp"

namespace collegial::store::sql {
namespace {

// The house's write lock (pg_advisory_xact_lock): one writer at a time across every node, as
// SQLite's BEGIN IMMEDIATE gives one per file. A different key from the event store's locks.
constexpr std::int64_t kHouseWriteLock = 0x436f6c6c48736531;  // "CollHse1"

template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::integrity_constraint_violation& e) {
    throw Error(Error::Kind::constraint, e.what());
  } catch (const pqxx::failure& e) {  // sql_error, broken_connection, in_doubt_error…
    throw Error(Error::Kind::other, e.what());
  } catch (const pqxx::usage_error& e) {
    throw Error(Error::Kind::other, e.what());
  } catch (const pqxx::conversion_error& e) {
    throw Error(Error::Kind::other, e.what());
  } catch (const std::range_error& e) {
    throw Error(Error::Kind::other, e.what());
  } catch (const std::out_of_range& e) {
    throw Error(Error::Kind::other, e.what());
  }
}

class PostgresConnection;

class PostgresColumn final : public Column {
 public:
  void at(const pqxx::result* rows, pqxx::result::size_type row, int index) {
    rows_ = rows;
    row_ = row;
    index_ = index;
  }
  Type type() const override {
    const pqxx::field f = field();
    if (f.is_null()) return Type::null;
    switch (rows_->column_type(static_cast<pqxx::row::size_type>(index_))) {
      case 20: case 21: case 23: return Type::integer;  // int8, int2, int4 (pg_type.h)
      default: return Type::text;
    }
  }
  bool is_null() const override { return field().is_null(); }
  std::int64_t int64() const override {
    return guarded([&] {
      const pqxx::field f = field();
      if (f.is_null()) throw Error(Error::Kind::other, "column " + std::to_string(index_) + " is NULL");
      return f.as<std::int64_t>();
    });
  }
  std::string text() const override {
    const pqxx::field f = field();
    if (f.is_null()) throw Error(Error::Kind::other, "column " + std::to_string(index_) + " is NULL");
    return std::string(f.c_str(), f.size());
  }

 private:
  pqxx::field field() const {
    if (rows_ == nullptr || row_ >= rows_->size() || index_ < 0 ||
        index_ >= static_cast<int>(rows_->columns())) {
      throw Error(Error::Kind::other, "no column " + std::to_string(index_) + " in the current row");
    }
    return (*rows_)[row_][index_];
  }

  const pqxx::result* rows_ = nullptr;
  pqxx::result::size_type row_ = 0;
  int index_ = 0;
};

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(std::string url) : url_(std::move(url)) { connect(); }
  Engine engine() const override { return Engine::postgres; }
  std::unique_ptr<StatementImpl> prepare(const std::string& sql) override;

  void begin_write() override {
    if (tx_) throw Error(Error::Kind::other, "a transaction is already open on this connection");
    guarded([&] {
      reopen_if_closed();
      tx_.emplace(*db_);
      tx_->exec_params("SELECT pg_advisory_xact_lock($1)", kHouseWriteLock);
    });
  }
  void commit() override {
    if (!tx_) throw Error(Error::Kind::other, "no transaction to commit");
    try {
      guarded([&] { tx_->commit(); });
    } catch (...) {
      tx_.reset();
      throw;
    }
    tx_.reset();
  }
  void rollback() noexcept override {
    try {
      if (tx_) tx_->abort();
    } catch (const std::exception&) {
      // The connection went with the transaction: PostgreSQL rolled it back.
    }
    tx_.reset();
  }
  void execute(const std::string& script) override {
    guarded([&] {
      reopen_if_closed();
      if (tx_) {
        tx_->exec(script);
      } else {
        pqxx::nontransaction q(*db_);
        q.exec(script);
      }
    });
  }

  // Runs one statement in the open transaction, or on its own (autocommit) outside one.
  pqxx::result run(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    return guarded([&] {
      if (tx_) return tx_->exec_params(sql, pqxx::prepare::make_dynamic_params(params));
      reopen_if_closed();
      pqxx::nontransaction q(*db_);
      return q.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
    });
  }

 private:
  void connect() {
    guarded([&] { db_ = connect_postgres(url_); });
  }
  // Nothing is in doubt between transactions: a connection the server or the network ended
  // while idle is opened again rather than failing the next request.
  void reopen_if_closed() {
    if (!db_ || !db_->is_open()) connect();
  }

  std::string url_;
  std::unique_ptr<pqxx::connection> db_;
  std::optional<pqxx::work> tx_;
};

class PostgresStatement final : public StatementImpl {
 public:
  PostgresStatement(PostgresConnection& db, std::string sql) : db_(db), sql_(numbered_placeholders(sql)) {}
  void bind_int64(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
  void bind_text(int index, const std::string& value) override { slot(index) = value; }
  void bind_null(int index) override { slot(index) = std::nullopt; }
  bool step() override {
    if (!ran_) run();
    else if (row_ < rows_.size()) ++row_;
    return row_ < rows_.size();
  }
  std::int64_t exec() override {
    run();
    row_ = rows_.size();
    return static_cast<std::int64_t>(rows_.affected_rows());
  }
  const Column& column(int index) override {
    column_.at(&rows_, row_, index);
    return column_;
  }
  int column_count() override { return static_cast<int>(rows_.columns()); }
  std::string column_name(int index) override {
    return guarded([&] { return std::string(rows_.column_name(static_cast<pqxx::row::size_type>(index))); });
  }
  void reset() override {
    ran_ = false;
    rows_ = pqxx::result();
    row_ = 0;
  }

 private:
  std::optional<std::string>& slot(int index) {
    if (index < 1 || index > 999) throw Error(Error::Kind::other, "no parameter " + std::to_string(index));
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
    return params_[static_cast<std::size_t>(index - 1)];
  }
  void run() {
    rows_ = db_.run(sql_, params_);
    ran_ = true;
    row_ = 0;
  }

  PostgresConnection& db_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result rows_;
  pqxx::result::size_type row_ = 0;
  bool ran_ = false;
  PostgresColumn column_;
};

std::unique_ptr<StatementImpl> PostgresConnection::prepare(const std::string& sql) {
  return std::make_unique<PostgresStatement>(*this, sql);
}

}  // namespace

std::string numbered_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  char quote = 0;  // inside '…' or "…"
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: still right
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      // "?5" is SQLite's numbered parameter: the same number here. A bare "?" takes the next.
      if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) continue;
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<Connection> open_postgres(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

std::unique_ptr<Connection> open(const StoreLocation& where) {
  if (where.engine == StoreLocation::Engine::postgres) return open_postgres(where.target);
  return open_sqlite(where.target);
}

}  // namespace collegial::store::sql
