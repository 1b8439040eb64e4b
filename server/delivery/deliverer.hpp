// The deliverer: one thread that sends the outbox's due deliveries (rule N7), by e-mail or
// webhook, records each outcome, and retries failures with exponential backoff until the
// delivery is delivered or given up as `failed` with its last error kept.
//
// Delivery is at least once: a crash after a send and before its outcome is recorded sends it
// again after restart (an e-mail keeps its Message-ID, a webhook its X-Collegial-Delivery id,
// so receivers can tell). Time comes from the injected clock; tests drive deliver_due() on
// their own thread instead of start().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "util/clock.hpp"
#include "delivery/outbox.hpp"
#include "delivery/smtp_sender.hpp"
#include "delivery/webhook_sender.hpp"

namespace collegial::delivery {

// What an e-mail delivery says while no SMTP server is configured.
inline constexpr const char* kNoSmtp = "no SMTP server configured (--smtp-url)";

struct RetryPolicy {
  int max_attempts = 8;                       // then `failed`
  std::int64_t first_delay_ms = 60'000;       // after the first failure; doubles after each
  std::int64_t max_delay_ms = 4 * 3'600'000;  // never more than this between attempts
};

// The wait after the `failures`-th failed attempt (1, 2, …): first_delay_ms * 2^(failures-1),
// at most max_delay_ms. With the defaults: 1, 2, 4, 8, 16, 32, 64 minutes, about two hours
// from the first attempt to the eighth.
std::int64_t retry_delay_ms(const RetryPolicy& policy, int failures);

struct DelivererOptions {
  RetryPolicy retry{};
  std::size_t batch = 16;  // deliveries claimed per pass
  // A claimed delivery is not due again for this long: longer than any send's timeout, so a
  // second deliverer never takes it meanwhile, short enough that a crash mid-send is retried
  // soon after restart.
  std::int64_t lease_ms = 5 * 60'000;
  // The thread looks at the outbox at least this often, even when not woken (deliveries
  // recorded by another process, clocks that jump).
  std::chrono::milliseconds max_idle{30'000};
};

class Deliverer {
 public:
  // `smtp` null: no SMTP server is configured, so e-mail deliveries wait (kNoSmtp) and webhooks
  // still go. Everything passed in must outlive the deliverer.
  Deliverer(Outbox& outbox, const collegial::Clock& clock, const SmtpSender* smtp,
            const WebhookSender& webhook, DelivererOptions options = {});
  ~Deliverer();  // stop()
  Deliverer(const Deliverer&) = delete;
  Deliverer& operator=(const Deliverer&) = delete;

  // Starts the thread; first warns (log) when outlets expect e-mail and no SMTP server is
  // configured. Call once.
  void start();

  // Stops the thread: a send in progress is aborted within about a second and its delivery
  // released uncounted, due again at once after restart. Idempotent; thread-safe.
  void stop();

  // New deliveries were recorded: look now rather than at the next timeout. Thread-safe and
  // cheap (it never waits for a send), so a room's thread may call it.
  void wake();

  // One pass on the caller's thread: claims up to `batch` due deliveries, sends each, records
  // each outcome. Returns how many it claimed. Throws store::sql::Error when the outbox cannot
  // be read. Not to be called while the thread runs.
  std::size_t deliver_due();

 private:
  void run();
  // The channels that can be sent now (e-mail only with an SMTP server).
  std::vector<Channel> channels() const;
  Status send(const Delivery& delivery) const;
  void record(const Delivery& delivery, const Status& outcome);

  Outbox& outbox_;
  const collegial::Clock& clock_;
  const SmtpSender* smtp_;
  const WebhookSender& webhook_;
  DelivererOptions options_;

  std::atomic<bool> stopping_{false};  // read by libcurl's progress callback to abort a send
  std::mutex mutex_;
  std::condition_variable wake_cv_;
  bool woken_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace collegial::delivery
