// Signed checkpoints of rooms' heads, and the append-only table that publishes them.
//
// A checkpoint states "room R's log had event `seq` with hash H at time T", signed by the
// server's key. The signed bytes (the statement) are exactly these lines, each ending in "\n":
//
//   collegial-checkpoint-v1
//   key: <key id, 64 hex>
//   room: <room name>
//   seq: <decimal>
//   hash: <64 hex, the event's hash>
//   time: <milliseconds since the Unix epoch, decimal>
//   reason: <adjournment | notice | minutes | directory | periodic>
//
// and the signature is Ed25519 over them (docs/architecture.md shows how to check one with
// `openssl pkeyutl -verify`). In the feed each checkpoint is one JSON line:
//   {"checkpoint":<n>,"hash":…,"key":…,"reason":…,"room":…,"seq":…,"signature":<base64>,
//    "statement":<the text above>,"time_ms":…}
// where only `statement` and `signature` count: the other fields repeat the statement.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/checkpoint_key.hpp"
#include "store/sql.hpp"
#include "store/store_location.hpp"
#include "util/result.hpp"


namespace collegial::store {

struct Checkpoint {
  std::int64_t number = 0;  // its place in this server's feed (0 when not stored)
  std::string key_id;
  std::string room;
  std::int64_t seq = 0;
  std::string hash;
  std::int64_t time_ms = 0;
  std::string reason;
  std::string statement;  // the signed bytes
  std::string signature;  // base64

  nlohmann::json to_json() const;
};

// The statement for these fields (the bytes signed).
std::string checkpoint_statement(const std::string& key_id, const std::string& room, std::int64_t seq,
                                 const std::string& hash, std::int64_t time_ms, const std::string& reason);

// A checkpoint read back from its JSON form (a feed line): the fields are taken from the
// statement, which must be well formed; `bad_checkpoint` says what is wrong. The signature is
// not checked here (verify_signature with the key named by key_id).
Result<Checkpoint> checkpoint_from_json(const nlohmann::json& line);

struct PublishedKey {
  std::string key_id;
  std::string public_pem;
  std::int64_t first_ms = 0;
};

// A room's head as the rooms table records it.
struct RoomHead {
  std::string room;
  std::int64_t seq = 0;
  std::string hash;
};

// The checkpoints table (db/migrations/0008_checkpoints.sql) on its own connection.
// Thread-safe: one connection under a mutex. Database errors come back as `store_failed` or,
// from the readers, as empty answers (logged).
class CheckpointLog {
 public:
  // Opens the house at `house` (migrated already): the SQLite file, or the PostgreSQL
  // database. Throws sql::Error if it cannot be opened.
  explicit CheckpointLog(const StoreLocation& house);
  // The house in the SQLite file at `path`.
  explicit CheckpointLog(const std::string& path);
  ~CheckpointLog();

  // Signs the statement for (room, seq, hash, time_ms, reason) with `key`, publishes the key's
  // public half (once) and appends the checkpoint. Returns it with its number.
  Result<Checkpoint> append(const SigningKey& key, const std::string& room, std::int64_t seq,
                            const std::string& hash, std::int64_t time_ms, const std::string& reason);

  // The newest checkpoint of `room`, if any.
  std::optional<Checkpoint> latest(const std::string& room);

  // Checkpoints in feed order, of every room or only `room`.
  std::vector<Checkpoint> list(const std::optional<std::string>& room = std::nullopt);

  // Every key published, oldest first.
  std::vector<PublishedKey> keys();

  // Rooms whose head is not what their newest checkpoint says (never checkpointed, or moved),
  // or only `room` when given.
  std::vector<RoomHead> moved_heads(const std::optional<std::string>& room = std::nullopt);

 private:
  std::mutex mutex_;
  std::unique_ptr<sql::Connection> db_;
};

}  // namespace collegial::store
