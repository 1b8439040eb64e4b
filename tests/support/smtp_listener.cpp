#include "support/smtp_listener.hpp"

#include <openssl/evp.h>

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

bool starts_with_command(const std::string& line, std::string_view command) {
  return lower(line.substr(0, command.size())) == lower(command);
}

std::string between_brackets(const std::string& line) {
  const auto open = line.find('<');
  const auto close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return line.substr(open + 1, close - open - 1);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string base64_decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) throw std::runtime_error("bad base64 in a header");
  out.resize(static_cast<std::size_t>(n));
  // EVP_DecodeBlock counts the padding as zero bytes: take them off.
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) out.pop_back();
  return out;
}

}  // namespace

std::vector<std::string> ReceivedMail::header_lines() const {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < data.size()) {
    auto end = data.find("\r\n", pos);
    if (end == std::string::npos) end = data.size();
    const std::string line = data.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) break;  // the blank line ends the header
    if ((line[0] == ' ' || line[0] == '\t') && !lines.empty()) {
      lines.back() += line;  // a folded continuation (the folding CRLF removed)
    } else {
      lines.push_back(line);
    }
  }
  return lines;
}

std::string ReceivedMail::header(std::string_view name) const {
  const std::string wanted = lower(name) + ":";
  for (const auto& line : header_lines()) {
    if (lower(line.substr(0, wanted.size())) != wanted) continue;
    std::string value = line.substr(wanted.size());
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    return value;
  }
  return {};
}

std::string ReceivedMail::decoded_body() const {
  const auto blank = data.find("\r\n\r\n");
  if (blank == std::string::npos) return {};
  const std::string body = data.substr(blank + 4);
  if (lower(header("Content-Transfer-Encoding")) == "quoted-printable") {
    return decode_quoted_printable(body);
  }
  return body;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (text.substr(i + 1, 2) == "\r\n") {  // soft line break
      i += 2;
      continue;
    }
    if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) {
      throw std::runtime_error("bad quoted-printable at byte " + std::to_string(i));
    }
    out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
    i += 2;
  }
  return out;
}

std::string decode_header(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool previous_was_word = false;
  while (pos < value.size()) {
    const auto start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out.append(value.substr(pos));
      break;
    }
    const auto q1 = value.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    const auto end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out.append(value.substr(pos));
      break;
    }
    // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 §6.2).
    const std::string_view gap = value.substr(pos, start - pos);
    if (!(previous_was_word && gap.find_first_not_of(" \t") == std::string_view::npos)) {
      out.append(gap);
    }
    const char encoding = static_cast<char>(std::toupper(value[q1 + 1]));
    const std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
    if (encoding == 'B') {
      out += base64_decode(payload);
    } else {
      std::string q(payload);
      std::replace(q.begin(), q.end(), '_', ' ');
      out += decode_quoted_printable(q);
    }
    pos = end + 2;
    previous_was_word = true;
  }
  return out;
}

SmtpListener::SmtpListener(SmtpBehaviour behaviour)
    : behaviour_(behaviour), listener_([this](LoopbackConnection& c) { serve(c); }) {}

void SmtpListener::serve(LoopbackConnection& c) {
  if (behaviour_ == SmtpBehaviour::never_answer) {
    c.wait_for_close();
    return;
  }
  if (behaviour_ == SmtpBehaviour::refuse_connection) {
    c.write("554 5.3.2 test server refuses service\r\n");
    return;
  }
  c.write("220 collegial-test ESMTP\r\n");
  ReceivedMail mail;
  std::string line;
  while (c.read_line(line)) {
    if (starts_with_command(line, "EHLO") || starts_with_command(line, "HELO")) {
      mail.helo = line.size() > 5 ? line.substr(5) : "";
      c.write(starts_with_command(line, "EHLO") ? "250-collegial-test\r\n250 8BITMIME\r\n"
                                                : "250 collegial-test\r\n");
    } else if (starts_with_command(line, "MAIL FROM:")) {
      mail.from = between_brackets(line);
      mail.to.clear();
      c.write("250 2.1.0 ok\r\n");
    } else if (starts_with_command(line, "RCPT TO:")) {
      if (behaviour_ == SmtpBehaviour::refuse_recipient) {
        c.write("550 5.1.1 mailbox unavailable\r\n");
      } else {
        mail.to.push_back(between_brackets(line));
        c.write("250 2.1.5 ok\r\n");
      }
    } else if (starts_with_command(line, "DATA")) {
      if (mail.to.empty()) {
        c.write("503 5.5.1 no recipients\r\n");
        continue;
      }
      c.write("354 end with <CRLF>.<CRLF>\r\n");
      mail.data.clear();
      bool ended = false;
      while (c.read_line(line)) {
        if (line == ".") {
          ended = true;
          break;
        }
        if (!line.empty() && line[0] == '.') line.erase(0, 1);  // dot-stuffing
        mail.data += line + "\r\n";
      }
      if (!ended) return;
      {
        std::lock_guard lock(mutex_);
        messages_.push_back(mail);
      }
      arrived_.notify_all();
      c.write("250 2.0.0 queued\r\n");
    } else if (starts_with_command(line, "RSET") || starts_with_command(line, "NOOP")) {
      c.write("250 2.0.0 ok\r\n");
    } else if (starts_with_command(line, "QUIT")) {
      c.write("221 2.0.0 bye\r\n");
      return;
    } else {
      c.write("502 5.5.2 command not implemented\r\n");
    }
  }
}

std::vector<ReceivedMail> SmtpListener::wait_for(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= n; })) {
    throw std::runtime_error("the SMTP listener received " + std::to_string(messages_.size()) +
                             " of " + std::to_string(n) + " messages");
  }
  return messages_;
}

std::vector<ReceivedMail> SmtpListener::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

}  // namespace collegial::test
