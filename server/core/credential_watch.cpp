#include "core/credential_watch.hpp"

#include <vector>

namespace collegial::core {

std::uint64_t CredentialWatch::add(Recheck recheck) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  watched_.emplace(id, std::move(recheck));
  return id;
}

void CredentialWatch::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  watched_.erase(id);
}

void CredentialWatch::recheck_all() {
  // Called outside the lock: a recheck may finish at once and remove itself.
  std::vector<Recheck> due;
  {
    std::lock_guard lock(mutex_);
    due.reserve(watched_.size());
    for (const auto& [id, recheck] : watched_) due.push_back(recheck);
  }
  for (const auto& recheck : due) recheck();
}

std::size_t CredentialWatch::size() const {
  std::lock_guard lock(mutex_);
  return watched_.size();
}

}  // namespace collegial::core
