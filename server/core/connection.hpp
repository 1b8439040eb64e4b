// One client's protocol conversation, independent of the socket that carries it.
//
// The WebSocket session hands every text frame to on_text() and calls on_close() once; the
// connection checks the frame (shape, size, rate, handshake), answers protocol errors itself,
// and passes room commands to the room. Every request gets exactly one answer: an ack or an
// error. Calls must not overlap (the session makes them from its strand).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json_fwd.hpp>

#include "core/peer.hpp"
#include "core/room_hub.hpp"

namespace collegial::core {

struct ConnectionLimits {
  std::size_t max_depth = 32;          // deepest JSON nesting accepted (too_deep beyond)
  std::size_t max_text_bytes = 4096;   // longest chat text (too_large beyond)
  double rate_per_second = 20;         // requests refilled per second; 0 turns the limit off
  double burst = 40;                   // requests that may arrive at once
};

class Connection {
 public:
  Connection(RoomHub& hub, const ConnectionLimits& limits);

  // Handles one text frame from the client; answers go to `self`.
  void on_text(const std::shared_ptr<Peer>& self, std::string_view text);

  // A binary frame: answered with binary_frame; the protocol is text only.
  void on_binary(const std::shared_ptr<Peer>& self);

  // The socket closed: leave every room. Idempotent.
  void on_close(const std::shared_ptr<Peer>& self);

  const auth::Principal& principal() const { return *principal_; }

 private:
  bool take_token();
  void hello(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void join(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void leave(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void say(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void read(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void act(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  // Reads field "room" and finds it; on failure answers the error and returns null.
  std::shared_ptr<Room> room_of(const std::shared_ptr<Peer>& self, const std::string& id,
                                const nlohmann::json& m);

  RoomHub& hub_;
  const ConnectionLimits& limits_;
  bool greeted_ = false;
  std::shared_ptr<const auth::Principal> principal_;  // the public until hello says otherwise
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;  // joined (or asked to)
  double tokens_;
  std::chrono::steady_clock::time_point refilled_;
};

}  // namespace collegial::core
