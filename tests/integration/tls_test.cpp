// TLS: with a certificate and key, only https and wss are served.
#include <cstdlib>

#include "support/harness.hpp"

using namespace collegial::test;

TEST_CASE("over TLS health and rooms and messages work but plain HTTP does not", "[tls]") {
  TempDir dir;
  const auto cert = dir / "cert.pem";
  const auto key = dir / "key.pem";
  const std::string make_cert = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " +
                                key.string() + " -out " + cert.string() + " 2>/dev/null";
  REQUIRE(std::system(make_cert.c_str()) == 0);
  ServerProcess server(dir / "collegial.db",
                       {"--tls-cert", cert.string(), "--tls-key", key.string()});
  ClientOptions tls;
  tls.tls = true;
  CHECK(http_request(server.port(), "GET", "/healthz", tls).status == 200);

  const auto logged_in = http_request(
      server.port(), "POST", "/api/login", tls,
      nlohmann::json{{"email", kMemberEmail}, {"password", kMemberPassword}}.dump());
  REQUIRE(logged_in.status == 200);
  const std::string token = nlohmann::json::parse(logged_in.body)["token"];
  WsClient ann(server.port(), tls);
  WsClient bob(server.port(), tls);
  ann.hello(token);
  bob.hello();  // the public listens
  ann.join("demo");
  bob.join("demo");
  REQUIRE(ann.say("demo", "over TLS")["type"] == "ack");
  CHECK(bob.next_event()["body"]["text"] == "over TLS");

  CHECK_THROWS(http_request(server.port(), "GET", "/healthz"));
  CHECK(http_request(server.port(), "GET", "/healthz", tls).status == 200);  // still serving
}

// Issue #15: TLS 1.2 only with forward-secret AEAD suites (Mozilla's "intermediate" profile),
// checked with the openssl command-line client as an outside scanner would.
TEST_CASE("TLS 1.2 refuses RSA key exchange and CBC suites and accepts ECDHE with AES-GCM", "[tls][doors]") {
  TempDir dir;
  const auto cert = dir / "cert.pem";
  const auto key = dir / "key.pem";
  const std::string make_cert = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " +
                                key.string() + " -out " + cert.string() + " 2>/dev/null";
  REQUIRE(std::system(make_cert.c_str()) == 0);
  ServerProcess server(dir / "collegial.db", {"--tls-cert", cert.string(), "--tls-key", key.string()});
  auto handshake = [&](const std::string& cipher) {
    const std::string command = "openssl s_client -connect 127.0.0.1:" + std::to_string(server.port()) +
                                " -tls1_2 -cipher " + cipher + " </dev/null >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  };
  CHECK(handshake("ECDHE-RSA-AES128-GCM-SHA256"));
  CHECK(handshake("ECDHE-RSA-CHACHA20-POLY1305"));
  CHECK_FALSE(handshake("AES128-SHA"));             // RSA key exchange, CBC
  CHECK_FALSE(handshake("AES128-GCM-SHA256"));      // RSA key exchange, no forward secrecy
  CHECK_FALSE(handshake("ECDHE-RSA-AES128-SHA"));   // forward secret but CBC
  ClientOptions tls;
  tls.tls = true;
  CHECK(http_request(server.port(), "GET", "/healthz", tls).status == 200);
}
