// collegiald's network server: wires the listener, the rooms and the worker threads, and runs
// until SIGINT or SIGTERM.
#pragma once

#include <memory>

#include "auth/accounts.hpp"
#include "core/room_hub.hpp"
#include "util/clock.hpp"
#include "http/api.hpp"
#include "net/server_config.hpp"
#include "store/event_store.hpp"

namespace collegial::net {

class Server {
 public:
  // Everything passed in must outlive the server.
  Server(const ServerConfig& config, store::EventStore& store, const collegial::Clock& clock,
         core::RoomHub::Services services, ::collegial::http::Api& api);
  ~Server();

  // Listens, serves until SIGINT/SIGTERM, then shuts down in order: stop accepting connections
  // and commands, let the store commit what it has, queue those acks, close every WebSocket with
  // 1001 after its queue is flushed (waiting at most shutdown_grace), stop the threads.
  // Returns the process exit code: 0 after a clean shutdown, 1 if it could not start.
  int run();

  // Every loaded room re-reads its body's roster. Thread-safe; for the admin API.
  void refresh_rosters();

  // The rooms (for the schedule ticker, which starts once run() is serving).
  core::RoomHub& rooms();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace collegial::net
