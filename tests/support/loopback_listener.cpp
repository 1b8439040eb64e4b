#include "support/loopback_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace collegial::test {
namespace {

constexpr int kSliceMs = 50;  // how often a wait looks at `stopping`

// Waits for `fd` to become readable in slices, so a stop is noticed; false on timeout or stop.
bool wait_readable(int fd, const std::atomic<bool>& stopping, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stopping.load()) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, kSliceMs);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
    if (std::chrono::steady_clock::now() >= deadline) return false;
  }
  return false;
}

}  // namespace

bool LoopbackConnection::fill(std::chrono::milliseconds timeout) {
  if (!wait_readable(fd_, stopping_, timeout)) return false;
  char chunk[4096];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool LoopbackConnection::read_line(std::string& line, std::chrono::milliseconds timeout) {
  for (;;) {
    const auto lf = buffer_.find('\n');
    if (lf != std::string::npos) {
      line = buffer_.substr(0, lf);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      buffer_.erase(0, lf + 1);
      return true;
    }
    if (!fill(timeout)) return false;
  }
}

bool LoopbackConnection::read_exact(std::size_t n, std::string& out,
                                    std::chrono::milliseconds timeout) {
  while (buffer_.size() < n) {
    if (!fill(timeout)) return false;
  }
  out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return true;
}

bool LoopbackConnection::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void LoopbackConnection::wait_for_close() {
  while (fill(std::chrono::hours(1))) buffer_.clear();
}

LoopbackListener::LoopbackListener(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { run(); });
}

LoopbackListener::~LoopbackListener() {
  stopping_ = true;
  thread_.join();
  ::close(listen_fd_);
}

void LoopbackListener::run() {
  while (!stopping_.load()) {
    if (!wait_readable(listen_fd_, stopping_, std::chrono::milliseconds(kSliceMs))) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    LoopbackConnection connection(fd, stopping_);
    handler_(connection);
    ::close(fd);
  }
}

}  // namespace collegial::test
