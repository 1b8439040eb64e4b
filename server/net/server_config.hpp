// Everything collegiald can be told at start-up, with its default, in one place.
#pragma once

#include <functional>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/connection.hpp"
#include "net/client_address.hpp"
#include "net/connection_limits.hpp"
#include "store/sqlite_connection.hpp"

namespace collegial::core {
class Checkpointer;
}

namespace collegial::net {

struct ServerConfig {
  std::string bind = "127.0.0.1";        // listen only on loopback unless told otherwise
  std::uint16_t port = 8080;             // 0 picks a free port (see port_file)
  std::string port_file;                 // if set, the bound port is written here once listening
  unsigned threads = 0;                  // 0: one per core
  std::string tls_cert;                  // PEM chain; with tls_key, only https/wss is served
  std::string tls_key;                   // PEM private key
  std::vector<std::string> allowed_origins;  // browser Origins allowed to open /ws ("*": any)
  std::size_t max_message_bytes = 64 * 1024;  // larger client messages close the socket (1009)
  std::size_t queue_limit_bytes = 1024 * 1024;  // per-connection outgoing queue (4008 beyond)
  std::chrono::seconds idle_timeout{60};  // pinged at half, closed at full when silent
  std::chrono::seconds shutdown_grace{5};  // how long SIGTERM waits for sockets to close
  std::string web_root;                  // the browser app's built files; empty: not served
  core::ConnectionLimits limits;
  // Open sockets in all, the reserve the public cannot take, and the public's WebSockets per
  // address (net/connection_limits.hpp; docs/operations.md sizes them).
  SocketLimitsConfig sockets{0, 0, 256};  // a school's or a library's viewers share one address
  // How long a public WebSocket let into the reserve has to say hello with a token (4011 after).
  std::chrono::seconds reserve_hello_timeout{10};
  // Public pages (and PDFs) queued or being built at once; more are answered 503 at once.
  std::size_t max_page_queue = 64;
  // A room stores a snapshot of its state each time this many events have been folded since
  // its last one (docs/architecture.md, "Snapshots"); 0: never (every load replays the log).
  std::int64_t snapshot_every = 2000;
  // Q1: a member held present by their connection who has had none for this long departs
  // (Room::check_connections: after a restart, or when their node died).
  std::chrono::milliseconds presence_grace{30'000};
  bool check_snapshots = false;  // TESTS: every snapshot is restored at once and compared
  std::string snapshot_key;      // keys snapshots' checksums (derived from the checkpoint key)
  // Reverse proxies whose Forwarded / X-Forwarded-For headers name the client (the login
  // throttle's address); empty: the socket's peer is the client.
  TrustedProxies trusted_proxies;
  // Who may read /metrics: the socket's own address must be in one of these networks
  // (forwarding headers are not believed here). main() defaults it to loopback.
  TrustedProxies metrics_from;
  // One log line per HTTP request answered (event "http.request").
  bool access_log = true;
  // Signs rooms' heads; the public pages show and publish its checkpoints. Null: none.
  core::Checkpointer* checkpoints = nullptr;
  // What public pages show besides rooms and the clock (checkpoints made, directory changes
  // seen): a count that moves when any of it changes, so cached pages follow it at once. Empty:
  // cached pages follow only rooms and the clock's second.
  std::function<std::int64_t()> page_generation;
};

}  // namespace collegial::net
