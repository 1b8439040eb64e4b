// R4: the hash chain detects any change to a stored event.
#include <catch2/catch.hpp>

#include "store/chain.hpp"

using namespace collegial::store;

namespace {

Event sample() {
  Event e;
  e.room = "demo";
  e.seq = 7;
  e.ts_ms = 1764108915123;
  e.actor = "guest:ann";
  e.type = "chat.message";
  e.body = R"({"text":"hello"})";
  e.prev_hash = std::string(kGenesisHash);
  return e;
}

}  // namespace

TEST_CASE("sha256_hex matches the FIPS 180-2 test vector", "[chain]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("canonical encoding is length-prefixed and versioned", "[chain]") {
  CHECK(canonical_encoding(sample()) ==
        "collegial-event-v1\n4:demo\n1:7\n13:1764108915123\n9:guest:ann\n12:chat.message\n"
        "16:{\"text\":\"hello\"}\n");
}

TEST_CASE("R4: every field of an event is covered by its hash", "[chain][R4]") {
  const Event base = sample();
  const std::string h = compute_hash(base);
  CHECK(h.size() == 64);
  CHECK(compute_hash(base) == h);  // deterministic

  auto changed = [&](auto mutate) {
    Event e = base;
    mutate(e);
    return compute_hash(e) != h;
  };
  CHECK(changed([](Event& e) { e.room = "demp"; }));
  CHECK(changed([](Event& e) { e.seq = 8; }));
  CHECK(changed([](Event& e) { e.ts_ms += 1; }));
  CHECK(changed([](Event& e) { e.actor = "guest:ann "; }));
  CHECK(changed([](Event& e) { e.type = "chat.messagf"; }));
  CHECK(changed([](Event& e) { e.body = R"({"text":"hellp"})"; }));
  CHECK(changed([](Event& e) { e.prev_hash[63] = '1'; }));
  // The stored hash itself is not an input.
  CHECK_FALSE(changed([](Event& e) { e.hash = "anything"; }));
}

TEST_CASE("R4: moving bytes between fields changes the hash", "[chain][R4]") {
  Event a = sample();
  Event b = sample();
  a.actor = "guest:ann";
  a.type = "xchat.message";
  b.actor = "guest:annx";
  b.type = "chat.message";
  CHECK(compute_hash(a) != compute_hash(b));
}
