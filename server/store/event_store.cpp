#include "store/event_store.hpp"

#include <regex>

#include "store/room_genesis.hpp"

#include "store/postgres_event_store.hpp"
#include "store/sqlite_event_store.hpp"

namespace collegial::store {

using record::Event;

Result<StoreLocation> StoreLocation::parse(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view engine = colon == std::string_view::npos ? std::string_view() : text.substr(0, colon);
  const std::string target(colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1));
  StoreLocation where;
  if (engine == "sqlite") {
    where.engine = Engine::sqlite;
  } else if (engine == "postgres" || engine == "postgresql") {
    where.engine = Engine::postgres;
  } else {
    return Status::error("bad_store", "--store must be sqlite:PATH or postgres:URL, not '" + std::string(text) + "'");
  }
  if (target.empty()) {
    return Status::error("bad_store", "--store " + std::string(engine) + ": names no " +
                                          (where.engine == Engine::sqlite ? "file" : "database URL"));
  }
  // `postgres:postgresql://…` and `postgres://…` (as libpq writes it) both work.
  where.target = where.engine == Engine::postgres && target.rfind("//", 0) == 0 ? "postgresql:" + target : target;
  return where;
}

std::string StoreLocation::describe() const {
  if (engine == Engine::sqlite) return "sqlite:" + target;
  // A password is never written to a log: postgresql://user:secret@host → user:***@host, and
  // password=secret in key=value form → password=***.
  static const std::regex url_password(R"(^(postgres(?:ql)?://[^:/@]*:)[^@]*@)");
  static const std::regex word_password(R"((password\s*=\s*)('[^']*'|\S+))");
  std::string shown = std::regex_replace(target, url_password, "$1***@");
  shown = std::regex_replace(shown, word_password, "$1***");
  return "postgres:" + shown;
}

std::unique_ptr<EventStore> EventStore::open(const Options& options, Status& status) {
  if (!options.postgres.empty()) return PostgresEventStore::open(options, status);
  return SqliteEventStore::open(options, status);
}

std::unique_ptr<EventStore> EventStore::open(const StoreLocation& where, Options options, Status& status) {
  if (where.engine == StoreLocation::Engine::postgres) {
    options.postgres = where.target;
  } else {
    options.path = where.target;
    options.postgres.clear();
  }
  return open(options, status);
}

Status EventStore::create_room(std::string_view name, std::int64_t now_ms, std::string_view actor,
                               RoomRecord* created, std::optional<std::int64_t> body) {
  if (storage_failure()) return refuse_after_failure();
  return insert_room(genesis_event(name, now_ms, actor), body, created, std::nullopt);
}

Status EventStore::import_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                               std::optional<std::int64_t> id) {
  if (storage_failure()) return refuse_after_failure();
  if (Status fits = check_genesis(genesis); !fits) return fits;
  return insert_room(genesis, body, created, id);
}

Status EventStore::refuse_after_failure() const {
  const auto why = storage_failure();
  return Status::error("storage_failed", "the event store stopped writing after a storage error (" +
                                             why.value_or("unknown") +
                                             "); restart the server once the store is fixed");
}

}  // namespace collegial::store
