// Leases on rooms, for several nodes sharing one PostgreSQL store (issue #18 §3).
//
// A node decides a room's commands only while it holds the room's lease: a row of room_leases
// (db/migrations/postgres/0004_room_leases.sql) naming the node, an epoch and when it expires,
// by PostgreSQL's clock. A lease is taken when it is free or has expired, renewed by its holder
// before it does, and given up at shutdown. Each change of holder raises the epoch.
//
// The lease alone does not make writes safe (a node paused past its term still believes it
// holds the room); the fence does: an append made for a lease carries its epoch
// (AppendRequest::lease_epoch), and the PostgreSQL store writes it only while that epoch, held by
// this node, is the room's current one, in the same statement as the chain guard. So a
// deposed holder's appends are refused by the database, never written beside the new holder's.
//
// Thread-safe (one connection under a mutex). Errors are `store_failed`.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "store/sql.hpp"
#include "util/result.hpp"

namespace collegial::store {

struct RoomLease {
  std::int64_t room_id = 0;
  std::string node;
  std::int64_t epoch = 0;
  std::int64_t expires_ms = 0;  // PostgreSQL's clock, ms since the epoch
};

class RoomLeases {
 public:
  // `node` names this node in the leases it takes (unique among the nodes: host and port, say).
  // Throws sql::Error when the database cannot be reached.
  RoomLeases(const std::string& postgres_url, std::string node);

  // Takes the room's lease for `term_ms` when it is free, expired, or already this node's (then
  // it is renewed, same epoch). Returns the lease, or nothing while another node holds it.
  Result<std::optional<RoomLease>> acquire(std::int64_t room_id, std::int64_t term_ms);

  // Extends `lease` by `term_ms` from now if it is still this node's at its epoch and has not
  // expired. False: it was lost (the node must stop deciding the room's commands).
  Result<bool> renew(const RoomLease& lease, std::int64_t term_ms);

  // Gives `lease` up now (its epoch stays, so a later holder's is higher). Nothing if lost.
  Status release(const RoomLease& lease);

  // Who holds the room's lease, expired or not; nothing if nobody ever did.
  Result<std::optional<RoomLease>> holder(std::int64_t room_id);

  const std::string& node() const { return node_; }

 private:
  std::mutex mutex_;
  std::unique_ptr<sql::Connection> db_;
  std::string node_;
};

}  // namespace collegial::store
