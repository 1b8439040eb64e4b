// The stream under a WebSocket session: every byte the server writes to one client passes here,
// in order.
//
// Two writers share a client's connection. The session writes the handshake answer and the
// control frames (pongs, keep-alive pings, the close frame) through write_control (or
// async_write_some), on the session's executor. Rooms write server messages from their own threads through write_messages(), which
// frames them itself. When the connection is idle, a plain TCP connection sends them at once,
// with one non-blocking system call on the room's thread: fanning an event out to a thousand
// clients costs a thousand sends, not a thousand handler posts, Beast write operations and
// completions (docs/performance.md). Whatever cannot leave at once waits in one queue that the
// session's executor flushes; messages that wait together leave as one frame holding a JSON
// array of them (docs/protocol.md, "Batched frames"). One mutex orders the two writers, so their
// bytes never interleave.
//
// Closing the socket also goes through here (close, shutdown_send), so no room can write to a
// descriptor that was closed and perhaps handed to another connection.
//
// Included only by server/net/ws_session.cpp and its unit test: Beast headers are slow to compile.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "core/peer.hpp"
#include "net/streams.hpp"

namespace collegial::net {

// Writes the header of a final, unmasked WebSocket text frame carrying `payload` bytes
// (RFC 6455, section 5.2; a server never masks) into `out`; returns its length: 2, 4 or 10.
inline std::size_t text_frame_header(std::size_t payload, unsigned char out[10]) {
  out[0] = 0x81;  // FIN, opcode 1 (text)
  if (payload < 126) {
    out[1] = static_cast<unsigned char>(payload);
    return 2;
  }
  if (payload <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<unsigned char>(payload >> 8);
    out[3] = static_cast<unsigned char>(payload);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) {
    out[2 + i] = static_cast<unsigned char>(static_cast<std::uint64_t>(payload) >> (56 - 8 * i));
  }
  return 10;
}

// Calls piece(data, size) for each part of one text frame holding `messages`: the header, then
// the message itself, or "[", the messages separated by ",", and "]" when there are several.
// `header` must outlive the calls' use of it.
template <class Messages, class Piece>
void frame_pieces(const Messages& messages, unsigned char (&header)[10], Piece&& piece) {
  static constexpr char kOpen = '[';
  static constexpr char kComma = ',';
  static constexpr char kClose = ']';
  std::size_t payload = messages.size() > 1 ? messages.size() + 1 : 0;
  for (const std::string& m : messages) payload += m.size();
  piece(header, text_frame_header(payload, header));
  if (messages.size() == 1) {
    for (const std::string& m : messages) piece(m.data(), m.size());
    return;
  }
  piece(&kOpen, 1);
  bool first = true;
  for (const std::string& m : messages) {
    if (!first) piece(&kComma, 1);
    first = false;
    piece(m.data(), m.size());
  }
  piece(&kClose, 1);
}

// A run of queued frames seen as the strings they hold.
class FrameRun {
 public:
  class iterator {
   public:
    explicit iterator(const core::Frame* at) : at_(at) {}
    const std::string& operator*() const { return **at_; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator!=(const iterator& other) const { return at_ != other.at_; }

   private:
    const core::Frame* at_;
  };
  FrameRun(const core::Frame* first, std::size_t count) : first_(first), count_(count) {}
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(first_ + count_); }
  std::size_t size() const { return count_; }

 private:
  const core::Frame* first_;
  std::size_t count_;
};

template <class Next>
class FanoutStream {
 public:
  using executor_type = typename Next::executor_type;

  // What became of messages handed to write_messages().
  enum class Accepted {
    yes,         // sent, or queued to be sent
    closed,      // the stream is sealed or closed: dropped
    over_limit,  // they would take the queue past its limit: dropped, nothing else changed
  };

  // A frame takes at most this much of the queue, so one large batch cannot hold the socket's
  // other work back for long.
  static constexpr std::size_t kMaxBatchBytes = 256 * 1024;

  FanoutStream(Next&& next, std::size_t limit_bytes)
      : next_(std::move(next)), limit_bytes_(limit_bytes) {}

  FanoutStream(const FanoutStream&) = delete;
  FanoutStream& operator=(const FanoutStream&) = delete;

  // Handlers of writes started here hold `owner` (the session), so the stream outlives them.
  void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

  executor_type get_executor() noexcept { return next_.get_executor(); }
  Next& inner() { return next_; }

  // ---- Rooms' side: any thread.

  // Sends `messages` as one frame, or queues them. Never blocks. With `may_wait`, they are
  // queued even when the socket is idle, and the flush that follows on the executor sends them
  // with whatever else has been queued by then: a busy room's events batch into fewer frames
  // and system calls.
  Accepted write_messages(const core::Frame* messages, std::size_t count, bool may_wait = false) {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (!messages[i]) return Accepted::closed;
      bytes += messages[i]->size();
    }
    Callbacks dropped;  // destroyed after the lock is released
    std::unique_lock lock(mutex_);
    if (sealed_ || closed_) return Accepted::closed;
    if (count == 0) return Accepted::yes;
    if (queued_bytes_ + bytes > limit_bytes_) return Accepted::over_limit;
    queued_bytes_ += bytes;
    if (!may_wait && idle() && count <= kMostDirectMessages) {
      if (send_directly(FrameRun(messages, count), bytes, dropped)) return Accepted::yes;
      if (closed_) return Accepted::closed;
      if (flushing_) return Accepted::yes;  // the rest of the frame waits in current_
    }
    for (std::size_t i = 0; i < count; ++i) queue_.push_back(Entry{messages[i], {}});
    start_flush();
    return Accepted::yes;
  }

  // Message bytes queued or being written. Thread-safe.
  std::size_t queued_bytes() const {
    std::lock_guard lock(mutex_);
    return queued_bytes_;
  }

  // Calls `fn` once when nothing is queued or being written (at once if that is so now); never
  // if the stream closes first.
  void when_drained(std::function<void()> fn) {
    {
      std::lock_guard lock(mutex_);
      if (closed_ || sealed_) return;
      if (!idle()) {
        drained_.push_back(std::move(fn));
        return;
      }
    }
    fn();
  }

  // Calls `fn` once nothing is queued or being written: at once if that is so now, else on the
  // executor. Unlike when_drained, also after seal(); never once closed. The session sends its
  // close frame this way, so that its close timer starts only when the frames before it
  // have left (a reader that is merely slow still learns why it is closed).
  void when_idle(std::function<void()> fn) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      if (!idle()) {
        idle_waiters_.push_back(std::move(fn));
        return;
      }
    }
    fn();
  }

  // From now on write_messages() refuses; what is queued still leaves. Returns false when it
  // was already sealed. With `drop_queued`, queued messages are dropped first (the frame being
  // written still finishes, so the stream stays well formed).
  bool seal(bool drop_queued) {
    Callbacks dropped;
    std::lock_guard lock(mutex_);
    if (sealed_) return false;
    sealed_ = true;
    dropped.swap(drained_);
    if (drop_queued) {
      std::vector<Entry> kept;  // the session's bytes stay: the handshake's answer, a control frame
      for (std::size_t i = head_; i < queue_.size(); ++i) {
        if (!queue_[i].message) kept.push_back(std::move(queue_[i]));
      }
      queue_.swap(kept);
      head_ = 0;
      queued_bytes_ = current_message_bytes_;
    }
    return true;
  }

  // ---- The session's side: its executor.

  // Bytes read from the socket before this stream took it over: the first reads return them
  // (before the session starts reading; on its executor).
  void put_back(std::string bytes) { unread_ = std::move(bytes); }

  template <class MutableBufferSequence, class ReadToken>
  auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
    return asio::async_initiate<ReadToken, void(beast::error_code, std::size_t)>(
        [this](auto handler, const MutableBufferSequence& into) {
          if (unread_.empty()) {
            next_.async_read_some(into, std::move(handler));
            return;
          }
          const std::size_t n = asio::buffer_copy(into, asio::buffer(unread_));
          unread_.erase(0, n);
          asio::post(get_executor(), beast::bind_handler(std::move(handler), beast::error_code{}, n));
        },
        token, buffers);
  }

  // Takes all of `buffers` (a copy, or sent at once) and completes with their size, or with
  // broken_pipe once the stream is closed.
  template <class ConstBufferSequence, class WriteToken>
  auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
    return asio::async_initiate<WriteToken, void(beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBufferSequence& data) {
          const std::size_t size = asio::buffer_size(data);
          const bool taken = write_bytes(data, size);
          const beast::error_code ec = taken ? beast::error_code{} : asio::error::broken_pipe;
          asio::post(get_executor(), beast::bind_handler(std::move(handler), ec, taken ? size : 0));
        },
        token, buffers);
  }

  // The session's own bytes (the handshake's answer, control frames): sent at once when idle,
  // else queued in order. A close frame seals the stream. False once closed.
  bool write_control(const std::string& bytes) { return write_bytes(asio::buffer(bytes), bytes.size()); }

  // Shuts the sending side of the socket (after the close frame has left: after_flush); the
  // client's bytes can still be read until it closes its side.
  void shutdown_send() {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    beast::error_code ignored;
    lowest_socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Closes the socket. Nothing is written afterwards.
  void close() {
    Callbacks dropped;
    {
      std::lock_guard lock(mutex_);
      mark_closed(dropped);
    }
    beast::error_code ignored;
    lowest_socket().close(ignored);
  }

  // Runs `fn` on the session's executor once everything queued has been written (or the
  // stream broke), after sealing the stream to rooms and to direct sends: the WebSocket
  // teardown then owns the socket.
  void after_flush(std::function<void()> fn) {
    Callbacks dropped;
    {
      std::lock_guard lock(mutex_);
      sealed_ = true;
      dropped.swap(drained_);
      if (!idle() && !closed_) {
        after_flush_ = std::move(fn);
        return;
      }
      direct_finished_ = true;
    }
    fn();
  }

 private:
  using Callbacks = std::vector<std::function<void()>>;

  struct Entry {
    core::Frame message;  // a server message, or (when null)…
    std::string bytes;    // …the session's bytes (handshake answer, control frame)
  };

  // Larger commits than this are framed into one buffer on the flush path (the system call's
  // gather list is limited, and they are rare).
  static constexpr std::size_t kMostDirectMessages = 64;
  static constexpr bool kPlainSocket = std::is_same_v<Next, tcp::socket>;

  tcp::socket& lowest_socket() {
    if constexpr (kPlainSocket) {
      return next_;
    } else {
      return beast::get_lowest_layer(next_).socket();
    }
  }

  // With the lock held: nothing queued or being written.
  bool idle() const { return !flushing_ && queue_.size() == head_; }

  // With the lock held. Callbacks that will never run move to `dropped`, for the caller to
  // destroy after unlocking (one may hold the last reference to the session).
  void mark_closed(Callbacks& dropped) {
    closed_ = true;
    sealed_ = true;
    queue_.clear();
    head_ = 0;
    dropped.swap(drained_);
    dropped.insert(dropped.end(), std::make_move_iterator(idle_waiters_.begin()),
                   std::make_move_iterator(idle_waiters_.end()));
    idle_waiters_.clear();
    queued_bytes_ = 0;
    current_message_bytes_ = 0;  // a write in flight completes with nothing to count off
  }

  // With the lock held: a write failed, so the connection is dead. Nothing more is written, and
  // the socket is shut down so that the session's pending read fails now and the session ends
  // (rather than living on, unable to write, for as long as the client keeps talking).
  void break_connection(Callbacks& dropped) {
    const bool was_open = !closed_;
    mark_closed(dropped);
    // The descriptor is still ours: every close but the teardown's goes through close(), which
    // takes this lock, and the teardown starts only after direct writes have finished.
    if (was_open && !direct_finished_) ::shutdown(lowest_socket().native_handle(), SHUT_RDWR);
  }

  // With the lock held and the stream idle: sends one frame of `messages` (`bytes` of them)
  // without blocking. Returns true when all of it left. Otherwise the rest waits in current_
  // and a flush is started, or the connection broke and the stream is closed.
  template <class Messages>
  bool send_directly(const Messages& messages, std::size_t bytes, Callbacks& dropped) {
    if constexpr (!kPlainSocket) {
      (void)messages;
      (void)bytes;
      (void)dropped;
      return false;  // TLS: the flush path encrypts on the session's executor
    } else {
      unsigned char header[10];
      iovec pieces[2 * kMostDirectMessages + 2];
      std::size_t count = 0;
      std::size_t total = 0;
      frame_pieces(messages, header, [&](const void* data, std::size_t size) {
        pieces[count++] = iovec{const_cast<void*>(data), size};
        total += size;
      });
      const ssize_t sent = send_now(pieces, count);
      if (sent < 0) {
        break_connection(dropped);
        return false;
      }
      if (static_cast<std::size_t>(sent) == total) {
        queued_bytes_ -= bytes;
        return true;
      }
      // Keep the unsent tail for the flush (a full socket buffer: a slow or distant reader).
      current_.clear();
      std::size_t skip = static_cast<std::size_t>(sent);
      for (std::size_t i = 0; i < count; ++i) {
        if (skip >= pieces[i].iov_len) {
          skip -= pieces[i].iov_len;
          continue;
        }
        current_.append(static_cast<const char*>(pieces[i].iov_base) + skip,
                        pieces[i].iov_len - skip);
        skip = 0;
      }
      current_message_bytes_ = bytes;
      flushing_ = true;
      post_flush();
      return false;
    }
  }

  // With the lock held: as much of `pieces` as the socket takes now; -1 when it is broken.
  ssize_t send_now(iovec* pieces, std::size_t count) {
    msghdr message{};
    message.msg_iov = pieces;
    message.msg_iovlen = count;
    for (;;) {
      const ssize_t sent =
          ::sendmsg(lowest_socket().native_handle(), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (sent >= 0) return sent;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      return -1;
    }
  }

  // The session's bytes: sent at once when idle, else queued in order. False once closed.
  template <class ConstBufferSequence>
  bool write_bytes(const ConstBufferSequence& data, std::size_t size) {
    Callbacks dropped;
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    std::string bytes;
    bytes.reserve(size);
    for (auto it = asio::buffer_sequence_begin(data); it != asio::buffer_sequence_end(data); ++it) {
      const asio::const_buffer b = *it;
      bytes.append(static_cast<const char*>(b.data()), b.size());
    }
    // A close frame (answering the client's, or failing the connection: 1002, 1007, 1009) ends
    // the messages too: none may follow it (RFC 6455, section 5.5.1). Each frame comes whole,
    // header first; 0x88 is FIN + close, and no handshake answer starts with it.
    if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) == 0x88) {
      sealed_ = true;
      dropped.swap(drained_);
    }
    if constexpr (kPlainSocket) {
      if (idle() && !direct_finished_) {
        iovec piece{bytes.data(), bytes.size()};
        const ssize_t sent = send_now(&piece, 1);
        if (sent < 0) {
          break_connection(dropped);
          return false;
        }
        if (static_cast<std::size_t>(sent) == bytes.size()) return true;
        bytes.erase(0, static_cast<std::size_t>(sent));
      }
    }
    queue_.push_back(Entry{nullptr, std::move(bytes)});
    start_flush();
    return true;
  }

  // With the lock held: make sure a flush runs.
  void start_flush() {
    if (flushing_) return;
    flushing_ = true;
    post_flush();
  }

  void post_flush() {
    asio::post(next_.get_executor(), [this, owner = owner_.lock()] {
      if (owner) flush(owner);
    });
  }

  // On the executor: writes current_, then the queue, one frame or block of bytes at a time.
  void flush(const std::shared_ptr<void>& owner) {
    std::vector<std::function<void()>> drained;
    std::function<void()> after;
    bool write = true;
    {
      std::lock_guard lock(mutex_);
      if (closed_ || (current_.empty() && !take_next())) {
        write = false;
        flushing_ = false;
        drained.swap(drained_);
        drained.insert(drained.end(), std::make_move_iterator(idle_waiters_.begin()),
                       std::make_move_iterator(idle_waiters_.end()));
        idle_waiters_.clear();
        if (after_flush_) {
          after.swap(after_flush_);
          direct_finished_ = true;
        }
      }
    }
    if (!write) {
      for (auto& fn : drained) fn();
      if (after) after();
      return;
    }
    // current_ is the flush's own while flushing_, so it is written without the lock (a TLS
    // write encrypts it first).
    asio::async_write(next_, asio::buffer(current_),
                      [this, owner](beast::error_code ec, std::size_t) {
                        Callbacks dropped;
                        {
                          std::lock_guard lock(mutex_);
                          queued_bytes_ -= current_message_bytes_;
                          current_message_bytes_ = 0;
                          current_.clear();
                          if (ec) break_connection(dropped);
                        }
                        flush(owner);
                      });
  }

  // With the lock held: moves the next block of bytes, or the next run of messages framed as
  // one, from the queue into current_. False when the queue is empty.
  bool take_next() {
    if (queue_.size() == head_) return false;
    Entry& front = queue_[head_];
    if (!front.message) {
      current_ = std::move(front.bytes);
      current_message_bytes_ = 0;
      ++head_;
    } else {
      std::size_t end = head_;
      std::size_t bytes = 0;
      while (end < queue_.size() && queue_[end].message &&
             (end == head_ || bytes + queue_[end].message->size() <= kMaxBatchBytes)) {
        bytes += queue_[end].message->size();
        ++end;
      }
      run_.clear();
      for (std::size_t i = head_; i < end; ++i) run_.push_back(std::move(queue_[i].message));
      head_ = end;
      current_.clear();
      current_.reserve(bytes + run_.size() + 11);
      unsigned char header[10];
      frame_pieces(FrameRun(run_.data(), run_.size()), header,
                   [&](const void* data, std::size_t size) {
                     current_.append(static_cast<const char*>(data), size);
                   });
      run_.clear();
      current_message_bytes_ = bytes;
    }
    if (head_ == queue_.size()) {
      queue_.clear();
      head_ = 0;
    } else if (head_ > 1024 && head_ * 2 > queue_.size()) {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(head_));
      head_ = 0;
    }
    return true;
  }

  Next next_;
  const std::size_t limit_bytes_;
  std::weak_ptr<void> owner_;
  std::string unread_;  // put_back()'s bytes not yet read; the executor only

  mutable std::mutex mutex_;  // guards every field below
  std::vector<Entry> queue_;  // waiting, from head_ on
  std::size_t head_ = 0;
  std::size_t queued_bytes_ = 0;           // message bytes waiting or in current_
  std::size_t current_message_bytes_ = 0;  // message bytes in current_
  bool flushing_ = false;                  // a flush owns current_ and the socket's writes
  bool sealed_ = false;                    // write_messages refuses
  bool closed_ = false;                    // nothing more is written
  bool direct_finished_ = false;           // the teardown owns the socket: no direct sends
  Callbacks drained_;
  Callbacks idle_waiters_;
  std::function<void()> after_flush_;

  // Owned by the flush while flushing_.
  std::string current_;
  std::vector<core::Frame> run_;
};

}  // namespace collegial::net
