// Sharing one burst of independent work with another thread, for a room's large fan-outs.
//
// A room runs on one I/O thread while the pool's other threads may be idle, and delivering a
// commit to a thousand subscribers is a thousand socket writes (docs/performance.md). A room
// offers those writes to the pool and works through them itself too.
#pragma once

#include <cstddef>
#include <functional>

namespace collegial::core {

// Runs `work` somewhere else: on any thread of the server's pool. Empty: no other thread.
using Helper = std::function<void(std::function<void()>)>;

// Calls work(first, end) over [0, count) in chunks of `chunk` indices, on the calling thread and,
// when `helper` lends one, on a second thread at the same time; calls for different chunks may
// overlap, so `work` must touch only what belongs to its indices. Returns when every call has
// returned, so nothing the caller does next can overtake the work. The caller never waits for a
// chunk that has not started: when the helper's thread is busy, the caller does all of it.
void share_work(std::size_t count, std::size_t chunk,
                const std::function<void(std::size_t first, std::size_t end)>& work,
                const Helper& helper);

}  // namespace collegial::core
