// The browser app served by collegiald itself (--web-root): its files, its client routes, and
// the server's own paths left alone.
#include <fstream>

#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A built app in its own directory, beside a file that must never be served.
struct BuiltApp {
  BuiltApp() {
    fs::create_directories(dir / "dist" / "assets");
    std::ofstream(dir / "dist" / "index.html")
        << "<!doctype html><title>Collegial test app</title>";
    std::ofstream(dir / "dist" / "assets" / "index-B3x_9aQ1.js") << "export const app = 1;";
    std::ofstream(dir / "secret.txt") << "not for the web";
  }
  std::string root() const { return (dir / "dist").string(); }
  TempDir dir;
};

bool is_index(const HttpResult& r) {
  return r.status == 200 && r.content_type == "text/html; charset=utf-8" &&
         r.body.find("Collegial test app") != std::string::npos;
}

bool is_json_error(const HttpResult& r, int status, const std::string& code) {
  return r.status == status && r.content_type == "application/json" &&
         json::parse(r.body)["error"] == code;
}

}  // namespace

TEST_CASE("the app's index and assets are served with their content types", "[http][static]") {
  BuiltApp app;
  Harness h({"--rate-limit", "0", "--web-root", app.root()});
  CHECK(is_index(http_request(h.server.port(), "GET", "/")));
  const auto js = http_request(h.server.port(), "GET", "/assets/index-B3x_9aQ1.js");
  CHECK(js.status == 200);
  CHECK(js.content_type == "text/javascript; charset=utf-8");
  CHECK(js.body == "export const app = 1;");
}

TEST_CASE("client routes fall back to the index and unknown paths stay 404", "[http][static]") {
  BuiltApp app;
  Harness h({"--rate-limit", "0", "--web-root", app.root()});
  CHECK(is_index(http_request(h.server.port(), "GET", "/room/rec6-council")));
  CHECK(is_index(http_request(h.server.port(), "GET", "/invite")));
  CHECK(is_index(http_request(h.server.port(), "GET", "/login?next=%2Froom%2Fdemo")));
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/no/such/page"), 404, "not_found"));
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/assets/missing-00000000.js"), 404,
                      "not_found"));
  CHECK(is_json_error(http_request(h.server.port(), "POST", "/"), 405, "method_not_allowed"));
}

TEST_CASE("paths that climb out of the web root are 404", "[http][static][security]") {
  BuiltApp app;
  Harness h({"--rate-limit", "0", "--web-root", app.root()});
  for (const char* target : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                             "/%2E%2E%2Fsecret.txt", "/..%5csecret.txt", "/.%2e/secret.txt"}) {
    INFO(target);
    const auto r = http_request(h.server.port(), "GET", target);
    CHECK(r.status == 404);
    CHECK(r.body.find("not for the web") == std::string::npos);
  }
  CHECK(is_index(http_request(h.server.port(), "GET", "/")));  // still serving
}

TEST_CASE("the API and the server's own paths are not swallowed by the app", "[http][static]") {
  BuiltApp app;
  Harness h({"--rate-limit", "0", "--web-root", app.root()});
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/api/me"), 401, "unauthenticated"));
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/api/no/such", {}, "", h.token()), 404,
                      "not_found"));
  // /public/ is the server's own website (http/public_site): its pages, never the app's index.
  const auto page = http_request(h.server.port(), "GET", "/public/notices");
  CHECK(page.status == 404);
  CHECK(page.body.find("There is no public body called “notices”") != std::string::npos);
  CHECK(http_request(h.server.port(), "GET", "/public/").body.find("<h1>Public bodies") != std::string::npos);
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/ws"), 426, "upgrade_required"));
  const auto health = http_request(h.server.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(json::parse(health.body)["status"] == "ok");
  // The WebSocket still upgrades beside the app.
  WsClient ws(h.server.port());
  CHECK(ws.hello()["type"] == "ack");
}

TEST_CASE("an empty web root serves no app", "[http][static]") {
  Harness h({"--rate-limit", "0", "--web-root", ""});
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/"), 404, "not_found"));
  CHECK(is_json_error(http_request(h.server.port(), "GET", "/room/demo"), 404, "not_found"));
}
