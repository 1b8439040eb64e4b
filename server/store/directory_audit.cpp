#include "store/directory_audit.hpp"

#include "record/chain.hpp"
#include "store/chain_verifier.hpp"
#include "store/event_row.hpp"
#include "util/bounded_json.hpp"

namespace collegial::store {

using record::Event;
using record::seal;
using record::sha256_hex;
using record::kGenesisHash;
namespace {

using nlohmann::json;

struct AuditedTable {
  const char* table;
  const char* key;      // SQL giving each row's key
  const char* columns;  // the columns recorded, in this order
  const char* where;    // which rows ("1": all)
};

// What the directory is ("TRUE": every row, in the dialect both engines read). A column added by a later migration is added here too; rows recorded
// before it simply lack it, and a missing column is not compared.
constexpr AuditedTable kTables[] = {
    {"cooperatives", "id", "id, slug, name", "TRUE"},
    {"entities", "id", "id, slug, name, kind, cooperative_id", "TRUE"},
    {"bodies", "id",
     "id, cooperative_id, slug, name, kind, parent_body_id, quorum_rule, small_board, remote_counts, "
     "designees_count, notice_regular_days, notice_special_days, notice_emergency_hours, time_zone, public, "
     "officer_term_months",
     "TRUE"},
    {"people", "id", "id, email, name, is_admin", "TRUE"},
    {"memberships", "id", "id, body_id, person_id, role, entity_id, starts_ms, ends_ms, source", "TRUE"},
    {"bots", "id", "id, name, token_hash, created_ms, revoked_ms", "TRUE"},
    {"bot_scopes", "bot_id || ':' || body_id", "bot_id, body_id", "TRUE"},
    // N7's outlets; registrants of webinars (kind 'person') are mail plumbing, made by events.
    {"media_subscribers", "id", "id, body_id, kind, name, channel, address, secret, requested_on, recorded_ms, ended_ms",
     "kind = 'media'"},
    {"rooms", "id", "id, name, created_ms, body_id", "name <> 'directory:audit'"},
};

json value_of(const sql::Column& c) {
  switch (c.type()) {
    case sql::Column::Type::integer: return c.int64();
    case sql::Column::Type::null: return nullptr;
    default: return c.text();
  }
}

struct Head {
  std::int64_t id = 0;
  std::int64_t seq = 0;
  std::string hash;
};

std::optional<Head> audit_head(sql::Connection& db) {
  sql::Statement q(db, "SELECT id, head_seq, head_hash FROM rooms WHERE name = ?");
  q.bind(1, kAuditRoom);
  if (!q.step()) return std::nullopt;
  return Head{q.column(0).int64(), q.column(1).int64(), q.column(2).text()};
}

// Appends one event to the audit room after `head`, inside the caller's transaction, and
// returns the new head. (The room is never served, so nothing else appends to it meanwhile:
// the guarded UPDATE still refuses a head that moved.)
Head append(sql::Connection& db, const Head& head, const std::string& type, const json& body,
            std::int64_t now_ms) {
  Event e;
  e.room = kAuditRoom;
  e.seq = head.seq + 1;
  e.ts_ms = now_ms;
  e.actor = "system:directory";
  e.type = type;
  e.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  e.prev_hash = head.hash;
  seal(e);  // v2, like every event written now
  sql::Statement insert(db,
                           "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, head.id);
  insert.bind(2, e.seq);
  insert.bind(3, e.ts_ms);
  insert.bind(4, e.actor);
  insert.bind(5, e.type);
  insert.bind(6, e.body);
  insert.bind(7, e.prev_hash);
  insert.bind(8, e.hash);
  insert.bind(9, e.salt);
  insert.exec();
  sql::Statement move(db, "UPDATE rooms SET head_seq = ?, head_hash = ? WHERE id = ? AND head_seq = ? AND head_hash = ?");
  move.bind(1, e.seq);
  move.bind(2, e.hash);
  move.bind(3, head.id);
  move.bind(4, head.seq);
  move.bind(5, head.hash);
  if (move.exec() != 1) throw sql::Error(sql::Error::Kind::busy, "the directory's audit log moved underneath");
  return {head.id, e.seq, e.hash};
}

// Folds one audit event into `rows`.
void fold(DirectoryRows& rows, const Event& e) {
  if (e.type != "directory.baseline" && e.type != "directory.changed" && e.type != "directory.unaccounted") return;
  const json body = parse_bounded_json(e.body);
  if (body.is_object()) apply_changes(rows, body.value("rows", json::array()));
}

std::string describe(const json& change) {
  return change.value("table", "") + " row " + change.value("key", "");
}

}  // namespace

DirectoryRows read_directory_rows(sql::Connection& db) {
  DirectoryRows rows;
  for (const AuditedTable& t : kTables) {
    auto& table = rows[t.table];
    sql::Statement q(db, std::string("SELECT ") + t.key + ", " + t.columns + " FROM " + t.table + " WHERE " + t.where);
    while (q.step()) {
      json row = json::object();
      for (int i = 1; i < q.column_count(); ++i) {
        json v = value_of(q.column(i));
        const std::string column = q.column_name(i);
        // A webhook's secret signs what the outlet receives; the log keeps only its digest.
        if (column == "secret" && v.is_string()) v = sha256_hex(v.get<std::string>());
        row[column] = std::move(v);
      }
      table[q.column(0).text()] = std::move(row);
    }
  }
  return rows;
}

json row_changes(const DirectoryRows& from, const DirectoryRows& to) {
  json changes = json::array();
  for (const AuditedTable& t : kTables) {
    static const std::map<std::string, json> none;
    const auto f = from.find(t.table);
    const auto n = to.find(t.table);
    const auto& before = f == from.end() ? none : f->second;
    const auto& after = n == to.end() ? none : n->second;
    for (const auto& [key, row] : after) {
      const auto was = before.find(key);
      if (was != before.end()) {
        // Only the columns the log knows are compared (see kTables).
        bool same = true;
        for (const auto& [column, value] : was->second.items()) {
          if (!row.contains(column) || row[column] != value) same = false;
        }
        if (same) continue;
      }
      changes.push_back({{"table", t.table}, {"key", key}, {"row", row}});
    }
    for (const auto& [key, row] : before) {
      if (!after.count(key)) changes.push_back({{"table", t.table}, {"key", key}, {"row", nullptr}});
    }
  }
  return changes;
}

void apply_changes(DirectoryRows& rows, const json& changes) {
  if (!changes.is_array()) return;
  for (const json& c : changes) {
    if (!c.is_object() || !c.value("table", json()).is_string() || !c.value("key", json()).is_string()) continue;
    auto& table = rows[c["table"].get<std::string>()];
    const std::string key = c["key"];
    const auto row = c.find("row");
    if (row == c.end() || row->is_null()) table.erase(key);
    else if (row->is_object()) table[key] = *row;
  }
}

void DirectoryAudit::open(std::int64_t now_ms) {
  sql::Transaction tx(db_);
  auto head = audit_head(db_);
  if (!head) {
    Event genesis;
    genesis.room = kAuditRoom;
    genesis.seq = 1;
    genesis.ts_ms = now_ms;
    genesis.actor = "system:directory";
    genesis.type = "room.created";
    genesis.body = json{{"name", kAuditRoom}}.dump();
    genesis.prev_hash = std::string(kGenesisHash);
    seal(genesis);
    sql::Statement room(db_, "INSERT INTO rooms(name, created_ms, head_seq, head_hash) VALUES (?, ?, 1, ?) RETURNING id");
    room.bind(1, kAuditRoom);
    room.bind(2, now_ms);
    room.bind(3, genesis.hash);
    room.step();
    const std::int64_t id = room.column(0).int64();
    sql::Statement insert(db_,
                             "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
                             " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, now_ms);
    insert.bind(3, genesis.actor);
    insert.bind(4, genesis.type);
    insert.bind(5, genesis.body);
    insert.bind(6, genesis.prev_hash);
    insert.bind(7, genesis.hash);
    insert.bind(8, genesis.salt);
    insert.exec();
    head = Head{id, 1, genesis.hash};
    // Whatever the directory held before its log began (a database older than the log).
    DirectoryRows rows = read_directory_rows(db_);
    json changes = row_changes({}, rows);
    if (!changes.empty()) {
      head = append(db_, *head, "directory.baseline", {{"operation", "baseline"}, {"rows", changes}}, now_ms);
    }
    tx.commit();
    room_id_ = head->id;
    seq_ = head->seq;
    hash_ = head->hash;
    folded_ = std::move(rows);
    return;
  }
  tx.commit();
  room_id_ = head->id;
  catch_up();
}

void DirectoryAudit::catch_up() {
  sql::Statement q(db_, std::string("SELECT ") + kEventColumns + " FROM events WHERE room_id = ? AND seq > ? ORDER BY seq");
  q.bind(1, room_id_);
  q.bind(2, seq_);
  while (q.step()) {
    const Event e = event_from_row(q, kAuditRoom);
    fold(folded_, e);
    seq_ = e.seq;
    hash_ = e.hash;
  }
}

std::size_t DirectoryAudit::record(const std::string& type, const std::string& operation, std::int64_t now_ms) {
  sql::Transaction tx(db_);
  catch_up();
  DirectoryRows rows = read_directory_rows(db_);
  const json changes = row_changes(folded_, rows);
  if (changes.empty()) return 0;
  const Head head = append(db_, {room_id_, seq_, hash_}, type, {{"operation", operation}, {"rows", changes}}, now_ms);
  tx.commit();
  seq_ = head.seq;
  hash_ = head.hash;
  apply_changes(folded_, changes);
  return changes.size();
}

DirectoryVerdict verify_directory(const std::string& path) {
  return verify_directory(StoreLocation{StoreLocation::Engine::sqlite, path});
}

DirectoryVerdict verify_directory(const StoreLocation& where) {
  DirectoryVerdict verdict;
  const auto fail = [&](std::int64_t seq, std::string problem) {
    verdict.intact = false;
    verdict.seq = seq;
    verdict.problem = std::move(problem);
    return verdict;
  };
  try {
    const auto house = where.engine == StoreLocation::Engine::sqlite
                           ? sql::open_sqlite(where.target, Durability::full, /*read_only=*/true)
                           : sql::open(where);
    sql::Connection& db = *house;
    const DirectoryRows actual = read_directory_rows(db);
    if (!audit_head(db)) {
      const json changes = row_changes({}, actual);
      if (changes.empty()) return verdict;  // nothing to account for yet
      return fail(0, "the directory has rows (" + describe(changes[0]) + "…) but no audit log (room " +
                         kAuditRoom + " is missing)");
    }
    DirectoryRows folded;
    std::string unaccounted;
    std::int64_t unaccounted_seq = 0;
    const VerifyReport chain = verify_chains(where, std::string(kAuditRoom), [&](const Event& e) {
      ++verdict.events;
      fold(folded, e);
      if (e.type == "directory.unaccounted" && unaccounted.empty()) {
        const json body = parse_bounded_json(e.body);
        const json rows = body.is_object() ? body.value("rows", json::array()) : json::array();
        unaccounted = "rows changed outside the server were found before '" +
                      (body.is_object() ? body.value("operation", "") : std::string()) + "': " +
                      (rows.empty() ? std::string("?") : describe(rows[0])) +
                      (rows.size() > 1 ? " and " + std::to_string(rows.size() - 1) + " more" : "");
        unaccounted_seq = e.seq;
      }
    });
    if (!chain.intact) return fail(chain.seq, "the audit log is broken: " + chain.problem);
    if (!unaccounted.empty()) return fail(unaccounted_seq, unaccounted);
    const json changes = row_changes(folded, actual);
    if (changes.empty()) return verdict;
    const json& c = changes[0];
    const std::string table = c.value("table", "");
    const std::string key = c.value("key", "");
    if (c["row"].is_null()) return fail(0, table + " row " + key + " is in the audit log but not in the table: it was deleted");
    const auto t = folded.find(table);
    if (t == folded.end() || !t->second.count(key)) {
      return fail(0, table + " row " + key + " is not in the audit log: it was added outside the server");
    }
    const json& logged = t->second.at(key);
    for (const auto& [column, value] : logged.items()) {
      const json now = c["row"].value(column, json());
      if (now != value) {
        return fail(0, table + " row " + key + " was changed: " + column + " is " + now.dump() +
                           ", the audit log says " + value.dump());
      }
    }
    return fail(0, table + " row " + key + " differs from the audit log");
  } catch (const sql::Error& e) {
    return fail(0, std::string("cannot read the database: ") + e.what());
  }
}

}  // namespace collegial::store
