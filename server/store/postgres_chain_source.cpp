#include "store/postgres_chain_source.hpp"

#include <pqxx/pqxx>

#include <limits>

#include "store/directory_audit.hpp"
#include "store/postgres_rows.hpp"

namespace collegial::store {

using record::Event;
namespace {

using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

class PostgresChainSource final : public ChainSource {
 public:
  explicit PostgresChainSource(const std::string& url) : db_(url), tx_(db_) {}

  std::vector<Room> rooms(const std::optional<std::string>& only) override {
    const auto rows = only ? tx_.exec_params("SELECT id, name, head_seq, head_hash FROM rooms WHERE name = $1", *only)
                           : tx_.exec_params("SELECT id, name, head_seq, head_hash FROM rooms WHERE name <> $1 ORDER BY id",
                                             std::string(kAuditRoom));
    std::vector<Room> out;
    for (const auto& row : rows) {
      out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::int64_t>(),
                     row[3].as<std::string>()});
    }
    return out;
  }

  void events(const Room& room, const std::function<void(const Event&)>& each) override {
    // In pages by seq, so a room of a million events is never held in memory at once.
    constexpr std::int64_t kPage = 5000;
    // From the lowest seq there can be: a row an attacker stored below 1 is read and reported.
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    for (;;) {
      const auto rows = tx_.exec_params(
          std::string("SELECT ") + kPgEventColumns + " FROM events WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
          room.id, after, kPage);
      for (const auto& row : rows) {
        const Event e = event_from_pg(row, room.name);
        after = e.seq;
        each(e);
      }
      if (static_cast<std::int64_t>(rows.size()) < kPage) return;
    }
  }

  std::optional<std::pair<std::int64_t, std::int64_t>> event_without_room() override {
    const auto rows =
        tx_.exec("SELECT e.room_id, e.seq FROM events e LEFT JOIN rooms r ON r.id = e.room_id WHERE r.id IS NULL LIMIT 1");
    if (rows.empty()) return std::nullopt;
    return std::pair{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::int64_t>()};
  }

 private:
  pqxx::connection db_;
  Snapshot tx_;
};

}  // namespace

std::unique_ptr<ChainSource> open_postgres_chain_source(const std::string& url) {
  return std::make_unique<PostgresChainSource>(url);
}

}  // namespace collegial::store
