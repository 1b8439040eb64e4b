#include "delivery/deliverer.hpp"


#include <algorithm>

#include "util/log.hpp"

namespace collegial::delivery {

std::int64_t retry_delay_ms(const RetryPolicy& policy, int failures) {
  std::int64_t delay = std::max<std::int64_t>(policy.first_delay_ms, 0);
  for (int i = 1; i < failures && delay < policy.max_delay_ms; ++i) delay *= 2;
  return std::min(delay, policy.max_delay_ms);
}

Deliverer::Deliverer(Outbox& outbox, const collegial::Clock& clock, const SmtpSender* smtp,
                     const WebhookSender& webhook, DelivererOptions options)
    : outbox_(outbox), clock_(clock), smtp_(smtp), webhook_(webhook), options_(options) {}

Deliverer::~Deliverer() {
  stop();
}

void Deliverer::start() {
  if (!smtp_) {
    try {
      if (const int n = outbox_.active_subscribers(Channel::email); n > 0) {
        LOG_WARN("N7: " << n << " media subscriber(s) receive notices by e-mail but there is "
                        << kNoSmtp << ": their deliveries stay pending until there is one");
      }
    } catch (const store::sql::Error& e) {
      LOG_ERROR("N7: cannot read the media subscribers: " << e.what());
    }
  }
  thread_ = std::thread([this] { run(); });
}

void Deliverer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Deliverer::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_cv_.notify_all();
}

std::vector<Channel> Deliverer::channels() const {
  if (smtp_) return {Channel::email, Channel::webhook};
  return {Channel::webhook};
}

std::size_t Deliverer::deliver_due() {
  if (!smtp_) outbox_.note_waiting(Channel::email, kNoSmtp);
  const auto claimed =
      outbox_.claim_due(clock_.now_ms(), options_.batch, channels(), options_.lease_ms);
  for (const Delivery& d : claimed) {
    record(d, stopping_ ? Status::error("cancelled", "stopped by shutdown") : send(d));
  }
  return claimed.size();
}

Status Deliverer::send(const Delivery& d) const {
  if (d.channel == Channel::webhook) {
    return webhook_.post(
        {.url = d.address, .body = d.payload, .secret = d.secret, .delivery_id = d.id}, &stopping_);
  }
  if (!smtp_) return Status::error("send_failed", kNoSmtp);
  const std::string& from = smtp_->from().address;
  EmailMessage m{.from = smtp_->from(),
                 .to = {d.subscriber_name, d.address},
                 .subject = d.subject,
                 .text = d.text,
                 // The message was complete when the notice was recorded: every retry is the
                 // same message, with the same Date and Message-ID.
                 .date_ms = d.created_ms,
                 .message_id = "notice." + std::to_string(d.id) + "." +
                               std::to_string(d.created_ms) + from.substr(from.find('@'))};
  return smtp_->send(m, &stopping_);
}

void Deliverer::record(const Delivery& d, const Status& outcome) {
  const std::int64_t now = clock_.now_ms();
  Status stored;
  if (outcome) {
    stored = outbox_.mark_delivered(d.id, now);
    LOG_INFO("N7: delivery " << d.id << " of " << d.source << " to " << d.subscriber_name << " ("
                             << name_of(d.channel) << ") delivered");
  } else if (outcome.code() == "cancelled") {
    stored = outbox_.release(d.id, now);
  } else if (d.attempts >= options_.retry.max_attempts) {
    stored = outbox_.mark_attempt_failed(d.id, outcome.message(), std::nullopt);
    LOG_ERROR("N7: delivery " << d.id << " of " << d.source << " to " << d.subscriber_name
                              << " failed after " << d.attempts
                              << " attempts; giving up: " << outcome.message());
  } else {
    const std::int64_t delay = retry_delay_ms(options_.retry, d.attempts);
    stored = outbox_.mark_attempt_failed(d.id, outcome.message(), now + delay);
    LOG_WARN("N7: delivery " << d.id << " of " << d.source << " to " << d.subscriber_name
                             << " failed (attempt " << d.attempts << " of "
                             << options_.retry.max_attempts << "), retrying in " << delay / 1000
                             << " s: " << outcome.message());
  }
  if (!stored) {
    // The claim's lease makes it due again later; the send may then be repeated.
    LOG_ERROR("N7: cannot record the outcome of delivery " << d.id << ": " << stored.message());
  }
}

void Deliverer::run() {
  while (!stopping_) {
    std::chrono::milliseconds wait = options_.max_idle;
    try {
      if (deliver_due() >= options_.batch) continue;  // more may be due at once
      if (const auto next = outbox_.next_due_ms(channels())) {
        const auto until =
            std::chrono::milliseconds(std::max<std::int64_t>(*next - clock_.now_ms(), 0));
        wait = std::min(wait, until);
      }
    } catch (const store::sql::Error& e) {
      LOG_ERROR("N7: the deliverer cannot read the outbox: " << e.what());
      wait = std::min(wait, std::chrono::milliseconds(5000));
    }
    std::unique_lock lock(mutex_);
    wake_cv_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

}  // namespace collegial::delivery
