#include "net/listener.hpp"

#include "net/http_session.hpp"
#include "util/log.hpp"

namespace collegial::net {

Listener::Listener(asio::io_context& ioc, const tcp::endpoint& endpoint, ServerContext& context,
                   asio::ssl::context* tls, beast::error_code& ec)
    : ioc_(ioc),
      acceptor_(asio::make_strand(ioc)),
      retry_(acceptor_.get_executor()),
      context_(context),
      tls_(tls) {
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return;
  port_ = acceptor_.local_endpoint(ec).port();
}

void Listener::run() { do_accept(); }

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;  // stopped
  if (ec) {
    // Out of file descriptors (EMFILE, ENFILE) and the like: retrying at once would spin, so
    // pause accepting a little while connections close. Logged once per episode, not per retry.
    if (!accept_failing_) LOG_WARN("accept failed: " << ec.message() << "; pausing accepts");
    accept_failing_ = true;
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
    });
    return;
  }
  if (accept_failing_) LOG_INFO("accepting connections again");
  accept_failing_ = false;
  SocketSlot slot = context_.limits.open_socket();
  if (!slot) {
    // At --max-connections: accept and close at once rather than stop accepting, so that the
    // kernel's backlog keeps draining and a client learns at once instead of timing out.
    if (!at_capacity_) {
      LOG_WARN("at --max-connections (" << context_.limits.max_connections()
                                        << "): closing new connections until some close");
    }
    at_capacity_ = true;
    beast::error_code ignored;
    socket.close(ignored);
    return do_accept();
  }
  at_capacity_ = false;
  // Small messages must not wait on Nagle's algorithm (design: ~90x slower without).
  socket.set_option(tcp::no_delay(true), ec);
  if (tls_) {
    start_https_session(std::move(socket), std::move(slot), *tls_, context_);
  } else {
    start_http_session(std::move(socket), std::move(slot), context_);
  }
  do_accept();
}

}  // namespace collegial::net
