// HTTP on the same port: health, unknown paths, methods, and the Origin check on /ws.
#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

TEST_CASE("GET /healthz answers ok", "[http]") {
  Harness h;
  const auto r = http_request(h.server.port(), "GET", "/healthz");
  CHECK(r.status == 200);
  CHECK(r.content_type == "application/json");
  CHECK(json::parse(r.body)["status"] == "ok");
}

TEST_CASE("unknown paths are 404 and other methods 405 and /ws without upgrade 426", "[http]") {
  Harness h;
  const auto missing = http_request(h.server.port(), "GET", "/no/such/page");
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["error"] == "not_found");
  CHECK(http_request(h.server.port(), "POST", "/healthz").status == 405);
  CHECK(http_request(h.server.port(), "GET", "/ws").status == 426);
  // The server is still serving.
  CHECK(http_request(h.server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("WebSocket upgrades from a disallowed Origin get 403", "[http]") {
  Harness h({"--allow-origin", "https://rec9.example.org"});
  ClientOptions evil;
  evil.origin = "https://evil.example.com";
  try {
    WsClient c(h.server.port(), evil);
    FAIL("the upgrade was accepted");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 403);
  }
  ClientOptions allowed;
  allowed.origin = "https://rec9.example.org";
  WsClient ok(h.server.port(), allowed);
  CHECK(ok.hello()["type"] == "ack");
  ClientOptions same;
  same.origin = "http://127.0.0.1:" + std::to_string(h.server.port());
  WsClient same_origin(h.server.port(), same);
  CHECK(same_origin.hello()["type"] == "ack");
  WsClient no_origin(h.server.port());  // not a browser
  CHECK(no_origin.hello()["type"] == "ack");
}
