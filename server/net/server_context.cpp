#include "net/server_context.hpp"

#include <vector>

namespace collegial::net {

void SessionRegistry::add(const std::shared_ptr<Closable>& session) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      sessions_.emplace(session.get(), session);
      return;
    }
  }
  session->shut_down();
}

void SessionRegistry::remove(const Closable* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

void SessionRegistry::close_all() {
  std::vector<std::shared_ptr<Closable>> open;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto& [key, weak] : sessions_) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  // Outside the lock: shut_down may end a session, which removes itself.
  for (auto& s : open) s->shut_down();
}

void SessionRegistry::abort_all() {
  std::vector<std::shared_ptr<Closable>> open;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, weak] : sessions_) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  for (auto& s : open) s->abort();
}

void SessionRegistry::keep_alive_all() {
  std::vector<std::shared_ptr<Closable>> open;
  {
    std::lock_guard lock(mutex_);
    open.reserve(sessions_.size());
    for (auto& [key, weak] : sessions_) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  for (auto& s : open) s->keep_alive();
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace collegial::net
