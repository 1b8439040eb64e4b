// What every session of the server shares: configuration, rooms, and the list of open sessions
// that a shutdown must close.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/room_hub.hpp"
#include "http/api.hpp"
#include "http/open_data.hpp"
#include "http/public_site.hpp"
#include "http/static_files.hpp"
#include "net/connection_limits.hpp"
#include "net/server_config.hpp"

namespace boost::asio {
class thread_pool;
}

namespace collegial::net {

// A session the server can ask to close (shutdown).
class Closable {
 public:
  virtual ~Closable() = default;
  // Closes gracefully: WebSockets with 1001 (going away), HTTP by closing the socket. Any thread.
  virtual void shut_down() = 0;
  // Closes the socket at once, for peers that did not finish a graceful close in time. Any
  // thread.
  virtual void abort() = 0;
  // The server's keep-alive sweep, every half of --idle-timeout (WebSockets ping a silent client
  // and drop one still silent at the next sweep). Any thread; nothing by default.
  virtual void keep_alive() {}
};

class SessionRegistry {
 public:
  void add(const std::shared_ptr<Closable>& session);
  void remove(const Closable* session);
  // Asks every open session to close. Sessions that open afterwards are closed at once.
  void close_all();
  // Aborts every session still open (after close_all's grace period ran out).
  void abort_all();
  // Calls keep_alive() on every open session.
  void keep_alive_all();
  std::size_t size() const;
  bool closing() const { return closing_; }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const Closable*, std::weak_ptr<Closable>> sessions_;
  std::atomic<bool> closing_{false};
};

struct ServerContext {
  const ServerConfig& config;
  core::RoomHub& hub;
  ::collegial::http::Api& api;
  // Runs API requests off the I/O threads: a login's scrypt takes ~0.1 s and must not stall
  // the meetings' sockets.
  boost::asio::thread_pool& api_pool;
  SessionRegistry sessions;
  std::atomic<std::uint64_t> next_connection{1};
  // The browser application's files (config.web_root), served at / (web-client/).
  const ::collegial::http::StaticFiles static_files;
  // The public's pages and feeds (/public/, /feeds/); absent without a directory.
  std::unique_ptr<::collegial::http::PublicSite> public_site;
  // Builds the public's pages apart from api_pool, so that a crowd fetching PDFs does not queue
  // ahead of logins and members' acts.
  boost::asio::thread_pool& pages_pool;
  // Pages queued on or being built by pages_pool (bounded by config.max_page_queue).
  std::atomic<std::size_t> pages_queued{0};
  // Open sockets and the public's WebSockets (net/connection_limits.hpp).
  SocketLimits limits;
  // The open-data API (/ocd/, http/open_data.hpp), built on pages_pool like the pages; absent
  // without a directory.
  std::unique_ptr<::collegial::http::OpenData> open_data;
};

}  // namespace collegial::net
