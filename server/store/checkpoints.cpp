#include "store/checkpoints.hpp"


#include <sstream>

#include "util/log.hpp"

namespace collegial::store {
namespace {

constexpr std::string_view kHeader = "collegial-checkpoint-v1";
constexpr const char* kColumns = "id, key_id, room, seq, hash, time_ms, reason, statement, signature";

Checkpoint read_row(sql::Statement& q) {
  Checkpoint c;
  c.number = q.column(0).int64();
  c.key_id = q.column(1).text();
  c.room = q.column(2).text();
  c.seq = q.column(3).int64();
  c.hash = q.column(4).text();
  c.time_ms = q.column(5).int64();
  c.reason = q.column(6).text();
  c.statement = q.column(7).text();
  c.signature = q.column(8).text();
  return c;
}

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char ch : s) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

bool to_int(const std::string& s, std::int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  out = std::stoll(s);
  return true;
}

}  // namespace

nlohmann::json Checkpoint::to_json() const {
  nlohmann::json j = {{"key", key_id},   {"room", room},           {"seq", seq},
                      {"hash", hash},    {"time_ms", time_ms},     {"reason", reason},
                      {"statement", statement}, {"signature", signature}};
  if (number > 0) j["checkpoint"] = number;
  return j;
}

std::string checkpoint_statement(const std::string& key_id, const std::string& room, std::int64_t seq,
                                 const std::string& hash, std::int64_t time_ms, const std::string& reason) {
  std::string out(kHeader);
  out += "\nkey: " + key_id + "\nroom: " + room + "\nseq: " + std::to_string(seq) + "\nhash: " + hash +
         "\ntime: " + std::to_string(time_ms) + "\nreason: " + reason + "\n";
  return out;
}

Result<Checkpoint> checkpoint_from_json(const nlohmann::json& line) {
  const auto bad = [](const std::string& why) { return Status::error("bad_checkpoint", why); };
  if (!line.is_object()) return bad("not a JSON object");
  const auto statement = line.find("statement");
  const auto signature = line.find("signature");
  if (statement == line.end() || !statement->is_string() || signature == line.end() || !signature->is_string()) {
    return bad("no statement and signature");
  }
  Checkpoint c;
  c.statement = statement->get<std::string>();
  c.signature = signature->get<std::string>();
  if (const auto n = line.find("checkpoint"); n != line.end() && n->is_number_integer()) c.number = n->get<std::int64_t>();
  // Exactly the seven lines checkpoint_statement writes, in its order.
  std::istringstream in(c.statement);
  std::string header;
  std::getline(in, header);
  if (header != kHeader) return bad("the statement does not start with " + std::string(kHeader));
  const char* names[] = {"key", "room", "seq", "hash", "time", "reason"};
  std::string values[6];
  for (int i = 0; i < 6; ++i) {
    std::string l;
    const std::string prefix = std::string(names[i]) + ": ";
    if (!std::getline(in, l) || l.rfind(prefix, 0) != 0) return bad("the statement lacks its '" + prefix + "' line");
    values[i] = l.substr(prefix.size());
  }
  c.key_id = values[0];
  c.room = values[1];
  c.hash = values[3];
  c.reason = values[5];
  if (!is_hex64(c.key_id) || !is_hex64(c.hash) || c.room.empty() || !to_int(values[2], c.seq) ||
      !to_int(values[4], c.time_ms) || c.reason.empty()) {
    return bad("the statement has a malformed field");
  }
  if (checkpoint_statement(c.key_id, c.room, c.seq, c.hash, c.time_ms, c.reason) != c.statement) {
    return bad("the statement is not in canonical form");
  }
  return c;
}

CheckpointLog::CheckpointLog(const std::string& path)
    // A checkpoint lost to a power cut is made again at the next pass; the events it names are
    // durable on their own, so this connection does not fsync every commit.
    : db_(sql::open_sqlite(path, Durability::normal)) {}

CheckpointLog::CheckpointLog(const StoreLocation& house)
    : db_(house.engine == StoreLocation::Engine::sqlite ? sql::open_sqlite(house.target, Durability::normal)
                                                        : sql::open(house)) {}

CheckpointLog::~CheckpointLog() = default;

Result<Checkpoint> CheckpointLog::append(const SigningKey& key, const std::string& room, std::int64_t seq,
                                         const std::string& hash, std::int64_t time_ms,
                                         const std::string& reason) {
  Checkpoint c;
  c.key_id = key.key_id();
  c.room = room;
  c.seq = seq;
  c.hash = hash;
  c.time_ms = time_ms;
  c.reason = reason;
  c.statement = checkpoint_statement(c.key_id, room, seq, hash, time_ms, reason);
  c.signature = base64_encode(key.sign(c.statement));
  std::lock_guard lock(mutex_);
  try {
    sql::Transaction tx(*db_);
    sql::Statement publish(*db_, "INSERT INTO checkpoint_keys(key_id, public_pem, first_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    publish.bind(1, c.key_id);
    publish.bind(2, key.public_pem());
    publish.bind(3, time_ms);
    publish.exec();
    sql::Statement insert(*db_,
                             "INSERT INTO checkpoints(key_id, room, seq, hash, time_ms, reason, statement, signature)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert.bind(1, c.key_id);
    insert.bind(2, c.room);
    insert.bind(3, c.seq);
    insert.bind(4, c.hash);
    insert.bind(5, c.time_ms);
    insert.bind(6, c.reason);
    insert.bind(7, c.statement);
    insert.bind(8, c.signature);
    insert.step();
    c.number = insert.column(0).int64();
    tx.commit();
    return c;
  } catch (const sql::Error& e) {
    return Status::error("store_failed", std::string("recording a checkpoint failed: ") + e.what());
  }
}

std::optional<Checkpoint> CheckpointLog::latest(const std::string& room) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, std::string("SELECT ") + kColumns + " FROM checkpoints WHERE room = ? ORDER BY id DESC LIMIT 1");
    q.bind(1, room);
    if (q.step()) return read_row(q);
  } catch (const sql::Error& e) {
    LOG_ERROR("checkpoints: reading room " << room << " failed: " << e.what());
  }
  return std::nullopt;
}

std::vector<Checkpoint> CheckpointLog::list(const std::optional<std::string>& room) {
  std::vector<Checkpoint> out;
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, std::string("SELECT ") + kColumns + " FROM checkpoints" +
                                  (room ? " WHERE room = ?" : "") + " ORDER BY id");
    if (room) q.bind(1, *room);
    while (q.step()) out.push_back(read_row(q));
  } catch (const sql::Error& e) {
    LOG_ERROR("checkpoints: listing failed: " << e.what());
  }
  return out;
}

std::vector<PublishedKey> CheckpointLog::keys() {
  std::vector<PublishedKey> out;
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, "SELECT key_id, public_pem, first_ms FROM checkpoint_keys ORDER BY first_ms, key_id");
    while (q.step()) {
      out.push_back({q.column(0).text(), q.column(1).text(), q.column(2).int64()});
    }
  } catch (const sql::Error& e) {
    LOG_ERROR("checkpoints: reading the keys failed: " << e.what());
  }
  return out;
}

std::vector<RoomHead> CheckpointLog::moved_heads(const std::optional<std::string>& room) {
  std::vector<RoomHead> out;
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, std::string("SELECT r.name, r.head_seq, r.head_hash FROM rooms r WHERE ") +
                                  (room ? "r.name = ? AND " : "") +
                                  "NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.room = r.name AND"
                                  " c.seq = r.head_seq AND c.hash = r.head_hash) ORDER BY r.id");
    if (room) q.bind(1, *room);
    while (q.step()) {
      out.push_back({q.column(0).text(), q.column(1).int64(), q.column(2).text()});
    }
  } catch (const sql::Error& e) {
    LOG_ERROR("checkpoints: reading the rooms' heads failed: " << e.what());
  }
  return out;
}

}  // namespace collegial::store
