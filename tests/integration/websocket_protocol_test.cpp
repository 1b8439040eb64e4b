// The server's WebSocket layer (net/ws_frames.*, net/ws_session.cpp) against RFC 6455, through a
// real collegiald on a loopback port with raw bytes: what no client library would send is
// answered with the close code the RFC names and the connection ends, the server goes on; a
// client's close and ping are answered; the handshake refuses what it cannot speak.
#include <nlohmann/json.hpp>

#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

const std::string kUpgrade =
    "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

struct ServerFrame {
  unsigned char opcode;
  std::string payload;
};

// The frames the server sent after its handshake answer in `raw` (unmasked, as a server's are).
std::vector<ServerFrame> frames_after_handshake(const std::string& raw) {
  REQUIRE(status_of(raw) == 101);
  const auto end = raw.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  std::vector<ServerFrame> out;
  std::size_t at = end + 4;
  while (at + 2 <= raw.size()) {
    const auto b0 = static_cast<unsigned char>(raw[at]);
    const auto b1 = static_cast<unsigned char>(raw[at + 1]);
    REQUIRE((b1 & 0x80) == 0);  // a server never masks
    std::size_t length = b1 & 0x7F, header = 2;
    if (length == 126) {
      length = (static_cast<unsigned char>(raw[at + 2]) << 8) | static_cast<unsigned char>(raw[at + 3]);
      header = 4;
    }
    REQUIRE(length != 127);  // nothing this large in these exchanges
    REQUIRE(at + header + length <= raw.size());
    out.push_back({static_cast<unsigned char>(b0 & 0x0F), raw.substr(at + header, length)});
    at += header + length;
  }
  CHECK(at == raw.size());  // whole frames only
  return out;
}

std::uint16_t close_code_of(const ServerFrame& f) {
  REQUIRE(f.opcode == 0x8);
  REQUIRE(f.payload.size() >= 2);
  return static_cast<std::uint16_t>((static_cast<unsigned char>(f.payload[0]) << 8) |
                                    static_cast<unsigned char>(f.payload[1]));
}

// The exchange ends when the server closes the connection (raw_exchange reads to the end).
std::vector<ServerFrame> talk(Harness& h, const std::string& frames) {
  return frames_after_handshake(raw_exchange(h.server.port(), kUpgrade + frames));
}

std::string close_1000() { return client_frame(0x88, std::string("\x03\xE8", 2)); }

}  // namespace

TEST_CASE("a frame that breaks RFC 6455 closes that connection with the code the RFC names, and the server goes on",
          "[websocket]") {
  Harness h;
  struct Case {
    const char* what;
    std::string bytes;
    std::uint16_t code;
  };
  std::string long_length = client_frame(0x81, "", true, 8);
  long_length[2] = static_cast<char>(0x80);  // the most significant bit of a 64-bit length
  const std::vector<Case> cases = {
      {"an unmasked frame", client_frame(0x81, "{}", /*masked=*/false), 1002},
      {"a reserved bit set", client_frame(0xC1, "{}"), 1002},
      {"a reserved opcode", client_frame(0x83, "{}"), 1002},
      {"a continuation of nothing", client_frame(0x80, "{}"), 1002},
      {"a new message before the last ended", client_frame(0x01, "{") + client_frame(0x81, "}"), 1002},
      {"a fragmented ping", client_frame(0x09, "p"), 1002},
      {"a ping over 125 bytes", client_frame(0x89, std::string(126, 'p')), 1002},
      {"a length not in its shortest form", client_frame(0x81, "{}", true, 2), 1002},
      {"a 64-bit length with its top bit set", long_length, 1002},
      {"a close code that may not be sent", client_frame(0x88, std::string("\x03\xEE", 2)), 1002},
      {"text that is not UTF-8", client_frame(0x81, "\"\xC0\xAF\""), 1007},
      {"a message over --max-message, by its header alone", client_frame(0x81, std::string(65 * 1024, 'x')).substr(0, 14), 1009},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const auto frames = talk(h, c.bytes);
    REQUIRE(frames.size() == 1);
    CHECK(close_code_of(frames[0]) == c.code);
  }
  // The server went on: a client says hello and is answered.
  WsClient after(h.server.port());
  CHECK(after.hello()["type"] == "ack");
}

TEST_CASE("a client's close is answered with its code and a ping with a pong carrying its payload",
          "[websocket]") {
  Harness h;
  {
    const auto frames = talk(h, close_1000());
    REQUIRE(frames.size() == 1);
    CHECK(close_code_of(frames[0]) == 1000);
  }
  {
    const auto frames = talk(h, client_frame(0x88, ""));  // a close without a code
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].opcode == 0x8);
    CHECK(frames[0].payload.empty());
  }
  {
    const auto frames = talk(h, client_frame(0x89, "are you there?") + close_1000());
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].opcode == 0xA);
    CHECK(frames[0].payload == "are you there?");
    CHECK(close_code_of(frames[1]) == 1000);
  }
}

TEST_CASE("a request sent in fragments with the upgrade in the same write is one request, answered",
          "[websocket]") {
  Harness h;
  const std::string hello = R"({"id":7,"type":"hello","protocol":1})";
  const auto frames = talk(h, client_frame(0x01, hello.substr(0, 5)) + client_frame(0x89, "") +
                                      client_frame(0x00, hello.substr(5, 10)) + client_frame(0x80, hello.substr(15)) +
                                      close_1000());
  REQUIRE(frames.size() >= 3);
  CHECK(frames[0].opcode == 0xA);  // the pong between the fragments
  bool answered = false;
  for (const auto& f : frames) {
    if (f.opcode != 0x1) continue;
    const auto m = json::parse(f.payload);
    if (m.is_object() && m["id"] == 7 && m["type"] == "ack") answered = true;
  }
  CHECK(answered);
  CHECK(close_code_of(frames.back()) == 1000);
}

TEST_CASE("an upgrade the server cannot speak is refused: another version 426 naming 13, a bad key 400",
          "[websocket]") {
  Harness h;
  std::string version8 = kUpgrade;
  version8.replace(version8.find("Version: 13"), 11, "Version: 8");
  const std::string old = raw_exchange(h.server.port(), version8);
  CHECK(status_of(old) == 426);
  CHECK(old.find("Sec-WebSocket-Version: 13") != std::string::npos);
  CHECK(old.find("\"bad_websocket_version\"") != std::string::npos);
  std::string bad_key = kUpgrade;
  bad_key.replace(bad_key.find("dGhlIHNhbXBsZSBub25jZQ=="), 24, "not-a-key");
  const std::string refused = raw_exchange(h.server.port(), bad_key);
  CHECK(status_of(refused) == 400);
  CHECK(refused.find("\"bad_websocket_key\"") != std::string::npos);
  // The handshake answer names the key's accept value (RFC 6455, section 1.3's example).
  const std::string ok = raw_exchange(h.server.port(), kUpgrade + close_1000());
  CHECK(ok.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
}
