#include "core/background_work.hpp"

#include "util/log.hpp"

namespace collegial::core {

BackgroundWork::BackgroundWork(std::size_t threads) {
  if (threads == 0) threads = 1;
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

BackgroundWork::~BackgroundWork() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void BackgroundWork::post(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
}

void BackgroundWork::run() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      work();
    } catch (const std::exception& e) {
      LOG_ERROR("background work threw, and was dropped: " << e.what());
    } catch (...) {
      LOG_ERROR("background work threw something that is not a std::exception");
    }
  }
}

}  // namespace collegial::core
