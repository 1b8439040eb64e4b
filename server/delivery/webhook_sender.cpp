#include "delivery/webhook_sender.hpp"

#include <algorithm>
#include <memory>

#include "delivery/curl_transfer.hpp"
#include "record/chain.hpp"

namespace collegial::delivery {
namespace {

constexpr std::size_t kKeptAnswer = 200;  // bytes of a refusal's answer kept in last_error

// Keeps the start of the answer, for the error when it is not a 2xx.
std::size_t keep_answer(char* data, std::size_t size, std::size_t count, void* user) {
  auto* kept = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (kept->size() < kKeptAnswer) kept->append(data, std::min(n, kKeptAnswer - kept->size()));
  return n;
}

// The answer's start as one printable line.
std::string printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text) out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : ' ';
  return out;
}

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

}  // namespace

std::string webhook_signature(std::string_view secret, std::string_view body) {
  std::string out = "sha256=";
  return out.append(record::hmac_sha256_hex(secret, body));
}

bool valid_webhook_url(std::string_view url) {
  if (url.size() > 2000) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed) return false;
  const std::string text(url);
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return false;
  char* scheme = nullptr;
  char* host = nullptr;
  const bool has_scheme = curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK;
  const bool has_host = curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK;
  const bool ok = has_scheme && has_host && host[0] != '\0' &&
                  (std::string_view(scheme) == "http" || std::string_view(scheme) == "https");
  curl_free(scheme);
  curl_free(host);
  return ok;
}

Status WebhookSender::post(const WebhookPost& request, const std::atomic<bool>* cancel) const {
  Transfer t(timeout_, "http,https", cancel);
  CURL* h = t.handle();
  CurlList headers;
  bool listed = headers.append("Content-Type: application/json") &&
                headers.append("X-Collegial-Event: notice.posted") &&
                headers.append("X-Collegial-Delivery: " + std::to_string(request.delivery_id)) &&
                headers.append("Expect:");  // no 100-continue round trip
  if (listed && !request.secret.empty()) {
    listed =
        headers.append("X-Collegial-Signature: " + webhook_signature(request.secret, request.body));
  }
  if (!h || !listed) return Status::error("send_failed", "out of memory");
  std::string answer;
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "collegiald");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &keep_answer);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  if (Status s = t.perform(); !s) return s;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return Status::ok();
  std::string reason = "HTTP " + std::to_string(status);
  if (!answer.empty()) reason += ": " + printable(answer);
  return Status::error("send_failed", reason);
}

}  // namespace collegial::delivery
