#include "delivery/smtp_sender.hpp"

#include <algorithm>
#include <cstring>

#include "delivery/curl_transfer.hpp"

namespace collegial::delivery {
namespace {

// Feeds the message to libcurl's upload, which dot-stuffs it and ends DATA.
struct Upload {
  const std::string& data;
  std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data.size() - up->sent);
  std::memcpy(buffer, up->data.data() + up->sent, n);
  up->sent += n;
  return n;
}

}  // namespace

Status SmtpSender::check_url(const std::string& url) {
  const bool smtp = url.rfind("smtp://", 0) == 0;
  const bool smtps = url.rfind("smtps://", 0) == 0;
  const std::size_t host_at = smtp ? 7 : 8;
  if ((!smtp && !smtps) || url.size() <= host_at || url[host_at] == '/' || url[host_at] == ':') {
    return Status::error("bad_field", "the SMTP URL is smtp://host[:port] or smtps://host[:port]");
  }
  return Status::ok();
}

Status SmtpSender::send(const EmailMessage& message, const std::atomic<bool>* cancel) const {
  EmailMessage m = message;
  m.from = config_.from;
  const std::string data = format_email(m);
  Upload upload{data};

  Transfer t(config_.timeout, "smtp,smtps", cancel);
  CURL* h = t.handle();
  CurlList recipients;
  if (!h || !recipients.append("<" + m.to.address + ">")) {
    return Status::error("send_failed", "out of memory");
  }
  curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
  const bool implicit_tls = config_.url.rfind("smtps://", 0) == 0;
  if (!implicit_tls) {
    // A password only over TLS; otherwise TLS whenever the server offers it.
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     static_cast<long>(config_.user.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  }
  if (!config_.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const std::string sender = "<" + config_.from.address + ">";
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  return t.perform();
}

}  // namespace collegial::delivery
