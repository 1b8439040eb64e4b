#include "store/room_genesis.hpp"

#include <nlohmann/json.hpp>

#include <string>

#include "record/chain.hpp"

namespace collegial::store {

using record::Event;
using record::compute_hash;
using record::storable_text;
using record::seal;
using record::kGenesisHash;

Event genesis_event(std::string_view name, std::int64_t now_ms, std::string_view actor) {
  Event genesis;
  genesis.room = std::string(name);
  genesis.seq = 1;
  genesis.ts_ms = now_ms;
  genesis.actor = std::string(actor);
  genesis.type = "room.created";
  genesis.body = nlohmann::json{{"name", genesis.room}}.dump();
  genesis.prev_hash = std::string(kGenesisHash);
  seal(genesis);  // v2, like every event written now
  return genesis;
}

Status check_genesis(const Event& genesis) {
  if (genesis.seq != 1 || genesis.prev_hash != kGenesisHash || genesis.type != "room.created") {
    return Status::error("chain_conflict", "room " + genesis.room + ": the first event is not a room.created at seq 1");
  }
  if (!storable_text(genesis)) {
    return Status::error("chain_conflict", "room " + genesis.room + ": the first event holds a NUL byte or is not UTF-8");
  }
  if (compute_hash(genesis) != genesis.hash) {
    return Status::error("chain_conflict", "room " + genesis.room + ": the first event's hash does not match its contents");
  }
  return Status::ok();
}

}  // namespace collegial::store
