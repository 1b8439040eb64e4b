// One client's protocol conversation, independent of the socket that carries it.
//
// The WebSocket session hands every text frame to on_text() and calls on_close() once; the
// connection checks the frame (shape, size, rate, handshake), answers protocol errors itself,
// and passes room commands to the room. Every request gets exactly one answer: an ack or an
// error. Calls must not overlap (the session makes them from its strand).
//
// A request for a room that is not loaded yet starts its load on the hub's background threads
// and does not wait for it: the connection holds that request, and every later one, until the
// load ends, then handles them in the order they came. So no I/O thread ever replays a log, and
// a client's requests are still answered in order.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/peer.hpp"
#include "core/protocol.hpp"
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
  // Runs a function later on the connection's strand (where on_text is called).
  using Post = std::function<void(std::function<void()>)>;

  // The peer passed to on_text must own this connection (the WebSocket session does): a
  // recheck of its credentials holds the peer to keep the connection alive.
  Connection(RoomHub& hub, const ConnectionLimits& limits, Post post);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Handles one text frame from the client; answers go to `self`.
  void on_text(const std::shared_ptr<Peer>& self, std::string_view text);

  // A binary frame: answered with binary_frame; the protocol is text only.
  void on_binary(const std::shared_ptr<Peer>& self);

  // The socket closed: leave every room. Idempotent.
  void on_close(const std::shared_ptr<Peer>& self);

  // Resolves the token of hello again (RoomHub::credentials() asks after a logout, a
  // revocation or a change of memberships; the connection also asks itself before a request
  // when Accounts::generation() moved or the token's expiry passed). Token gone: the
  // connection is closed with 4010 and acts for nobody. Principal changed (roles, scope, the
  // administrator's flag): taken up here and in every room joined. Returns whether the
  // connection may go on.
  bool recheck_credentials(const std::shared_ptr<Peer>& self);

  const auth::Principal& principal() const { return *principal_; }

 private:
  bool take_token();
  // Before a request: the credentials still hold (rechecked only when something may have
  // changed). On false the connection is closing and `id` was answered.
  bool credentials_hold(const std::shared_ptr<Peer>& self, const std::string& id);
  // Handles one parsed request (everything after parsing and the rate limit).
  void dispatch(const std::shared_ptr<Peer>& self, const protocol::Request& request);
  // A room load this connection waited for has ended: handle what was held meanwhile.
  void loaded(const std::shared_ptr<Peer>& self, const std::string& name, std::shared_ptr<Room> room);
  void hello(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  // `lang` of hello or language: the language this client's errors are written in.
  bool choose_lang(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void language(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void join(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void leave(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void say(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void read(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  void act(const std::shared_ptr<Peer>& self, const std::string& id, const nlohmann::json& m);
  // Reads field "room" and finds it; on failure answers the error and returns null. Also null,
  // answering nothing, when the room must be loaded first: the request is then held and
  // handled again once the load has ended.
  std::shared_ptr<Room> room_of(const std::shared_ptr<Peer>& self, const std::string& id,
                                const nlohmann::json& m);

  RoomHub& hub_;
  const ConnectionLimits& limits_;
  bool greeted_ = false;
  std::shared_ptr<const auth::Principal> principal_;  // the public until hello says otherwise
  // What hello's credentials were, to check them again (empty token: the public).
  std::string token_;
  std::int64_t token_expires_ms_ = 0;
  std::uint64_t seen_generation_ = 0;  // Accounts::generation() when last resolved
  std::optional<std::uint64_t> watch_id_;  // in hub_.credentials() while authenticated
  bool credentials_ended_ = false;
  // Joined (or asked to): a few at most, so a vector (no hash table's buckets per connection).
  std::vector<std::shared_ptr<Room>> rooms_;
  Post post_;
  const protocol::Request* current_ = nullptr;  // the request being dispatched
  bool waiting_ = false;                        // a room load is under way for this connection
  bool closed_ = false;
  // Requests that came while waiting. A list, not a deque: libstdc++'s deque allocates half a
  // kilobyte even when empty, and almost every connection never holds anything.
  std::list<protocol::Request> held_;
  // The outcome of the load just waited for (null: no such room), for the request that asked.
  std::optional<std::pair<std::string, std::shared_ptr<Room>>> just_loaded_;
  double tokens_;
  std::chrono::steady_clock::time_point refilled_;
};

}  // namespace collegial::core
