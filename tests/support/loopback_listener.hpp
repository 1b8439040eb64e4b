// A TCP listener on 127.0.0.1 with its own thread, for the test servers that stand in for the
// outside world (smtp_listener, http_listener). Connections are served one at a time; every
// read gives up when the listener stops or after a timeout, so a test never hangs on them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace collegial::test {

// One accepted connection, as the handler sees it.
class LoopbackConnection {
 public:
  LoopbackConnection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  // The next line without its CRLF (or LF); false when the peer closed, the listener stops, or
  // nothing came for `timeout`.
  bool read_line(std::string& line, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Exactly `n` more bytes (after what read_line buffered); false as above.
  bool read_exact(std::size_t n, std::string& out,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool write(std::string_view bytes);
  // Waits until the peer closes or the listener stops (a server that never answers).
  void wait_for_close();

 private:
  bool fill(std::chrono::milliseconds timeout);
  int fd_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
};

class LoopbackListener {
 public:
  using Handler = std::function<void(LoopbackConnection&)>;
  // Listens on an ephemeral port of 127.0.0.1 and serves each connection with `handler` on the
  // listener's thread. Throws std::runtime_error if it cannot listen.
  explicit LoopbackListener(Handler handler);
  ~LoopbackListener();  // stops: the thread ends within about 100 ms
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }

 private:
  void run();
  Handler handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace collegial::test
