#include "delivery/curl_transfer.hpp"

#include <mutex>

namespace collegial::delivery {
namespace {

// libcurl's global state, set up once; never torn down (it lives as long as the process).
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool CurlList::append(const std::string& item) {
  curl_slist* head = curl_slist_append(list_.get(), item.c_str());
  if (!head) return false;
  if (!list_) list_.reset(head);  // the first item; later ones return the same head
  return true;
}

Transfer::Transfer(std::chrono::milliseconds timeout, const char* protocols,
                   const std::atomic<bool>* cancel)
    : cancel_(cancel) {
  init_curl_once();
  easy_.reset(curl_easy_init());
  if (!easy_) return;
  CURL* h = easy_.get();
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);  // so on_progress is called
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, this);
}

int Transfer::on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* t = static_cast<const Transfer*>(self);
  return t->cancel_ && t->cancel_->load() ? 1 : 0;  // non-zero aborts the transfer
}

Status Transfer::perform() {
  if (!easy_) return Status::error("send_failed", "libcurl could not create a handle");
  error_[0] = '\0';
  const CURLcode code = curl_easy_perform(easy_.get());
  if (code == CURLE_OK) return Status::ok();
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    return Status::error("cancelled", "stopped by shutdown");
  }
  std::string reason = curl_easy_strerror(code);
  if (error_[0] != '\0') reason += std::string(": ") + error_;
  return Status::error("send_failed", reason);
}

}  // namespace collegial::delivery
