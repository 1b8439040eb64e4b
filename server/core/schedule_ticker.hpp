// Work that falls due with time rather than with a request: every interval, each body's room
// is asked each operation its plugins declare on_schedule (core/plugin.hpp; the webinars'
// `webinar.tick`: reminders before sessions, attendance after them, L2). The room decides on
// its own log what is due, so a tick repeated, or a restart, never does anything twice. Each pass also has open connections check their credentials and
// loaded rooms their rosters again (what ends with time or in another process).
//
// The first pass, as the server starts, also loads every body's room, so what rooms tell each
// other through effects (the facilitators' bookings) is complete.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/room_hub.hpp"
#include "store/directory.hpp"

namespace collegial::core {

class ScheduleTicker {
 public:
  // `each_pass`, when given, also runs at every pass (the server logs directory changes made by
  // another process there).
  ScheduleTicker(RoomHub& hub, store::Directory& directory, std::chrono::milliseconds interval,
                 std::function<void()> each_pass = {});
  ~ScheduleTicker();  // stops
  ScheduleTicker(const ScheduleTicker&) = delete;
  ScheduleTicker& operator=(const ScheduleTicker&) = delete;

  void start();
  void stop();

 private:
  void run();
  void pass();

  RoomHub& hub_;
  store::Directory& directory_;
  std::chrono::milliseconds interval_;
  std::function<void()> each_pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace collegial::core
