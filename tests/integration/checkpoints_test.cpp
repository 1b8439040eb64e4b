// Signed checkpoints and witnesses (docs/architecture.md, "Checkpoints and witnesses") against a
// real collegiald: the key file is private and its public half served; an adjournment, a posted
// notice and an approved minutes version are each signed, and the signatures verify with the
// openssl command line against the served key; the feed only grows; the notices to the media
// and the minutes documents carry a checkpoint. Then, with the server stopped, each tampering
// an owner of the database file could make with plain SQLite is shown to pass or fail plain
// `collegiald verify` but to fail `verify --checkpoints` against the feed saved beforehand.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/oma_council.hpp"
#include "record/chain.hpp"
#include "store/checkpoint_key.hpp"
#include "support/demo_council.hpp"
#include "support/http_listener.hpp"
#include "support/smtp_listener.hpp"

using namespace collegial;
using namespace collegial::test;
using nlohmann::json;

namespace {

std::vector<json> feed_of(std::uint16_t port, const std::string& path = "/public/checkpoints.jsonl") {
  const auto r = http_request(port, "GET", path);
  REQUIRE(r.status == 200);
  std::vector<json> out;
  std::istringstream in(r.body);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

std::string feed_text(std::uint16_t port) { return http_request(port, "GET", "/public/checkpoints.jsonl").body; }

// Polls the feed until it holds a checkpoint of `room` at `seq` for `reason` (checkpoints are
// an effect of the commit, made just after the ack), within ten seconds.
json wait_for_checkpoint(std::uint16_t port, const std::string& room, std::int64_t seq, const std::string& reason) {
  for (int i = 0; i < 200; ++i) {
    for (const auto& c : feed_of(port)) {
      if (c["room"] == room && c["seq"] == seq && c["reason"] == reason) return c;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("no checkpoint of " << room << ":" << seq << " (" << reason << ") in " << feed_text(port));
  return {};
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// What an outsider does with a checkpoint and the served key: the documented openssl command.
bool openssl_verifies(const std::filesystem::path& dir, const json& checkpoint, const std::string& key_pem) {
  write_file(dir / "key.pem", key_pem);
  write_file(dir / "statement", checkpoint["statement"].get<std::string>());
  const auto signature = store::base64_decode(checkpoint["signature"].get<std::string>());
  REQUIRE(signature);
  write_file(dir / "signature", signature.value());
  const std::string out = run("openssl pkeyutl -verify -pubin -inkey " + (dir / "key.pem").string() + " -rawin -in " +
                              (dir / "statement").string() + " -sigfile " + (dir / "signature").string() + " 2>&1");
  return out.find("Signature Verified Successfully") != std::string::npos;
}

// A council that posts notice of two meetings, votes and adjourns the first, and approves its
// minutes at the second: one checkpoint for each reason.
struct SignedCouncil : Council {
  explicit SignedCouncil(std::vector<std::string> extra = {}) : Council("2026-11-10T09:00", std::move(extra)) {}

  void hold_meetings() {
    const auto first = schedule({{"kind", "special"}, {"starts", "2026-11-19T10:00"}, {"place", "REC 6 office"}});
    must("notice.set_agenda", {{"meeting", first}, {"items", kAgenda}});
    must("notice.post", {{"meeting", first}});
    notice = next_of(*clerk, "notice.posted");
    const auto second = schedule({{"kind", "special"}, {"starts", "2026-12-10T10:00"}, {"place", "REC 6 office"}});
    must("notice.set_agenda", {{"meeting", second},
                               {"items", json::array({{{"title", "Approval of the minutes"}, {"type", "action"}}})}});
    must("notice.post", {{"meeting", second}});
    clock.set(local("2026-11-19T09:55"));
    m = arrive(5);
    clock.set(local("2026-11-19T10:00"));
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
    decided = carry(m, "Approve the FY27 budget");
    REQUIRE(decided["body"]["result"] == "adopted");
    clock.set(local("2026-11-19T10:30"));
    REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
    adjourned = next_of(*clerk, "meeting.adjourned");
    clock.set(local("2026-12-10T09:55"));
    present_again(m);
    clock.set(local("2026-12-10T10:00"));
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 1}})["type"] == "ack");
    REQUIRE(act(*m[1], "motions.move", {{"kind", "approve_minutes"}, {"minutes", 1}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i : {1, 2, 3, 4}) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    approved = next_of(*clerk, "motions.decided");
    REQUIRE(approved["body"]["result"] == "adopted");
  }

  std::vector<std::unique_ptr<WsClient>> m;
  json notice, decided, adjourned, approved;
};

// --- Tampering with plain SQLite on a stopped server's database ---

std::filesystem::path copy_database(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy_file(from, to);
  for (const char* suffix : {"-wal", "-shm"}) {
    std::filesystem::path side = from.string() + suffix;
    if (std::filesystem::exists(side)) std::filesystem::copy_file(side, to.string() + suffix);
  }
  return to;
}

std::int64_t room_id(SQLite::Database& db, const std::string& room) {
  SQLite::Statement q(db, "SELECT id FROM rooms WHERE name = ?");
  q.bind(1, room);
  REQUIRE(q.executeStep());
  return q.getColumn(0).getInt64();
}

// Recomputes every hash of `room` from `from_seq` on, and the head, as a careful forger would.
void rehash(SQLite::Database& db, const std::string& room, std::int64_t from_seq) {
  const std::int64_t id = room_id(db, room);
  SQLite::Statement q(db, "SELECT seq, ts_ms, actor, type, body, prev_hash, hash, salt FROM events WHERE room_id = ? ORDER BY seq");
  q.bind(1, id);
  std::vector<record::Event> events;
  while (q.executeStep()) {
    events.push_back({room, q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                      q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                      q.getColumn(6).getString(), q.getColumn(7).getString()});
  }
  std::string previous = std::string(record::kGenesisHash);
  for (auto& e : events) {
    if (e.seq >= from_seq) {
      e.prev_hash = previous;
      e.hash = record::compute_hash(e);
      SQLite::Statement u(db, "UPDATE events SET prev_hash = ?, hash = ? WHERE room_id = ? AND seq = ?");
      u.bind(1, e.prev_hash);
      u.bind(2, e.hash);
      u.bind(3, id);
      u.bind(4, e.seq);
      u.exec();
    }
    previous = e.hash;
  }
  SQLite::Statement head(db, "UPDATE rooms SET head_seq = ?, head_hash = ? WHERE id = ?");
  head.bind(1, events.back().seq);
  head.bind(2, events.back().hash);
  head.bind(3, id);
  head.exec();
}

struct Verdicts {
  CommandResult plain, witnessed;
};

Verdicts verify(const std::filesystem::path& db, const std::filesystem::path& feed) {
  return {run_collegiald({"verify", "--data", db.string()}),
          run_collegiald({"verify", "--data", db.string(), "--checkpoints", feed.string()})};
}

}  // namespace

TEST_CASE("Checkpoints: the key is private, its public half served, and each moment is signed",
          "[checkpoints]") {
  HttpListener hooks(204);
  SmtpListener smtp;
  SignedCouncil c({"--smtp-url", smtp.url(), "--smtp-from", "REC 6 <notices@rec6.example>"});
  const auto key_file = c.dir / "collegial.db.checkpoint-key.pem";
  struct stat st {};
  REQUIRE(::stat(key_file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  const auto pem = get(c, "/.well-known/collegial/checkpoint-key");
  REQUIRE(pem.status == 200);
  CHECK(contains(pem.body, "-----BEGIN PUBLIC KEY-----"));
  const auto keys = json::parse(get(c, "/.well-known/collegial/checkpoint-key.json").body);
  const auto key_id = store::public_key_id(pem.body);
  REQUIRE(key_id);
  CHECK(keys["current"] == key_id.value());
  CHECK(keys["algorithm"] == "Ed25519");

  AdminClient admin(c.server.port());
  admin.must("add-media-subscriber", {{"body", "rec6-council"}, {"name", "Portales News-Tribune"},
                                      {"webhook", hooks.url()}, {"requested", "2026-01-05"}});
  admin.must("add-media-subscriber", {{"body", "rec6-council"}, {"name", "Radio Española"},
                                      {"email", "noticias@radio-espanola.example"}, {"requested", "2026-01-05"}});
  // An administrative change signs the directory's audit log.
  const auto directory = feed_of(c.server.port(), "/public/checkpoints/directory:audit.jsonl");
  CHECK(std::any_of(directory.begin(), directory.end(), [](const json& c) { return c["reason"] == "directory"; }));

  const std::string before = feed_text(c.server.port());
  c.hold_meetings();
  const json notice = wait_for_checkpoint(c.server.port(), "rec6-council", c.notice["seq"], "notice");
  const json adjournment = wait_for_checkpoint(c.server.port(), "rec6-council", c.adjourned["seq"], "adjournment");
  const json minutes = wait_for_checkpoint(c.server.port(), "rec6-council", c.approved["seq"], "minutes");
  CHECK(notice["hash"] == c.notice["hash"]);
  CHECK(adjournment["hash"] == c.adjourned["hash"]);
  CHECK(minutes["hash"] == c.approved["hash"]);
  for (const json* checkpoint : {&notice, &adjournment, &minutes}) {
    INFO(checkpoint->dump());
    CHECK((*checkpoint)["key"] == key_id.value());
    CHECK(openssl_verifies(c.dir.path(), *checkpoint, pem.body));
  }
  // A changed statement does not verify.
  json forged = adjournment;
  forged["statement"] = adjournment["statement"].get<std::string>() + " ";
  CHECK_FALSE(openssl_verifies(c.dir.path(), forged, pem.body));

  // The feed only grows: what a mirror saw before is still its beginning.
  const std::string after = feed_text(c.server.port());
  CHECK(after.size() > before.size());
  CHECK(after.compare(0, before.size(), before) == 0);
  const auto all = feed_of(c.server.port());
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i]["checkpoint"].get<int>() > all[i - 1]["checkpoint"].get<int>());

  // Witnesses: each notice to the media carries the checkpoint of itself...
  json hook;
  for (const auto& r : hooks.wait_for(2)) {
    const json payload = json::parse(r.body);
    if (payload["seq"] == c.notice["seq"]) hook = payload;
  }
  CHECK(hook["checkpoint"]["seq"] == c.notice["seq"]);
  CHECK(hook["checkpoint"]["statement"] == notice["statement"]);
  bool mailed = false;
  for (const auto& m : smtp.wait_for(2)) {
    std::string text = m.decoded_body();
    std::erase(text, '\r');
    if (contains(text, notice["statement"].get<std::string>())) write_file(c.dir / "notice.txt", text);
    mailed = mailed || (contains(text, notice["statement"].get<std::string>()) &&
                        contains(text, "signature: " + notice["signature"].get<std::string>()));
  }
  CHECK(mailed);
  // The e-mail itself is a witness verify reads.
  CHECK(run_collegiald({"verify", "--data", c.server.db().string(), "--checkpoints", (c.dir / "notice.txt").string()})
            .exit_code == 0);
  // ...the minutes document carries the newest, beside its content: verify --minutes still
  // matches it, and verify --checkpoints reads it.
  const auto doc = get(c, "/public/rec6-council/minutes/1/v1.json");
  REQUIRE(doc.status == 200);
  const json document = json::parse(doc.body);
  CHECK(document["checkpoint"]["seq"].get<std::int64_t>() >= c.approved["seq"].get<std::int64_t>());
  write_file(c.dir / "minutes.json", doc.body);
  CHECK(run_collegiald({"verify", "--data", c.server.db().string(), "--minutes", (c.dir / "minutes.json").string()})
            .exit_code == 0);
  CHECK(run_collegiald({"verify", "--data", c.server.db().string(), "--checkpoints", (c.dir / "minutes.json").string()})
            .exit_code == 0);
  CHECK(contains(get(c, "/public/rec6-council/minutes/1.md").body, "collegial-checkpoint-v1"));
  // ...and so does every public page of the body.
  const auto page = get(c, "/public/rec6-council");
  CHECK(contains(page.body, "Signed checkpoint of this record: event "));
  CHECK(contains(page.body, "/public/checkpoints/rec6-council.jsonl"));

  // verify --checkpoints URL, against the running server.
  const auto live = run_collegiald({"verify", "--data", c.server.db().string(), "--checkpoints",
                                    "http://127.0.0.1:" + std::to_string(c.server.port()) + "/public/checkpoints.jsonl"});
  INFO(live.out);
  CHECK(live.exit_code == 0);
  CHECK(contains(live.out, "checkpoints hold"));
}

TEST_CASE("Checkpoints: a key file others may read is refused", "[checkpoints]") {
  TempDir dir;
  const auto key = dir / "key.pem";
  REQUIRE(store::SigningKey::load_or_create(key.string()));
  ::chmod(key.c_str(), 0644);
  const auto r = run_collegiald({"--data", (dir / "collegial.db").string(), "--port", "0", "--checkpoint-key", key.string()});
  CHECK(r.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "collegial.db"));  // refused before the database was touched
  CHECK(store::SigningKey::load_or_create(key.string()).status().code() == "key_exposed");
}

TEST_CASE("Checkpoints: tampering that plain verify misses is caught against checkpoints held elsewhere",
          "[checkpoints][R4]") {
  SignedCouncil c;
  c.hold_meetings();
  wait_for_checkpoint(c.server.port(), "rec6-council", c.approved["seq"], "minutes");
  // The witness: a mirror's copy of the feed, taken while the server ran.
  const auto feed = c.dir / "mirror.jsonl";
  write_file(feed, feed_text(c.server.port()));
  REQUIRE(c.server.stop(SIGTERM) == 0);
  const auto original = c.server.db();
  // Each tampering works on its own copy, so one run of the meetings serves them all.
  int copies = 0;
  const auto fresh = [&] { return copy_database(original, c.dir / ("copy" + std::to_string(++copies) + ".db")); };

  {
    INFO("an untampered database passes");
    const auto v = verify(fresh(), feed);
    INFO(v.plain.out << v.witnessed.out);
    CHECK(v.plain.exit_code == 0);
    CHECK(v.witnessed.exit_code == 0);
    CHECK(contains(v.witnessed.out, "checkpoints hold"));
  }
  {
    INFO("the last events deleted and the head rewritten");
    const auto db = fresh();
    {
      SQLite::Database w(db.string(), SQLite::OPEN_READWRITE);
      const auto id = room_id(w, "rec6-council");
      const std::int64_t keep = c.adjourned["seq"].get<std::int64_t>();  // everything after the adjournment goes
      w.exec("DELETE FROM events WHERE room_id = " + std::to_string(id) + " AND seq > " + std::to_string(keep));
      w.exec("UPDATE rooms SET head_seq = " + std::to_string(keep) + ", head_hash = '" +
             c.adjourned["hash"].get<std::string>() + "' WHERE id = " + std::to_string(id));
    }
    const auto v = verify(db, feed);
    INFO(v.plain.out << v.witnessed.out);
    CHECK(v.plain.exit_code == 0);  // the chain that is left is intact
    CHECK(v.witnessed.exit_code == 1);
    CHECK(contains(v.witnessed.out, "room rec6-council: truncated"));
  }
  {
    INFO("a room deleted");
    const auto db = fresh();
    {
      SQLite::Database w(db.string(), SQLite::OPEN_READWRITE);
      const auto id = std::to_string(room_id(w, "rec6-council"));
      w.exec("DELETE FROM events WHERE room_id = " + id);
      w.exec("DELETE FROM rooms WHERE id = " + id);
    }
    const auto v = verify(db, feed);
    INFO(v.plain.out << v.witnessed.out);
    CHECK(v.witnessed.exit_code == 1);
    CHECK(contains(v.witnessed.out, "room rec6-council: deleted"));
  }
  {
    INFO("a vote changed and every later event re-hashed");
    const auto db = fresh();
    {
      SQLite::Database w(db.string(), SQLite::OPEN_READWRITE);
      const auto id = room_id(w, "rec6-council");
      SQLite::Statement q(w, "SELECT seq, body FROM events WHERE room_id = ? AND type = 'motions.vote_cast' ORDER BY seq LIMIT 1");
      q.bind(1, id);
      REQUIRE(q.executeStep());
      const std::int64_t seq = q.getColumn(0).getInt64();
      json body = json::parse(q.getColumn(1).getString());
      REQUIRE(body["choice"] == "aye");
      body["choice"] = "nay";
      q.reset();
      SQLite::Statement u(w, "UPDATE events SET body = ? WHERE room_id = ? AND seq = ?");
      u.bind(1, body.dump());
      u.bind(2, id);
      u.bind(3, seq);
      u.exec();
      rehash(w, "rec6-council", seq);
    }
    const auto v = verify(db, feed);
    INFO(v.plain.out << v.witnessed.out);
    CHECK(v.plain.exit_code == 0);  // a consistent forgery
    CHECK(v.witnessed.exit_code == 1);
    CHECK(contains(v.witnessed.out, "room rec6-council: rewritten"));
  }
  {
    INFO("a membership row changed");
    const auto db = fresh();
    {
      SQLite::Database w(db.string(), SQLite::OPEN_READWRITE);
      w.exec("UPDATE memberships SET role = 'chair' WHERE id = (SELECT MAX(id) FROM memberships WHERE role = 'voting_member')");
    }
    const auto v = verify(db, feed);
    INFO(v.plain.out << v.witnessed.out);
    CHECK(v.plain.exit_code == 1);  // the directory no longer folds from its audit log
    CHECK(contains(v.plain.out, "BROKEN: directory"));
    CHECK(contains(v.plain.out, "memberships row"));
    CHECK(v.witnessed.exit_code == 1);
    CHECK(contains(v.witnessed.out, "room directory:audit"));
  }
  {
    INFO("a membership row changed and the audit log rewritten to match, re-hashed");
    const auto db = fresh();
    {
      SQLite::Database w(db.string(), SQLite::OPEN_READWRITE);
      w.exec("UPDATE memberships SET role = 'chair' WHERE id = (SELECT MAX(id) FROM memberships WHERE role = 'voting_member')");
      SQLite::Statement which(w, "SELECT id FROM memberships WHERE role = 'chair' ORDER BY id DESC LIMIT 1");
      REQUIRE(which.executeStep());
      const std::string key = which.getColumn(0).getString();
      const auto id = room_id(w, "directory:audit");
      SQLite::Statement q(w, "SELECT seq, body FROM events WHERE room_id = ? AND type LIKE 'directory.%' ORDER BY seq");
      q.bind(1, id);
      std::int64_t first = 0;
      std::vector<std::pair<std::int64_t, std::string>> rewritten;
      while (q.executeStep()) {
        json body = json::parse(q.getColumn(1).getString());
        bool touched = false;
        for (auto& row : body["rows"]) {
          if (row["table"] == "memberships" && row["key"] == key && row["row"].is_object()) {
            row["row"]["role"] = "chair";
            touched = true;
          }
        }
        if (!touched) continue;
        if (first == 0) first = q.getColumn(0).getInt64();
        rewritten.emplace_back(q.getColumn(0).getInt64(), body.dump());
      }
      REQUIRE(first > 0);
      for (const auto& [seq, text] : rewritten) {
        SQLite::Statement u(w, "UPDATE events SET body = ? WHERE room_id = ? AND seq = ?");
        u.bind(1, text);
        u.bind(2, id);
        u.bind(3, seq);
        u.exec();
      }
      rehash(w, "directory:audit", first);
    }
    const auto v = verify(db, feed);
    INFO(v.plain.out << v.witnessed.out);
    CHECK(v.plain.exit_code == 0);  // a consistent forgery of the directory
    CHECK(v.witnessed.exit_code == 1);
    CHECK(contains(v.witnessed.out, "room directory:audit: rewritten"));
  }
  {
    INFO("a checkpoint whose signature is bad is reported");
    std::ifstream in(feed);
    std::string line;
    std::getline(in, line);
    json forged = json::parse(line);
    auto statement = forged["statement"].get<std::string>();
    statement.replace(statement.find("time: "), 6, "time: 1");  // well formed, but not what was signed
    forged["statement"] = statement;
    const auto bad = c.dir / "forged.jsonl";
    write_file(bad, forged.dump() + "\n");
    const auto r = run_collegiald({"verify", "--data", fresh().string(), "--checkpoints", bad.string()});
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "bad_signature"));
  }
}
