// Checkpoint statements, signatures and their parsing (store/checkpoint_key, store/checkpoints),
// and the directory's audit rows (store/directory_audit), in-process.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "store/checkpoint_key.hpp"
#include "store/checkpoints.hpp"
#include "store/directory.hpp"
#include "store/directory_audit.hpp"
#include "store/event_store.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using nlohmann::json;

namespace {

const std::string kHash(64, 'a');

}  // namespace

TEST_CASE("checkpoint: a signed statement verifies, and any change to it or its signature does not",
          "[checkpoints]") {
  test::TempDir dir;
  auto key = store::SigningKey::load_or_create((dir / "key.pem").string());
  REQUIRE(key);
  // Loading again gives the same key.
  auto again = store::SigningKey::load_or_create((dir / "key.pem").string());
  REQUIRE(again);
  CHECK(again->key_id() == key->key_id());
  CHECK(store::public_key_id(key->public_pem()).value() == key->key_id());

  const std::string statement = store::checkpoint_statement(key->key_id(), "rec6-council", 42, kHash, 1700000000000, "notice");
  CHECK(statement == "collegial-checkpoint-v1\nkey: " + key->key_id() + "\nroom: rec6-council\nseq: 42\nhash: " + kHash +
                         "\ntime: 1700000000000\nreason: notice\n");
  const std::string signature = key->sign(statement);
  CHECK(signature.size() == 64);
  CHECK(store::verify_signature(key->public_pem(), statement, signature));
  CHECK_FALSE(store::verify_signature(key->public_pem(), statement + " ", signature));
  std::string flipped = signature;
  flipped[10] = static_cast<char>(flipped[10] ^ 1);
  CHECK_FALSE(store::verify_signature(key->public_pem(), statement, flipped));
  CHECK_FALSE(store::verify_signature("not a key", statement, signature));

  const auto encoded = store::base64_encode(signature);
  CHECK(store::base64_decode(encoded).value() == signature);
  CHECK(store::base64_decode("abc").status().code() == "bad_field");
  CHECK(store::base64_decode("YQ==").value() == "a");
}

TEST_CASE("checkpoint: a feed line is read from its statement, which must be canonical", "[checkpoints]") {
  const std::string key(64, 'b');
  const std::string statement = store::checkpoint_statement(key, "demo", 7, kHash, 5, "periodic");
  const auto c = store::checkpoint_from_json({{"statement", statement}, {"signature", "x"}, {"checkpoint", 3}});
  REQUIRE(c);
  CHECK(c->room == "demo");
  CHECK(c->seq == 7);
  CHECK(c->hash == kHash);
  CHECK(c->time_ms == 5);
  CHECK(c->reason == "periodic");
  CHECK(c->number == 3);
  // The convenience fields never count: only the statement does.
  CHECK(store::checkpoint_from_json({{"statement", statement}, {"signature", "x"}, {"seq", 99}})->seq == 7);
  for (const std::string& bad : {std::string("hello"), statement.substr(1), statement + "extra: 1\n",
                                store::checkpoint_statement(key, "demo", 7, "XYZ", 5, "periodic"),
                                store::checkpoint_statement(key, "", 7, kHash, 5, "periodic")}) {
    INFO(bad);
    CHECK(store::checkpoint_from_json({{"statement", bad}, {"signature", "x"}}).status().code() == "bad_checkpoint");
  }
  std::string padded = statement;
  padded.replace(padded.find("seq: 7"), 6, "seq: 07");  // not what the server writes
  CHECK_FALSE(store::checkpoint_from_json({{"statement", padded}, {"signature", "x"}}));
  CHECK_FALSE(store::checkpoint_from_json(json::array()));
  CHECK_FALSE(store::checkpoint_from_json({{"statement", statement}}));
  CHECK(store::checkpoint_from_json({{"statement", statement}, {"signature", "x"}, {"checkpoint", "3"}}));
}

TEST_CASE("directory audit: each change is recorded, a change made outside is unaccounted, verify folds the log",
          "[checkpoints][directory]") {
  test::TempDir dir;
  const std::string path = (dir / "collegial.db").string();
  Status status;
  auto events = store::EventStore::open({.path = path}, status);
  REQUIRE(events);
  store::Directory directory(path);
  CHECK(store::verify_directory(path).intact);
  REQUIRE(directory.audited("create-cooperative", 1, [&] { return directory.create_cooperative("rec6", "REC 6"); }));
  CHECK(store::verify_directory(path).intact);
  // Outside the server: a later operation records it as unaccounted, and verify says so.
  SQLite::Database(path, SQLite::OPEN_READWRITE).exec("UPDATE cooperatives SET name = 'REC 7'");
  auto v = store::verify_directory(path);
  CHECK_FALSE(v.intact);
  CHECK(v.problem == "cooperatives row 1 was changed: name is \"REC 7\", the audit log says \"REC 6\"");
  REQUIRE(directory.audited("create-person", 2, [&] { return directory.create_person("a@x.example", "A", false); }));
  v = store::verify_directory(path);
  CHECK_FALSE(v.intact);
  CHECK(v.problem.find("rows changed outside the server were found before 'create-person': cooperatives row 1") == 0);
}
