#include "support/postgres_server.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace collegial::test {
namespace fs = std::filesystem;

namespace {

constexpr const char* kUser = "collegial";  // the superuser initdb creates
// Any port will do: it only names the socket file in our private folder. Fixed, and given to
// both sides, so that a PGPORT in the environment cannot make them disagree.
constexpr const char* kPort = "5432";

// Debian installs PostgreSQL's server tools outside PATH, one folder per major version
// (pg_config may belong to another version, from libpq-dev): take the newest, else PATH.
fs::path postgres_bindir() {
  fs::path best;
  double best_version = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const double version = std::strtod(entry.path().filename().c_str(), nullptr);
    if (version > best_version && fs::exists(entry.path() / "bin" / "initdb")) {
      best = entry.path() / "bin";
      best_version = version;
    }
  }
  return best;
}

// The absolute path of `name`, looked for in `first`, then in PATH, then in `last`: resolved
// before fork, so that the child only has to execv.
std::string find_program(const std::string& name, const std::vector<fs::path>& first,
                         const std::vector<fs::path>& last = {}) {
  std::vector<fs::path> dirs = first;
  std::istringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty()) dirs.push_back(dir);
  dirs.insert(dirs.end(), last.begin(), last.end());
  for (const auto& dir : dirs)
    if (!dir.empty() && access((dir / name).c_str(), X_OK) == 0) return (dir / name).string();
  throw std::runtime_error(name + " not found (is Debian's postgresql package installed?)");
}

bool is_root() {
  return geteuid() == 0;
}

// initdb and postgres refuse to run as root: as root, they run as the postgres system user.
std::vector<std::string> as_postgres(std::vector<std::string> command) {
  if (!is_root()) return command;
  std::vector<std::string> full{find_program("runuser", {}, {"/usr/sbin", "/sbin"}), "-u",
                                "postgres", "--"};
  full.insert(full.end(), command.begin(), command.end());
  return full;
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// In a child between fork and exec (only async-signal-safe calls: the test process may have
// threads). The server outlives the call that starts it, so it must inherit none of the test's
// file descriptors (a socket or pipe end held open by it would never close); nor a signal mask;
// nor a working directory the postgres user cannot enter (root's home).
void prepare_child(int in, int out, const char* dir) {
  dup2(in, STDIN_FILENO);
  dup2(out, STDOUT_FILENO);
  dup2(out, STDERR_FILENO);
  close_range(3, ~0U, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (chdir(dir) != 0) _exit(126);
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string describe(const std::vector<std::string>& command) {
  std::string text;
  for (const auto& arg : command) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// Runs `command` to its end, its output going to `output` (a file: the server started by
// pg_ctl would hold a pipe open); throws with both if it fails.
void run(std::vector<std::string> command, const fs::path& dir, const fs::path& output) {
  const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || in < 0) throw std::runtime_error("cannot open " + output.string());
  auto argv = argv_of(command);
  const pid_t pid = fork();
  if (pid == 0) {
    prepare_child(in, out, dir.c_str());
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out);
  close(in);
  if (pid < 0) throw std::runtime_error("fork failed");
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string how = WIFEXITED(status) ? "exit code " : "signal ";
  how += std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
  throw std::runtime_error(describe(command) + " failed (" + how + "):\n" + read_text(output));
}

// For a libpq URL: everything but unreserved characters (and '/' in a host) percent-encoded.
std::string url_encode(const std::string& text, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A folder the postgres user can use and pg_ctl can name: pg_ctl hands its paths and -o options
// to /bin/sh, and the socket's path must fit in sockaddr_un.
fs::path make_folder() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/collegial-pg-XXXXXX";
  if (pattern.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") !=
      std::string::npos)
    throw std::runtime_error("PostgresServer: $TMPDIR must be a plain path, not " + pattern);
  if (pattern.size() + std::string("/.s.PGSQL.").size() + 5 >= sizeof(sockaddr_un::sun_path))
    throw std::runtime_error("PostgresServer: $TMPDIR is too long for a Unix socket: " + pattern);
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed for " + pattern + ": " + std::strerror(errno));
  const fs::path dir = pattern;  // mkdtemp makes it 0700
  if (is_root()) {
    const passwd* postgres = getpwnam("postgres");
    if (!postgres || chown(dir.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
      fs::remove(dir);
      throw std::runtime_error(
          "PostgresServer: running as root, but cannot give the folder to a postgres user "
          "(is Debian's postgresql package installed?)");
    }
  }
  return dir;
}

}  // namespace

// A child process that stops the server and removes its folder once the test process is done:
// at exit the destructor tells it and waits for it; if the test process dies without exiting
// (_Exit, a crash, kill -9), the socket closes and it does the same. In a session of its own, so a
// Ctrl-C or a signal to the test's process group does not take it along.
class PostgresServer::Reaper {
 public:
  Reaper(std::vector<std::string> stop, std::vector<std::string> remove) : owner_(getpid()) {
    // A socket pair rather than a pipe: send() can skip SIGPIPE should the reaper be gone.
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
      throw std::runtime_error("socketpair failed");
    const int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    auto stop_argv = argv_of(stop);
    auto remove_argv = argv_of(remove);
    pid_ = fork();
    if (pid_ == 0) {  // async-signal-safe calls only, from here to the end
      setsid();
      prepare_child(fds[0], devnull, "/");
      char byte;
      while (read(STDIN_FILENO, &byte, 1) < 0 && errno == EINTR) {
      }
      const pid_t stopper = fork();
      if (stopper == 0) {
        execv(stop_argv[0], stop_argv.data());
        _exit(127);
      }
      while (stopper > 0 && waitpid(stopper, nullptr, 0) < 0 && errno == EINTR) {
      }
      execv(remove_argv[0], remove_argv.data());
      _exit(127);
    }
    close(fds[0]);
    if (devnull >= 0) close(devnull);
    fd_ = fds[1];
    if (pid_ < 0) {
      close(fd_);
      throw std::runtime_error("fork failed");
    }
  }

  // A child forked by a test that leaves through exit() runs this too: only the owner may stop
  // the server. The byte (not only the socket's end) lets the reaper go even while such a child
  // still holds a copy of the socket.
  ~Reaper() {
    if (getpid() != owner_) return;
    (void)!send(fd_, "x", 1, MSG_NOSIGNAL);
    close(fd_);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }

  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;

 private:
  pid_t owner_;
  pid_t pid_ = -1;
  int fd_ = -1;
};

PostgresServer& PostgresServer::shared() {
  static PostgresServer server;
  return server;
}

PostgresServer::PostgresServer() : dir_(make_folder()) {
  const fs::path bindir = postgres_bindir();
  const std::string pg_ctl = find_program("pg_ctl", {bindir});
  const std::string initdb = find_program("initdb", {bindir});
  const std::string data = (dir_ / "data").string();
  try {
    reaper_ = std::make_unique<Reaper>(
        as_postgres({pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"}),
        std::vector<std::string>{find_program("rm", {}, {"/bin", "/usr/bin"}), "-rf", "--",
                                 dir_.string()});
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw;
  }
  // -A trust: no passwords to manage, and fine for tests, since the server has no TCP port and
  // its only socket is in a 0700 folder that admits no one but its owner (and root).
  // --no-sync: a crash during initdb would only fail this test run; the server keeps fsync on.
  run(as_postgres({initdb, "-D", data, "-U", kUser, "-A", "trust", "--no-sync", "-E", "UTF8",
                   "--locale=C"}),
      dir_, dir_ / "initdb.out");
  // -w: returns once the server accepts connections. pg_ctl passes -o through /bin/sh, which
  // make_folder's check on the path keeps plain.
  const std::string options = std::string("-c listen_addresses='' -k ") + dir_.string() + " -p " +
                              kPort + " -c fsync=on -c max_connections=200 -c shared_buffers=32MB";
  const fs::path log = dir_ / "log";
  try {
    run(as_postgres(
            {pg_ctl, "-D", data, "-l", log.string(), "-w", "-t", "60", "start", "-o", options}),
        dir_, dir_ / "pg_ctl.out");
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + "\nserver log:\n" + read_text(log));
  }
}

PostgresServer::~PostgresServer() = default;

std::string PostgresServer::fresh_database() {
  std::lock_guard lock(mutex_);
  std::string name = "t";  // appended to: g++ 12 -O3 misreads "literal" + std::string&& (PR 105329)
  name += std::to_string(getpid()) + "_" + std::to_string(++databases_);
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url("postgres").c_str()),
                                                    &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error(std::string("cannot connect to the test PostgreSQL server: ") +
                             PQerrorMessage(conn.get()));
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexec(conn.get(), ("CREATE DATABASE " + name).c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
    throw std::runtime_error("CREATE DATABASE " + name + " failed: " + PQerrorMessage(conn.get()));
  return url(name);
}

std::string PostgresServer::url(const std::string& database) const {
  return std::string("postgresql:///") + url_encode(database, false) +
         "?host=" + url_encode(dir_.string(), true) + "&port=" + kPort + "&user=" + kUser;
}

}  // namespace collegial::test
