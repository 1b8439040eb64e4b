#include "app/store_commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "delivery/http_get.hpp"
#include "minutes/minutes_verifier.hpp"
#include "store/backup.hpp"
#include "store/chain_verifier.hpp"
#include "store/checkpoint_verifier.hpp"
#include "store/directory_audit.hpp"
#include "store/event_store.hpp"
#include "store/instance_lock.hpp"
#include "store/migrate_store.hpp"
#include "util/bounded_json.hpp"

namespace collegial::app {
namespace {

// `collegiald verify --checkpoints`: reads the checkpoints (a file, or fetched from a URL) and
// prints what the database no longer agrees with. Exit 0 when every checkpoint holds, 1 when
// one does not, 2 when they cannot be read.
int check_checkpoints(const std::string& data, const std::optional<store::StoreLocation>& rooms,
                      const std::string& source, const std::vector<std::string>& trusted_files) {
  std::string feed;
  if (source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0) {
    auto fetched = delivery::http_get(source, std::chrono::seconds(30));
    if (!fetched) {
      std::cerr << "verify: cannot fetch " << source << ": " << fetched.status().message() << "\n";
      return 2;
    }
    feed = std::move(fetched.value());
  } else {
    std::ifstream in(source);
    if (!in) {
      std::cerr << "verify: cannot read " << source << "\n";
      return 2;
    }
    feed.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::vector<std::string> trusted;
  for (const auto& file : trusted_files) {
    std::ifstream in(file);
    trusted.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto report = store::verify_checkpoints(data, feed, trusted, rooms);
  // The directory's rows must also fold from its audit log, whose checkpoints were just checked.
  const store::StoreLocation house = rooms && rooms->engine == store::StoreLocation::Engine::postgres
                                         ? *rooms
                                         : store::StoreLocation{store::StoreLocation::Engine::sqlite, data};
  if (const auto directory = store::verify_directory(house); !directory.intact) {
    report.problems.push_back({store::kAuditRoom, 0, directory.seq, "directory", directory.problem});
  }
  for (const auto& p : report.problems) {
    std::cout << "CHECKPOINT FAILED: " << (p.room.empty() ? std::string("-") : "room " + p.room) << ": "
              << p.kind << ": " << p.message << "\n";
  }
  std::cout << (report.ok() ? "checkpoints hold: " : "checkpoints FAILED: ") << report.checkpoints
            << " checkpoint(s) read, " << report.confirmed << " confirmed in " << report.rooms << " room(s), "
            << report.problems.size() << " problem(s)\n";
  return report.ok() ? 0 : 1;
}

// Recomputes every chain of the database at `path` and its directory; prints the verdict as
// `verify` does and says whether all is intact.
bool verify_copy(const std::string& path, const std::string& what) {
  const auto report = store::verify_chains(path, std::nullopt);
  if (!report.intact) {
    std::cout << what << " BROKEN: room " << report.room << " seq " << report.seq << ": "
              << report.problem << "\n";
    return false;
  }
  const auto directory = store::verify_directory(path);
  if (!directory.intact) {
    std::cout << what << " BROKEN: directory seq " << directory.seq << ": " << directory.problem << "\n";
    return false;
  }
  std::cout << what << " intact: " << report.rooms << " room(s), " << report.events << " event(s), "
            << directory.events << " directory audit event(s)\n";
  return true;
}

}  // namespace

// `collegiald backup`: an online copy (the server may be running), verified before it is
// called a backup. Exit 0 with a verified copy; 1 when the copy fails verification (it is
// removed); 2 when it cannot be made.
int backup_command(const std::string& data, const std::string& to) {
  if (Status s = store::backup_database(data, to); !s) {
    std::cerr << "backup: " << s.message() << "\n";
    return 2;
  }
  if (!verify_copy(to, "backup " + to)) {
    std::error_code ec;
    std::filesystem::remove(to, ec);
    std::cerr << "backup: the copy does not verify and was removed; the database itself may be "
                 "damaged: run collegiald verify --data " << data << "\n";
    return 1;
  }
  return 0;
}

// `collegiald restore`: the backup is verified first, the server must be stopped (its lock is
// taken for the duration), the current database is kept aside, and the result is verified.
int restore_command(const std::string& from, const std::string& data) {
  if (!std::filesystem::exists(from)) {
    std::cerr << "restore: no such file: " << from << "\n";
    return 2;
  }
  if (!verify_copy(from, "backup " + from)) {
    std::cerr << "restore: refusing a backup that does not verify; nothing was changed\n";
    return 1;
  }
  store::InstanceLock lock;
  if (Status s = store::InstanceLock::acquire(data, lock); !s) {
    std::cerr << "restore: " << s.message() << ": stop it first; nothing was changed\n";
    return 2;
  }
  if (Status s = store::restore_database(from, data); !s) {
    std::cerr << "restore: " << s.message() << "\n";
    return 2;
  }
  return verify_copy(data, "restored " + data) ? 0 : 1;
}

int verify_command(const VerifyOptions& options) {
  std::optional<store::StoreLocation> separate;
  if (!options.store.empty()) {
    auto where = store::StoreLocation::parse(options.store);
    if (!where) {
      std::cerr << "verify: " << where.status().message() << "\n";
      return 2;
    }
    separate = where.value();
  }
  // On PostgreSQL the house (the directory and its audit log) is there too: no file is read.
  const store::StoreLocation house =
      separate && separate->engine == store::StoreLocation::Engine::postgres
          ? *separate
          : store::StoreLocation{store::StoreLocation::Engine::sqlite, options.data};
  if (house.engine == store::StoreLocation::Engine::sqlite && !std::filesystem::exists(options.data)) {
    std::cerr << "verify: no such file: " << options.data << "\n";
    return 2;
  }
  const store::StoreLocation rooms = separate.value_or(house);
  if (!options.minutes_file.empty()) {
    std::ifstream in(options.minutes_file);
    const auto document = parse_bounded_json(std::string(std::istreambuf_iterator<char>(in), {}));
    if (!in && !in.eof()) {
      std::cerr << "verify: cannot read " << options.minutes_file << "\n";
      return 2;
    }
    const auto verdict = plugins::verify_minutes(rooms, document);
    std::cout << (verdict.matches ? "match: " : "MISMATCH: ") << verdict.message << "\n";
    return verdict.matches ? 0 : 1;
  }
  if (!options.checkpoints.empty()) {
    return check_checkpoints(options.data, separate, options.checkpoints, options.trusted_keys);
  }
  // The directory's audit log is in the house.
  const auto report = store::verify_chains(options.room == store::kAuditRoom ? house : rooms, options.room);
  if (!report.intact) {
    std::cout << "BROKEN: room " << report.room << " seq " << report.seq << ": " << report.problem
              << "\n";
    return 1;
  }
  if (separate) std::cout << "rooms' logs in " << separate->describe() << "\n";
  std::cout << "intact: " << report.rooms << " room(s), " << report.events << " event(s) ("
            << report.v1_events << " v1, " << report.v2_events << " v2)\n";
  if (options.room) return 0;
  // The directory is on a chain too: its audit log, folded, must give the tables.
  const auto directory = store::verify_directory(house);
  if (!directory.intact) {
    std::cout << "BROKEN: directory (" << store::kAuditRoom << " seq " << directory.seq
              << "): " << directory.problem << "\n";
    return 1;
  }
  std::cout << "directory intact: " << directory.events << " audit event(s)\n";
  return 0;
}

int migrate_store_command(const std::string& from_text, const std::string& to_text) {
  auto from = store::StoreLocation::parse(from_text);
  auto to = store::StoreLocation::parse(to_text);
  for (const auto* where : {&from, &to}) {
    if (!*where) {
      std::cerr << "migrate-store: " << where->status().message() << "\n";
      return 2;
    }
  }
  if (from->engine == store::StoreLocation::Engine::sqlite && !std::filesystem::exists(from->target)) {
    std::cerr << "migrate-store: no such file: " << from->target << "\n";
    return 2;
  }
  const auto copied = store::migrate_store(from.value(), to.value(), [](const std::string& line) {
    std::cout << line << "\n" << std::flush;
  });
  if (!copied) {
    std::cerr << "migrate-store: " << copied.status().code() << ": " << copied.status().message() << "\n";
    return copied.status().code() == "not_intact" ? 1 : 2;
  }
  std::cout << "migrated and verified: " << copied->rooms << " room(s), " << copied->events << " event(s), "
            << copied->house_rows << " row(s) of the directory, accounts, outbox and checkpoints from "
            << from->describe() << " to " << to->describe() << "\n";
  return 0;
}

}  // namespace collegial::app
