// Sends one e-mail through the configured SMTP server (--smtp-url), with libcurl.
//
// smtps:// uses TLS from the start; smtp:// upgrades with STARTTLS when the server offers it,
// and requires it when a user is configured, so a password never crosses the network in clear.
// Certificates are verified against the system's trust store. The URL's path, if any, is the
// name said in EHLO ("smtp://relay.example:587/collegial.rec6.example").
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "delivery/email_message.hpp"
#include "util/status.hpp"

namespace collegial::delivery {

struct SmtpConfig {
  std::string url{};                         // smtp://host[:port][/ehlo-name] or smtps://…
  Mailbox from{};                            // the envelope sender and the From header
  std::string user{};                        // empty: no authentication
  std::string password{};                    // never logged
  std::chrono::milliseconds timeout{60000};  // for the whole exchange, connecting included
};

class SmtpSender {
 public:
  explicit SmtpSender(SmtpConfig config) : config_(std::move(config)) {}

  const Mailbox& from() const { return config_.from; }

  // Sends `message` to message.to.address (the From header and envelope sender are
  // config.from, whatever message.from says). ok once the server accepted the message after
  // DATA; `send_failed` with the reason (connection refused, a refused recipient with the
  // server's code, a timeout…) otherwise; `cancelled` when `*cancel` became true. Thread-safe:
  // each call is its own connection.
  Status send(const EmailMessage& message, const std::atomic<bool>* cancel = nullptr) const;

  // ok for an smtp:// or smtps:// URL with a host; bad_field saying why otherwise.
  static Status check_url(const std::string& url);

 private:
  SmtpConfig config_;
};

}  // namespace collegial::delivery
