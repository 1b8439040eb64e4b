// A council whose server's clock the test sets (--test-clock-file), with its clerk seated: for
// scenarios under the Open Meetings Act (notices, agendas, closed sessions, public pages).
#pragma once

#include <algorithm>
#include <cstdio>

#include "integration/council.hpp"
#include "support/clock_file.hpp"
#include "util/local_time.hpp"

namespace collegial::test {

inline constexpr std::int64_t kHour = 3'600'000;
inline constexpr std::int64_t kMinute = 60'000;
inline constexpr const char* kZone = "America/Denver";

inline std::int64_t local(const std::string& when) {
  auto ms = collegial::local_to_utc_ms(when, kZone);
  REQUIRE(ms);
  return ms.value();
}

// A council with its clock: the server, the clerk's client, and helpers over them.
struct Council {
  explicit Council(const std::string& now, std::vector<std::string> extra = {})
      : clock(dir / "clock", local(now)),
        server(dir / "collegial.db", with_clock(with(std::move(extra)))),
        clerk(seat_in("clerk@rec6.example", "demo-clerk-2026")) {}

  // Scenarios move the clock by days with the clerk's socket open: logins last a year unless
  // the test names its own --session-hours (a session's end is credentials_test's subject).
  static std::vector<std::string> with(std::vector<std::string> extra) {
    if (std::find(extra.begin(), extra.end(), "--session-hours") == extra.end()) {
      extra.insert(extra.begin(), {"--session-hours", "8784"});
    }
    extra.insert(extra.begin(), {"--rate-limit", "0"});
    return extra;
  }
  std::vector<std::string> with_clock(std::vector<std::string> args) {
    for (const auto& a : clock.args()) args.push_back(a);
    return args;
  }
  std::unique_ptr<WsClient> seat_in(const std::string& email, const std::string& password) {
    return seat_at(server.port(), email, password);
  }
  // Voting member `i`, seated in the room of the server on `port` (another process on the same
  // database, after a restart).
  std::unique_ptr<WsClient> seat_in_on(std::uint16_t port, std::size_t i) {
    return seat_at(port, kVoters[i].first, kVoters[i].second);
  }
  // Voting members 0..n-1, each present.
  std::vector<std::unique_ptr<WsClient>> arrive(std::size_t n) {
    std::vector<std::unique_ptr<WsClient>> m;
    for (std::size_t i = 0; i < n; ++i) {
      m.push_back(seat_in(kVoters[i].first, kVoters[i].second));
      REQUIRE(act(*m.back(), "quorum.present")["type"] == "ack");
    }
    return m;
  }
  // Q1: presence ends with each meeting; members `m` are recorded present again for the next.
  static void present_again(std::vector<std::unique_ptr<WsClient>>& m) {
    for (auto& member : m) REQUIRE(act(*member, "quorum.present")["type"] == "ack");
  }
  // Schedules a meeting; returns its number.
  std::int64_t schedule(json args) {
    const auto r = act(*clerk, "notice.schedule", args);
    INFO(r.dump());
    REQUIRE(r["type"] == "ack");
    return next_of(*clerk, "notice.meeting_scheduled")["body"]["meeting"].get<std::int64_t>();
  }
  // Schedules a special meeting at `starts` in the REC 6 office with `items` as its agenda, and
  // posts its notice now; returns its number.
  std::int64_t notice(const std::string& starts, const json& items);
  void must(const std::string& op, const json& args) {
    const auto r = act(*clerk, op, args);
    INFO(op << " " << r.dump());
    REQUIRE(r["type"] == "ack");
  }
  // The notice plugin's entry for meeting `n`, as the `view` request returns it.
  json meeting(std::int64_t n) {
    const auto v = clerk->request({{"type", "view"}, {"room", "rec6-council"}});
    REQUIRE(v["type"] == "ack");
    for (const auto& m : v["views"]["notice"]["meetings"]) {
      if (m["meeting"] == n) return m;
    }
    FAIL("no meeting " << n);
    return {};
  }

  TempDir dir;
  ClockFile clock;
  ServerProcess server;
  std::unique_ptr<WsClient> clerk;
};

inline std::int64_t Council::notice(const std::string& starts, const json& items) {
  const auto n = schedule({{"kind", "special"}, {"starts", starts}, {"place", "REC 6 office"}});
  must("notice.set_agenda", {{"meeting", n}, {"items", items}});
  must("notice.post", {{"meeting", n}});
  return n;
}

// GET `path` as the public (no token).
inline HttpResult get(Council& c, const std::string& path) { return http_request(c.server.port(), "GET", path); }

// What `command` (a shell command line) writes to its standard output (poppler's pdftotext and
// pdfinfo read back the PDFs).
inline std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
  pclose(p);
  return out;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

inline const json kAgenda = json::array({
    {{"title", "Call to order and roll call"}, {"type", "information"}},
    {{"title", "Approve the FY27 budget"}, {"type", "action"}, {"presenter", "Executive director"},
     {"links", {"https://rec6.example/fy27-budget.pdf"}}},
    {{"title", "Evaluation of the executive director"}, {"type", "closed_session"},
     {"authority", "H2"}, {"subject", "the annual evaluation of the executive director"}},
});

// Member 1 moves the motion `args` (under the item already taken up: {"text": …}, or {"kind":
// "close_session"}…), the chair (member 0) states it and puts it to a vote, members `ayes` vote
// aye and the chair closes it; returns the decision.
inline json decide(std::vector<std::unique_ptr<WsClient>>& m, const json& args,
                   std::vector<std::size_t> ayes = {1, 2, 3, 4}) {
  REQUIRE(act(*m[1], "motions.move", args)["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i : ayes) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  return next_of(*m[1], "motions.decided");
}

// decide() for a main motion whose words are `text`.
inline json carry(std::vector<std::unique_ptr<WsClient>>& m, const std::string& text,
                  std::vector<std::size_t> ayes = {1, 2, 3, 4}) {
  return decide(m, {{"text", text}}, std::move(ayes));
}

}  // namespace collegial::test
