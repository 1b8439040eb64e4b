// Records-request bundles (issue #20 §2, IPRA): a held meeting's records in one .zip, verified
// offline by `collegiald verify --bundle`. The public's bundle carries nothing of the closed
// session; the clerk's carries it only when asked, marked. Then an informed forger, who knows
// the format and holds the bundle but not the server's key, tries each way to change what it
// says: every one is caught, each with its own reason.
#include <fstream>
#include <map>
#include <sstream>

#include "integration/oma_council.hpp"
#include "record/chain.hpp"
#include "util/zip_archive.hpp"

using namespace collegial::test;
namespace zip = collegial::zip;
namespace record = collegial::record;

namespace {

constexpr const char* kMarker = "QVB4-CLOSED";

using Files = std::map<std::string, std::string>;

Files unzip(const std::string& bytes) {
  auto entries = zip::read(bytes);
  REQUIRE(entries);
  Files files;
  for (auto& e : entries.value()) files[e.name] = std::move(e.data);
  return files;
}

// The archive of `files` with the manifest's list made true again (what a forger does first).
std::string rezip(Files files) {
  json manifest = json::parse(files.at("manifest.json"));
  manifest["files"] = json::array();
  for (const auto& [name, data] : files) {
    if (name == "manifest.json") continue;
    manifest["files"].push_back({{"path", name}, {"sha256", record::sha256_hex(data)}, {"bytes", data.size()}});
  }
  files["manifest.json"] = manifest.dump(2);
  std::vector<zip::Entry> entries;
  for (const auto& [name, data] : files) entries.push_back({name, data, 0});
  return zip::write(entries);
}

std::vector<json> events_of(const Files& f) {
  std::vector<json> out;
  std::istringstream in(f.at("log/events.jsonl"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

std::string jsonl(const std::vector<json>& events) {
  std::string out;
  for (const auto& e : events) out += e.dump() + "\n";
  return out;
}

// Recomputes every whole event's hash from `from` on, as one who rewrites a log does.
void rehash(std::vector<json>& events, std::size_t from) {
  std::string prev = from == 0 ? std::string(record::kGenesisHash) : events[from - 1]["hash"].get<std::string>();
  for (std::size_t i = from; i < events.size(); ++i) {
    json& e = events[i];
    if (e["type"] == "session.withheld" || e["type"] == "event.redacted") {
      e["prev_hash"] = prev;
    } else {
      record::Event ev{e["room"], e["seq"], e["ts"], e["actor"], e["type"], e["body"].dump(), prev, "",
                       e.value("salt", "")};
      e["hash"] = record::compute_hash(ev);
    }
    prev = e["hash"];
  }
}

struct Verdict {
  int exit_code;
  std::string out;
};

Verdict verify(Council& c, const std::string& bundle, const std::string& key) {
  const auto file = c.dir / "bundle.zip";
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bundle;
  const auto r = run_collegiald({"verify", "--bundle", file.string(), "--trust-key", key});
  INFO(r.out);
  return {r.exit_code, r.out};
}

// A council meeting with a vote, a closed session holding the marker, the closed session's
// statement, and an adjournment; returns the meeting's number.
std::int64_t hold_meeting(Council& c) {
  const auto n = c.notice("2026-12-05T10:00", kAgenda);
  c.clock.set(local("2026-12-05T10:00"));
  auto m = c.arrive(6);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  REQUIRE(carry(m, "Approve the FY27 budget as presented", {1, 2, 3})["body"]["result"] == "adopted");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(decide(m, {{"kind", "close_session"}})["body"]["result"] == "adopted");
  REQUIRE(m[2]->say("rec6-council", std::string(kMarker) + " the director's evaluation")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");
  REQUIRE(decide(m, {{"kind", "closed_session_statement"}})["body"]["result"] == "adopted");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  return n;
}

std::string key_file(Council& c) {
  const auto key = get(c, "/.well-known/collegial/checkpoint-key");
  REQUIRE(key.status == 200);
  const auto path = c.dir / "server-key.pem";
  std::ofstream(path) << key.body;
  return path.string();
}

HttpResult clerk_get(Council& c, const std::string& path, const std::string& token) {
  return http_request(c.server.port(), "GET", path, {}, "", token);
}

}  // namespace

TEST_CASE("IPRA C3: a held meeting's records bundle verifies offline; the public's carries nothing of the closed "
          "session, the clerk's carries it only when asked, marked",
          "[records][C3][R4]") {
  Council c("2026-12-01T09:00");
  const auto n = hold_meeting(c);
  const std::string path = "/public/rec6-council/meetings/" + std::to_string(n) + "/records.zip";
  const auto answer = get(c, path);
  REQUIRE(answer.status == 200);
  CHECK(answer.content_type == "application/zip");
  const Files files = unzip(answer.body);
  for (const char* name : {"README.txt", "manifest.json", "meeting.html", "notice.json", "attendance-and-votes.json",
                           "minutes/current.json", "minutes/current.md", "minutes/current.html", "minutes/current.pdf",
                           "log/events.jsonl", "log/checkpoints.jsonl"}) {
    CHECK(files.count(name) == 1);
  }
  const json manifest = json::parse(files.at("manifest.json"));
  CHECK(manifest["closed_session_included"] == false);
  CHECK(manifest["meeting"] == n);
  // Each member's vote on the budget is in the record.
  const json record = json::parse(files.at("attendance-and-votes.json"));
  CHECK(record["attendance"].size() >= 6);
  CHECK(contains(files.at("attendance-and-votes.json"), "Approve the FY27 budget as presented"));
  // C3: no file carries the closed session's words; stand-ins take the closed events' place.
  for (const auto& [name, data] : files) {
    INFO(name);
    CHECK_FALSE(contains(data, kMarker));
  }
  CHECK(contains(files.at("log/events.jsonl"), "\"session.withheld\""));

  // The meeting's page offers the bundle once the meeting is held.
  CHECK(contains(get(c, "/public/rec6-council/meetings/" + std::to_string(n)).body, path + "\" download>"));

  const std::string key = key_file(c);
  const auto ok = verify(c, answer.body, key);
  CHECK(ok.exit_code == 0);
  CHECK(contains(ok.out, "bundle verifies"));
  CHECK(contains(ok.out, "as the public may read them"));

  // The clerk's bundle: the same without asking; the closed session whole when asked, marked.
  const std::string token = login(c.server.port(), "clerk@rec6.example", "demo-clerk-2026");
  const std::string api = "/api/rooms/rec6-council/meetings/" + std::to_string(n);
  const auto plain = clerk_get(c, api + "/records.zip", token);
  REQUIRE(plain.status == 200);
  CHECK_FALSE(contains(unzip(plain.body).at("log/events.jsonl"), kMarker));
  const auto closed = clerk_get(c, api + "/records-with-closed-session.zip", token);
  REQUIRE(closed.status == 200);
  CHECK(contains(closed.header("content-disposition"), "records-with-closed-session.zip"));
  const Files clerks = unzip(closed.body);
  CHECK(contains(clerks.at("log/events.jsonl"), kMarker));
  CHECK(clerks.at("README.txt").rfind("*** THIS BUNDLE HOLDS CLOSED-SESSION CONTENT", 0) == 0);
  const json clerk_manifest = json::parse(clerks.at("manifest.json"));
  CHECK(clerk_manifest["closed_session_included"] == true);
  CHECK_FALSE(clerk_manifest["closed_seqs"].empty());
  const auto clerk_ok = verify(c, closed.body, key);
  CHECK(clerk_ok.exit_code == 0);
  CHECK(contains(clerk_ok.out, "closed sessions included"));

  // Nobody beyond their role: the administrator may not read closed sessions; nobody without a
  // token; the public's address never serves the clerk's.
  const std::string admin = login(c.server.port(), kDemoAdminEmail, kDemoAdminPassword);
  CHECK(clerk_get(c, api + "/records-with-closed-session.zip", admin).status == 403);
  CHECK(clerk_get(c, api + "/records-with-closed-session.zip", "").status == 401);
  CHECK(get(c, "/public/rec6-council/meetings/" + std::to_string(n) + "/records-with-closed-session.zip").status == 404);
  // A meeting not yet held has no bundle; one that does not exist neither.
  const auto later = c.notice("2026-12-20T10:00", kAgenda);
  const auto early = get(c, "/public/rec6-council/meetings/" + std::to_string(later) + "/records.zip");
  CHECK(early.status == 409);
  CHECK(contains(early.body, "not_held"));
  CHECK(get(c, "/public/rec6-council/meetings/99/records.zip").status == 404);
}

TEST_CASE("IPRA R4 C3: verify --bundle catches an informed forger: each change to what the bundle says fails with "
          "its reason",
          "[records][R4][C3]") {
  Council c("2026-12-01T09:00");
  const auto n = hold_meeting(c);
  const auto answer = get(c, "/public/rec6-council/meetings/" + std::to_string(n) + "/records.zip");
  REQUIRE(answer.status == 200);
  const std::string key = key_file(c);
  REQUIRE(verify(c, answer.body, key).exit_code == 0);
  REQUIRE(verify(c, rezip(unzip(answer.body)), key).exit_code == 0);  // rezipping alone changes nothing
  const Files original = unzip(answer.body);
  const std::vector<json> log = events_of(original);
  // The budget's decision, in open session.
  std::size_t decided = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i]["type"] == "motions.decided" && contains(log[i]["body"].dump(), "FY27")) decided = i;
  }
  REQUIRE(decided > 0);
  const auto fails = [&](const std::string& bundle, const std::string& reason) {
    const auto v = verify(c, bundle, key);
    INFO(v.out);
    CHECK(v.exit_code == 1);
    CHECK(contains(v.out, reason));
  };

  SECTION("a file changed without the manifest") {
    Files f = original;
    f["notice.json"] += " ";
    std::vector<zip::Entry> entries;
    for (const auto& [name, data] : f) entries.push_back({name, data, 0});
    fails(zip::write(entries), "is not the file the manifest lists");
  }
  SECTION("a file added") {
    Files f = original;
    f["minutes/extra.txt"] = "an addition";
    std::vector<zip::Entry> entries;
    for (const auto& [name, data] : f) entries.push_back({name, data, 0});
    fails(zip::write(entries), "which the manifest does not list");
  }
  SECTION("a vote changed, the manifest made true") {
    Files f = original;
    auto events = log;
    events[decided]["body"]["aye"] = 1;
    f["log/events.jsonl"] = jsonl(events);
    fails(rezip(f), "does not hash to what it says");
  }
  SECTION("a vote changed and the chain re-hashed to the end") {
    Files f = original;
    auto events = log;
    events[decided]["body"]["aye"] = 1;
    rehash(events, decided);
    f["log/events.jsonl"] = jsonl(events);
    fails(rezip(f), "(rewritten)");
  }
  SECTION("the log cut short") {
    Files f = original;
    auto events = log;
    events.resize(events.size() - 1);
    f["log/events.jsonl"] = jsonl(events);
    json manifest = json::parse(f["manifest.json"]);
    manifest["log"]["last_seq"] = events.size();
    f["manifest.json"] = manifest.dump();
    fails(rezip(f), "truncated");
  }
  SECTION("an open-session vote passed off as closed-session content") {
    Files f = original;
    auto events = log;
    const json e = events[decided];
    events[decided] = {{"type", "session.withheld"}, {"room", e["room"]}, {"seq", e["seq"]},
                       {"actor", "system:closed_session"}, {"body", {{"text", "In closed session"}}},
                       {"prev_hash", events[decided - 1]["hash"]}, {"hash", e["hash"]}};
    f["log/events.jsonl"] = jsonl(events);
    fails(rezip(f), "withheld outside a closed session");
  }
  SECTION("the minutes rewritten with a fresh digest") {
    Files f = original;
    json doc = json::parse(f["minutes/current.json"]);
    doc["content"]["narrative"] = "The council adopted nothing.";
    doc["digest"] = record::sha256_hex(doc["content"].dump());
    f["minutes/current.json"] = doc.dump();
    fails(rezip(f), "minutes/current.json");
  }
  SECTION("the attendance and votes edited") {
    Files f = original;
    json r = json::parse(f["attendance-and-votes.json"]);
    r["attendance"].erase(r["attendance"].begin());
    f["attendance-and-votes.json"] = r.dump();
    fails(rezip(f), "attendance-and-votes.json");
  }
  SECTION("the notice's posting time moved") {
    Files f = original;
    json notice = json::parse(f["notice.json"]);
    notice["posted_ms"] = notice.value("posted_ms", std::int64_t{0}) - 7 * 24 * kHour;
    f["notice.json"] = notice.dump();
    fails(rezip(f), "notice.json is not what the log gives");
  }
  SECTION("the clerk's closed session passed off as a public bundle") {
    const std::string token = login(c.server.port(), "clerk@rec6.example", "demo-clerk-2026");
    const auto closed = clerk_get(c, "/api/rooms/rec6-council/meetings/" + std::to_string(n) +
                                         "/records-with-closed-session.zip", token);
    REQUIRE(closed.status == 200);
    Files f = unzip(closed.body);
    json manifest = json::parse(f["manifest.json"]);
    manifest["closed_session_included"] = false;
    f["manifest.json"] = manifest.dump();
    fails(rezip(f), "in a public bundle");
  }
  SECTION("signed by a key the reader does not trust") {
    const auto other = c.dir / "other.pem";
    REQUIRE(std::system(("openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout -out " +
                         other.string()).c_str()) == 0);
    const auto v = verify(c, answer.body, other.string());
    CHECK(v.exit_code == 1);
    CHECK(contains(v.out, "which is not a trusted key"));
  }
}
