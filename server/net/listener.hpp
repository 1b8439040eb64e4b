// Accepts TCP connections and hands each to an HTTP session.
#pragma once

#include <memory>

#include "net/server_context.hpp"
#include "net/streams.hpp"

namespace collegial::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens on `endpoint`. On failure `ec` is set and the listener must not be run.
  // With `tls`, every connection is TLS (https, wss); `tls` must outlive the listener.
  Listener(asio::io_context& ioc, const tcp::endpoint& endpoint, ServerContext& context,
           asio::ssl::context* tls, beast::error_code& ec);

  // The port actually bound (useful when asked for port 0).
  std::uint16_t port() const { return port_; }

  // Starts accepting.
  void run();

  // Stops accepting; open sessions are unaffected. Thread-safe.
  void stop();

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_;  // after a failed accept (out of descriptors), wait before retrying
  ServerContext& context_;
  asio::ssl::context* tls_;
  std::uint16_t port_ = 0;
  // On the acceptor's strand: so that a full server logs once, not once per connection.
  bool accept_failing_ = false;  // accept itself failed (out of descriptors)
  bool at_capacity_ = false;     // --max-connections sockets are open
};

}  // namespace collegial::net
