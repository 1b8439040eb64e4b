// L1: a learning circle's conversation through a real server: replies, edits and deletions by
// their authors only, a facilitator's removals and mutes, what is removed or deleted redacted
// for everyone who joins afterwards, and the log keeping every original.
#include <SQLiteCpp/Database.h>

#include <sstream>

#include "integration/council.hpp"

using namespace collegial::test;

namespace {

constexpr const char* kCircle = "rec6-literacy";

std::unique_ptr<WsClient> in_circle(Harness& h, const std::string& email, const std::string& password) {
  return seat(h, email, password, kCircle);
}

json say(WsClient& c, const std::string& text, std::optional<std::int64_t> reply_to = std::nullopt) {
  json r = {{"type", "say"}, {"room", kCircle}, {"text", text}};
  if (reply_to) r["reply_to"] = *reply_to;
  return c.request(r);
}

// Every frame a client receives joining the circle with since 0, as one string, up to the head.
std::string replay(std::uint16_t port, const std::string& email, const std::string& password) {
  WsClient reader(port);
  REQUIRE(reader.hello(login(port, email, password))["type"] == "ack");
  const auto joined = reader.join(kCircle, 0);
  REQUIRE(joined["type"] == "ack");
  std::string all;
  for (std::int64_t seq = 0; seq < joined["seq"].get<std::int64_t>();) {
    const json e = reader.next_event();
    seq = e.value("seq", std::int64_t{0});
    all += e.dump() + "\n";
  }
  return all;
}

// The frame a late joiner (the facilitator) receives for `seq`.
json frame_at(std::uint16_t port, std::int64_t seq) {
  std::istringstream lines(replay(port, "facilitator@rec6.example", "demo-facilitator-2026"));
  std::string line;
  while (std::getline(lines, line)) {
    const json e = json::parse(line);
    if (e.value("seq", std::int64_t{0}) == seq) return e;
  }
  FAIL("no frame for seq " << seq);
  return {};
}

// The text of the chat message at `seq` as the log stores it.
std::string logged_text(const std::filesystem::path& db, std::int64_t seq) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT e.body FROM events e JOIN rooms r ON r.id = e.room_id WHERE r.name = ? AND e.seq = ?");
  q.bind(1, kCircle);
  q.bind(2, seq);
  REQUIRE(q.executeStep());
  return json::parse(q.getColumn(0).getString()).value("text", "");
}

}  // namespace

TEST_CASE("L1: replies thread a conversation and only the author edits or deletes a message", "[chat][L1]") {
  Harness h({"--rate-limit", "0"});
  auto teacher = in_circle(h, "teacher@rec6.example", "demo-teacher-2026");
  auto host = in_circle(h, "facilitator@rec6.example", "demo-facilitator-2026");
  const auto asked = say(*teacher, "How do you pace phonics in a 30-minute block?");
  REQUIRE(asked["type"] == "ack");
  const std::int64_t question = asked["seq"];
  const auto answered = say(*host, "Ten minutes of review, then new sounds.", question);
  REQUIRE(answered["type"] == "ack");
  const json reply = next_of(*teacher, "chat.message");  // the question itself first
  CHECK(reply["seq"] == question);
  const json threaded = next_of(*teacher, "chat.message");
  CHECK(threaded["body"]["reply_to"] == question);
  CHECK(say(*host, "to nothing", 9999)["code"] == "no_message");
  CHECK(say(*host, "to nothing", -1)["code"] == "bad_field");
  CHECK(teacher->request({{"type", "say"}, {"room", kCircle}, {"text", "x"}, {"reply_to", "one"}})["code"] == "bad_field");

  // Editing and deleting are the author's.
  CHECK(act(*host, "chat.edit", {{"message", question}, {"text", "not yours"}}, kCircle)["code"] == "not_author");
  CHECK(act(*host, "chat.delete", {{"message", question}}, kCircle)["code"] == "not_author");
  REQUIRE(act(*teacher, "chat.edit", {{"message", question}, {"text", "How do you pace phonics in 30 minutes?"}}, kCircle)["type"] == "ack");
  const json edited = next_of(*host, "chat.edited");
  CHECK(edited["body"]["message"] == question);
  CHECK(act(*teacher, "chat.edit", {{"message", question}, {"text", ""}}, kCircle)["code"] == "bad_field");
  CHECK(act(*teacher, "chat.edit", {{"message", 424242}, {"text", "x"}}, kCircle)["code"] == "no_message");
  REQUIRE(act(*teacher, "chat.delete", {{"message", question}}, kCircle)["type"] == "ack");
  CHECK(act(*teacher, "chat.edit", {{"message", question}, {"text", "again"}}, kCircle)["code"] == "no_message");
  CHECK(say(*host, "a reply to a deleted message", question)["code"] == "no_message");

  // Whoever joins afterwards receives neither the message nor its edit (L1): the line that
  // takes their place keeps their seqs and hashes, so the chain can still be followed.
  const std::int64_t edit_seq = edited["seq"];
  const auto frames = replay(h.server.port(), "teacher@rec6.example", "demo-teacher-2026");
  CHECK(frames.find("pace phonics") == std::string::npos);
  const json gone = frame_at(h.server.port(), question);
  CHECK(gone["type"] == "event.redacted");
  CHECK(gone["body"]["text"] == "Deleted by its author.");
  CHECK(gone["hash"].get<std::string>().size() == 64);
  CHECK_FALSE(gone.contains("salt"));
  CHECK(frame_at(h.server.port(), edit_seq)["type"] == "event.redacted");
  // The log itself keeps the originals (R4), and still verifies.
  h.server.stop(SIGTERM);
  CHECK(logged_text(h.server.db(), question) == "How do you pace phonics in a 30-minute block?");
  CHECK(run_collegiald({"verify", "--data", h.server.db().string()}).exit_code == 0);
}

TEST_CASE("L1: a facilitator removes a message and mutes a participant and nobody else may", "[chat][L1]") {
  Harness h({"--rate-limit", "0"});
  auto teacher = in_circle(h, "teacher@rec6.example", "demo-teacher-2026");
  auto host = in_circle(h, "facilitator@rec6.example", "demo-facilitator-2026");
  const auto spam = say(*teacher, "Buy my worksheets!");
  REQUIRE(spam["type"] == "ack");
  const std::int64_t seq = spam["seq"];
  CHECK(act(*teacher, "chat.remove", {{"message", seq}, {"reason", "mine"}}, kCircle)["code"] == "forbidden");
  CHECK(act(*host, "chat.remove", {{"message", seq}}, kCircle)["code"] == "missing_field");  // a reason is given
  REQUIRE(act(*host, "chat.remove", {{"message", seq}, {"reason", "advertising"}}, kCircle)["type"] == "ack");
  const json removed = next_of(*teacher, "chat.removed");
  CHECK(removed["body"]["reason"] == "advertising");
  CHECK(removed["body"]["by"] == "Priya Nakai");
  const json redacted = frame_at(h.server.port(), seq);
  CHECK(redacted["type"] == "event.redacted");
  CHECK(redacted["body"]["text"] == "Removed by a moderator: advertising");
  CHECK(redacted["body"]["by_seq"] == removed["seq"]);

  const json me = teacher->request({{"type", "view"}, {"room", kCircle}});
  REQUIRE(me["type"] == "ack");
  const std::int64_t teacher_id = [&] {
    const auto w = login(h.server.port(), "teacher@rec6.example", "demo-teacher-2026");
    const auto r = http_request(h.server.port(), "GET", "/api/me", {}, "", w);
    return std::stoll(json::parse(r.body)["actor"].get<std::string>().substr(7));
  }();
  CHECK(act(*teacher, "chat.mute", {{"person", teacher_id}}, kCircle)["code"] == "forbidden");
  CHECK(act(*host, "chat.mute", {{"person", teacher_id}, {"minutes", 0}}, kCircle)["code"] == "bad_field");
  REQUIRE(act(*host, "chat.mute", {{"person", teacher_id}, {"minutes", 30}, {"reason", "cool off"}}, kCircle)["type"] == "ack");
  const auto refused = say(*teacher, "But they are good worksheets");
  CHECK(refused["code"] == "muted");
  CHECK(refused["message"].get<std::string>().rfind("L1: Priya Nakai muted you in this room until ", 0) == 0);
  const auto view = host->request({{"type", "view"}, {"room", kCircle}});
  CHECK(view["views"]["chat"]["muted"][0]["person"] == teacher_id);
  // A client seeded from the view alone can say why and until when.
  CHECK(view["views"]["chat"]["muted"][0]["reason"] == "cool off");
  CHECK_FALSE(view["views"]["chat"]["muted"][0]["until_text"].get<std::string>().empty());
  REQUIRE(act(*host, "chat.unmute", {{"person", teacher_id}}, kCircle)["type"] == "ack");
  CHECK(say(*teacher, "Sorry, everyone.")["type"] == "ack");
  CHECK(act(*host, "chat.unmute", {{"person", teacher_id}}, kCircle)["code"] == "not_muted");
}

TEST_CASE("L1: a removal is redacted also when the message is read from the store, past the cache, and after a restart",
          "[chat][L1]") {
  Harness h({"--rate-limit", "0"});
  auto teacher = in_circle(h, "teacher@rec6.example", "demo-teacher-2026");
  auto host = in_circle(h, "facilitator@rec6.example", "demo-facilitator-2026");
  const auto spam = say(*teacher, "Buy my worksheets at a discount!");
  REQUIRE(spam["type"] == "ack");
  const std::int64_t seq = spam["seq"];
  REQUIRE(act(*host, "chat.remove", {{"message", seq}, {"reason", "advertising"}}, kCircle)["type"] == "ack");
  // More events than the room keeps serialized (1024): the message is read from the store.
  for (int i = 0; i < 1100; ++i) {
    const json ack = say(*host, "filler " + std::to_string(i));
    REQUIRE(ack.value("type", "") == "ack");
  }
  CHECK(frame_at(h.server.port(), seq)["type"] == "event.redacted");
  CHECK(replay(h.server.port(), "teacher@rec6.example", "demo-teacher-2026").find("worksheets at a discount") ==
        std::string::npos);
  // After kill -9 the room replays its log and redacts it again.
  h.server.kill9();
  ServerProcess again(h.server.db(), {"--rate-limit", "0"});
  CHECK(frame_at(again.port(), seq)["type"] == "event.redacted");
}
