// How many sockets the server keeps open, and how many of them the public may hold (issue #15:
// one client must not exhaust the server).
//
// Every accepted socket takes a SocketSlot until it closes; past max_connections the listener
// closes new sockets at once, so the kernel's backlog keeps draining. A WebSocket is the public's
// from its upgrade until its hello carries a valid token: until then it holds a PublicSlot,
// counted against the public's share (max_connections − reserve) and against its address's cap.
// The reserve keeps descriptors for /healthz, logins and members' sockets. When the public's share
// is full, an upgrade may still borrow a place in the reserve (at most half of it, so HTTP keeps
// the rest), but it must authenticate within reserve_hello_timeout or be closed with 4011: a
// member arriving while the public crowds the doors gets in, the public does not stay.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace collegial::net {

class SocketLimits;

// WebSocket close code for a public socket let in on the reserve that did not say hello with a
// valid token within reserve_hello_timeout (docs/protocol.md). Beside core::protocol's codes,
// but only the network layer closes for it.
inline constexpr std::uint16_t kCloseAuthenticate = 4011;

// One open socket, counted until destroyed or released. Move-only.
class SocketSlot {
 public:
  SocketSlot() = default;
  explicit SocketSlot(SocketLimits* limits) : limits_(limits) {}
  SocketSlot(SocketSlot&& other) noexcept : limits_(other.limits_) { other.limits_ = nullptr; }
  SocketSlot& operator=(SocketSlot&& other) noexcept;
  ~SocketSlot() { release(); }
  void release();
  explicit operator bool() const { return limits_ != nullptr; }

 private:
  SocketLimits* limits_ = nullptr;
};

// An unauthenticated WebSocket's place: in the public's share or borrowed from the reserve.
// Released when the socket closes or authenticates. Move-only.
class PublicSlot {
 public:
  PublicSlot() = default;
  PublicSlot(SocketLimits* limits, std::string address, bool borrowed)
      : limits_(limits), address_(std::move(address)), borrowed_(borrowed) {}
  PublicSlot(PublicSlot&& other) noexcept;
  PublicSlot& operator=(PublicSlot&& other) noexcept;
  ~PublicSlot() { release(); }
  void release();
  explicit operator bool() const { return limits_ != nullptr; }
  // Whether this place was borrowed from the reserve (then a deadline to authenticate applies).
  bool borrowed() const { return borrowed_; }

 private:
  SocketLimits* limits_ = nullptr;
  std::string address_;
  bool borrowed_ = false;
};

struct SocketLimitsConfig {
  std::size_t max_connections = 0;     // 0: default_max_connections()
  std::size_t reserve = 0;             // 0: max_connections / 8, at least 8 (capped below max)
  std::size_t public_per_address = 0;  // 0: no per-address cap
};

class SocketLimits {
 public:
  explicit SocketLimits(const SocketLimitsConfig& config);

  // 4096, or the open-file limit (RLIMIT_NOFILE) less 64 for the database, logs and TLS files
  // when that is lower.
  static std::size_t default_max_connections();

  // A slot for a just-accepted socket; empty when max_connections are open.
  SocketSlot open_socket();

  enum class Refusal { none, address_full, public_full };
  // A place for a WebSocket upgrade from `address` (before any hello). Empty, with `why` set,
  // when the address is at its cap or the public's share and the reserve's borrowable half are
  // full. Thread-safe.
  PublicSlot admit_public(const std::string& address, Refusal& why);

  std::size_t max_connections() const { return max_connections_; }
  std::size_t reserve() const { return reserve_; }
  std::size_t public_share() const { return max_connections_ - reserve_; }
  std::size_t public_per_address() const { return per_address_; }
  std::size_t open_sockets() const { return open_.load(); }
  std::size_t public_sockets() const;

 private:
  friend class SocketSlot;
  friend class PublicSlot;
  void close_socket() { open_.fetch_sub(1); }
  void leave_public(const std::string& address, bool borrowed);

  std::size_t max_connections_;
  std::size_t reserve_;
  std::size_t per_address_;
  std::atomic<std::size_t> open_{0};
  mutable std::mutex mutex_;
  std::size_t public_ = 0;    // unauthenticated WebSockets in the public's share
  std::size_t borrowed_ = 0;  // unauthenticated WebSockets in the reserve
  std::unordered_map<std::string, std::size_t> per_address_count_;  // both kinds
};

}  // namespace collegial::net
