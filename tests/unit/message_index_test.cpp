// The chat plugin's packed memory of messages (plugins/chat/message_index.hpp): what it answers,
// and that its snapshot gives back exactly what it held and refuses what it would not write.
#include <catch2/catch.hpp>

#include "chat/message_index.hpp"
#include "store/checkpoint_key.hpp"

using collegial::plugins::MessageIndex;
using nlohmann::json;

TEST_CASE("the message index answers as a map of messages would, and round-trips through its snapshot",
          "[chat][snapshots]") {
  MessageIndex m;
  for (std::int64_t seq = 3; seq < 200'000; seq += 1 + seq % 3) m.add(seq, "person:" + std::to_string(seq % 7));
  m.add(300'000'000'000, "bot:notices");  // a long gap, a new actor
  m.mark_gone(4);
  m.mark_gone(5);  // no message at 5: nothing
  m.add_edit(3, 250'000);
  m.add_edit(3, 250'001);
  m.add_edit(8, 250'002);  // 8 is no message (3, 4, 6, 7, 9…): nothing
  REQUIRE(m.find(3));
  CHECK(m.find(3)->actor == "person:3");
  CHECK(m.find(3)->edits->size() == 2);
  CHECK(m.find(4)->gone);
  CHECK_FALSE(m.find(8));
  CHECK_FALSE(m.find(5));
  CHECK(m.find(300'000'000'000)->actor == "bot:notices");

  const json saved = m.snapshot();
  CHECK(json::to_cbor(saved).size() < 300'000);  // ~100,000 messages in under 3 bytes each (CBOR)
  const MessageIndex back = MessageIndex::restore(saved);
  CHECK(back.snapshot() == saved);
  for (std::int64_t seq = 0; seq < 200'010; ++seq) {
    const auto a = m.find(seq), b = back.find(seq);
    REQUIRE(a.has_value() == b.has_value());
    if (!a) continue;
    CHECK(a->actor == b->actor);
    CHECK(a->gone == b->gone);
    CHECK(*a->edits == *b->edits);
  }

  // What snapshot() never writes is refused.
  auto broken = [&](const char* field, json value) {
    json s = saved;
    s[field] = std::move(value);
    return s;
  };
  const auto bytes = [](std::vector<std::uint8_t> b) { return json::binary(std::move(b)); };
  CHECK_THROWS(MessageIndex::restore(broken("seqs", "AQID")));  // text, not bytes (format 2's base64)
  CHECK_THROWS(MessageIndex::restore(broken("seqs", bytes({0x81}))));  // truncated
  CHECK_THROWS(MessageIndex::restore(broken("authors", bytes({0x01}))));  // too few
  CHECK_THROWS(MessageIndex::restore(broken("gone", json::array({5}))));  // no message there
  CHECK_THROWS(MessageIndex::restore(broken("actors", json::array({"person:0", "person:0"}))));
  json zero_gap = saved;
  zero_gap["seqs"] = bytes({0x03, 0x00});
  zero_gap["authors"] = bytes({0x00, 0x00});
  CHECK_THROWS(MessageIndex::restore(zero_gap));  // seqs that do not increase
  CHECK_THROWS(MessageIndex::restore(json::object()));
}
