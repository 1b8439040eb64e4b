// HTTP is strict (issue #15, item 5; docs/protocol.md, "HTTP on the same port"): requests no
// well-behaved client sends get a precise status and the server goes on; no JSON nested past 32
// levels is ever built; a first frame sent with the upgrade request is answered.
#include "support/harness.hpp"
#include "support/demo_council.hpp"

using namespace collegial::test;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string request_head(std::uint16_t port, std::string_view method, std::string_view target) {
  return std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1:" +
         std::to_string(port) + "\r\n";
}

// A body of `levels` nested arrays inside an object: {"a":[[[…]]]}.
std::string deep_body(std::size_t levels) {
  return "{\"a\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
}

// One client-to-server WebSocket text frame (masked, as RFC 6455 requires of clients).
std::string masked_text_frame(std::string_view payload) {
  std::string frame;
  frame += static_cast<char>(0x81);
  REQUIRE(payload.size() < 126);
  frame += static_cast<char>(0x80 | payload.size());
  const char mask[4] = {0x12, 0x34, 0x56, 0x78};
  frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  return frame;
}

}  // namespace

TEST_CASE("HTTP: ambiguous framing, a missing or repeated Host and oversized parts get 400, 431 and 413",
          "[http][doors]") {
  Harness h;
  const auto port = h.server.port();
  struct Case {
    std::string name;
    std::string bytes;
    int status;
    std::string code;
  };
  const std::string post = request_head(port, "POST", "/api/login");
  const std::vector<Case> cases = {
      {"Transfer-Encoding other than chunked with Content-Length",
       post + "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}", 400, "bad_framing"},
      {"chunked with Content-Length",
       // Beast's parser refuses this one itself: the answer is the general bad_request.
       post + "Transfer-Encoding: chunked\r\nContent-Length: 7\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400, "bad_request"},
      {"a Transfer-Encoding that does not end in chunked",
       post + "Transfer-Encoding: gzip\r\n\r\n{}", 400, "bad_framing"},
      {"no Host", "GET /healthz HTTP/1.1\r\n\r\n", 400, "bad_host"},
      {"two Hosts", request_head(port, "GET", "/healthz") + "Host: other.example\r\n\r\n", 400, "bad_host"},
      {"headers over 16 KiB",
       request_head(port, "GET", "/healthz") + "X-Filler: " + std::string(17 * 1024, 'x') + "\r\n\r\n", 431,
       "headers_too_large"},
      {"a Content-Length over the body limit",
       post + "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n" + std::string(70000, ' '), 413,
       "body_too_large"},
      {"chunks adding up to more than the body limit",
       post + "Transfer-Encoding: chunked\r\n\r\n" + [] {
         std::string chunks;
         for (int i = 0; i < 5; ++i) chunks += "4000\r\n" + std::string(0x4000, ' ') + "\r\n";
         return chunks + "0\r\n\r\n";
       }(),
       413, "body_too_large"},
      {"not HTTP at all", "HELLO THERE\r\n\r\n", 400, "bad_request"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const std::string answer = raw_exchange(port, c.bytes);  // read until the server closes
    CHECK(status_of(answer) == c.status);
    CHECK(contains(answer, "\"error\":\"" + c.code + "\""));
    CHECK(contains(answer, "Connection: close"));
  }
  // A well-formed HTTP/1.0 request without Host is still served, and the server goes on.
  CHECK(status_of(raw_exchange(port, "GET /healthz HTTP/1.0\r\n\r\n")) == 200);
  CHECK(http_request(port, "GET", "/healthz").status == 200);
}

TEST_CASE("HTTP: a body nested deeper than 32 levels is refused with too_deep on every JSON endpoint",
          "[http][doors]") {
  Harness h;
  const auto port = h.server.port();
  const std::string admin = login(port, kDemoAdminEmail, kDemoAdminPassword);
  const std::string deep = deep_body(5000);  // about 10 KB: once it overflowed the stack
  const std::vector<std::pair<std::string, std::string>> endpoints = {
      {"/api/login", ""},
      {"/api/invitations/accept", ""},
      {"/api/admin/create-person", admin},
      {"/api/rooms/demo/read", admin},
      {"/api/rooms/demo/act", admin},
  };
  for (const auto& [target, token] : endpoints) {
    INFO(target);
    const auto r = http_request(port, "POST", target, {}, deep, token);
    CHECK(r.status == 400);
    CHECK(contains(r.body, "\"error\":\"too_deep\""));
    // 32 levels are still read (and then judged on their fields).
    const auto ok_depth = http_request(port, "POST", target, {}, deep_body(31), token);
    CHECK_FALSE(contains(ok_depth.body, "too_deep"));
  }
  // The same cap on the WebSocket, and the server is still up.
  WsClient ws(port);
  ws.send_text("{\"id\":1,\"type\":\"hello\",\"protocol\":1,\"x\":" + std::string(40, '[') +
               std::string(40, ']') + "}");
  CHECK(ws.next()["code"] == "too_deep");
  CHECK(http_request(port, "GET", "/healthz").status == 200);
}

TEST_CASE("WebSocket: a hello sent in the same TCP write as the upgrade request is answered",
          "[http][doors]") {
  Harness h;
  const auto port = h.server.port();
  const std::string upgrade = request_head(port, "GET", "/ws") +
                              "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                              "Sec-WebSocket-Version: 13\r\n\r\n";
  const std::string answer =
      raw_exchange(port, upgrade + masked_text_frame(R"({"id":"first","type":"hello","protocol":1})"),
                   "\"id\":\"first\"");
  CHECK(status_of(answer) == 101);
  CHECK(contains(answer, R"("type":"ack")"));
  CHECK(contains(answer, R"("id":"first")"));
}
