// Bad input gets its documented error and changes nothing; the connection and server go on.
#include <thread>

#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

// The connection still works: a request gets its answer.
void still_alive(WsClient& c) {
  const auto ack = c.request({{"type", "join"}, {"room", "demo"}});
  CHECK((ack["type"] == "ack" || ack["code"] == "already_joined"));
}

json answer_to(WsClient& c, const std::string& text) {
  c.send_text(text);
  return c.next();
}

}  // namespace

TEST_CASE("malformed requests get stable error codes and the connection continues",
          "[bad-input]") {
  Harness h;
  WsClient c(h.server.port());
  REQUIRE(c.hello()["type"] == "ack");

  struct Case {
    std::string text;
    std::string code;
    json id;
  };
  const std::vector<Case> cases = {
      {"this is not json", "bad_json", nullptr},
      {"{\"id\":1,\"type\":", "bad_json", nullptr},
      {"[1,2,3]", "not_object", nullptr},
      {"\"hello\"", "not_object", nullptr},
      {R"({"type":"join","room":"demo"})", "missing_field", nullptr},
      {R"({"id":true,"type":"join"})", "bad_field", nullptr},
      {R"({"id":5})", "missing_field", 5},
      {R"({"id":6,"type":["join"]})", "bad_field", 6},
      {R"({"id":7,"type":"dance"})", "unknown_type", 7},
      {R"({"id":8,"type":"join"})", "missing_field", 8},
      {R"({"id":9,"type":"join","room":17})", "bad_field", 9},
      {R"({"id":10,"type":"join","room":"Not A Room!"})", "bad_field", 10},
      {R"({"id":11,"type":"join","room":"no-such-room"})", "unknown_room", 11},
      {R"({"id":12,"type":"join","room":"demo","since":"yesterday"})", "bad_field", 12},
      {R"({"id":13,"type":"join","room":"demo","since":99999})", "bad_field", 13},
      {R"({"id":14,"type":"say","room":"demo"})", "missing_field", 14},
      {R"({"id":15,"type":"say","room":"demo","text":42})", "bad_field", 15},
      {R"({"id":16,"type":"say","room":"demo","text":"not joined"})", "not_joined", 16},
      {R"({"id":17,"type":"leave","room":"demo"})", "not_joined", 17},
      {R"({"id":18,"type":"hello","protocol":1})", "already_hello", 18},
      {"{\"id\":19,\"type\":\"say\",\"x\":" + std::string(5000, '[') + std::string(5000, ']') + "}",
       "too_deep", nullptr},
  };
  for (const auto& k : cases) {
    INFO(k.text.substr(0, 80));
    const auto e = answer_to(c, k.text);
    CHECK(e["type"] == "error");
    CHECK(e["code"] == k.code);
    CHECK(e["id"] == k.id);
    CHECK_FALSE(e["message"].get<std::string>().empty());
  }
  still_alive(c);
  // Nothing was written by any of it: the room is still at its first event.
  WsClient other(h.server.port());
  other.hello();
  CHECK(other.join("demo")["seq"] == 1);
}

TEST_CASE("requests before hello and bad hellos and bad tokens and texts too long or empty", "[bad-input]") {
  Harness h;
  WsClient c(h.server.port());
  CHECK(c.join("demo")["code"] == "hello_required");
  CHECK(c.request({{"type", "hello"}})["code"] == "missing_field");
  CHECK(c.request({{"type", "hello"}, {"protocol", 2}})["code"] == "unsupported_version");
  CHECK(c.request({{"type", "hello"}, {"protocol", 1}, {"token", 42}})["code"] == "bad_field");
  CHECK(c.request({{"type", "hello"}, {"protocol", 1}, {"token", "ses_nonsense"}})["code"] ==
        "bad_token");
  REQUIRE(c.hello(h.token())["type"] == "ack");
  REQUIRE(c.join("demo")["type"] == "ack");
  CHECK(c.say("demo", "")["code"] == "bad_field");
  CHECK(c.say("demo", std::string(4097, 'x'))["code"] == "too_large");
  CHECK(c.say("demo", std::string(4096, 'x'))["type"] == "ack");
}

TEST_CASE("a binary frame is answered with binary_frame", "[bad-input]") {
  Harness h;
  WsClient c(h.server.port());
  c.hello();
  c.send_binary(std::string("\x00\x01\x02", 3));
  const auto e = c.next();
  CHECK(e["code"] == "binary_frame");
  CHECK(e["id"].is_null());
  still_alive(c);
}

TEST_CASE("invalid UTF-8 in a text frame closes that socket with 1007 and the server goes on",
          "[bad-input]") {
  Harness h;
  WsClient c(h.server.port());
  c.hello();
  c.send_text("{\"id\":1,\"type\":\"say\",\"text\":\"\xc3\x28\"}");
  CHECK(c.wait_close() == 1007);
  WsClient next(h.server.port());
  CHECK(next.hello()["type"] == "ack");
}

TEST_CASE("a message over the size limit closes the socket with 1009", "[bad-input]") {
  Harness h({"--max-message", "1024"});
  WsClient c(h.server.port());
  c.hello();
  c.send_text(json{{"id", 1}, {"type", "say"}, {"room", "demo"}, {"text", std::string(2000, 'x')}}
                  .dump());
  CHECK(c.wait_close() == 1009);
  WsClient next(h.server.port());
  CHECK(next.hello()["type"] == "ack");
}

TEST_CASE("requests past the rate limit get rate_limited", "[bad-input]") {
  Harness h({"--rate-limit", "1", "--rate-burst", "5"});
  WsClient c(h.server.port());
  c.hello();  // 1 of the burst
  int limited = 0;
  for (int i = 0; i < 10; ++i) {
    const auto r = c.request({{"type", "leave"}, {"room", "demo"}});
    if (r["code"] == "rate_limited") ++limited;
  }
  CHECK(limited >= 5);
}

TEST_CASE("a silent connection is pinged and then closed", "[bad-input]") {
  Harness h({"--idle-timeout", "2"});
  WsClient silent(h.server.port());
  silent.hello();
  // Not reading means not answering the server's ping.
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  CHECK(silent.wait_close() == 1006);  // dropped without a close handshake
  // A client that talks stays.
  WsClient talker(h.server.port());
  talker.hello();
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    still_alive(talker);
  }
}

TEST_CASE("a subscriber that stops reading is closed with 4008 and can rejoin with since",
          "[bad-input]") {
  Harness h({"--rate-limit", "0", "--queue-limit", "262144", "--durability", "normal"});
  auto slow = h.member();
  auto fast = h.member();
  const std::string text(3000, 'x');
  // Enough traffic to fill the kernel's socket buffers and then the server's queue.
  std::int64_t last = 0;
  // Batches of 50 (150 KB of events) stay below the 256 KiB queue of the fast reader.
  for (int batch = 0; batch < 120; ++batch) {
    for (int i = 0; i < 50; ++i) {
      fast->send_text(json{{"id", batch * 50 + i + 10}, {"type", "say"}, {"room", "demo"},
                           {"text", text}}
                          .dump());
    }
    for (int got = 0; got < 100;) {  // 50 events + 50 acks
      const auto m = fast->next();
      ++got;
      if (m["type"] == "ack") last = m["seq"];
    }
  }
  REQUIRE(last == 6001);
  std::int64_t seen = 1;
  int code = 0;
  try {
    for (;;) {
      const auto e = slow->next();
      if (e["type"] == "chat.message") {
        REQUIRE(e["seq"] == seen + 1);
        seen = e["seq"];
      }
    }
  } catch (const ConnectionClosed& closed) {
    code = closed.code;
  }
  CHECK(code == 4008);
  CHECK(seen < last);
  WsClient again(h.server.port());
  again.hello();
  REQUIRE(again.join("demo", seen)["type"] == "ack");
  for (std::int64_t s = seen + 1; s <= last; ++s) REQUIRE(again.next_event()["seq"] == s);
}
