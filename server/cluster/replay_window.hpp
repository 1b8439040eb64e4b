// Which numbered messages of one sender have been taken already, so that a message recorded off
// the bus and sent again is refused (the anti-replay window of IPsec, RFC 4303 §3.4.3).
//
// A sender numbers its messages 1, 2, 3…; they may arrive with gaps (numbers the sender used
// for other rooms) and a little out of order. The window remembers the highest number taken and
// which of the 64 below it were taken: a number above the highest is new; one within the 64 is
// new once; one older than that is refused (it cannot be told from a replay).
#pragma once

#include <cstdint>

namespace collegial::cluster {

class ReplayWindow {
 public:
  static constexpr std::uint64_t kWidth = 64;

  // True, and the number is marked taken, when `n` (> 0) has not been taken and is not too old.
  bool take(std::uint64_t n) {
    if (n == 0) return false;
    if (n > highest_) {
      const std::uint64_t shift = n - highest_;
      seen_ = shift >= kWidth ? 0 : seen_ << shift;
      seen_ |= 1;  // bit i: highest_ - i was taken
      highest_ = n;
      return true;
    }
    const std::uint64_t age = highest_ - n;
    if (age >= kWidth) return false;
    const std::uint64_t bit = std::uint64_t{1} << age;
    if (seen_ & bit) return false;
    seen_ |= bit;
    return true;
  }

 private:
  std::uint64_t highest_ = 0;
  std::uint64_t seen_ = 0;
};

}  // namespace collegial::cluster
