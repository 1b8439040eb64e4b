#include "net/ws_session.hpp"

#include <array>
#include <atomic>
#include <functional>
#include <optional>

#include "core/connection.hpp"
#include "i18n/lang.hpp"
#include "core/protocol.hpp"
#include "net/fanout_stream.hpp"
#include "net/ws_frames.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::net {
namespace {

metrics::Counter& g_slow_consumer_closes = metrics::counter(
    "collegial_slow_consumer_closes_total",
    "WebSockets closed with 4008 because their outgoing queue passed --queue-limit.");

// Errors that mean "the peer went away", not worth more than a debug line.
bool ordinary(const beast::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::bad_descriptor ||
         ec == asio::ssl::error::stream_truncated;
}

template <class Stream>
class WsSession final : public core::Peer,
                        public Closable,
                        public WsFrameHandler,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& stream, WsSlots slots, ServerContext& context)
      : out_(std::move(stream), context.config.queue_limit_bytes),
        context_(context),
        slots_(std::move(slots)),
        number_(context.next_connection++),
        reader_(context.config.max_message_bytes),
        connection_(context.hub, context.config.limits, [this](std::function<void()> fn) {
          // The session outlives the call: the function holds it (it captured its Peer).
          asio::post(out_.get_executor(), std::move(fn));
        }) {}

  // Answers the handshake (the request was checked by the HTTP session: http_session.cpp) and
  // starts reading. On the executor.
  void run(const Request& request, std::string unread) {
    const std::string_view target = request.target();
    const auto q = target.find('?');
    lang_ = i18n::choose(q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
                         request[http::field::cookie], request[http::field::accept_language])
                .lang;
    out_.set_owner(this->weak_from_this());
    if constexpr (kPlain) {
      beast::error_code ignored;
      out_.inner().non_blocking(true, ignored);  // reads take what is there and return
    } else {
      // The WebSocket keeps its own time (below): no per-operation timer on the TLS stream.
      beast::get_lowest_layer(out_.inner()).expires_never();
    }
    std::string answer =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: ";
    answer += websocket_accept(request[http::field::sec_websocket_key]);
    answer += "\r\nServer: collegiald\r\n\r\n";
    out_.write_control(std::move(answer));
    started_ = true;
    if (slots_.place.borrowed()) start_hello_deadline();
    if (!unread.empty()) take(unread.data(), unread.size());  // sent with the upgrade: its first input
    read_on();
    start_close();  // one asked for before now (a shutdown) can be sent
  }

  // core::Peer: the hello carried a valid token. The socket leaves the public's count (and its
  // address's), so members never crowd the public out, nor the public members; one let in on
  // the reserve no longer has a deadline. On the executor.
  void authenticated() override {
    slots_.place.release();
    if (hello_deadline_) hello_deadline_->cancel();
  }

  // core::Peer
  i18n::Lang lang() const override { return lang_.load(std::memory_order_relaxed); }
  void set_lang(i18n::Lang lang) override { lang_.store(lang, std::memory_order_relaxed); }

  bool send(core::Frame message) override { return send_all(&message, 1, Flush::now); }

  bool send_all(const core::Frame* frames, std::size_t count, Flush flush) override {
    switch (out_.write_messages(frames, count, /*may_wait=*/flush == Flush::soon)) {
      case Out::Accepted::yes:
        return true;
      case Out::Accepted::closed:
        return false;
      case Out::Accepted::over_limit:
        break;
    }
    // Slow consumer: drop what is queued and close after the frame being written.
    if (out_.seal(/*drop_queued=*/true)) {
      g_slow_consumer_closes.add();
      LOG_INFO("connection " << actor_for_log() << ": outgoing queue over "
                             << context_.config.queue_limit_bytes << " bytes; closing (4008)");
      close_with(core::protocol::kCloseSlowConsumer, "slow consumer: rejoin with since");
    }
    return false;
  }

  std::size_t queued_bytes() const override { return out_.queued_bytes(); }

  std::size_t queue_limit() const override { return context_.config.queue_limit_bytes; }

  void when_drained(std::function<void()> fn) override { out_.when_drained(std::move(fn)); }

  void close(std::uint16_t code, std::string reason) override {
    if (!out_.seal(/*drop_queued=*/false)) return;
    LOG_INFO("connection " << actor_for_log() << ": closing (" << code << "): " << reason);
    close_with(code, std::move(reason));
  }

  // Closable: flush what is queued, then close with 1001 (going away).
  void shut_down() override {
    if (!out_.seal(/*drop_queued=*/false)) return;
    close_with(close_code::going_away, "server shutting down");
  }

  // Closable: drop the TCP connection; pending operations end and the session finishes.
  void abort() override {
    asio::post(out_.get_executor(), [self = this->shared_from_this()] { self->out_.close(); });
  }

  // ---- WsFrameHandler: what the client's frames say. On the executor.

  void on_text(std::string&& message) override {
    if (close_frame_sent_ || finished_) return;  // what comes after our close is not read
    connection_.on_text(this->shared_from_this(), message);
  }

  void on_binary() override {
    if (close_frame_sent_ || finished_) return;
    connection_.on_binary(this->shared_from_this());
  }

  void on_ping(std::string_view payload) override {
    if (!close_frame_sent_) out_.write_control(pong_frame(payload));
  }

  // The client closes: answer with its code (RFC 6455, section 5.5.1) after what was already
  // queued for it (answers to what it asked before closing), unless our own close went first.
  void on_close(std::uint16_t code, std::string_view) override {
    close_received_ = true;
    if (close_frame_sent_) return closing_step();
    out_.seal(/*drop_queued=*/false);
    send_close_frame(code == close_code::no_status ? std::string("\x88\x00", 2) : close_frame(code, ""));
  }

  // The client broke the protocol: fail the connection with `code` (RFC 6455, section 7.1.7).
  void on_fail(std::uint16_t code, const char* why) override {
    if (code == close_code::too_big) {
      LOG_INFO("connection " << actor_for_log() << ": message over "
                             << context_.config.max_message_bytes << " bytes; closed (1009)");
    } else if (code == close_code::bad_payload) {
      LOG_INFO("connection " << actor_for_log() << ": invalid UTF-8 in a text frame; closed (1007)");
    } else {
      LOG_INFO("connection " << actor_for_log() << ": " << why << "; closed (" << code << ")");
    }
    close_received_ = true;  // nothing more is read from it
    if (close_frame_sent_) return closing_step();
    out_.seal(/*drop_queued=*/true);
    send_close_frame(close_frame(code, why));
  }

 private:
  using Out = FanoutStream<Stream>;
  static constexpr bool kPlain = std::is_same_v<Stream, tcp::socket>;
  // A TLS connection reads through OpenSSL into a buffer of its own (OpenSSL holds far more per
  // connection anyway); a plain one reads into its thread's (read_ready).
  static constexpr std::size_t kTlsReadBytes = 4096;
  static constexpr std::chrono::seconds kCloseAnswerWait{10};

  std::string actor_for_log() const {
    std::string label = "#";  // appended, not "#" + …: g++ 12 -O3 warns falsely on that
    label += std::to_string(number_);
    return label;
  }

  // ---- Reading. A plain connection holds no buffer while it waits: it waits until the socket
  // is readable, then reads what is there into a buffer its thread shares with every other
  // connection, and the frame reader keeps only a frame begun and not finished.

  void read_on() {
    if (finished_) return;
    auto self = this->shared_from_this();
    if constexpr (kPlain) {
      out_.inner().async_wait(tcp::socket::wait_read, [self](beast::error_code ec) { self->read_ready(ec); });
    } else {
      if (!tls_buffer_) tls_buffer_ = std::make_unique<char[]>(kTlsReadBytes);
      out_.inner().async_read_some(asio::buffer(tls_buffer_.get(), kTlsReadBytes),
                                   [self](beast::error_code ec, std::size_t n) {
                                     if (ec) return self->read_failed(ec);
                                     if (n == 0 || self->take(self->tls_buffer_.get(), n)) self->read_on();
                                   });
    }
  }

  void read_ready(beast::error_code ec) {
    if (ec) return read_failed(ec);
    static thread_local std::array<char, 64 * 1024> buffer;
    // A few buffers' worth at most, then the other sockets' turn.
    for (int round = 0; round < 4; ++round) {
      const std::size_t n = out_.inner().read_some(asio::buffer(buffer), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) break;
      if (ec) return read_failed(ec);
      if (!take(buffer.data(), n)) break;
      if (n < buffer.size()) break;
    }
    read_on();
  }

  // The client's bytes, in order; false when the session is over.
  bool take(const char* data, std::size_t size) {
    heard_ = true;
    if (!reader_.finished()) reader_.feed(data, size, *this);
    // After a close (either side's) or a failure, what still comes is read and dropped until the
    // client closes its side.
    return !finished_;
  }

  void read_failed(beast::error_code ec) {
    if (!ordinary(ec)) LOG_DEBUG("websocket read: " << ec.message());
    finish();
  }

  // ---- Keeping alive: the server's sweep (server.cpp) calls keep_alive every half of the idle
  // timeout. A client that sent nothing since the last sweep is pinged (its pong is something);
  // one still silent at the next is dropped without a close handshake (it is not reading). One
  // sweep for every connection, so an idle connection holds no timer of its own.
 public:
  void keep_alive() override {
    asio::post(out_.get_executor(), [weak = this->weak_from_this()] {
      if (auto self = weak.lock()) self->keepalive_tick();
    });
  }

 private:
  void keepalive_tick() {
    if (finished_) return;
    if (heard_) {
      heard_ = false;
      pinged_ = false;
    } else if (!pinged_) {
      pinged_ = true;
      if (!close_frame_sent_) out_.write_control(ping_frame());
    } else {
      LOG_DEBUG("connection " << actor_for_log() << ": silent for " << context_.config.idle_timeout.count()
                              << " s; dropped");
      out_.close();  // the pending read fails and the session finishes
    }
  }

  // ---- Closing (RFC 6455, section 7): our close frame leaves after everything queued before it;
  // once it has left and the client's close has come (or the client broke the protocol), the
  // server shuts its sending side, and the session ends when the client closes its own.

  // Any thread: close with `code` after everything queued (the stream is sealed).
  void close_with(std::uint16_t code, std::string reason) {
    asio::post(out_.get_executor(), [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
      self->pending_close_.emplace(code, std::move(reason));
      self->start_close();
    });
  }

  // On the executor: sends the close frame asked for once the frames queued before it have
  // left. A client that has not read that far within the idle timeout is dropped without it:
  // its talking would otherwise keep the keep-alive from ever dropping it.
  void start_close() {
    if (!pending_close_ || !started_ || close_started_ || finished_) return;
    close_started_ = true;
    out_.when_idle([self = this->shared_from_this()] {
      if (self->finished_ || self->close_frame_sent_) return;
      self->send_close_frame(close_frame(self->pending_close_->first, self->pending_close_->second));
    });
    arm_close_timer(context_.config.idle_timeout, "did not read up to the close frame");
  }

  void send_close_frame(std::string frame) {
    close_frame_sent_ = true;
    out_.write_control(std::move(frame));
    out_.after_flush([self = this->shared_from_this()] {
      self->close_flushed_ = true;
      self->closing_step();
    });
    arm_close_timer(kCloseAnswerWait, "did not answer the close frame");
  }

  void closing_step() {
    if (finished_ || !close_flushed_ || !close_received_ || half_closed_) return;
    half_closed_ = true;
    out_.shutdown_send();
  }

  // A client that does not read up to the close frame within the idle timeout, or does not
  // answer it within kCloseAnswerWait, is dropped (docs/protocol.md, "Close codes").
  void arm_close_timer(std::chrono::seconds wait, const char* what) {
    close_timer_ = std::make_unique<asio::steady_timer>(out_.get_executor(), wait);
    close_timer_->async_wait([self = this->shared_from_this(), wait, what](beast::error_code ec) {
      if (ec || self->finished_) return;
      LOG_INFO("connection " << self->actor_for_log() << ": " << what << " within " << wait.count() << " s; dropped");
      self->out_.close();  // the pending read fails and the session finishes
    });
  }

  // A public socket in the reserve holds a place kept for members: it must authenticate soon
  // (docs/protocol.md, close code 4011).
  void start_hello_deadline() {
    const auto wait = context_.config.reserve_hello_timeout;
    hello_deadline_ = std::make_unique<asio::steady_timer>(out_.get_executor(), wait);
    hello_deadline_->async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->finished_ || !self->slots_.place) return;
      self->close(kCloseAuthenticate,
                  "the server is full: only a hello with a token may use this connection");
    });
  }

  // Closes the socket, leaves every room and forgets the session; idempotent. On the executor.
  void finish() {
    if (finished_) return;
    finished_ = true;
    // The conversation is over: close the socket too, so that a write still waiting on a client
    // that stopped reading (after only half-closing, say) ends, and with it every handler that
    // keeps this session alive.
    out_.close();
    if (close_timer_) close_timer_->cancel();
    if (hello_deadline_) hello_deadline_->cancel();
    connection_.on_close(this->shared_from_this());
    context_.sessions.remove(this);
    // The socket is closed: its places go back at once, not when the last handler lets go.
    slots_.place.release();
    slots_.socket.release();
  }

  Out out_;
  ServerContext& context_;
  WsSlots slots_;                // on the executor only
  const std::uint64_t number_;   // for log lines: "connection #12"
  WsFrameReader reader_;
  std::unique_ptr<asio::steady_timer> hello_deadline_;  // only on a place borrowed from the reserve
  std::unique_ptr<asio::steady_timer> close_timer_;     // only while closing
  std::unique_ptr<char[]> tls_buffer_;                  // TLS only
  core::Connection connection_;  // used on the executor only
  std::atomic<i18n::Lang> lang_{i18n::Lang::en};  // set on the executor, read by rooms

  // On the executor only.
  std::optional<std::pair<std::uint16_t, std::string>> pending_close_;
  bool started_ = false;  // the handshake was answered
  bool heard_ = true;     // the client sent something since the last keep-alive sweep
  bool pinged_ = false;   // a keep-alive ping went out and nothing has come since
  bool close_started_ = false;
  bool close_frame_sent_ = false;
  bool close_flushed_ = false;
  bool close_received_ = false;
  bool half_closed_ = false;
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
