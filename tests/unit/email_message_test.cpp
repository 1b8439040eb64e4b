// E-mail as RFC 5322 text: every line short 7-bit ASCII, and UTF-8 names, subjects and text
// arriving intact (decoded here by the test's own decoders, not the code under test).
#include "delivery/email_message.hpp"

#include <catch2/catch.hpp>

#include "support/smtp_listener.hpp"

using namespace collegial;
using namespace collegial::delivery;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends with CRLF
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

}  // namespace

TEST_CASE("e-mail: headers and quoted-printable body keep UTF-8 intact in 7-bit lines",
          "[delivery][N7]") {
  const std::string text =
      "Regular meeting of the REC 6 Governing Council, Española and Portales districts.\n"
      "From the chair: the agenda has 12 items; item 3 costs = $1,200.\n"
      "Línea con acentos: á é í ó ú ñ — and a line that ends in spaces   \n"
      ".a line that starts with a dot\n" +
      std::string(200, 'x') + "\n";
  EmailMessage m{.from = {"REC 6 Notices", "notices@rec6.example"},
                 .to = {"Radio Española, Noticias", "noticias@radio-espanola.example"},
                 .subject =
                     "Notice: Regular meeting of the REC 6 Governing Council at Española "
                     "on Thursday, December 10, 2026 (agenda enclosed)",
                 .text = text,
                 .date_ms = 0,
                 .message_id = "notice.7.0@rec6.example"};
  const std::string raw = format_email(m);

  for (const auto& line : lines_of(raw)) {
    INFO(line);
    CHECK(line.size() <= 78);
    for (unsigned char c : line) CHECK((c >= 0x20 && c < 0x7f));
  }
  test::ReceivedMail mail{.helo = "", .from = "", .to = {}, .data = raw};
  CHECK(mail.header("From") == "\"REC 6 Notices\" <notices@rec6.example>");
  CHECK(test::decode_header(mail.header("To")) ==
        "Radio Española, Noticias <noticias@radio-espanola.example>");
  CHECK(test::decode_header(mail.header("Subject")) == m.subject);
  CHECK(mail.header("Date") == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(mail.header("Message-ID") == "<notice.7.0@rec6.example>");
  CHECK(mail.header("MIME-Version") == "1.0");
  CHECK(mail.header("Content-Type") == "text/plain; charset=UTF-8");
  CHECK(mail.header("Content-Transfer-Encoding") == "quoted-printable");
  CHECK(mail.header("Auto-Submitted") == "auto-generated");

  std::string expected = text;  // line ends travel as CRLF
  for (std::size_t at = expected.find('\n'); at != std::string::npos;
       at = expected.find('\n', at + 2)) {
    expected.replace(at, 1, "\r\n");
  }
  CHECK(mail.decoded_body() == expected);
  CHECK(raw.find("\r\nFrom the chair") == std::string::npos);  // mbox would mangle it
}

TEST_CASE("e-mail: a header cannot be injected through a name or a subject", "[delivery][N7]") {
  EmailMessage m{.from = {"Collegial", "notices@rec6.example"},
                 .to = {"KENW\r\nBcc: all@example.com", "news@kenw.example"},
                 .subject = "Notice\r\nBcc: all@example.com",
                 .text = "text",
                 .date_ms = 1796936400000,
                 .message_id = "x@rec6.example"};
  const std::string raw = format_email(m);
  CHECK(raw.find("\r\nBcc:") == std::string::npos);
  CHECK(raw.find("Date: Thu, 10 Dec 2026 21:00:00 +0000\r\n") != std::string::npos);
}

TEST_CASE("e-mail: addresses and mailboxes Collegial accepts", "[delivery][N7]") {
  CHECK(valid_email_address("news@kenw.example"));
  CHECK(valid_email_address("first.last+notices@news-tribune.example"));
  CHECK_FALSE(valid_email_address("no-at-sign.example"));
  CHECK_FALSE(valid_email_address("@kenw.example"));
  CHECK_FALSE(valid_email_address("news@"));
  CHECK_FALSE(valid_email_address("news@kenw..example"));
  CHECK_FALSE(valid_email_address("a b@kenw.example"));
  CHECK_FALSE(valid_email_address("news@kenw.example\r\nBcc: x@y.example"));
  CHECK_FALSE(valid_email_address("news@kenw.example,other@y.example"));
  CHECK_FALSE(valid_email_address("noticias@españa.example"));

  const auto named = parse_mailbox("  \"REC 6 Notices\" <notices@rec6.example> ");
  REQUIRE(named);
  CHECK(named->name == "REC 6 Notices");
  CHECK(named->address == "notices@rec6.example");
  const auto bare = parse_mailbox("notices@rec6.example");
  REQUIRE(bare);
  CHECK(bare->name.empty());
  CHECK_FALSE(parse_mailbox("REC 6 <notices@rec6.example"));
  CHECK_FALSE(parse_mailbox("REC 6 <not an address>"));
}
