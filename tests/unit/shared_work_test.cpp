// core/shared_work: a room's fan-out shared with a second thread. Every index is worked exactly
// once, the call returns only when all of it is done, and a helper that comes late or never
// changes nothing.
#include "core/shared_work.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using collegial::core::Helper;
using collegial::core::share_work;

namespace {

// A second thread that runs what it is lent, as an I/O thread of the pool would.
class HelperThread {
 public:
  HelperThread() : thread_([this] { loop(); }) {}
  ~HelperThread() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Helper helper() {
    return [this](std::function<void()> work) {
      {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(work));
      }
      wake_.notify_all();
    };
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto work = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      work();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a shared fan-out works every index exactly once, on two threads, before it returns",
          "[shared_work]") {
  HelperThread pool;
  constexpr std::size_t kCount = 1000;
  for (int round = 0; round < 50; ++round) {
    std::vector<std::atomic<int>> seen(kCount);
    std::mutex threads_mutex;
    std::set<std::thread::id> threads;
    share_work(
        kCount, 16,
        [&](std::size_t first, std::size_t end) {
          {
            std::lock_guard lock(threads_mutex);
            threads.insert(std::this_thread::get_id());
          }
          for (std::size_t i = first; i < end; ++i) {
            seen[i].fetch_add(1);
            std::this_thread::sleep_for(std::chrono::microseconds(20));  // a socket write's time
          }
        },
        pool.helper());
    // Returned: everything is done, and nothing runs any more.
    for (std::size_t i = 0; i < kCount; ++i) REQUIRE(seen[i].load() == 1);
    if (round == 49) CHECK(threads.size() == 2);  // the helper took part (20 ms of work)
  }
}

TEST_CASE("a shared fan-out whose helper never comes is done by the caller alone",
          "[shared_work]") {
  std::vector<std::function<void()>> never_run;
  const Helper lazy = [&](std::function<void()> work) { never_run.push_back(std::move(work)); };
  std::vector<int> seen(300, 0);
  share_work(
      300, 7,
      [&](std::size_t first, std::size_t end) {
        for (std::size_t i = first; i < end; ++i) ++seen[i];
      },
      lazy);
  for (int n : seen) REQUIRE(n == 1);
  // The helper's turn comes after the caller has returned: it finds nothing to do and must not
  // touch the caller's (now gone) work.
  REQUIRE(never_run.size() == 1);
  never_run.front()();
  for (int n : seen) REQUIRE(n == 1);
}

TEST_CASE("a small fan-out or one without a helper runs in one call on the caller's thread",
          "[shared_work]") {
  int calls = 0;
  const Helper refuse = [](std::function<void()>) { FAIL("a small burst is not shared"); };
  share_work(
      5, 64,
      [&](std::size_t first, std::size_t end) {
        ++calls;
        CHECK(first == 0);
        CHECK(end == 5);
      },
      refuse);
  share_work(
      500, 64,
      [&](std::size_t first, std::size_t end) {
        ++calls;
        CHECK(first == 0);
        CHECK(end == 500);
      },
      Helper{});
  share_work(
      0, 64, [&](std::size_t, std::size_t) { ++calls; }, Helper{});
  CHECK(calls == 2);
}

TEST_CASE("a chunk that throws reaches the caller only after every helper has left",
          "[shared_work]") {
  HelperThread pool;
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> inside{0};
    std::atomic<bool> overlap_after_return{false};
    try {
      share_work(
          400, 8,
          [&](std::size_t first, std::size_t) {
            ++inside;
            std::this_thread::sleep_for(std::chrono::microseconds(50));
            --inside;
            if (first == 200) throw std::runtime_error("chunk 25 failed");
          },
          pool.helper());
      FAIL("the exception was lost");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "chunk 25 failed");
      if (inside.load() != 0) overlap_after_return = true;
    }
    REQUIRE_FALSE(overlap_after_return.load());
  }
}
