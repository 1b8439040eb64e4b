// The commands that read or copy a database without serving it: `verify`, `backup`,
// `restore` and `migrate-store`. Each prints its verdict on standard output (problems on standard error) and
// returns the process's exit status: 0 when all is well, 1 when something does not verify,
// 2 when the work could not be done (a missing file, a running server, a disk error).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace collegial::app {

struct VerifyOptions {
  std::string data;                         // the SQLite database
  std::string store;                        // the rooms' logs when elsewhere (--store), or empty
  std::optional<std::string> room;          // only this room's chain
  std::string minutes_file;                 // check exported minutes (.json) against the log
  std::string checkpoints;                  // check against signed checkpoints: a file or URL
  std::vector<std::string> trusted_keys;    // checkpoint keys (PEM files) to trust besides the database's
};

// R4: recomputes every chain (and the directory's audit chain), or checks minutes or
// checkpoints, as the options ask.
int verify_command(const VerifyOptions& options);

// An online copy of `data` (the server may be running) at the new file `to`, verified before
// it is called a backup; a copy that does not verify is removed.
int backup_command(const std::string& data, const std::string& to);

// Verifies the backup `from`, refuses while a server holds `data`'s lock, keeps the current
// database aside, puts the backup in place and verifies the result.
int restore_command(const std::string& from, const std::string& data);

// `collegiald migrate-store`: copies every room's log (not snapshots: rooms take new ones) from
// `from` to `to` (each sqlite:PATH or postgres:URL) event by event through the destination's
// guarded append, then verifies every chain at the destination and that each room's head there
// is the source's. The source is verified first; the destination must hold no rooms. The
// directory's audit log stays in its SQLite file, with the directory.
int migrate_store_command(const std::string& from, const std::string& to);

}  // namespace collegial::app
