// net/ws_frames: the server's side of RFC 6455 without I/O. Every way a client's frames can break
// the protocol is refused with the close code the RFC names, whether the bytes come whole or one
// at a time; what is allowed (fragments, control frames between them, empty messages) is read.
#include "net/ws_frames.hpp"

#include "support/net_clients.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace collegial::net;

namespace {

// What the reader said, in order, as text.
struct Recorder : WsFrameHandler {
  std::vector<std::string> said;
  void on_text(std::string&& message) override { said.push_back("text:" + message); }
  void on_binary() override { said.push_back("binary"); }
  void on_ping(std::string_view payload) override { said.push_back("ping:" + std::string(payload)); }
  void on_close(std::uint16_t code, std::string_view reason) override {
    said.push_back("close:" + std::to_string(code) + ":" + std::string(reason));
  }
  void on_fail(std::uint16_t code, const char*) override { said.push_back("fail:" + std::to_string(code)); }
};

std::string frame(unsigned char first, const std::string& payload, bool masked = true, int length_bytes = -1) {
  return collegial::test::client_frame(first, payload, masked, length_bytes);
}

std::string text(const std::string& s) { return frame(0x81, s); }

// Feeds `bytes` whole and one byte at a time; both must say the same, which is returned.
std::vector<std::string> read(const std::string& bytes, std::size_t max_message = 1024) {
  Recorder whole;
  WsFrameReader a(max_message);
  a.feed(bytes.data(), bytes.size(), whole);
  Recorder bytewise;
  WsFrameReader b(max_message);
  for (const char c : bytes) {
    if (!b.feed(&c, 1, bytewise)) break;
  }
  REQUIRE(whole.said == bytewise.said);
  return whole.said;
}

using Said = std::vector<std::string>;

}  // namespace

TEST_CASE("the opening handshake's answer and key follow RFC 6455", "[ws_frames]") {
  // The example of section 1.3.
  CHECK(websocket_accept("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  CHECK(valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=="));
  CHECK_FALSE(valid_websocket_key(""));
  CHECK_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ"));      // no padding: not 24 characters
  CHECK_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=x"));    // not base64 of 16 bytes
  CHECK_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25j!Q=="));    // not base64
  CHECK_FALSE(valid_websocket_key("dGhlIHNhbXBsZSBub25jZXM="));    // base64 of 17 bytes
}

TEST_CASE("UTF-8 is checked as RFC 3629 defines it", "[ws_frames]") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ASCII"));
  CHECK(valid_utf8("Año escolar, reunión, ½, €, 𝄞"));
  CHECK(valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF, the last code point
  CHECK_FALSE(valid_utf8("\x80"));                // a continuation byte first
  CHECK_FALSE(valid_utf8("\xC0\xAF"));            // overlong '/'
  CHECK_FALSE(valid_utf8("\xE0\x80\xAF"));        // overlong
  CHECK_FALSE(valid_utf8("\xF0\x80\x80\xAF"));    // overlong
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));        // a surrogate (U+D800)
  CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));    // past U+10FFFF
  CHECK_FALSE(valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(valid_utf8("\xE2\x82"));            // truncated €
  CHECK_FALSE(valid_utf8("\xE2\x28\xA1"));        // a bad continuation
  CHECK_FALSE(valid_utf8(std::string("a\xFF", 2)));
}

TEST_CASE("the server's control frames are whole, unmasked and within 125 bytes", "[ws_frames]") {
  CHECK(close_frame(1000, "") == std::string("\x88\x02\x03\xE8", 4));
  CHECK(close_frame(4008, "slow") == std::string("\x88\x06\x0F\xA8slow", 8));
  CHECK(ping_frame() == std::string("\x89\x00", 2));
  CHECK(pong_frame("abc") == std::string("\x8A\x03" "abc", 5));
  // A long reason is cut to fit, between characters: 123 bytes at most after the code.
  std::string reason;
  for (int i = 0; i < 70; ++i) reason += "ñ";  // two bytes each
  const std::string f = close_frame(1001, reason);
  REQUIRE(f.size() <= 2 + 125);
  CHECK(static_cast<unsigned char>(f[1]) == f.size() - 2);
  CHECK(valid_utf8(f.substr(4)));
  CHECK(f.size() - 4 == 122);  // 61 whole characters; the 62nd would pass 123 bytes
}

TEST_CASE("whole messages are read: single frames, fragments with control frames between, any length",
          "[ws_frames]") {
  CHECK(read(text("hello")) == Said{"text:hello"});
  CHECK(read(text("")) == Said{"text:"});
  CHECK(read(frame(0x82, "\x01\x02")) == Said{"binary"});
  // Fragments, with a ping and a pong between them (section 5.4).
  const std::string fragmented = frame(0x01, "Hel") + frame(0x89, "p") + frame(0x00, "lo, ") + frame(0x8A, "") +
                                 frame(0x80, "mundo");
  CHECK(read(fragmented) == Said{"ping:p", "text:Hello, mundo"});
  // A character split across fragments is still one character.
  CHECK(read(frame(0x01, "a\xC3") + frame(0x80, "\xB1o")) == Said{"text:año"});
  // The three length forms.
  const std::string medium(300, 'm'), large(70'000, 'l');
  CHECK(read(text(medium), 100'000) == Said{"text:" + medium});
  CHECK(read(text(large), 100'000) == Said{"text:" + large});
  // Several messages in one read.
  CHECK(read(text("one") + text("two") + frame(0x89, "")) == Said{"text:one", "text:two", "ping:"});
}

TEST_CASE("a client's close is read with its code and reason, and nothing after it", "[ws_frames]") {
  CHECK(read(frame(0x88, "") + text("after")) == Said{"close:1005:"});
  CHECK(read(frame(0x88, "\x03\xE8" "bye")) == Said{"close:1000:bye"});
  CHECK(read(frame(0x88, "\x0F\xA0")) == Said{"close:4000:"});
  CHECK(read(frame(0x88, "\x03")) == Said{"fail:1002"});           // one byte: no code
  CHECK(read(frame(0x88, "\x03\xEE")) == Said{"fail:1002"});       // 1006 may not be sent
  CHECK(read(frame(0x88, "\x03\xED")) == Said{"fail:1002"});       // 1005 neither
  CHECK(read(frame(0x88, "\x03\xE8\xC0\xAF")) == Said{"fail:1007"});  // a reason that is not UTF-8
}

TEST_CASE("every frame the protocol forbids fails the connection with the RFC's code", "[ws_frames]") {
  CHECK(read(frame(0x81, "x", /*masked=*/false)) == Said{"fail:1002"});  // unmasked (5.1)
  CHECK(read(frame(0xC1, "x")) == Said{"fail:1002"});                     // RSV1 without an extension
  CHECK(read(frame(0xA1, "x")) == Said{"fail:1002"});                     // RSV2
  CHECK(read(frame(0x91, "x")) == Said{"fail:1002"});                     // RSV3
  CHECK(read(frame(0x83, "x")) == Said{"fail:1002"});                     // reserved data opcode
  CHECK(read(frame(0x8B, "x")) == Said{"fail:1002"});                     // reserved control opcode
  CHECK(read(frame(0x09, "x")) == Said{"fail:1002"});                     // a fragmented ping
  CHECK(read(frame(0x89, std::string(126, 'p'))) == Said{"fail:1002"});   // a ping over 125 bytes
  CHECK(read(frame(0x80, "x")) == Said{"fail:1002"});                     // a continuation of nothing
  CHECK(read(frame(0x01, "a") + text("b")) == Said{"fail:1002"});         // a new message mid-message
  CHECK(read(frame(0x81, "short", true, 2)) == Said{"fail:1002"});        // 16-bit length under 126
  CHECK(read(frame(0x81, std::string(200, 's'), true, 8)) == Said{"fail:1002"});  // 64-bit length under 65,536
  std::string huge = frame(0x81, "", true, 8);
  huge[2] = static_cast<char>(0x80);  // the most significant bit of a 64-bit length (5.2)
  CHECK(read(huge) == Said{"fail:1002"});
  CHECK(read(text("a\xC0\xAF")) == Said{"fail:1007"});                   // not UTF-8
  CHECK(read(frame(0x01, "a\xC3")) == Said{});                            // half a character: more may come
  CHECK(read(frame(0x01, "a\xC3") + frame(0x80, "b")) == Said{"fail:1007"});  // …and what came does not end it
  // Nothing after a failure is read.
  CHECK(read(frame(0x81, "x", false) + text("after")) == Said{"fail:1002"});
}

TEST_CASE("a message over the limit fails with 1009 as soon as a header says so", "[ws_frames]") {
  CHECK(read(text(std::string(1024, 'x')), 1024) == Said{"text:" + std::string(1024, 'x')});
  // The header alone is enough: the payload need not come.
  const std::string over = frame(0x81, std::string(1025, 'x'));
  CHECK(read(over.substr(0, 8), 1024) == Said{"fail:1009"});
  // Fragments count together.
  CHECK(read(frame(0x01, std::string(600, 'a')) + frame(0x80, std::string(600, 'b')), 1024) == Said{"fail:1009"});
  // Control frames between fragments do not count.
  CHECK(read(frame(0x01, std::string(1000, 'a')) + frame(0x89, std::string(100, 'p')) + frame(0x80, "b"), 1024) ==
        Said{"ping:" + std::string(100, 'p'), "text:" + std::string(1000, 'a') + "b"});
}

TEST_CASE("between messages the reader holds nothing", "[ws_frames]") {
  Recorder r;
  WsFrameReader reader(1 << 20);
  const std::string big = text(std::string(100'000, 'x'));
  REQUIRE(reader.feed(big.data(), big.size(), r));
  CHECK_FALSE(reader.mid_message());
  const std::string half = frame(0x01, "part");
  REQUIRE(reader.feed(half.data(), half.size(), r));
  CHECK(reader.mid_message());
  const std::string rest = frame(0x80, "done");
  REQUIRE(reader.feed(rest.data(), rest.size(), r));
  CHECK_FALSE(reader.mid_message());
  CHECK(r.said.back() == "text:partdone");
}
