#include "store/checkpoint_verifier.hpp"

#include "store/sql.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/chain_verifier.hpp"
#include "store/checkpoints.hpp"
#include "store/directory_audit.hpp"
#include "store/postgres_chain_source.hpp"
#include "util/bounded_json.hpp"

namespace collegial::store {

using record::Event;
namespace {

using nlohmann::json;

// The feed as JSON values: one per line, or one document holding an object or an array.
std::vector<json> lines_of(const std::string& feed, WitnessReport& report) {
  std::vector<json> out;
  const json whole = parse_bounded_json(feed);
  if (!whole.is_discarded() && (whole.is_array() || whole.is_object())) {
    if (whole.is_array()) return whole.get<std::vector<json>>();
    // A notice's webhook payload or a minutes document carries its checkpoint inside.
    if (whole.contains("checkpoint") && whole["checkpoint"].is_object()) return {whole["checkpoint"]};
    return {whole};
  }
  // JSON lines (a feed), or text holding checkpoints as an e-mail to the media prints them:
  // the statement's seven lines, then "signature: <base64>". Other text is skipped.
  std::vector<std::string> lines;
  std::istringstream in(feed);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!line.empty() && line[0] == '{') {
      json j = parse_bounded_json(line);
      if (j.is_discarded()) {
        report.problems.push_back({"", 0, 0, "not_a_checkpoint", "line " + std::to_string(i + 1) + " is not JSON"});
      } else {
        out.push_back(std::move(j));
      }
    } else if (line == "collegial-checkpoint-v1" && i + 7 < lines.size() && lines[i + 7].rfind("signature: ", 0) == 0) {
      std::string statement;
      for (std::size_t k = i; k < i + 7; ++k) statement += lines[k] + "\n";
      out.push_back({{"statement", statement}, {"signature", lines[i + 7].substr(11)}});
      i += 7;
    }
  }
  return out;
}

std::map<std::string, std::string> known_keys(const StoreLocation& house, const std::vector<std::string>& trusted) {
  std::map<std::string, std::string> keys;
  for (const auto& pem : trusted) {
    if (auto id = public_key_id(pem)) keys.emplace(id.value(), pem);
  }
  try {
    const auto db = house.engine == StoreLocation::Engine::sqlite
                        ? sql::open_sqlite(house.target, Durability::full, /*read_only=*/true)
                        : sql::open(house);
    sql::Statement q(*db, "SELECT public_pem FROM checkpoint_keys");
    while (q.step()) {
      const std::string pem = q.column(0).text();
      // The id is computed, never taken from the row: a row cannot vouch for itself.
      if (auto id = public_key_id(pem)) keys.emplace(id.value(), pem);
    }
  } catch (const sql::Error&) {
    // A database from before migration 0008 has no keys table: only the trusted keys are known.
    // An unreadable database is reported when its rooms are read.
  }
  return keys;
}

// The highest seq stored for `room` however broken its chain (to tell truncation from rewriting).
std::int64_t stored_seq(const StoreLocation& where, const std::string& room) {
  std::int64_t highest = 0;
  try {
    if (where.engine == StoreLocation::Engine::sqlite) {
      SQLite::Database db(where.target, SQLite::OPEN_READONLY);
      SQLite::Statement q(db, "SELECT COALESCE(MAX(e.seq), 0) FROM events e JOIN rooms r ON r.id = e.room_id WHERE r.name = ?");
      q.bind(1, room);
      if (q.executeStep()) highest = q.getColumn(0).getInt64();
    } else {
      auto source = open_postgres_chain_source(where.target);
      for (const auto& r : source->rooms(room)) {
        source->events(r, [&](const Event& e) { highest = std::max(highest, e.seq); });
      }
    }
  } catch (const std::exception&) {
    // Unreadable: reported as the chain's problem already.
  }
  return highest;
}

std::string label(const Checkpoint& c) {
  std::string out = "checkpoint";
  // Appended: "literal" + std::string&& trips a g++ 12 -O3 -Wrestrict false
  // positive (GCC PR 105329), an error in a Release build.
  if (c.number > 0) out.append(" ").append(std::to_string(c.number));
  return out + " (" + c.reason + ", seq " + std::to_string(c.seq) + ")";
}

}  // namespace

WitnessReport verify_checkpoints(const std::string& path, const std::string& feed,
                                 const std::vector<std::string>& trusted_pems,
                                 const std::optional<StoreLocation>& rooms) {
  WitnessReport report;
  // The published keys live in the house: on PostgreSQL beside the rooms, else in the file.
  const StoreLocation house = rooms && rooms->engine == StoreLocation::Engine::postgres
                                  ? *rooms
                                  : StoreLocation{StoreLocation::Engine::sqlite, path};
  const auto keys = known_keys(house, trusted_pems);
  std::map<std::string, std::vector<Checkpoint>> by_room;
  for (const json& line : lines_of(feed, report)) {
    ++report.checkpoints;
    auto c = checkpoint_from_json(line);
    if (!c) {
      report.problems.push_back({"", 0, 0, "not_a_checkpoint", c.status().message()});
      continue;
    }
    const auto key = keys.find(c->key_id);
    if (key == keys.end()) {
      report.problems.push_back({c->room, c->number, c->seq, "unknown_key",
                                 label(c.value()) + " is signed by key " + c->key_id +
                                     ", which is neither published by the database nor trusted (--trust-key)"});
      continue;
    }
    const auto signature = base64_decode(c->signature);
    if (!signature || !verify_signature(key->second, c->statement, signature.value())) {
      report.problems.push_back({c->room, c->number, c->seq, "bad_signature",
                                 label(c.value()) + " has a signature that does not verify: it is not the server's"});
      continue;
    }
    by_room[c->room].push_back(std::move(c.value()));
  }

  if (report.checkpoints == 0) {
    report.problems.push_back({"", 0, 0, "not_a_checkpoint", "no checkpoint found in what was given"});
  }
  for (auto& [room, checkpoints] : by_room) {
    ++report.rooms;
    // The hashes the log has now at the seqs the checkpoints name, and how far it is intact.
    std::map<std::int64_t, std::string> wanted;
    for (const auto& c : checkpoints) wanted[c.seq];
    std::int64_t last_intact = 0;
    const StoreLocation where = rooms && room != kAuditRoom ? *rooms : StoreLocation{StoreLocation::Engine::sqlite, path};
    const VerifyReport chain = verify_chains(where, room, [&](const Event& e) {
      last_intact = e.seq;
      if (auto it = wanted.find(e.seq); it != wanted.end()) it->second = e.hash;
    });
    if (!chain.intact && chain.problem == "no such room") {
      const Checkpoint& first = checkpoints.front();
      report.problems.push_back({room, first.number, first.seq, "deleted",
                                 "room " + room + " is not in the database, but " + label(first) +
                                     " saw its log at seq " + std::to_string(first.seq) + ": it was deleted"});
      continue;
    }
    if (!chain.intact && chain.seq == 0) {
      report.problems.push_back({room, 0, 0, "unreadable", chain.problem});
      continue;
    }
    std::int64_t stored = last_intact;
    if (!chain.intact) stored = std::max(stored, stored_seq(where, room));
    for (const auto& c : checkpoints) {
      if (c.seq <= last_intact) {
        if (wanted[c.seq] == c.hash) {
          ++report.confirmed;
          continue;
        }
        report.problems.push_back({room, c.number, c.seq, "rewritten",
                                   "room " + room + ": event " + std::to_string(c.seq) + " has hash " +
                                       wanted[c.seq].substr(0, 16) + "…, but " + label(c) + " signed " +
                                       c.hash.substr(0, 16) + "…: the log was rewritten (forked or re-hashed)"});
      } else if (stored < c.seq) {
        report.problems.push_back({room, c.number, c.seq, "truncated",
                                   "room " + room + ": the log ends at seq " + std::to_string(stored) + ", but " +
                                       label(c) + " saw seq " + std::to_string(c.seq) +
                                       ": events were deleted from its end"});
      } else {
        report.problems.push_back({room, c.number, c.seq, "broken",
                                   "room " + room + ": the chain breaks at seq " + std::to_string(chain.seq) +
                                       " (" + chain.problem + "), before " + label(c)});
      }
      break;  // the first checkpoint a room fails says what happened to it
    }
  }
  return report;
}

}  // namespace collegial::store
