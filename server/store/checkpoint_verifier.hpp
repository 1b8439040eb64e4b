// `collegiald verify --checkpoints`: checks a database against signed checkpoints held outside
// it (a saved copy of /public/checkpoints.jsonl, the checkpoint in a notice or a minutes
// document). A re-hashed chain passes the plain verifier, but not this one: a checkpoint
// names the hash the log had at its seq, and only the server's key could have signed it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/event_store.hpp"

namespace collegial::store {

struct WitnessProblem {
  std::string room;      // empty for a line that is not a checkpoint
  std::int64_t checkpoint = 0;  // its number in the feed, when it has one
  std::int64_t seq = 0;
  // deleted, truncated, rewritten, broken (the chain itself fails), bad_signature,
  // unknown_key, not_a_checkpoint, unreadable (the database)
  std::string kind;
  std::string message;   // for people
};

struct WitnessReport {
  std::int64_t checkpoints = 0;  // lines read
  std::int64_t confirmed = 0;    // checkpoints the database still extends
  std::int64_t rooms = 0;        // rooms named by a good checkpoint
  std::vector<WitnessProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Reads `feed` (JSON lines; a single JSON object or an array of them, a document carrying one
// as "checkpoint", or text holding checkpoints as the e-mails to the media print them: the
// statement's lines and a "signature: <base64>" line), keeps the
// checkpoints whose signature verifies with a known key (those in `trusted_pems`, and those
// the database publishes in checkpoint_keys), and checks each against the database at `path`
// (opened read-only): the room exists, its chain is intact up to the checkpoint's seq, and
// the event at that seq has exactly the signed hash. Reports each checkpoint with a bad
// signature or an unknown key, and the first checkpoint each room fails, by kind; finding no
// checkpoint at all is a problem too.
// `rooms`, when given, is where the rooms' logs are; on PostgreSQL the published keys are read
// there too (the house lives beside the rooms), otherwise from `path`.
WitnessReport verify_checkpoints(const std::string& path, const std::string& feed,
                                 const std::vector<std::string>& trusted_pems,
                                 const std::optional<StoreLocation>& rooms = std::nullopt);

}  // namespace collegial::store
