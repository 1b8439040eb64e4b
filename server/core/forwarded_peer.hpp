// A peer for a command forwarded by another node (Room::remote, issue #18 §3): never subscribed,
// so the only frame a room sends it is the command's answer, which goes back to that node.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "core/peer.hpp"

namespace collegial::core {

class ForwardedPeer final : public Peer {
 public:
  ForwardedPeer(i18n::Lang lang, std::function<void(std::string answer)> answer)
      : lang_(lang), answer_(std::move(answer)) {}
  i18n::Lang lang() const override { return lang_; }

  bool send(Frame message) override {
    std::function<void(std::string)> answer;
    {
      std::lock_guard lock(mutex_);
      answer.swap(answer_);  // the first frame is the answer; nothing follows it
    }
    if (answer) answer(*message);
    return true;
  }
  std::size_t queued_bytes() const override { return 0; }
  std::size_t queue_limit() const override { return 1 << 20; }
  void when_drained(std::function<void()> fn) override { fn(); }

 private:
  const i18n::Lang lang_;
  std::mutex mutex_;
  std::function<void(std::string)> answer_;
};

}  // namespace collegial::core
