#include "support/http_listener.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace collegial::test {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string ReceivedRequest::header(std::string_view name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpListener::HttpListener(int status)
    : status_(status), listener_([this](LoopbackConnection& c) { serve(c); }) {}

void HttpListener::answer_with(int status) {
  std::lock_guard lock(mutex_);
  status_ = status;
}

void HttpListener::serve(LoopbackConnection& c) {
  ReceivedRequest request;
  std::string line;
  if (!c.read_line(line)) return;
  const auto sp1 = line.find(' ');
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return;
  request.method = line.substr(0, sp1);
  request.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  while (c.read_line(line) && !line.empty()) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    request.headers[lower(line.substr(0, colon))] = value;
  }
  const std::string length = request.header("Content-Length");
  if (!length.empty() && !c.read_exact(std::stoul(length), request.body)) return;
  int status = 0;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    status = status_;
  }
  arrived_.notify_all();
  const std::string body = status >= 200 && status < 300 ? "" : "test refusal";
  c.write("HTTP/1.1 " + std::to_string(status) + " Test\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

std::vector<ReceivedRequest> HttpListener::wait_for(std::size_t n,
                                                    std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= n; })) {
    throw std::runtime_error("the HTTP listener received " + std::to_string(requests_.size()) +
                             " of " + std::to_string(n) + " requests");
  }
  return requests_;
}

std::vector<ReceivedRequest> HttpListener::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::string hmac_sha256_hex(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &n);
  std::string hex;
  char digits[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(digits, sizeof digits, "%02x", mac[i]);
    hex += digits;
  }
  return hex;
}

}  // namespace collegial::test
