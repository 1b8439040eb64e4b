// C3 through the hash chain: the stand-in the public receives for a closed-session event proves
// that the chain continues and confirms no guess of the event, even the exact true one (chain
// encoding v2, docs/architecture.md); a member, who receives each event's salt, recomputes every
// hash. Live, and on catch-up from the store after a restart.
#include <regex>
#include <set>

#include "integration/oma_council.hpp"
#include "record/chain.hpp"

using namespace collegial;
using namespace collegial::test;

namespace {

constexpr const char* kRoom = "rec6-council";

// An event as a client received it, as the store holds it (body re-serialized compact with
// sorted keys, the stored form); its prev_hash is `prev`, the hash of the event before it.
record::Event event_of(const json& m, const std::string& prev) {
  record::Event e;
  e.room = m.at("room");
  e.seq = m.at("seq");
  e.ts_ms = m.at("ts");
  e.actor = m.at("actor");
  e.type = m.at("type");
  e.body = m.at("body").dump();
  e.prev_hash = prev;
  e.hash = m.at("hash");
  e.salt = m.value("salt", "");
  return e;
}

// Every event of the room from seq 1 to its head, as `client` (already said hello) receives it
// by joining with since 0.
std::vector<json> whole_log(WsClient& client) {
  const json joined = client.join(kRoom, 0);
  REQUIRE(joined["type"] == "ack");
  const std::int64_t head = joined["seq"];
  std::vector<json> log;
  for (std::int64_t seq = 1; seq <= head; ++seq) {
    log.push_back(client.next_event());
    REQUIRE(log.back()["seq"] == seq);
  }
  return log;
}

// What a member can do: recompute every hash, each event with its salt, each linked to the one
// before. Every event the server writes now is v2.
void member_verifies(const std::vector<json>& log) {
  std::string prev(record::kGenesisHash);
  for (const json& m : log) {
    INFO("seq " << m["seq"] << ": " << m.dump());
    REQUIRE(m["type"] != "session.withheld");
    const record::Event e = event_of(m, prev);
    CHECK(record::well_formed_salt(e.salt));
    CHECK(record::compute_hash(e) == e.hash);
    prev = e.hash;
  }
}

// What the public can do with what it received: check that the chain is continuous (each
// stand-in's prev_hash is the hash before it) and recompute the hash of every public event.
// Returns the stand-ins by seq.
std::map<std::int64_t, json> public_verifies(const std::vector<json>& log) {
  std::map<std::int64_t, json> stand_ins;
  std::string prev(record::kGenesisHash);
  for (const json& m : log) {
    INFO("seq " << m["seq"] << ": " << m.dump());
    if (m["type"] == "session.withheld") {
      // C3: the seq, the links and the statute's line; no salt, no time, nothing of the event.
      std::set<std::string> keys;
      for (const auto& [key, value] : m.items()) keys.insert(key);
      CHECK(keys ==
            std::set<std::string>{"type", "room", "seq", "actor", "body", "prev_hash", "hash"});
      CHECK(m["actor"] == "system:closed_session");
      CHECK(m["prev_hash"] == prev);
      stand_ins[m["seq"]] = m;
    } else {
      const record::Event e = event_of(m, prev);
      CHECK(record::compute_hash(e) == e.hash);
    }
    prev = m["hash"];
  }
  return stand_ins;
}

// The encoding of docs/architecture.md, written here as an outside verifier would: the v2 header
// and the six fields, then `salt_fields` (none, or an empty or guessed salt).
std::string v2_hash_with(const record::Event& e, const std::vector<std::string>& salt_fields) {
  std::string input = e.prev_hash + "\ncollegial-event-v2\n";
  auto field = [&](const std::string& v) { input += std::to_string(v.size()) + ":" + v + "\n"; };
  for (const std::string& v :
       {e.room, std::to_string(e.seq), std::to_string(e.ts_ms), e.actor, e.type, e.body}) {
    field(v);
  }
  for (const std::string& salt : salt_fields) field(salt);
  return record::sha256_hex(input);
}

// Every 64-hex-digit string in `messages`: all a public client could try as a salt.
std::set<std::string> hex_strings_in(const std::vector<json>& messages) {
  static const std::regex kHex64("[0-9a-f]{64}");
  std::set<std::string> found;
  for (const json& m : messages) {
    const std::string text = m.dump();
    for (std::sregex_iterator it(text.begin(), text.end(), kHex64), end; it != end; ++it) {
      found.insert(it->str());
    }
  }
  return found;
}

// The public's attempt to confirm `guess` (the exact true event, every field but the salt)
// against the stand-in's hash, with everything it received. True when any attempt confirms it.
bool public_confirms(record::Event guess, const json& stand_in, const std::vector<json>& received) {
  guess.prev_hash = stand_in["prev_hash"];
  const std::string target = stand_in["hash"];
  guess.salt.clear();
  if (record::compute_hash(guess) == target) return true;           // v1
  if (v2_hash_with(guess, {}) == target) return true;              // v2 without the salt field
  if (v2_hash_with(guess, {""}) == target) return true;            // v2 with an empty salt
  for (const std::string& candidate : hex_strings_in(received)) {  // any salt it was sent
    if (v2_hash_with(guess, {candidate}) == target) return true;
  }
  return false;
}

// For each stand-in: the public fails to confirm the exact true event, which the member's copy
// (with its salt) shows to be exactly the event behind the stand-in's hash.
void no_guess_confirmed(const std::map<std::int64_t, json>& stand_ins,
                        const std::vector<json>& member_log, const std::vector<json>& public_log) {
  for (const auto& [seq, stand_in] : stand_ins) {
    const json& truth = member_log.at(static_cast<std::size_t>(seq - 1));
    INFO("seq " << seq << ": " << truth.dump());
    const record::Event real = event_of(truth, stand_in["prev_hash"]);
    CHECK(real.hash == stand_in["hash"]);
    CHECK(v2_hash_with(real, {real.salt}) == stand_in["hash"]);  // the guess is exactly right
    CHECK_FALSE(public_confirms(real, stand_in, public_log));
    // The attempt works: had the public received the member's copy, it would confirm the guess.
    CHECK(public_confirms(real, stand_in, {truth}));
  }
}

}  // namespace

// A client of voting member `i` of the demo council that has said hello (not joined).
std::unique_ptr<WsClient> member_client(std::uint16_t port, std::size_t i) {
  return signed_in(port, kVoters[i].first, kVoters[i].second);
}

TEST_CASE(
    "C3: a stand-in's hash confirms no guess of the closed-session event, while a member verifies "
    "it",
    "[closed][C3][R4]") {
  Council c("2026-12-01T09:00", {"--durability", "normal"});
  std::vector<json> live;        // what a public client watching received, from the closing on
  std::vector<json> member_log;  // the whole log as a member receives it
  std::map<std::int64_t, json> stand_ins;
  {
    const auto n =
        c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"}});
    c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
    c.must("notice.post", {{"meeting", n}});
    c.clock.set(local("2026-12-05T10:00"));
    auto m = c.arrive(6);
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
    REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i = 1; i < 6; ++i)
      REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    REQUIRE(next_of(*m[2], "motions.decided")["body"]["result"] == "adopted");
    // The public watches live from here.
    WsClient pub(c.server.port());
    pub.hello();
    REQUIRE(pub.join(kRoom)["type"] == "ack");
    // In closed session: a departure (a guess like "X left" is easy to make) and a chat line.
    c.clock.set(local("2026-12-05T10:17"));
    REQUIRE(act(*m[4], "quorum.absent")["type"] == "ack");
    c.clock.set(local("2026-12-05T10:21"));
    REQUIRE(m[2]->say(kRoom, "Agreed: the director met every goal")["type"] == "ack");
    REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");

    // Live: the stand-ins, then the public event that reopens the session.
    for (;;) {
      live.push_back(pub.next_event());
      if (live.back()["type"] == "meeting.session_opened") break;
    }
    REQUIRE(live.size() == 3);
    for (std::size_t i = 0; i < 2; ++i) {
      INFO(live[i].dump());
      CHECK(live[i]["type"] == "session.withheld");
      CHECK_FALSE(live[i].contains("salt"));
      CHECK_FALSE(live[i].contains("ts"));
    }
    CHECK(live[1]["prev_hash"] == live[0]["hash"]);
    CHECK(live[2]["hash"] == record::compute_hash(event_of(live[2], live[1]["hash"])));

    // The whole log, as the public and as a member receive it.
    WsClient reader(c.server.port());
    reader.hello();
    const std::vector<json> public_log = whole_log(reader);
    member_log = whole_log(*member_client(c.server.port(), 3));
    REQUIRE(public_log.size() == member_log.size());
    member_verifies(member_log);
    stand_ins = public_verifies(public_log);
    REQUIRE(stand_ins.size() == 2);
    CHECK(stand_ins.begin()->second == live[0]);
    CHECK(stand_ins.rbegin()->second == live[1]);
    no_guess_confirmed(stand_ins, member_log, public_log);

    // Enough open-session events after it that, after a restart, catch-up reads the closed
    // session from the store rather than from the room's cache of its last 1,024 events.
    constexpr int kBurst = 1100;
    for (int i = 1; i <= kBurst; ++i) {
      m[1]->send_text(json{{"id", 10'000 + i},
                           {"type", "say"},
                           {"room", kRoom},
                           {"text", "open " + std::to_string(i)}}
                          .dump());
    }
    for (int acked = 0; acked < kBurst;) {
      const json r = m[1]->next();
      REQUIRE(r["type"] != "error");
      if (r["type"] == "ack") ++acked;
    }
    c.clerk.reset();
  }
  const std::int64_t first_withheld = stand_ins.begin()->first;
  CHECK(member_log.at(static_cast<std::size_t>(first_withheld - 1))["type"] == "quorum.departed");
  CHECK(member_log.at(static_cast<std::size_t>(first_withheld))["type"] == "chat.message");
  REQUIRE(c.server.stop(SIGTERM) == 0);

  {
    ServerProcess again(c.dir / "collegial.db", c.with_clock({"--rate-limit", "0"}));
    WsClient pub(again.port());
    pub.hello();
    const std::vector<json> public_log = whole_log(pub);
    REQUIRE(public_log.size() >= static_cast<std::size_t>(first_withheld) + 1 + 1024);
    const std::vector<json> member_again = whole_log(*member_client(again.port(), 3));
    member_verifies(member_again);
    CHECK(public_verifies(public_log) == stand_ins);  // the same stand-ins, from the store
    for (std::size_t i = 0; i < member_log.size(); ++i) CHECK(member_again.at(i) == member_log[i]);
    no_guess_confirmed(stand_ins, member_again, public_log);
    REQUIRE(again.stop(SIGTERM) == 0);
  }

  // collegiald verify checks the same chain, and says in which encoding.
  const auto verified = run_collegiald({"verify", "--data", (c.dir / "collegial.db").string()});
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("(0 v1, ") != std::string::npos);
}
