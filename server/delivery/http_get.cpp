#include "delivery/http_get.hpp"

#include "delivery/curl_transfer.hpp"

namespace collegial::delivery {
namespace {

constexpr std::size_t kMaxBody = 64u << 20;

std::size_t keep(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (body->size() + n > kMaxBody) return 0;  // too large: libcurl stops with a write error
  body->append(data, n);
  return n;
}

}  // namespace

Result<std::string> http_get(const std::string& url, std::chrono::milliseconds timeout) {
  Transfer transfer(timeout, "http,https", nullptr);
  std::string body;
  curl_easy_setopt(transfer.handle(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(transfer.handle(), CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(transfer.handle(), CURLOPT_WRITEDATA, &body);
  if (Status s = transfer.perform(); !s) return s;
  long code = 0;
  curl_easy_getinfo(transfer.handle(), CURLINFO_RESPONSE_CODE, &code);
  if (code != 200) return Status::error("bad_answer", url + " answered " + std::to_string(code));
  return body;
}

}  // namespace collegial::delivery
