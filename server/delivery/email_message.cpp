#include "delivery/email_message.hpp"

#include <openssl/evp.h>

#include <ctime>
#include <vector>

namespace collegial::delivery {
namespace {

constexpr std::size_t kQpLine = 75;       // quoted-printable content per line, before "="
constexpr std::size_t kEncodedLine = 76;  // RFC 2047: a line holding encoded-words
constexpr std::size_t kHeaderLine = 78;   // RFC 5322: recommended longest line

bool printable_ascii(unsigned char c) {
  return c >= 0x20 && c <= 0x7e;
}

// Control characters (CR and LF above all: header injection) become spaces.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// How many bytes of `text` from `start` fit in `max` bytes without splitting a UTF-8 character.
std::size_t utf8_prefix(std::string_view text, std::size_t start, std::size_t max) {
  std::size_t end = std::min(text.size(), start + max);
  if (end == text.size()) return end - start;
  // Back up while the first byte left out is a continuation byte (10xxxxxx).
  while (end > start && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  if (end == start) end = std::min(text.size(), start + max);  // malformed: split anyway
  return end - start;
}

// RFC 2047 encoded-words for `utf8`, folded; the first line already holds `used` characters.
std::string encoded_words(std::string_view utf8, std::size_t used) {
  constexpr std::string_view kOpen = "=?UTF-8?B?";
  constexpr std::string_view kClose = "?=";
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos < utf8.size()) {
    const std::size_t room = kEncodedLine - (first ? std::min(used, kEncodedLine - 24) : 1);
    const std::size_t max_bytes = (room - kOpen.size() - kClose.size()) / 4 * 3;
    const std::size_t take = utf8_prefix(utf8, pos, max_bytes);
    if (!first) out += "\r\n ";
    out += kOpen;
    out += base64(utf8.substr(pos, take));
    out += kClose;
    pos += take;
    first = false;
  }
  return out;
}

// Printable ASCII folded at spaces so lines stay within 78 characters where words allow.
std::string folded_ascii(std::string_view text, std::size_t used) {
  std::string out;
  std::size_t column = used;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t space = text.find(' ', pos + 1);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(pos, space - pos);  // with its leading space
    if (!out.empty() && column + word.size() > kHeaderLine && word.front() == ' ') {
      out += "\r\n";  // fold: the word's own space begins the continuation line
      column = 0;
    }
    out += word;
    column += word.size();
    pos = space;
  }
  return out;
}

bool all_printable_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (!printable_ascii(c)) return false;
  }
  return true;
}

// A display name and address: "Name" <addr>, or encoded-words <addr>.
std::string mailbox_text(const Mailbox& box, std::size_t used) {
  const std::string name = one_line(box.name);
  if (name.empty()) return box.address;
  std::string phrase;
  if (all_printable_ascii(name)) {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += "\"";
    phrase = folded_ascii(phrase, used);
  } else {
    phrase = encoded_words(name, used);
  }
  // Fold before the address when it would make the phrase's last line too long.
  const auto last_break = phrase.rfind("\r\n");
  const std::size_t last_line =
      last_break == std::string::npos ? used + phrase.size() : phrase.size() - last_break - 2;
  const bool fold = last_line + 3 + box.address.size() > kHeaderLine;
  return phrase + (fold ? "\r\n <" : " <") + box.address + ">";
}

bool address_char(unsigned char c) {
  if (!printable_ascii(c) || c == ' ') return false;
  for (char bad : std::string_view("\"<>(),;:\\[]@")) {
    if (c == static_cast<unsigned char>(bad)) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t column = 0;
  const auto put = [&](std::string_view token) {
    if (column + token.size() > kQpLine) {
      out += "=\r\n";  // soft line break
      column = 0;
    }
    out += token;
    column += token.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += "\r\n";  // a hard line break
      column = 0;
      continue;
    }
    const bool line_ends_here = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool at_line_start = column == 0;
    // Literal: printable ASCII except "=", spaces and tabs unless they end a line (they would
    // be stripped in transit), and the "F" of a line starting "From " (mbox would mangle it).
    const bool literal = (c >= 33 && c <= 126 && c != '=' &&
                          !(c == 'F' && at_line_start && text.substr(i, 5) == "From ")) ||
                         ((c == ' ' || c == '\t') && !line_ends_here);
    if (literal) {
      put(text.substr(i, 1));
    } else {
      const char escaped[3] = {'=', kHex[c >> 4], kHex[c & 0x0f]};
      put(std::string_view(escaped, 3));
    }
  }
  return out;
}

std::string header_text(std::string_view utf8, std::size_t header_length) {
  const std::string text = one_line(utf8);
  if (all_printable_ascii(text)) {
    return header_length + text.size() <= kHeaderLine ? text : folded_ascii(text, header_length);
  }
  return encoded_words(text, header_length);
}

std::string rfc5322_date(std::int64_t ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm t{};
  gmtime_r(&seconds, &t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[t.tm_wday],
                t.tm_mday, kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
  return buf;
}

bool valid_email_address(std::string_view address) {
  if (address.size() > 254) return false;
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  for (unsigned char c : local) {
    if (!address_char(c)) return false;
  }
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  char previous = '.';
  for (char c : domain) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok || (c == '.' && previous == '.')) return false;
    previous = c;
  }
  return true;
}

std::optional<Mailbox> parse_mailbox(std::string_view text) {
  text = trim(text);
  Mailbox box;
  const auto open = text.find('<');
  if (open == std::string_view::npos) {
    box.address = std::string(text);
  } else {
    if (text.back() != '>') return std::nullopt;
    box.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    box.name = one_line(name);
  }
  if (!valid_email_address(box.address)) return std::nullopt;
  return box;
}

std::string format_email(const EmailMessage& m) {
  std::string out;
  const auto header = [&](std::string_view name, const std::string& value) {
    out.append(name).append(": ").append(value).append("\r\n");
  };
  header("From", mailbox_text(m.from, 6));
  header("To", mailbox_text(m.to, 4));
  header("Subject", header_text(m.subject, 9));
  header("Date", rfc5322_date(m.date_ms));
  header("Message-ID", "<" + m.message_id + ">");
  // RFC 3834: sent by a program, so vacation responders stay quiet.
  header("Auto-Submitted", "auto-generated");
  header("MIME-Version", "1.0");
  header("Content-Type", "text/plain; charset=UTF-8");
  header("Content-Transfer-Encoding", "quoted-printable");
  out += "\r\n";
  out += quoted_printable(m.text);
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

}  // namespace collegial::delivery
