// An e-mail as RFC 5322 text: headers and a plain-text UTF-8 body that survives any mail path.
//
// Names and subjects with non-ASCII letters ("Española") become RFC 2047 encoded-words; the
// body is quoted-printable (RFC 2045), so every line is short 7-bit ASCII and UTF-8 arrives
// intact while English text stays readable in the raw message. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace collegial::delivery {

struct Mailbox {
  std::string name{};     // display name, any UTF-8; may be empty
  std::string address{};  // local@domain, printable ASCII
};

struct EmailMessage {
  Mailbox from{};
  Mailbox to{};
  std::string subject{};     // UTF-8
  std::string text{};        // UTF-8 plain text; line ends \n or \r\n
  std::int64_t date_ms = 0;  // the Date header, ms since the epoch (written in UTC)
  std::string message_id{};  // without angle brackets: "delivery.12@rec6.example"
};

// The whole message, header and body, with CRLF line ends and no line over 78 characters,
// ready for SMTP DATA (the SMTP client adds dot-stuffing).
std::string format_email(const EmailMessage& message);

// True for an address Collegial sends to: local@domain, printable ASCII without spaces,
// quotes, angle brackets, commas or semicolons; the domain made of letters, digits, dots and
// hyphens. (Internationalized addresses are not accepted.)
bool valid_email_address(std::string_view address);

// "Name <local@domain>" or a bare address, as given to --smtp-from; nothing when malformed.
std::optional<Mailbox> parse_mailbox(std::string_view text);

// Building blocks, exposed for tests.
// RFC 2045 quoted-printable of `text`, line ends made CRLF, lines at most 76 characters.
std::string quoted_printable(std::string_view text);
// A header value: as is when it is short printable ASCII, otherwise RFC 2047 encoded-words
// ("=?UTF-8?B?…?="), each at most 75 characters and never splitting a UTF-8 character,
// folded onto continuation lines. `header_length` is the length of "Name: " before it.
std::string header_text(std::string_view utf8, std::size_t header_length);
// RFC 5322 date-time in UTC: "Thu, 10 Dec 2026 21:00:00 +0000".
std::string rfc5322_date(std::int64_t ms);

}  // namespace collegial::delivery
