// A real PostgreSQL server for the tests of the PostgreSQL event store: started by the test
// program itself, private to it, so that nothing about the database is mocked and no test depends
// on a server someone else runs.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace collegial::test {

class PostgresServer {
 public:
  // The one server of this test process, started on first use (initdb, then pg_ctl start -w) in
  // a fresh folder "collegial-pg-*" under $TMPDIR (or /tmp). It listens only on a Unix socket in
  // that folder, never on TCP, so test processes running side by side cannot meet, and it keeps
  // fsync on, as the store's durability promise assumes. Stopped (pg_ctl stop -m immediate) and its
  // folder removed when the process exits, however it ends: a watcher process does it when the
  // test process is gone, even after _Exit, a crash or kill -9. Only if the watcher is killed too
  // (e.g. along with every descendant of the test) are the server and its folder left behind.
  // As root it runs the server as the `postgres` user (PostgreSQL refuses root), which must be
  // able to enter $TMPDIR. Throws std::runtime_error, with the tools' output, when PostgreSQL
  // cannot be started; a later call tries again.
  static PostgresServer& shared();

  // A new, empty database on the server (CREATE DATABASE "t<pid>_<n>"), never handed out twice,
  // so that each test starts from nothing. Returns its libpq connection URL. Safe to call from
  // several threads.
  std::string fresh_database();

  // The libpq connection URL of `database` on this server, as the superuser "collegial"
  // (trust authentication: only the owner of the folder can reach the socket).
  std::string url(const std::string& database) const;

  // Where the server's Unix socket is: the `host` of every URL above.
  const std::filesystem::path& socket_dir() const { return dir_; }

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

 private:
  PostgresServer();
  class Reaper;

  std::filesystem::path dir_;
  std::unique_ptr<Reaper> reaper_;  // stops the server and removes dir_ when destroyed
  std::mutex mutex_;
  int databases_ = 0;
};

}  // namespace collegial::test
