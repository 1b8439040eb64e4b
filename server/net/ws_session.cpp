#include "net/ws_session.hpp"

#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "core/connection.hpp"
#include "core/protocol.hpp"
#include "util/log.hpp"

namespace collegial::net {
namespace {

// Errors that mean "the peer went away", not worth more than a debug line.
bool ordinary(const beast::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == websocket::error::closed ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == beast::error::timeout || ec == asio::ssl::error::stream_truncated;
}

// A write takes at most this much of the queue, so one large batch cannot starve the socket's
// other work for long.
constexpr std::size_t kMaxBatchBytes = 256 * 1024;

// The TCP socket under a WebSocket: itself for a plain connection, inside the timed stream
// under TLS.
inline tcp::socket& socket_of(tcp::socket& s) { return s; }
inline tcp::socket& socket_of(beast::tcp_stream& s) { return s.socket(); }

template <class Stream>
class WsSession final : public core::Peer,
                        public Closable,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& stream, ServerContext& context)
      : ws_(std::move(stream)),
        context_(context),
        number_(context.next_connection++),
        connection_(context.hub, context.config.limits) {}

  void run(Request request) {
    const auto& config = context_.config;
    // The websocket timeout takes over from the HTTP request's (a plain connection runs on the
    // bare socket, with no per-write timer bookkeeping).
    if constexpr (!std::is_same_v<Stream, tcp::socket>) beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = config.idle_timeout;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(http::field::server, "collegiald");
    }));
    ws_.read_message_max(config.max_message_bytes);
    ws_.auto_fragment(false);
    ws_.async_accept(request,
                     beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
  }

  // core::Peer
  bool send(core::Frame message) override { return send_all(&message, 1); }

  bool send_all(const core::Frame* frames, std::size_t count) override {
    std::unique_lock lock(mutex_);
    for (std::size_t i = 0; i < count; ++i) {
      if (!enqueue(frames[i], lock)) return false;
    }
    if (count > 0) schedule_write(lock);  // once for them all: one write pass takes the batch
    return true;
  }

  // With the lock held: queues one frame, or closes the session as a slow consumer.
  bool enqueue(const core::Frame& message, std::unique_lock<std::mutex>& lock) {
    if (!message) return false;
    if (closing_) return false;
    if (queued_bytes_ + message->size() > context_.config.queue_limit_bytes) {
      // Slow consumer: drop what is queued and close after the write in flight.
      LOG_INFO("connection " << actor_for_log() << ": outgoing queue over "
                             << context_.config.queue_limit_bytes << " bytes; closing (4008)");
      closing_ = true;
      queue_.clear();
      queued_bytes_ = in_flight_bytes_;
      pending_close_ = websocket::close_reason(
          static_cast<websocket::close_code>(core::protocol::kCloseSlowConsumer),
                                               "slow consumer: rejoin with since");
      drained_.clear();
      schedule_write(lock);
      return false;
    }
    queued_bytes_ += message->size();
    queue_.push_back(message);
    return true;
  }

  std::size_t queued_bytes() const override {
    std::lock_guard lock(mutex_);
    return queued_bytes_;
  }

  std::size_t queue_limit() const override { return context_.config.queue_limit_bytes; }

  void when_drained(std::function<void()> fn) override {
    {
      std::lock_guard lock(mutex_);
      if (closing_) return;
      if (!queue_.empty() || writing_) {
        drained_.push_back(std::move(fn));
        return;
      }
    }
    fn();
  }

  // Closable: flush what is queued, then close with 1001 (going away).
  void shut_down() override {
    std::unique_lock lock(mutex_);
    if (closing_) return;
    closing_ = true;
    pending_close_ = websocket::close_reason(websocket::close_code::going_away,
                                             "server shutting down");
    schedule_write(lock);
  }

  // Closable: drop the TCP connection; pending operations end and the session finishes.
  void abort() override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
      beast::error_code ignored;
      socket_of(beast::get_lowest_layer(self->ws_)).close(ignored);
    });
  }

 private:
  std::string actor_for_log() const {
    std::string label = "#";  // appended, not "#" + …: g++ 12 -O3 warns falsely on that
    label += std::to_string(number_);
    return label;
  }

  // With the lock held: make sure a write pass will run on the strand.
  void schedule_write(std::unique_lock<std::mutex>&) {
    if (writing_) return;
    writing_ = true;
    asio::post(ws_.get_executor(),
               beast::bind_front_handler(&WsSession::do_write, this->shared_from_this()));
  }

  void on_accept(beast::error_code ec) {
    if (ec) return fail(ec, "accept");
    accepted_ = true;
    do_read();
    // A close asked for during the handshake (shutdown) can be sent now.
    std::unique_lock lock(mutex_);
    if (pending_close_ && !close_started_) schedule_write(lock);
  }

  void do_read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "read");
    auto self = this->shared_from_this();
    if (ws_.got_text()) {
      const auto data = buffer_.cdata();
      connection_.on_text(self, std::string_view(static_cast<const char*>(data.data()),
                                                 data.size()));
    } else {
      connection_.on_binary(self);
    }
    buffer_.consume(buffer_.size());
    do_read();
  }

  // On the strand. Takes a batch from the queue and writes it, or closes when asked to and the
  // queue is empty.
  void do_write() {
    std::vector<std::function<void()>> drained;
    std::optional<websocket::close_reason> close;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) {
        writing_ = false;
        drained.swap(drained_);
        if (pending_close_ && !close_started_ && accepted_) {
          close = pending_close_;
          close_started_ = true;
          writing_ = true;  // nothing more is written after the close frame
        }
      } else {
        std::size_t bytes = 0;
        std::size_t n = 0;
        while (n < queue_.size() && (n == 0 || bytes + queue_[n]->size() <= kMaxBatchBytes)) {
          bytes += queue_[n]->size();
          ++n;
        }
        in_flight_.assign(std::make_move_iterator(queue_.begin()),
                          std::make_move_iterator(queue_.begin() + static_cast<long>(n)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
        in_flight_bytes_ = bytes;
      }
    }
    for (auto& fn : drained) fn();
    if (close) {
      ws_.async_close(*close,
                      beast::bind_front_handler(&WsSession::on_close, this->shared_from_this()));
      return;
    }
    if (in_flight_.empty()) return;

    static constexpr char kOpen = '[';
    static constexpr char kComma = ',';
    static constexpr char kClose = ']';
    buffers_.clear();
    if (in_flight_.size() == 1) {
      buffers_.push_back(asio::buffer(*in_flight_.front()));
    } else {
      buffers_.push_back(asio::buffer(&kOpen, 1));
      for (std::size_t i = 0; i < in_flight_.size(); ++i) {
        if (i > 0) buffers_.push_back(asio::buffer(&kComma, 1));
        buffers_.push_back(asio::buffer(*in_flight_[i]));
      }
      buffers_.push_back(asio::buffer(&kClose, 1));
    }
    ws_.text(true);
    ws_.async_write(buffers_,
                    beast::bind_front_handler(&WsSession::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    {
      std::lock_guard lock(mutex_);
      queued_bytes_ -= in_flight_bytes_;
      in_flight_bytes_ = 0;
    }
    in_flight_.clear();
    if (ec) return fail(ec, "write");
    do_write();
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

  // Leaves every room and forgets the session; idempotent. On the strand.
  void finish() {
    if (finished_) return;
    finished_ = true;
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
      drained_.clear();
    }
    connection_.on_close(this->shared_from_this());
    context_.sessions.remove(this);
  }

  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  ServerContext& context_;
  const std::uint64_t number_;   // for log lines: "connection #12"
  core::Connection connection_;  // used on the strand only

  mutable std::mutex mutex_;  // guards the fields down to drained_
  std::vector<core::Frame> queue_;
  std::size_t queued_bytes_ = 0;  // queue_ plus the write in flight
  std::size_t in_flight_bytes_ = 0;
  bool writing_ = false;  // a write pass is scheduled or in flight
  bool closing_ = false;  // send() refuses from now on
  bool close_started_ = false;
  std::optional<websocket::close_reason> pending_close_;
  std::vector<std::function<void()>> drained_;

  // On the strand only.
  std::vector<core::Frame> in_flight_;
  std::vector<asio::const_buffer> buffers_;
  bool accepted_ = false;
  bool finished_ = false;
};

}  // namespace

template <class Stream>
void start_ws_session(Stream&& stream, Request request, ServerContext& context) {
  // A plain connection leaves beast::tcp_stream (whose timer bookkeeping runs on every write)
  // for its socket: the WebSocket has its own timeouts.
  if constexpr (std::is_same_v<Stream, PlainStream>) {
    auto session = std::make_shared<WsSession<tcp::socket>>(stream.release_socket(), context);
    context.sessions.add(session);
    session->run(std::move(request));
  } else {
    auto session = std::make_shared<WsSession<Stream>>(std::move(stream), context);
    context.sessions.add(session);
    session->run(std::move(request));
  }
}

template void start_ws_session<PlainStream>(PlainStream&&, Request, ServerContext&);
template void start_ws_session<TlsStream>(TlsStream&&, Request, ServerContext&);

}  // namespace collegial::net
