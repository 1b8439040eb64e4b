#include "store/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace collegial::store {

Status InstanceLock::acquire(const std::string& database, InstanceLock& out) {
  const std::string path = database + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::error("io", "cannot open " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const bool busy = errno == EWOULDBLOCK;
    ::close(fd);
    if (busy) {
      return Status::error("locked", "another collegiald is running on " + database + " (it holds " +
                                         path + ")");
    }
    return Status::error("io", "cannot lock " + path);
  }
  out = InstanceLock();
  out.fd_ = fd;
  return Status::ok();
}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

InstanceLock& InstanceLock::operator=(InstanceLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

}  // namespace collegial::store
