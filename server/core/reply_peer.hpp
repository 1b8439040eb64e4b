// A peer for one request that does not come over a WebSocket (the HTTP API): it is never
// subscribed, so the only frame a room sends it is the request's answer, an ack or an error.
#pragma once

#include <future>
#include <mutex>

#include "core/peer.hpp"

namespace collegial::core {

class ReplyPeer final : public Peer {
 public:
  explicit ReplyPeer(i18n::Lang lang = i18n::Lang::en) : lang_(lang) {}
  i18n::Lang lang() const override { return lang_; }

  // The answer, once the room has sent it.
  std::future<Frame> answer() { return promise_.get_future(); }

  bool send(Frame message) override {
    std::lock_guard lock(mutex_);
    if (answered_) return true;
    answered_ = true;
    promise_.set_value(std::move(message));
    return true;
  }
  std::size_t queued_bytes() const override { return 0; }
  std::size_t queue_limit() const override { return 1 << 20; }
  void when_drained(std::function<void()> fn) override { fn(); }

 private:
  const i18n::Lang lang_;
  std::mutex mutex_;
  bool answered_ = false;
  std::promise<Frame> promise_;
};

}  // namespace collegial::core
