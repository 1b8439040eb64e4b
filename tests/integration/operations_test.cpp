// The operator's kit (issue #17, section 5) through a real collegiald: settings from a file,
// JSON logs and the access log, /metrics parsed as Prometheus parses it, an online backup that
// verifies, a restore that refuses a live server and a damaged copy, one server per database,
// and the directory changes the admin CLI makes from another process in the server's log.
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "support/harness.hpp"

using namespace collegial::test;
using json = nlohmann::json;

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// One parsed sample of the text exposition format.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses the exposition as Prometheus does, failing the test on any line that is not a
// comment, a blank or `name{label="value",…} number`; checks each family's HELP and TYPE come
// before its samples.
std::vector<Sample> parse_exposition(const std::string& text) {
  static const std::regex sample_line(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? ([-+0-9.eE]+|\+Inf|NaN)$)");
  static const std::regex label(R"(([a-zA-Z_][a-zA-Z0-9_]*)="([^"\\]*)\"(,|$))");
  std::vector<Sample> samples;
  std::map<std::string, std::string> types;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.rfind("# HELP ", 0) == 0) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string name, type;
      words >> name >> type;
      CHECK((type == "counter" || type == "gauge" || type == "histogram"));
      CHECK(types.count(name) == 0);  // one TYPE per family
      types[name] = type;
      continue;
    }
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_match(line, m, sample_line));
    Sample s{m[1], {}, m[4] == "+Inf" ? INFINITY : std::stod(m[4])};
    const std::string labels = m[3];
    for (std::sregex_iterator it(labels.begin(), labels.end(), label), end; it != end; ++it) {
      s.labels[(*it)[1]] = (*it)[2];
    }
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string sfx = suffix;
      if (!types.count(family) && family.size() > sfx.size() &&
          family.compare(family.size() - sfx.size(), sfx.size(), sfx) == 0) {
        family = family.substr(0, family.size() - sfx.size());
      }
    }
    CHECK(types.count(family) == 1);  // TYPE came first
    samples.push_back(std::move(s));
  }
  return samples;
}

double value_of(const std::vector<Sample>& samples, const std::string& name,
                const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : labels) all = all && s.labels.count(k) && s.labels.at(k) == v;
    if (all) return s.value;
  }
  return -1;
}

std::string header_of(const std::string& raw, const std::string& name) {
  std::smatch m;
  if (std::regex_search(raw, m, std::regex("\r\n" + name + ": ([^\r]*)\r\n", std::regex::icase))) return m[1];
  return {};
}

}  // namespace

TEST_CASE("settings come from a TOML file; the command line overrides it; unknown keys are refused",
          "[operations][config]") {
  TempDir dir;
  const auto settings = dir / "collegiald.toml";
  write_file(settings,
             "# an operator's settings\n"
             "log-format = \"json\"\n"
             "access-log = true\n"
             "max-message = 2048\n"
             "metrics-from = [\"127.0.0.0/8\", \"::1\"]\n");
  {
    ServerProcess server(dir / "a.db", {"--config", settings.string()});
    // JSON lines: the file's log-format took effect, and every line is one object.
    REQUIRE(wait_for_log(server, "\"event\":\"log\""));
    // max-message from the file: a larger frame closes the socket with 1009.
    WsClient c(server.port());
    c.send_text(std::string(4096, 'x'));
    CHECK(c.wait_close() == 1009);
  }
  {
    ServerProcess server(dir / "b.db", {"--config", settings.string(), "--log-format", "text"});
    const std::string log = server.log();
    CHECK(log.find("\"event\":") == std::string::npos);
    CHECK(log.find(" INFO  listening on 127.0.0.1 port " + std::to_string(server.port()) +
                   ": the app at http://127.0.0.1:" + std::to_string(server.port()) + "/") != std::string::npos);
  }
  write_file(dir / "typo.toml", "prot = 9000\n");
  const auto typo = run_collegiald({"--config", (dir / "typo.toml").string(), "--data", (dir / "c.db").string()});
  CHECK(typo.exit_code != 0);
  CHECK_FALSE(std::filesystem::exists(dir / "c.db"));  // refused before anything was touched
  const auto missing = run_collegiald({"--config", (dir / "none.toml").string()});
  CHECK(missing.exit_code != 0);
}

TEST_CASE("JSON logs: one object per line, and the access log names each request by the id it answered with",
          "[operations][logs]") {
  TempDir dir;
  ServerProcess server(dir / "c.db", {"--log-format", "json"});
  const std::string raw = raw_exchange(server.port(),
                                       "GET /healthz?probe=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  REQUIRE(status_of(raw) == 200);
  const std::string id = header_of(raw, "X-Request-Id");
  REQUIRE_FALSE(id.empty());
  login(server.port(), kMemberEmail, kMemberPassword);
  REQUIRE(wait_for_log(server, "\"request\":\"" + id + "\""));
  bool found = false;
  std::istringstream lines(server.log());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '{') continue;  // a sanitizer's report, say, is not ours
    const auto object = json::parse(line, nullptr, false);
    INFO(line);
    REQUIRE(object.is_object());
    CHECK(object["time"].get<std::string>().size() == 24);  // 2026-12-05T10:00:00.123Z
    CHECK(object.contains("level"));
    CHECK(object.contains("event"));
    CHECK(object.contains("message"));
    if (object.value("request", "") == id) {
      found = true;
      CHECK(object["event"] == "http.request");
      const std::string message = object["message"];
      CHECK(message.find("127.0.0.1 GET /healthz 200 ") == 0);
      CHECK(message.find("probe") == std::string::npos);  // queries (tokens) never reach the log
    }
  }
  CHECK(found);
  // The login went to the log as a request too, its password nowhere in the log's lines (the
  // demo's printout of its logins, on standard error before the log, is not one of them).
  CHECK(server.log().find("POST /api/login 200") != std::string::npos);
  std::istringstream again(server.log());
  while (std::getline(again, line)) {
    if (!line.empty() && line[0] == '{') CHECK(line.find(kMemberPassword) == std::string::npos);
  }

  ServerProcess quiet(dir / "d.db", {"--no-access-log"});
  REQUIRE(status_of(raw_exchange(quiet.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 200);
  CHECK(quiet.log().find("GET /healthz") == std::string::npos);
}

TEST_CASE("/metrics parses as Prometheus text and counts what happened; only allowed networks read it",
          "[operations][metrics]") {
  Harness h;
  auto scrape = [&] {
    const auto r = http_request(h.server.port(), "GET", "/metrics");
    REQUIRE(r.status == 200);
    CHECK(r.content_type.find("text/plain; version=0.0.4") == 0);
    return parse_exposition(r.body);
  };
  const auto before = scrape();
  const double appended = value_of(before, "collegial_events_appended_total");
  const double commits = value_of(before, "collegial_append_commit_seconds_count");
  CHECK(value_of(before, "collegial_logins_total", {{"result", "ok"}}) == 0);
  CHECK(value_of(before, "collegial_storage_failed") == 0);
  CHECK(value_of(before, "collegial_rooms_failed") == 0);

  auto member = h.member();  // one login, one open socket
  CHECK_THROWS(login(h.server.port(), kMemberEmail, "not the password"));
  REQUIRE(member->say("demo", "first")["type"] == "ack");
  REQUIRE(member->say("demo", "second")["type"] == "ack");

  // A say is acknowledged before its fan-out to the other sockets ends, and the fan-out's time
  // is observed after that: scrape until it has been (or the deadline says it never was).
  auto after = scrape();
  for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       value_of(after, "collegial_fanout_seconds_count") < 2 && std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = scrape();
  }
  CHECK(value_of(after, "collegial_logins_total", {{"result", "ok"}}) == 1);
  CHECK(value_of(after, "collegial_logins_total", {{"result", "bad_credentials"}}) == 1);
  CHECK(value_of(after, "collegial_events_appended_total") >= appended + 2);
  CHECK(value_of(after, "collegial_append_commit_seconds_count") >= commits + 2);
  CHECK(value_of(after, "collegial_fanout_seconds_count") >= 2);
  CHECK(value_of(after, "collegial_rooms_loaded") >= 1);
  CHECK(value_of(after, "collegial_connections", {{"kind", "all"}}) >= 1);
  CHECK(value_of(after, "collegial_connections_max") > 0);
  // A histogram's buckets only grow, and its count is its +Inf bucket.
  double last = 0;
  for (const auto& s : after) {
    if (s.name != "collegial_append_commit_seconds_bucket") continue;
    CHECK(s.value >= last);
    last = s.value;
    if (s.labels.at("le") == "+Inf") CHECK(s.value == value_of(after, "collegial_append_commit_seconds_count"));
  }
  CHECK(last > 0);

  ServerProcess closed(h.dir / "other.db", {"--metrics-from", "10.0.0.0/8"});
  CHECK(http_request(closed.port(), "GET", "/metrics").status == 404);
}

TEST_CASE("an online backup verifies; restore refuses a live server and a damaged copy, and brings the record back",
          "[operations][backup]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  const auto copy = dir / "backup.db";
  std::int64_t backed_up_seq = 0;
  {
    ServerProcess server(db, {"--rate-limit", "0"});
    auto token = login(server.port(), kMemberEmail, kMemberPassword);
    WsClient c(server.port());
    REQUIRE(c.hello(token)["type"] == "ack");
    REQUIRE(c.join("demo")["type"] == "ack");
    const auto said = c.say("demo", "before the backup");
    REQUIRE(said["type"] == "ack");
    backed_up_seq = said["seq"];
    // While the server runs and another client keeps writing.
    std::atomic<bool> writing{true};
    std::thread writer([&] {
      WsClient w(server.port());
      w.hello(token);
      w.join("demo");
      for (int i = 0; writing && i < 200; ++i) w.say("demo", "during the backup " + std::to_string(i));
    });
    const auto made = run_collegiald({"backup", "--data", db.string(), "--to", copy.string()});
    writing = false;
    writer.join();
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
    CHECK(made.out.find("intact:") != std::string::npos);
    CHECK(run_collegiald({"backup", "--data", db.string(), "--to", copy.string()}).exit_code == 2);  // exists

    // Never under a live server.
    const auto refused = run_collegiald({"restore", "--from", copy.string(), "--data", db.string()});
    CHECK(refused.exit_code == 2);
    REQUIRE(c.say("demo", "after the backup")["type"] == "ack");
    server.stop(SIGTERM);
  }
  // A damaged copy (one vote's text changed) is refused, and nothing is changed.
  const auto damaged = dir / "damaged.db";
  std::filesystem::copy_file(copy, damaged);
  {
    SQLite::Database d(damaged.string(), SQLite::OPEN_READWRITE);
    d.exec("UPDATE events SET body = replace(body, 'before the backup', 'BEFORE the backup') "
           "WHERE type = 'chat.message'");
  }
  const auto bad = run_collegiald({"restore", "--from", damaged.string(), "--data", db.string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("BROKEN") != std::string::npos);

  const auto restored = run_collegiald({"restore", "--from", copy.string(), "--data", db.string()});
  INFO(restored.out);
  REQUIRE(restored.exit_code == 0);
  CHECK(restored.out.find("restored") != std::string::npos);
  bool kept_aside = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().rfind("collegial.db.before-restore-", 0) == 0) kept_aside = true;
  }
  CHECK(kept_aside);
  CHECK(run_collegiald({"verify", "--data", db.string()}).exit_code == 0);
  // The restored server has what the backup had, and not what came after it.
  ServerProcess again(db, {"--rate-limit", "0"});
  WsClient reader(again.port());
  REQUIRE(reader.hello(login(again.port(), kMemberEmail, kMemberPassword))["type"] == "ack");
  const auto joined = reader.join("demo", 0);
  REQUIRE(joined["type"] == "ack");
  const std::int64_t head = joined["seq"];
  CHECK(head >= backed_up_seq);
  std::vector<std::string> texts;
  for (std::int64_t seq = 0; seq < head;) {
    const auto e = reader.next_event();
    seq = e.value("seq", std::int64_t{0});
    if (e.value("type", "") == "chat.message") texts.push_back(e["body"].value("text", ""));
  }
  CHECK(std::find(texts.begin(), texts.end(), "before the backup") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "after the backup") == texts.end());
}

TEST_CASE("one server per database: a second one on the same file refuses to start", "[operations][lock]") {
  TempDir dir;
  ServerProcess first(dir / "collegial.db");
  CHECK_THROWS(ServerProcess(dir / "collegial.db"));
  // The admin commands and verify still share the file with the running server.
  CHECK(run_collegiald({"verify", "--data", (dir / "collegial.db").string()}).exit_code == 0);
  first.kill9();  // the kernel drops the lock with the process
  ServerProcess again(dir / "collegial.db");
  CHECK(again.running());
}

TEST_CASE("the admin CLI's changes, made from another process, are in the running server's log",
          "[operations][logs]") {
  TempDir dir;
  ServerProcess server(dir / "collegial.db", {"--schedule-interval-ms", "50"});
  const auto made = run_collegiald({"admin", "--data", (dir / "collegial.db").string(), "create-person",
                                    "email=ana.deputy@rec6.example", "name=Ana Deputy"});
  REQUIRE(made.exit_code == 0);
  CHECK(wait_for_log(server, "directory: create-person"));
}

TEST_CASE("the checkpoint key's folder is made when it does not exist yet (--data new/c.db)",
          "[operations][config]") {
  TempDir dir;
  const auto key = dir / "keys" / "deeper" / "checkpoint-key.pem";
  ServerProcess server(dir / "collegial.db", {"--checkpoint-key", key.string()});
  CHECK(std::filesystem::exists(key));
}
