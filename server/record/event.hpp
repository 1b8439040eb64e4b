// One entry of a room's append-only log, exactly as it is stored and hashed.
#pragma once

#include <cstdint>
#include <string>

namespace collegial::record {

struct Event {
  std::string room;       // the room's name; part of the hash, so an event cannot move rooms
  std::int64_t seq = 0;   // 1, 2, 3… per room, with no gaps
  std::int64_t ts_ms = 0; // milliseconds since the Unix epoch, UTC, from the server's clock
  std::string actor;      // who caused it: "guest:ann", later "person:42", "bot:quorum"
  std::string type;       // dotted event type: "room.created", "chat.message"
  std::string body;       // canonical JSON text (sorted keys, no whitespace)
  std::string prev_hash;  // hex SHA-256 of the previous event; 64 zeros for seq 1
  std::string hash;       // hex SHA-256 over prev_hash and the canonical encoding
  std::string salt;       // v2: 64 random hex digits the hash commits to, sent only to those
                          // who may see the event (C3); empty: a v1 event (record/chain.hpp)
};

}  // namespace collegial::record
