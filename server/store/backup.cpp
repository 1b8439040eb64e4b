#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

namespace collegial::store {
namespace {

namespace fs = std::filesystem;

// Closes a sqlite3 handle however the function leaves.
struct Handle {
  sqlite3* db = nullptr;
  ~Handle() { sqlite3_close_v2(db); }
};

Status sqlite_error(const std::string& what, sqlite3* db) {
  return Status::error("io", what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// Forces a file's (or a directory's) contents to disk: a backup that a power loss can undo is
// not one.
Status flush(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::error("io", "cannot open " + path.string() + " to flush it");
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status::ok() : Status::error("io", "cannot flush " + path.string());
}

// The whole of `from` into the new file `to`, through the backup API. One step copies every
// page inside one read transaction of the source: a snapshot, never a mix of two instants.
// SQLITE_BUSY / LOCKED (a writer holding the file for a moment) are waited out, up to a minute.
Status copy_pages(const std::string& from, const std::string& to) {
  Handle src, dst;
  if (sqlite3_open_v2(from.c_str(), &src.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return sqlite_error("cannot open " + from, src.db);
  }
  sqlite3_busy_timeout(src.db, 5000);
  if (sqlite3_open_v2(to.c_str(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    return sqlite_error("cannot create " + to, dst.db);
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst.db, "main", src.db, "main");
  if (!backup) return sqlite_error("cannot start the backup", dst.db);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, -1);
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
      sqlite3_sleep(50);
    }
  } while ((rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
           std::chrono::steady_clock::now() < deadline);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Status::error("io", "the backup did not complete: " + std::string(sqlite3_errstr(rc)));
  }
  // One self-contained file: no -wal beside it to lose when the copy is moved.
  if (sqlite3_exec(dst.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error("cannot set the copy's journal mode", dst.db);
  }
  return Status::ok();
}

}  // namespace

Status backup_database(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return Status::error("io", "no such database: " + from);
  if (fs::exists(to, ec)) return Status::error("exists", to + " already exists: choose a new name");
  const fs::path target = fs::absolute(to, ec);
  const fs::path partial = target.string() + ".partial";
  fs::remove(partial, ec);
  if (Status s = copy_pages(from, partial.string()); !s) {
    fs::remove(partial, ec);
    return s;
  }
  if (Status s = flush(partial); !s) return s;
  fs::rename(partial, target, ec);
  if (ec) return Status::error("io", "cannot name the backup " + to + ": " + ec.message());
  return flush(target.parent_path());
}

Status restore_database(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return Status::error("io", "no such backup: " + from);
  const fs::path target = fs::absolute(to, ec);
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
  const fs::path incoming = target.string() + ".restoring";
  fs::remove(incoming, ec);
  // Copied through SQLite too, so a backup that is not a whole database is refused here.
  if (Status s = copy_pages(from, incoming.string()); !s) {
    fs::remove(incoming, ec);
    return s;
  }
  if (Status s = flush(incoming); !s) return s;
  if (fs::exists(target, ec)) {
    // Copied aside through SQLite, so its WAL is folded in and the copy is whole on its own.
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const std::string aside = target.string() + ".before-restore-" + std::to_string(now.count());
    if (Status s = backup_database(target.string(), aside); !s) {
      fs::remove(incoming, ec);
      return Status::error(s.code(), "cannot keep the current database aside: " + s.message());
    }
  }
  fs::remove(target.string() + "-wal", ec);
  fs::remove(target.string() + "-shm", ec);
  fs::rename(incoming, target, ec);
  if (ec) return Status::error("io", "cannot put the backup in place: " + ec.message());
  return flush(target.parent_path());
}

}  // namespace collegial::store
