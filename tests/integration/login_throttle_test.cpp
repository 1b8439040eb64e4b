// The login throttle over real sockets (issue #15): a guesser is slowed, but cannot keep a
// member out. Every request comes from 127.0.0.1, so the tests start the server with
// --trusted-proxy 127.0.0.1 and play the proxy, naming the client in X-Forwarded-For.
#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

constexpr const char* kChairEmail = "chair@rec6.example";
constexpr const char* kChairPassword = "demo-chair-2026";
constexpr const char* kClerkEmail = "clerk@rec6.example";
constexpr const char* kClerkPassword = "demo-clerk-2026";

Harness behind_proxy() {
  return Harness({"--rate-limit", "0", "--trusted-proxy", "127.0.0.1"});
}

// POST /api/login as a proxy would forward it from `client` (no header when empty).
HttpResult login_from(Harness& h, const std::string& client, const std::string& email,
                      const std::string& password, const std::string& header = "X-Forwarded-For") {
  ClientOptions options;
  if (!client.empty()) options.headers.emplace_back(header, client);
  return http_request(h.server.port(), "POST", "/api/login", options,
                      json{{"email", email}, {"password", password}}.dump());
}

std::string guess(int i) {
  return "wrong-guess-" + std::to_string(i);
}

// Wrong guesses at `email` until one is answered 429, from `client(i)` for the i-th; returns how
// many were answered 401 first (at most `limit`). The free failures are answered 401; after
// them, each wait is counted from the last failure, so on a slow machine a guess may arrive
// after its wait is over: looping keeps the test from depending on timing.
template <class Client>
int failures_until_throttled(Harness& h, Client client, const std::string& email, int limit) {
  for (int i = 0; i < limit; ++i) {
    const auto r = login_from(h, client(i), email, guess(i));
    if (r.status == 429) {
      CHECK(json::parse(r.body)["error"] == "throttled");
      CHECK(!r.retry_after.empty());
      return i;
    }
    CHECK(r.status == 401);
  }
  return limit;
}

}  // namespace

TEST_CASE("guesses at an account from other addresses do not keep its member out",
          "[throttle][accounts]") {
  Harness h = behind_proxy();
  // One address spends its free failures on the chair's account, and is then made to wait.
  const int free = failures_until_throttled(
      h, [](int) { return "198.51.100.1"; }, kChairEmail, 12);
  CHECK(free >= 5);
  CHECK(free < 12);
  CHECK(login_from(h, "198.51.100.1", kChairEmail, kChairPassword).status == 429);
  // Twenty more addresses guess once each: over 25 failures against the account, past its
  // ceiling of 20.
  for (int i = 2; i <= 21; ++i) {
    CHECK(login_from(h, "198.51.100." + std::to_string(i), kChairEmail, guess(i)).status == 401);
  }
  // The chair, from an address that has not failed, gets in; and again.
  CHECK(login_from(h, "203.0.113.5", kChairEmail, kChairPassword).status == 200);
  CHECK(login_from(h, "203.0.113.5", kChairEmail, kChairPassword).status == 200);
  // So does the chair from another place, named by a Forwarded header (RFC 7239).
  CHECK(login_from(h, "for=\"[2001:db8::7]:4711\";proto=https", kChairEmail, kChairPassword,
                   "Forwarded")
            .status == 200);
  // The account's ceiling: an address that has failed against it once must now wait, even with
  // the right password (it might be a guesser's)…
  CHECK(login_from(h, "198.51.100.3", kChairEmail, kChairPassword).status == 429);
  // …and the member's success did not reset the guessers' count.
  CHECK(login_from(h, "198.51.100.4", kChairEmail, guess(99)).status == 429);
}

TEST_CASE("failures for unknown emails from an address do not stop a real account's login there",
          "[throttle][accounts]") {
  Harness h = behind_proxy();
  const std::string x = "198.51.100.9";
  json unknown_answer;
  for (int i = 0; i < 15; ++i) {
    const auto r = login_from(h, x, "nobody" + std::to_string(i) + "@rec6.example", guess(i));
    CHECK(r.status == 401);
    unknown_answer = json::parse(r.body);
  }
  // The clerk, at the same address, logs in.
  CHECK(login_from(h, x, kClerkEmail, kClerkPassword).status == 200);
  // A wrong password reads like an unknown email.
  const auto wrong = login_from(h, x, kClerkEmail, guess(0));
  CHECK(wrong.status == 401);
  CHECK(json::parse(wrong.body) == unknown_answer);
  // The guesser is still slowed: 16 failures from here, so trying again an account (known or
  // not) that has failed from here waits.
  CHECK(login_from(h, x, "nobody0@rec6.example", guess(1)).status == 429);
  CHECK(login_from(h, x, kClerkEmail, kClerkPassword).status == 429);
}

TEST_CASE("without --trusted-proxy a client cannot choose its address with X-Forwarded-For",
          "[throttle][accounts]") {
  Harness h;
  // Failures, each claiming a different address, are all 127.0.0.1's: soon throttled (were the
  // header believed, every one would be a first try from a fresh address, never refused).
  const int free = failures_until_throttled(
      h, [](int i) { return "198.51.100." + std::to_string(i); }, kClerkEmail, 12);
  CHECK(free >= 5);
  CHECK(free < 12);
  CHECK(login_from(h, "203.0.113.5", kClerkEmail, kClerkPassword).status == 429);
  CHECK(login_from(h, "for=203.0.113.6", kClerkEmail, kClerkPassword, "Forwarded").status == 429);
}
