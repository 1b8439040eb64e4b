// A real SMTP server on a loopback port, for tests: enough of RFC 5321 for a client to deliver
// (EHLO or HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT), one connection at a time, and a
// record of every message it accepted. It can also refuse, or never answer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "support/loopback_listener.hpp"

namespace collegial::test {

struct ReceivedMail {
  std::string helo;             // the name given in EHLO/HELO
  std::string from;             // MAIL FROM, without angle brackets
  std::vector<std::string> to;  // RCPT TO, without angle brackets
  std::string data;             // the message as sent after DATA, dot-unstuffed, CRLF lines

  // The value of header `name` (case-insensitive), unfolded; empty when absent.
  std::string header(std::string_view name) const;
  // Every header line of the message (unfolded), for checks on the whole header.
  std::vector<std::string> header_lines() const;
  // The body after the blank line, decoded when it is quoted-printable.
  std::string decoded_body() const;
};

enum class SmtpBehaviour {
  accept,             // takes every message
  refuse_recipient,   // answers RCPT TO with 550 (a permanent refusal)
  refuse_connection,  // greets with 554 and closes
  never_answer,       // accepts the connection and says nothing
};

class SmtpListener {
 public:
  explicit SmtpListener(SmtpBehaviour behaviour = SmtpBehaviour::accept);

  std::uint16_t port() const { return listener_.port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
  int connections() const { return listener_.connections(); }

  // Waits until `n` messages have been accepted and returns them all; throws on timeout.
  std::vector<ReceivedMail> wait_for(std::size_t n,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::vector<ReceivedMail> messages() const;

 private:
  void serve(LoopbackConnection& c);

  SmtpBehaviour behaviour_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ReceivedMail> messages_;
  LoopbackListener listener_;  // last: its thread stops before the members above go
};

// Decodes the RFC 2047 encoded-words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) of a header value.
std::string decode_header(std::string_view value);
// Decodes quoted-printable (RFC 2045): soft line breaks removed, =XX made bytes.
std::string decode_quoted_printable(std::string_view text);

}  // namespace collegial::test
