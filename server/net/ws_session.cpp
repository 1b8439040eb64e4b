#include "net/ws_session.hpp"

#include <atomic>
#include <functional>
#include <optional>

#include "core/connection.hpp"
#include "i18n/lang.hpp"
#include "core/protocol.hpp"
#include "net/fanout_stream.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::net {
namespace {

metrics::Counter& g_slow_consumer_closes = metrics::counter(
    "collegial_slow_consumer_closes_total",
    "WebSockets closed with 4008 because their outgoing queue passed --queue-limit.");

// Errors that mean "the peer went away", not worth more than a debug line.
bool ordinary(const beast::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == websocket::error::closed ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == beast::error::timeout || ec == asio::ssl::error::stream_truncated;
}

template <class Stream>
class WsSession final : public core::Peer,
                        public Closable,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& stream, WsSlots slots, ServerContext& context)
      : ws_(std::move(stream), context.config.queue_limit_bytes),
        context_(context),
        slots_(std::move(slots)),
        number_(context.next_connection++),
        connection_(context.hub, context.config.limits, [this](std::function<void()> fn) {
          // The session outlives the call: the function holds it (it captured its Peer).
          asio::post(ws_.get_executor(), std::move(fn));
        }) {}

  void run(Request request, std::string unread) {
    const auto& config = context_.config;
    const std::string_view target = request.target();
    const auto q = target.find('?');
    lang_ = i18n::choose(q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
                         request[http::field::cookie], request[http::field::accept_language])
                .lang;
    out().set_owner(this->weak_from_this());
    out().put_back(std::move(unread));
    // The websocket timeout takes over from the HTTP request's (a plain connection runs on the
    // bare socket, with no per-write timer bookkeeping).
    if constexpr (!std::is_same_v<Stream, tcp::socket>) {
      beast::get_lowest_layer(out().inner()).expires_never();
    }
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = config.idle_timeout;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(http::field::server, "collegiald");
    }));
    ws_.read_message_max(config.max_message_bytes);
    ws_.async_accept(request,
                     beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
    if (slots_.place.borrowed()) start_hello_deadline();
  }

  // core::Peer: the hello carried a valid token. The socket leaves the public's count (and its
  // address's), so members never crowd the public out, nor the public members; one let in on
  // the reserve no longer has a deadline. On the strand.
  void authenticated() override {
    slots_.place.release();
    if (hello_deadline_) hello_deadline_->cancel();
  }

  // core::Peer
  i18n::Lang lang() const override { return lang_.load(std::memory_order_relaxed); }
  void set_lang(i18n::Lang lang) override { lang_.store(lang, std::memory_order_relaxed); }

  bool send(core::Frame message) override { return send_all(&message, 1, Flush::now); }

  bool send_all(const core::Frame* frames, std::size_t count, Flush flush) override {
    switch (out().write_messages(frames, count, /*may_wait=*/flush == Flush::soon)) {
      case Out::Accepted::yes:
        return true;
      case Out::Accepted::closed:
        return false;
      case Out::Accepted::over_limit:
        break;
    }
    // Slow consumer: drop what is queued and close after the frame being written.
    if (out().seal(/*drop_queued=*/true)) {
      g_slow_consumer_closes.add();
      LOG_INFO("connection " << actor_for_log() << ": outgoing queue over "
                             << context_.config.queue_limit_bytes << " bytes; closing (4008)");
      close_with(websocket::close_reason(
          static_cast<websocket::close_code>(core::protocol::kCloseSlowConsumer),
          "slow consumer: rejoin with since"));
    }
    return false;
  }

  std::size_t queued_bytes() const override { return ws_.next_layer().queued_bytes(); }

  std::size_t queue_limit() const override { return context_.config.queue_limit_bytes; }

  void when_drained(std::function<void()> fn) override { out().when_drained(std::move(fn)); }

  void close(std::uint16_t code, std::string reason) override {
    if (!out().seal(/*drop_queued=*/false)) return;
    LOG_INFO("connection " << actor_for_log() << ": closing (" << code << "): " << reason);
    close_with(websocket::close_reason(static_cast<websocket::close_code>(code), reason));
  }

  // Closable: flush what is queued, then close with 1001 (going away).
  void shut_down() override {
    if (!out().seal(/*drop_queued=*/false)) return;
    close_with(websocket::close_reason(websocket::close_code::going_away, "server shutting down"));
  }

  // Closable: drop the TCP connection; pending operations end and the session finishes.
  void abort() override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->out().close(); });
  }

 private:
  using Out = FanoutStream<Stream>;

  Out& out() { return ws_.next_layer(); }

  std::string actor_for_log() const {
    std::string label = "#";  // appended, not "#" + …: g++ 12 -O3 warns falsely on that
    label += std::to_string(number_);
    return label;
  }

  // Any thread: sends the close frame after everything queued (the stream is sealed).
  void close_with(websocket::close_reason reason) {
    asio::post(ws_.get_executor(), [self = this->shared_from_this(), reason] {
      self->pending_close_ = reason;
      self->start_close();
    });
  }

  // On the strand: starts the close handshake once the opening one is done and every frame
  // queued before it has left (Beast's close timeout runs from then). A client that has not
  // read that far within the idle timeout is dropped without it: its talking would otherwise
  // keep Beast's idle timer from ever firing.
  void start_close() {
    if (!accepted_ || close_started_ || !pending_close_ || finished_) return;
    close_started_ = true;
    out().when_idle([self = this->shared_from_this()] {
      if (self->close_timer_) self->close_timer_->cancel();
      if (self->finished_) return;
      self->close_frame_sent_ = true;
      self->ws_.async_close(*self->pending_close_,
                            beast::bind_front_handler(&WsSession::on_close, self));
    });
    if (close_frame_sent_) return;
    const auto wait = context_.config.idle_timeout;
    close_timer_ = std::make_unique<asio::steady_timer>(ws_.get_executor(), wait);
    close_timer_->async_wait([self = this->shared_from_this(), wait](beast::error_code ec) {
      if (ec || self->close_frame_sent_ || self->finished_) return;
      LOG_INFO("connection " << self->actor_for_log() << ": read nothing for " << wait.count()
                             << " s while being closed; dropped");
      self->out().close();  // the pending read fails and the session finishes
    });
  }

  // A public socket in the reserve holds a place kept for members: it must authenticate soon
  // (docs/protocol.md, close code 4011).
  void start_hello_deadline() {
    const auto wait = context_.config.reserve_hello_timeout;
    hello_deadline_ = std::make_unique<asio::steady_timer>(ws_.get_executor(), wait);
    hello_deadline_->async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->finished_ || !self->slots_.place) return;
      self->close(kCloseAuthenticate,
                  "the server is full: only a hello with a token may use this connection");
    });
  }

  void on_accept(beast::error_code ec) {
    if (ec) return fail(ec, "accept");
    accepted_ = true;
    do_read();
    start_close();  // one asked for during the handshake (shutdown) can be sent now
  }

  // Reads a message a piece at a time: a pending read prepares room for at most kReadPiece
  // bytes, not Beast's 1.5 KiB frame hint, and the buffer is given back after a message that
  // outgrew it, so an idle connection holds a small buffer, not the largest message it sent.
  static constexpr std::size_t kReadPiece = 256;

  void do_read() {
    ws_.async_read_some(buffer_, kReadPiece,
                        beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "read");
    if (!ws_.is_message_done()) return do_read();
    auto self = this->shared_from_this();
    if (ws_.got_text()) {
      const auto data = buffer_.cdata();
      connection_.on_text(self, std::string_view(static_cast<const char*>(data.data()),
                                                 data.size()));
    } else {
      connection_.on_binary(self);
    }
    buffer_.consume(buffer_.size());
    if (buffer_.capacity() > kReadPiece) buffer_.shrink_to_fit();
    do_read();
  }

  void on_close(beast::error_code ec) {
    if (ec && !ordinary(ec)) LOG_DEBUG("websocket close: " << ec.message());
    finish();
  }

  void fail(beast::error_code ec, const char* what) {
    if (ec == websocket::error::message_too_big) {
      LOG_INFO("connection " << actor_for_log() << ": message over "
                             << context_.config.max_message_bytes << " bytes; closed (1009)");
    } else if (ec == websocket::error::bad_frame_payload) {
      LOG_INFO("connection " << actor_for_log() << ": invalid UTF-8 in a text frame; closed (1007)");
    } else if (!ordinary(ec)) {
      LOG_DEBUG("websocket " << what << ": " << ec.message());
    }
    finish();
  }

  // Closes the socket, leaves every room and forgets the session; idempotent. On the strand.
  void finish() {
    if (finished_) return;
    finished_ = true;
    // The conversation is over: close the socket too, so that a write still waiting on a client
    // that stopped reading (after only half-closing, say) ends, and with it every handler that
    // keeps this session alive.
    out().close();
    if (close_timer_) close_timer_->cancel();
    if (hello_deadline_) hello_deadline_->cancel();
    connection_.on_close(this->shared_from_this());
    context_.sessions.remove(this);
    // The socket is closed: its places go back at once, not when the last handler lets go.
    slots_.place.release();
    slots_.socket.release();
  }

  websocket::stream<Out> ws_;
  beast::flat_buffer buffer_;
  ServerContext& context_;
  WsSlots slots_;                // on the strand only
  std::unique_ptr<asio::steady_timer> hello_deadline_;  // only on a place borrowed from the reserve
  const std::uint64_t number_;   // for log lines: "connection #12"
  core::Connection connection_;  // used on the strand only
  std::atomic<i18n::Lang> lang_{i18n::Lang::en};  // set on the strand, read by rooms

  // On the strand only.
  std::optional<websocket::close_reason> pending_close_;
  bool close_started_ = false;
  bool close_frame_sent_ = false;
  std::unique_ptr<asio::steady_timer> close_timer_;  // only while waiting to send the close
  bool accepted_ = false;
  bool finished_ = false;
};

}  // namespace

template <class Stream>
void start_ws_session(Stream&& stream, Request request, std::string unread, WsSlots slots,
                      ServerContext& context) {
  // A plain connection leaves beast::tcp_stream (whose timer bookkeeping runs on every write)
  // for its socket: the WebSocket has its own timeouts.
  if constexpr (std::is_same_v<Stream, PlainStream>) {
    auto session =
        std::make_shared<WsSession<tcp::socket>>(stream.release_socket(), std::move(slots), context);
    context.sessions.add(session);
    session->run(std::move(request), std::move(unread));
  } else {
    auto session = std::make_shared<WsSession<Stream>>(std::move(stream), std::move(slots), context);
    context.sessions.add(session);
    session->run(std::move(request), std::move(unread));
  }
}

template void start_ws_session<PlainStream>(PlainStream&&, Request, std::string, WsSlots,
                                            ServerContext&);
template void start_ws_session<TlsStream>(TlsStream&&, Request, std::string, WsSlots,
                                          ServerContext&);

}  // namespace collegial::net
