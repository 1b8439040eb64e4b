#include "store/room_leases.hpp"

namespace collegial::store {
namespace {

// Now, in ms since the epoch, by the database's clock (not the statement's start: a long
// transaction must not see time stand still).
constexpr const char* kNow = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

Status failed(const sql::Error& e) {
  return Status::error("store_failed", std::string("room leases: ") + e.what());
}

RoomLease read_lease(sql::Statement& q) {
  return RoomLease{q.column(0).int64(), q.column(1).text(), q.column(2).int64(), q.column(3).int64()};
}

}  // namespace

RoomLeases::RoomLeases(const std::string& postgres_url, std::string node)
    : db_(sql::open_postgres(postgres_url)), node_(std::move(node)) {}

Result<std::optional<RoomLease>> RoomLeases::acquire(std::int64_t room_id, std::int64_t term_ms) {
  std::lock_guard lock(mutex_);
  try {
    // One statement: PostgreSQL's row lock on the lease orders two nodes taking it at once, and
    // the loser's WHERE sees the winner's unexpired lease.
    sql::Statement q(*db_, std::string("INSERT INTO room_leases(room_id, node, epoch, expires_ms) VALUES (?, ?, 1, ") +
                               kNow + " + ?) ON CONFLICT (room_id) DO UPDATE SET node = excluded.node,"
                               " epoch = CASE WHEN room_leases.node = excluded.node AND room_leases.expires_ms > " +
                               kNow + " THEN room_leases.epoch ELSE room_leases.epoch + 1 END,"
                               " expires_ms = excluded.expires_ms"
                               " WHERE room_leases.node = excluded.node OR room_leases.expires_ms <= " + kNow +
                               " RETURNING room_id, node, epoch, expires_ms");
    q.bind(1, room_id);
    q.bind(2, node_);
    q.bind(3, term_ms);
    if (!q.step()) return std::optional<RoomLease>();
    return std::optional<RoomLease>(read_lease(q));
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Result<bool> RoomLeases::renew(const RoomLease& lease, std::int64_t term_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, std::string("UPDATE room_leases SET expires_ms = ") + kNow +
                               " + ? WHERE room_id = ? AND node = ? AND epoch = ? AND expires_ms > " + kNow);
    q.bind(1, term_ms);
    q.bind(2, lease.room_id);
    q.bind(3, node_);
    q.bind(4, lease.epoch);
    return q.exec() == 1;
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status RoomLeases::release(const RoomLease& lease) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, std::string("UPDATE room_leases SET expires_ms = ") + kNow +
                               " WHERE room_id = ? AND node = ? AND epoch = ?");
    q.bind(1, lease.room_id);
    q.bind(2, node_);
    q.bind(3, lease.epoch);
    q.exec();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Result<std::optional<RoomLease>> RoomLeases::holder(std::int64_t room_id) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, "SELECT room_id, node, epoch, expires_ms FROM room_leases WHERE room_id = ?");
    q.bind(1, room_id);
    if (!q.step()) return std::optional<RoomLease>();
    return std::optional<RoomLease>(read_lease(q));
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

}  // namespace collegial::store
