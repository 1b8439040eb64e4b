// The collegiald process a benchmark run measures: started on a fresh database in a directory
// of its own, watched through /proc (RSS, CPU time), stopped with SIGTERM at the end.
//
// No Asio or Beast in here: this file compiles fast, and the bench polls try_wait() from a timer
// so that its clients keep answering the server's close frames while it shuts down.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace collegial::bench {

struct ServerChildOptions {
  std::string server_path;       // the collegiald binary
  std::filesystem::path dir;     // holds the database, the port file and the server's log
  std::string durability = "full";
  unsigned threads = 0;          // --threads; 0 lets the server use one per core
  std::string seed;              // the demo seed (db/seed/demo.json), loaded before start
  std::string bot_body = "rec6-council";  // the senders speak there as a bot scoped to it
  std::vector<std::string> extra_args = {};  // more flags for collegiald
  // Called with the database once it is seeded, before the server starts (a bench filling a
  // room's log). A database that exists already is not seeded again, nor is this called.
  std::function<void(const std::filesystem::path& db)> before_start = {};
  // Several nodes (chat_bench --nodes): the store all share (postgres:URL), given to the admin
  // commands and the server. Only the first node seeds it and makes the bot (`seeds`); the others
  // find them there.
  std::string store = {};
  bool seeds = true;
};

class ServerChild {
 public:
  // Creates the room, starts the server and waits (at most 30 s) for its port file.
  // Throws std::runtime_error with the server's log when it does not come up.
  explicit ServerChild(ServerChildOptions options);
  ~ServerChild();  // SIGKILL if it is still running: a failed bench leaves no server behind
  ServerChild(const ServerChild&) = delete;
  ServerChild& operator=(const ServerChild&) = delete;

  std::uint16_t port() const { return port_; }
  // A bot token allowed to speak in options.bot_body (the public may only listen).
  const std::string& bot_token() const { return bot_token_; }
  pid_t pid() const { return pid_; }

  // VmRSS from /proc/PID/status, in KiB (0 if unreadable).
  long rss_kib() const;
  // utime and stime from /proc/PID/stat, in seconds, all threads together. On loopback much of
  // the system time is the kernel delivering the server's writes to the bench's sockets.
  struct CpuTimes {
    double user = 0;
    double system = 0;
    double total() const { return user + system; }
  };
  CpuTimes cpu_seconds() const;

  void terminate();  // SIGTERM: the server flushes, closes every WebSocket with 1001, exits
  void kill();       // SIGKILL
  // Reaps the server if it has exited: its exit code, or 128 + signal. Does not block.
  std::optional<int> try_wait();
  // False once try_wait() has reaped it.
  bool running() const { return pid_ > 0; }

  std::string log_tail(std::size_t bytes = 4000) const;
  const std::filesystem::path& database() const { return db_; }

 private:
  ServerChildOptions options_;
  std::filesystem::path db_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string bot_token_;
};

// The CPU time (user + system, seconds) this process has used so far, all threads.
double own_cpu_seconds();

// Seconds of CPU the whole machine has spent (all cores, from /proc/stat): busy (user, nice,
// system, irq, softirq, steal) and waiting for I/O. Busy minus the server's and the bench's own
// time is what other processes took: a compiler running beside the bench skews its figures.
struct MachineCpu {
  double busy = 0;
  double iowait = 0;
};
MachineCpu machine_cpu_seconds();

// Raises RLIMIT_NOFILE's soft limit to the hard limit and returns the new soft limit. Call it
// before starting the server: the child inherits the limit.
long raise_open_file_limit();

// The file system type of `path` ("ext4", "tmpfs", "overlay", or a hex magic number): fsync
// costs nothing on tmpfs, which makes --durability full look free.
std::string file_system_of(const std::filesystem::path& path);

}  // namespace collegial::bench
