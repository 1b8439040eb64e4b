#include "core/schedule_ticker.hpp"

#include "util/log.hpp"

namespace collegial::core {

namespace {

// Who asks: the server itself, as an administrator (the tick's policy action); what it records
// is signed by the plugin's bot.
std::shared_ptr<const auth::Principal> scheduler() {
  auth::Principal p;
  p.kind = auth::Principal::Kind::person;
  p.id = 0;
  p.name = "Collegial scheduler";
  p.is_admin = true;
  return std::make_shared<const auth::Principal>(std::move(p));
}

}  // namespace

ScheduleTicker::ScheduleTicker(RoomHub& hub, store::Directory& directory, std::chrono::milliseconds interval,
                               std::function<void()> each_pass)
    : hub_(hub), directory_(directory), interval_(interval), each_pass_(std::move(each_pass)) {}

ScheduleTicker::~ScheduleTicker() { stop(); }

void ScheduleTicker::start() { thread_ = std::thread([this] { run(); }); }

void ScheduleTicker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ScheduleTicker::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    pass();
    // A test waits for this line to know that a pass which began after it set the clock has
    // done all it had to (tests/integration/webinar_test.cpp).
    LOG_DEBUG("scheduler: pass done");
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

void ScheduleTicker::pass() {
  static const auto who = scheduler();
  // Credentials and seats also end with time (a session's 12 hours, a term's last day) and
  // through `collegiald admin` run as another process: each pass has open connections resolve
  // their tokens again and loaded rooms re-read their rosters, so such an end reaches open
  // sockets within one interval.
  if (auth::Accounts* accounts = hub_.accounts()) accounts->credentials_changed();
  hub_.refresh_rosters();
  // Q1: a remote member recorded present whose connection did not come back after a restart.
  hub_.check_connections();
  if (each_pass_) each_pass_();
  std::vector<store::Body> bodies;
  try {
    bodies = directory_.bodies();
  } catch (const std::exception& e) {
    LOG_ERROR("scheduler: cannot list the bodies: " << e.what());
    return;
  }
  for (const auto& body : bodies) {
    if (!hub_.accepting()) return;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    // Several nodes: the room's holder asks it; a follower would only forward the same.
    // (find loads the room here too, as the first pass must.)
    const auto room = hub_.find(body.slug);
    if (!room || room->follower()) continue;
    for (const std::string& op : room->scheduled_operations()) {
      auto answer = hub_.act(body.slug, who, Command{op, nlohmann::json::object()});
      if (!answer) {
        LOG_WARN("scheduler: room " << body.slug << ": " << op << ": " << answer.status().message());
      } else if (answer.value().value("type", "") == "error") {
        LOG_WARN("scheduler: room " << body.slug << ": " << op << ": " << answer.value().value("message", ""));
      }
    }
  }
}

}  // namespace collegial::core
