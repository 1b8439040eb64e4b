// The window that keeps a node from running a command recorded off the bus twice
// (cluster/replay_window.hpp).
#include <catch2/catch.hpp>

#include "cluster/replay_window.hpp"

using collegial::cluster::ReplayWindow;

TEST_CASE("replay window: each number is taken once, in order, with gaps, or a little late; older ones never",
          "[cluster]") {
  ReplayWindow w;
  CHECK_FALSE(w.take(0));  // numbers start at 1
  CHECK(w.take(1));
  CHECK_FALSE(w.take(1));
  CHECK(w.take(5));        // 2-4 went to other rooms, or are on their way
  CHECK(w.take(3));        // late, within the window: once
  CHECK_FALSE(w.take(3));
  CHECK(w.take(2));
  CHECK(w.take(4));
  CHECK_FALSE(w.take(5));
  // 64 behind the highest is still in the window; 65 behind is not (it cannot be told from a replay).
  CHECK(w.take(100));
  CHECK(w.take(100 - 63));
  CHECK_FALSE(w.take(100 - 64));
  CHECK_FALSE(w.take(100 - 63));
  // A jump past the window's width forgets what it held, and refuses all of it as too old.
  CHECK(w.take(1000));
  CHECK_FALSE(w.take(100));
  CHECK(w.take(999));
  CHECK_FALSE(w.take(1000));
}
