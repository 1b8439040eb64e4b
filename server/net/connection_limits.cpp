#include "net/connection_limits.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace collegial::net {

SocketSlot& SocketSlot::operator=(SocketSlot&& other) noexcept {
  if (this != &other) {
    release();
    limits_ = other.limits_;
    other.limits_ = nullptr;
  }
  return *this;
}

void SocketSlot::release() {
  if (limits_) limits_->close_socket();
  limits_ = nullptr;
}

PublicSlot::PublicSlot(PublicSlot&& other) noexcept
    : limits_(other.limits_), address_(std::move(other.address_)), borrowed_(other.borrowed_) {
  other.limits_ = nullptr;
}

PublicSlot& PublicSlot::operator=(PublicSlot&& other) noexcept {
  if (this != &other) {
    release();
    limits_ = other.limits_;
    address_ = std::move(other.address_);
    borrowed_ = other.borrowed_;
    other.limits_ = nullptr;
  }
  return *this;
}

void PublicSlot::release() {
  if (limits_) limits_->leave_public(address_, borrowed_);
  limits_ = nullptr;
}

SocketLimits::SocketLimits(const SocketLimitsConfig& config)
    : max_connections_(config.max_connections ? config.max_connections
                                              : default_max_connections()),
      reserve_(config.reserve ? config.reserve : std::max<std::size_t>(8, max_connections_ / 8)),
      per_address_(config.public_per_address) {
  max_connections_ = std::max<std::size_t>(max_connections_, 2);
  // The public keeps at least one place, and the reserve at least one.
  reserve_ = std::clamp<std::size_t>(reserve_, 1, max_connections_ - 1);
}

std::size_t SocketLimits::default_max_connections() {
  constexpr std::size_t kDefault = 4096;
  constexpr std::size_t kMargin = 64;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kDefault;
  const auto files = static_cast<std::size_t>(limit.rlim_cur);
  if (files <= 2 * kMargin) return std::max<std::size_t>(files / 2, 2);
  return std::min(kDefault, files - kMargin);
}

SocketSlot SocketLimits::open_socket() {
  if (open_.fetch_add(1) >= max_connections_) {
    open_.fetch_sub(1);
    return {};
  }
  return SocketSlot(this);
}

PublicSlot SocketLimits::admit_public(const std::string& address, Refusal& why) {
  std::lock_guard lock(mutex_);
  auto& mine = per_address_count_[address];
  bool borrowed = false;
  if (per_address_ && mine >= per_address_) {
    why = Refusal::address_full;
  } else if (public_ < public_share()) {
    why = Refusal::none;
  } else if (borrowed_ < reserve_ / 2) {
    why = Refusal::none;
    borrowed = true;
  } else {
    why = Refusal::public_full;
  }
  if (why != Refusal::none) {
    if (mine == 0) per_address_count_.erase(address);
    return {};
  }
  ++mine;
  ++(borrowed ? borrowed_ : public_);
  return PublicSlot(this, address, borrowed);
}

std::size_t SocketLimits::public_sockets() const {
  std::lock_guard lock(mutex_);
  return public_ + borrowed_;
}

void SocketLimits::leave_public(const std::string& address, bool borrowed) {
  std::lock_guard lock(mutex_);
  --(borrowed ? borrowed_ : public_);
  const auto it = per_address_count_.find(address);
  if (it != per_address_count_.end() && --it->second == 0) per_address_count_.erase(it);
}

}  // namespace collegial::net
