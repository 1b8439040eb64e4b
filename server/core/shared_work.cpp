#include "core/shared_work.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>

namespace collegial::core {
namespace {

struct Burst {
  Burst(std::size_t count, std::size_t chunk,
        const std::function<void(std::size_t, std::size_t)>& work)
      : count(count), chunk(chunk), work(&work) {}

  // Claims and runs chunks until none is left.
  void run() {
    for (;;) {
      const std::size_t first = next.fetch_add(chunk);
      if (first >= count) return;
      (*work)(first, std::min(first + chunk, count));
    }
  }

  const std::size_t count;
  const std::size_t chunk;
  std::atomic<std::size_t> next{0};

  std::mutex mutex;
  std::condition_variable done;
  std::exception_ptr helper_error;  // what the helper's chunk threw, rethrown by the caller
  // `work` lives on the caller's stack: the helper may use it only while `open`, and the
  // caller does not return while a helper is inside.
  const std::function<void(std::size_t, std::size_t)>* work;
  bool open = true;
  int helpers_inside = 0;
};

}  // namespace

void share_work(std::size_t count, std::size_t chunk,
                const std::function<void(std::size_t first, std::size_t end)>& work,
                const Helper& helper) {
  if (chunk == 0) chunk = 1;
  if (!helper || count <= chunk) {
    if (count > 0) work(0, count);
    return;
  }
  auto burst = std::make_shared<Burst>(count, chunk, work);
  helper([burst] {
    {
      std::lock_guard lock(burst->mutex);
      if (!burst->open) return;  // the caller finished alone
      ++burst->helpers_inside;
    }
    std::exception_ptr error;
    try {
      burst->run();
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(burst->mutex);
      if (error && !burst->helper_error) burst->helper_error = error;
      --burst->helpers_inside;
    }
    burst->done.notify_all();
  });
  // Closes the burst to late helpers and waits for one inside, also when `work` throws here:
  // the helper uses `work`, which lives on this stack.
  struct Join {
    Burst& burst;
    ~Join() {
      std::unique_lock lock(burst.mutex);
      burst.open = false;
      burst.done.wait(lock, [&] { return burst.helpers_inside == 0; });
    }
  };
  {
    Join join{*burst};
    burst->run();
  }
  if (burst->helper_error) std::rethrow_exception(burst->helper_error);
}

}  // namespace collegial::core
