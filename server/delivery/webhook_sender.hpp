// Posts a notice's JSON to a subscriber's webhook, with libcurl.
//
// The request (docs/operations.md, "Notices to the media"):
//   POST <url>
//   Content-Type: application/json
//   User-Agent: collegiald
//   X-Collegial-Event: notice.posted
//   X-Collegial-Delivery: <delivery id>          the same on every retry: receivers deduplicate
//   X-Collegial-Signature: sha256=<hex>          when the subscriber has a secret
// The signature is the lower-case hex HMAC-SHA256 of the exact body bytes with the subscriber's
// secret as key. Success is any 2xx answer; redirects are not followed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.hpp"

namespace collegial::delivery {

struct WebhookPost {
  std::string url{};
  std::string body{};    // JSON
  std::string secret{};  // empty: unsigned
  std::int64_t delivery_id = 0;
};

class WebhookSender {
 public:
  explicit WebhookSender(std::chrono::milliseconds timeout = std::chrono::seconds(20))
      : timeout_(timeout) {}

  // Posts once. ok on a 2xx answer; `send_failed` with the reason otherwise ("HTTP 503: <the
  // start of the answer>", a refused connection, a timeout); `cancelled` when `*cancel` became
  // true. Thread-safe: each call is its own connection.
  Status post(const WebhookPost& request, const std::atomic<bool>* cancel = nullptr) const;

 private:
  std::chrono::milliseconds timeout_;
};

// "sha256=" + lower-case hex HMAC-SHA256 of `body` keyed with `secret`.
std::string webhook_signature(std::string_view secret, std::string_view body);

// True for an absolute http:// or https:// URL with a host (parsed by libcurl's URL parser).
bool valid_webhook_url(std::string_view url);

}  // namespace collegial::delivery
