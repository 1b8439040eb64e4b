// A real collegiald child process on an ephemeral loopback port, for integration tests.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace collegial::test {

// Runs `collegiald` with `args` and returns its exit code and standard output (stderr goes to
// the test's own). For `verify` and `admin` subcommands.
struct CommandResult {
  int exit_code = -1;
  std::string out;
};
CommandResult run_collegiald(const std::vector<std::string>& args);

class ServerProcess {
 public:
  // Starts collegiald on 127.0.0.1 with --port 0, the database `db` and the demo seed
  // (db/seed/demo.json: loaded only into a database without people), at --log-level info
  // unless `extra_args` names another, adds `extra_args`, and waits until it listens. Throws if
  // it does not start.
  explicit ServerProcess(std::filesystem::path db, std::vector<std::string> extra_args = {});
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& db() const { return db_; }

  // Sends `signal` and waits for the process; returns its exit status (or 128+signal if killed).
  // If the server's log holds a ThreadSanitizer report or a message ICU could not render,
  // prints it and ends the test program with status 66 (so does the destructor): no test
  // passes over a race or a broken sentence.
  int stop(int signal);
  // kill -9, and wait.
  void kill9() { stop(9); }
  bool running() const { return pid_ > 0; }

  // What the server wrote to stderr so far.
  std::string log() const;

 private:
  void fail_on_race_report() const;

  std::filesystem::path db_;
  std::filesystem::path dir_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace collegial::test
