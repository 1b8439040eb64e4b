// What the SMTP and webhook senders share of libcurl: one easy handle per transfer with the
// options every transfer here needs, and errors turned into Status values.
//
// libcurl is initialized once per process, on first use (thread-safe). Each Transfer is used by
// one thread at a time; different Transfers may run at once on different threads.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "util/status.hpp"

namespace collegial::delivery {

struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
// A curl_slist (recipients, headers) freed with its owner.
class CurlList {
 public:
  // Appends a copy of `item`; false when out of memory.
  bool append(const std::string& item);
  curl_slist* get() const { return list_.get(); }

 private:
  std::unique_ptr<curl_slist, CurlListDeleter> list_;
};

class Transfer {
 public:
  // A handle that uses no signals (we are multi-threaded), gives up after `timeout` (connecting
  // included), follows no redirects, speaks only `protocols` ("smtp,smtps", "http,https"), and
  // aborts within about a second once `*cancel` becomes true (when `cancel` is not null).
  Transfer(std::chrono::milliseconds timeout, const char* protocols,
           const std::atomic<bool>* cancel);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return easy_.get(); }

  // Runs the transfer. ok when libcurl completed it; `cancelled` when *cancel stopped it;
  // `send_failed` with libcurl's reason and detail otherwise ("Couldn't connect to server:
  // Failed to connect to 127.0.0.1 port 2525: Connection refused").
  Status perform();

 private:
  static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

  struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
  };
  std::unique_ptr<CURL, EasyDeleter> easy_;
  const std::atomic<bool>* cancel_;
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace collegial::delivery
