// A real HTTP/1.1 server on a loopback port, for tests of webhooks: reads each request (with a
// Content-Length body), records it, answers with the status the test chose, and closes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "support/loopback_listener.hpp"

namespace collegial::test {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The value of header `name` (any case); empty when absent.
  std::string header(std::string_view name) const;
};

class HttpListener {
 public:
  explicit HttpListener(int status = 204);

  std::uint16_t port() const { return listener_.port(); }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }
  // The status of the answers from now on.
  void answer_with(int status);

  // Waits until `n` requests have arrived and returns them all; throws on timeout.
  std::vector<ReceivedRequest> wait_for(
      std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::vector<ReceivedRequest> requests() const;

 private:
  void serve(LoopbackConnection& c);

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  int status_;
  std::vector<ReceivedRequest> requests_;
  LoopbackListener listener_;  // last: its thread stops before the members above go
};

// Lower-case hex HMAC-SHA256 of `body` keyed with `key`, computed with OpenSSL directly: what
// a webhook receiver checks X-Collegial-Signature against.
std::string hmac_sha256_hex(const std::string& key, const std::string& body);

}  // namespace collegial::test
