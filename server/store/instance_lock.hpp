// One server per database. Two collegiald processes on one file would each fold the rooms
// into their own memory and decide commands on state the other never saw; the chain guard
// would refuse their forks, but only after acknowledging clients had been told otherwise.
// The server therefore holds an exclusive advisory lock (flock) on `<database>.lock` while it
// runs; the kernel drops it when the process ends, even by kill -9, so there is nothing to
// clean up. The admin commands and `verify` share the database with a running server on
// purpose and do not take it; `restore` does, so it never swaps a file under a live server.
#pragma once

#include <string>

#include "util/status.hpp"

namespace collegial::store {

class InstanceLock {
 public:
  // Takes the lock of `database` without waiting: `locked` when another process holds it,
  // `io` when the lock file cannot be opened.
  static Status acquire(const std::string& database, InstanceLock& out);

  InstanceLock() = default;
  ~InstanceLock();
  InstanceLock(InstanceLock&& other) noexcept;
  InstanceLock& operator=(InstanceLock&& other) noexcept;
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace collegial::store
