// Who wrote each chat message of a room, and what became of it (L1), in about 6 bytes a message
// instead of a map node per message: a room that has said a million messages keeps a few
// megabytes for them, and its snapshot holds them as two packed strings, not a million JSON
// objects (issue #18 §1: a room's load should not grow with its history more than it must).
//
// Messages are added in the order of their seqs (the log's). The few that were edited keep the
// seqs of their edits; the few that are gone (deleted or removed) are kept in a set.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace collegial::plugins {

class MessageIndex {
 public:
  struct Found {
    std::string_view actor;  // "person:7"
    bool gone = false;       // deleted by its author or removed by a moderator
    const std::vector<std::int64_t>* edits = nullptr;  // the seqs of its chat.edited events
  };

  // A message said at `seq` by `actor` (seqs increase).
  void add(std::int64_t seq, const std::string& actor);
  std::optional<Found> find(std::int64_t seq) const;
  void mark_gone(std::int64_t seq);              // no-op for a seq that is no message
  void add_edit(std::int64_t seq, std::int64_t edit_seq);

  // {"actors": [...], "seqs": bytes: the gaps between seqs as varints, "authors": bytes: each
  // message's index in actors as varints, "gone": [seq…], "edits": [[seq, [edit seq…]]…]}. The
  // bytes are JSON binary values: a room's snapshot is stored as CBOR, which keeps them as they
  // are (no base64 to encode, and nothing for a parser to scan character by character).
  nlohmann::json snapshot() const;
  // Throws std::runtime_error on anything snapshot() would not have written.
  static MessageIndex restore(const nlohmann::json& state);

 private:
  std::size_t index_of(std::int64_t seq) const;  // seqs_.size() when none

  std::vector<std::int64_t> seqs_;      // increasing
  std::vector<std::uint32_t> authors_;  // index into actors_, one per seq
  std::vector<std::string> actors_;
  std::unordered_map<std::string, std::uint32_t> actor_ids_;
  std::set<std::int64_t> gone_;
  std::map<std::int64_t, std::vector<std::int64_t>> edits_;
};

}  // namespace collegial::plugins
