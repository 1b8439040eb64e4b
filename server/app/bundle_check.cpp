#include "app/bundle_check.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "http/records_bundle.hpp"
#include "minutes/minutes_verifier.hpp"
#include "record/chain.hpp"
#include "registry.hpp"
#include "store/checkpoint_key.hpp"
#include "store/checkpoints.hpp"
#include "util/bounded_json.hpp"
#include "util/zip_archive.hpp"

namespace collegial::app {

using nlohmann::json;

namespace {

// The first thing that does not hold, thrown to the command, which prints it.
struct Broken {
  std::string what;
};

[[noreturn]] void broken(std::string what) { throw Broken{std::move(what)}; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool is_hex64(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string text(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integer(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}

// The bundle's files by name, each checked against the manifest.
std::map<std::string, std::string> checked_files(std::vector<zip::Entry> entries, json& manifest) {
  std::map<std::string, std::string> files;
  for (auto& e : entries) {
    if (!files.emplace(e.name, std::move(e.data)).second) broken("the archive holds " + e.name + " twice");
  }
  const auto m = files.find("manifest.json");
  if (m == files.end()) broken("the archive has no manifest.json: it is not a records bundle");
  manifest = json::parse(m->second, nullptr, false);
  if (!manifest.is_object() || text(manifest, "format") != http::kBundleFormat) {
    broken("manifest.json is not a " + std::string(http::kBundleFormat) + " manifest");
  }
  std::set<std::string> listed{"manifest.json"};
  const json& list = manifest.value("files", json());
  if (!list.is_array()) broken("manifest.json lists no files");
  for (const json& f : list) {
    const std::string path = f.is_object() ? text(f, "path") : "";
    const auto it = files.find(path);
    if (it == files.end()) broken("the manifest lists " + path + ", which the archive does not hold");
    if (record::sha256_hex(it->second) != text(f, "sha256") ||
        static_cast<std::int64_t>(it->second.size()) != integer(f, "bytes")) {
      broken(path + " is not the file the manifest lists (its SHA-256 or size differs)");
    }
    listed.insert(path);
  }
  for (const auto& [name, data] : files) {
    if (!listed.count(name)) broken("the archive holds " + name + ", which the manifest does not list");
  }
  std::cout << "files: " << files.size() << " file(s), each as the manifest lists it\n";
  return files;
}

// What the log holds, once its chain has been checked.
struct Log {
  std::map<std::int64_t, std::string> hashes;  // every seq's hash
  std::set<std::int64_t> stand_ins;            // seqs whose event the bundle does not hold
  std::vector<record::Event> public_events;    // whole events the public receives, in order
  std::int64_t last_seq = 0;
  std::size_t withheld = 0, redacted = 0, closed_whole = 0;
};

Log checked_log(const std::string& jsonl, const json& manifest) {
  Log log;
  const std::string room = text(manifest, "room");
  const bool clerks = manifest.value("closed_session_included", false) == true;
  std::set<std::int64_t> marked;
  for (const json& s : manifest.value("closed_seqs", json::array())) {
    if (s.is_number_integer()) marked.insert(s.get<std::int64_t>());
  }
  // The room's plugins, replayed beside the chain, say when the room is in closed session, as
  // the server decided it (the same fold: Room::fold).
  const auto plugins = plugins::default_plugins()();
  const auto closed = [&plugins] {
    for (const auto& p : plugins) {
      if (p->withheld_notice()) return true;
    }
    return false;
  };
  std::string prev(record::kGenesisHash);
  bool v2_seen = false;
  std::istringstream lines(jsonl);
  std::string line;
  std::int64_t seq = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    ++seq;
    const json e = json::parse(line, nullptr, false);
    const std::string at = "log event " + std::to_string(seq);
    if (!e.is_object() || integer(e, "seq") != seq) broken(at + ": missing, out of order or not an event");
    if (text(e, "room") != room) broken(at + " belongs to room '" + text(e, "room") + "', not " + room);
    const std::string type = text(e, "type");
    if (type == "session.withheld" || type == "event.redacted") {
      // A stand-in: the links only (C3, L1).
      if (!is_hex64(e.value("prev_hash", json())) || !is_hex64(e.value("hash", json())) || e.contains("salt")) {
        broken(at + ": a stand-in must carry prev_hash and hash, and no salt");
      }
      if (text(e, "prev_hash") != prev) broken(at + ": its prev_hash is not the hash of the event before");
      if (type == "session.withheld") {
        if (!closed()) broken(at + " is withheld outside a closed session: content was hidden that the public may see");
        ++log.withheld;
      } else {
        const json& by = e.value("body", json::object());
        if (!by.is_object() || integer(by, "by_seq") <= seq) broken(at + ": a removal stand-in must name a later removal");
        ++log.redacted;
      }
      prev = text(e, "hash");
      log.hashes[seq] = prev;
      log.stand_ins.insert(seq);
      continue;
    }
    record::Event event{room, seq, integer(e, "ts"), text(e, "actor"), type,
                        e.contains("body") ? e["body"].dump() : std::string(), prev, text(e, "hash"), text(e, "salt")};
    if (event.salt.empty() && v2_seen) broken(at + ": a v1 event after a v2 event (a stripped salt)");
    if (!event.salt.empty() && !record::well_formed_salt(event.salt)) broken(at + ": a malformed salt");
    v2_seen = v2_seen || !event.salt.empty();
    if (record::compute_hash(event) != event.hash) {
      broken(at + " (" + type + ") does not hash to what it says: it was changed, or the chain broken before it");
    }
    const bool closed_before = closed();
    const json body = parse_bounded_json(event.body);
    for (const auto& p : plugins) p->apply(event, body);
    const bool closed_content = closed_before && closed();
    if (closed_content) {
      if (!clerks) broken(at + " is closed-session content, whole, in a public bundle (C3)");
      if (!marked.count(seq)) broken(at + " is closed-session content the manifest does not mark");
      ++log.closed_whole;
    } else {
      if (marked.count(seq)) broken(at + " is marked closed-session content but was said in open session");
      log.public_events.push_back(event);
    }
    prev = event.hash;
    log.hashes[seq] = prev;
  }
  log.last_seq = seq;
  const json& span = manifest.value("log", json::object());
  if (seq == 0 || integer(span, "last_seq") != seq) {
    broken("the log holds " + std::to_string(seq) + " event(s); the manifest says it ends at " +
           std::to_string(integer(span, "last_seq")));
  }
  std::cout << "log: " << seq << " event(s) of room " << room << ", one unbroken chain; " << log.withheld
            << " withheld in closed session, " << log.redacted << " removed by moderation"
            << (clerks ? ", " + std::to_string(log.closed_whole) + " closed-session event(s) whole, as marked" : "")
            << "\n";
  return log;
}

void check_checkpoints(const std::map<std::string, std::string>& files, const json& manifest, const Log& log,
                       const std::vector<std::string>& trusted_files) {
  std::map<std::string, std::string> trusted;  // key id → PEM
  for (const auto& path : trusted_files) {
    const std::string pem = read_file(path);
    const auto id = store::public_key_id(pem);
    if (!id) broken("--trust-key " + path + " is not an Ed25519 public key: " + id.status().message());
    trusted[id.value()] = pem;
  }
  std::map<std::string, std::string> carried;
  for (const auto& [name, data] : files) {
    if (name.rfind("log/keys/", 0) != 0) continue;
    const auto id = store::public_key_id(data);
    if (!id || "log/keys/" + id.value() + ".pem" != name) broken(name + " is not the key its name says");
    carried[id.value()] = data;
  }
  const auto feed = files.find("log/checkpoints.jsonl");
  if (feed == files.end()) broken("the bundle has no log/checkpoints.jsonl");
  std::istringstream lines(feed->second);
  std::string line;
  std::size_t count = 0;
  std::set<std::int64_t> signed_seqs;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const auto c = store::checkpoint_from_json(json::parse(line, nullptr, false));
    if (!c) broken("a checkpoint that cannot be read: " + c.status().message());
    const std::string at = "checkpoint of seq " + std::to_string(c->seq);
    const auto& keys = trusted.empty() ? carried : trusted;
    const auto key = keys.find(c->key_id);
    if (key == keys.end()) broken(at + " is signed by key " + c->key_id + ", which is not " +
                                  (trusted.empty() ? "in the bundle" : "a trusted key"));
    const auto signature = store::base64_decode(c->signature);
    if (!signature || !store::verify_signature(key->second, c->statement, signature.value())) {
      broken(at + ": the signature does not verify");
    }
    if (c->room != text(manifest, "room")) broken(at + " is of room " + c->room);
    const auto h = log.hashes.find(c->seq);
    if (h == log.hashes.end()) broken(at + ": the log ends before it (truncated)");
    if (h->second != c->hash) broken(at + ": the log has another hash at that seq (rewritten)");
    signed_seqs.insert(c->seq);
    ++count;
  }
  if (!signed_seqs.count(log.last_seq)) {
    broken("the log's last event (" + std::to_string(log.last_seq) +
           ") is not signed by any checkpoint: the log may have been cut short or extended");
  }
  // A stand-in's hash cannot be recomputed by the reader, so neither can the link to the event
  // before it: every event the bundle holds must reach a checkpoint with no stand-in between
  // (the server signs the last event before each closed session for this).
  bool proven = false;
  for (std::int64_t seq = log.last_seq; seq >= 1; --seq) {
    if (signed_seqs.count(seq)) proven = true;
    if (!log.stand_ins.count(seq)) {
      if (!proven) {
        broken("event " + std::to_string(seq) + " is not proven: a withheld or removed event follows it before "
               "any checkpoint, and the link across it cannot be checked");
      }
      continue;
    }
    proven = false;
  }
  std::cout << "checkpoints: " << count << " signed checkpoint(s) hold, the last at the log's end, with "
            << (trusted.empty() ? "the key(s) the bundle carries (give --trust-key to check them against the "
                                  "server's key obtained elsewhere)"
                                : "trusted key(s)")
            << "\n";
}

void check_documents(const std::map<std::string, std::string>& files, const json& manifest, const Log& log) {
  std::size_t minutes = 0;
  json current;
  for (const auto& [name, data] : files) {
    if (name.rfind("minutes/", 0) != 0 || name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
    const json doc = json::parse(data, nullptr, false);
    if (text(doc, "room") != text(manifest, "room")) broken(name + " is not of room " + text(manifest, "room"));
    const auto verdict = plugins::verify_public_minutes(log.public_events, doc);
    if (!verdict.matches) broken(name + ": " + verdict.message);
    if (name == "minutes/current.json") current = doc;
    ++minutes;
  }
  if (current.is_null()) broken("the bundle has no minutes/current.json");
  // The attendance and votes are the current minutes' record, as they say.
  const auto record = files.find("attendance-and-votes.json");
  if (record == files.end()) broken("the bundle has no attendance-and-votes.json");
  const json rv = json::parse(record->second, nullptr, false);
  if (!rv.is_object() || !rv.contains("attendance") || !rv.contains("motions")) {
    broken("attendance-and-votes.json lacks the attendance or the motions");
  }
  const json& content = current.value("content", json::object());
  for (const auto& [key, value] : rv.items()) {
    if (!content.contains(key) || content[key] != value) broken("attendance-and-votes.json: " + key + " is not the minutes'");
  }
  // The notice, as the public's events give it through a fresh notice plugin.
  const auto notice = files.find("notice.json");
  if (notice == files.end()) broken("the bundle has no notice.json");
  // As they stood when the bundle was made (later events may follow, up to the checkpoint).
  const std::int64_t as_of = integer(manifest.value("log", json::object()), "documents_seq");
  const auto plugins = plugins::default_plugins()();
  for (const record::Event& e : log.public_events) {
    if (e.seq > as_of) break;
    const json body = parse_bounded_json(e.body);
    for (const auto& p : plugins) p->apply(e, body);
  }
  json rebuilt;
  for (const auto& p : plugins) {
    if (p->name() != "notice") continue;
    for (const json& m : p->view().value("meetings", json::array())) {
      if (m.value("meeting", std::int64_t{-1}) == integer(manifest, "meeting")) rebuilt = m;
    }
  }
  if (rebuilt.is_null() || json::parse(notice->second, nullptr, false) != rebuilt) {
    broken("notice.json is not what the log gives for meeting " + std::to_string(integer(manifest, "meeting")));
  }
  std::cout << "documents: " << minutes << " minutes document(s), the notice, and the attendance and votes are "
            << "what the public's events give\n";
}

}  // namespace

int verify_bundle_command(const std::string& path, const std::vector<std::string>& trusted_key_files) {
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    std::cerr << "verify: cannot read " << path << "\n";
    return 2;
  }
  probe.close();
  const std::string bytes = read_file(path);
  json manifest;
  try {
    auto entries = zip::read(bytes);
    if (!entries) broken(path + ": " + entries.status().message());
    const auto files = checked_files(std::move(entries.value()), manifest);
    const auto events = files.find("log/events.jsonl");
    if (events == files.end()) broken("the bundle has no log/events.jsonl");
    const Log log = checked_log(events->second, manifest);
    check_checkpoints(files, manifest, log, trusted_key_files);
    check_documents(files, manifest, log);
  } catch (const Broken& b) {
    std::cout << "bundle FAILED: " << b.what << "\n";
    return 1;
  }
  std::cout << "bundle verifies: the records of meeting " << integer(manifest, "meeting") << " of "
            << text(manifest, "body") << (manifest.value("closed_session_included", false) == true
                                              ? ", closed sessions included (the clerk's copy)"
                                              : ", as the public may read them")
            << "\n";
  return 0;
}

}  // namespace collegial::app
