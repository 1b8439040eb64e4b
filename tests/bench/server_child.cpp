#include "bench/server_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace collegial::bench {

namespace {
// As many connections as this process's open-file limit allows, less what the server needs for
// its database and logs.
long connection_ceiling() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 60000;
  return std::max<long>(64, static_cast<long>(limit.rlim_cur) - 64);
}
}  // namespace
namespace {

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// fork + exec with stdout and stderr appended to `log`. The child dies with the bench
// (PR_SET_PDEATHSIG), so an aborted run cannot leave a server holding 10,000 sockets.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return decode_status(status);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

ServerChild::ServerChild(ServerChildOptions options) : options_(std::move(options)) {
  db_ = options_.dir / "bench.db";
  log_ = options_.dir / "collegiald.log";
  const auto port_file = options_.dir / "port";

  // A shared store (several nodes) is seeded by the first node only; a file, when it is new.
  const bool fresh = options_.store.empty() ? !std::filesystem::exists(db_) : options_.seeds;
  auto admin = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {options_.server_path, "admin"});
    args.insert(args.end(), {"--data", db_.string()});
    if (!options_.store.empty()) args.insert(args.end(), {"--store", options_.store});
    return args;
  };
  const int seeded = !fresh ? 0 : wait_for(spawn(admin({"load-seed", "file=" + options_.seed}), log_));
  if (seeded != 0) {
    throw std::runtime_error("collegiald admin load-seed exited with " + std::to_string(seeded) +
                             ": " + log_tail());
  }
  // The bot token is printed as JSON on standard output.
  const auto token_file = options_.dir / "bot.json";
  if (options_.store.empty() || options_.seeds) {
    const int bot =
        !fresh ? 0 : wait_for(spawn(admin({"create-bot", "name=bench", "bodies=" + options_.bot_body}), token_file));
    std::ifstream token_in(token_file);
    std::string line;
    std::getline(token_in, line);
    const auto at = line.find("\"token\":\"");
    if (bot != 0 || at == std::string::npos) {
      throw std::runtime_error("collegiald admin create-bot failed: " + line + log_tail());
    }
    bot_token_ = line.substr(at + 9, line.find('"', at + 9) - (at + 9));
  }
  if (fresh && options_.before_start) options_.before_start(db_);

  std::filesystem::remove(port_file);  // a restart's: the new port is the one to wait for
  std::vector<std::string> args{options_.server_path, "--port", "0", "--bind", "127.0.0.1", "--data",
                                db_.string(), "--port-file", port_file.string(), "--rate-limit", "0",
                                "--log-level", "warn", "--durability", options_.durability, "--threads",
                                std::to_string(options_.threads),
                                // Every client of the bench comes from one address and may number
                                // thousands: the server's defenses against one client taking every
                                // socket would refuse it.
                                "--max-public-per-address", "0", "--max-connections",
                                std::to_string(connection_ceiling())};
  if (!options_.store.empty()) args.insert(args.end(), {"--store", options_.store});
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  pid_ = spawn(args, log_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto code = try_wait()) {
      throw std::runtime_error("collegiald exited at start-up with " + std::to_string(*code) +
                               ": " + log_tail());
    }
    std::ifstream in(port_file);  // written with a rename, so it is whole or absent
    int port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill();
  throw std::runtime_error("collegiald did not write its port file within 30 s");
}

ServerChild::~ServerChild() {
  if (pid_ > 0) {
    kill();
    wait_for(pid_);
  }
}

long ServerChild::rss_kib() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

ServerChild::CpuTimes ServerChild::cpu_seconds() const {
  // Fields 14 and 15 (utime, stime) count from the ')' that ends the command name, which may
  // itself contain spaces.
  const std::string stat = read_file("/proc/" + std::to_string(pid_) + "/stat");
  const auto paren = stat.rfind(')');
  if (paren == std::string::npos) return {};
  std::istringstream fields(stat.substr(paren + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;
  long utime = 0;
  long stime = 0;
  fields >> utime >> stime;
  const auto tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  return {.user = static_cast<double>(utime) / tick, .system = static_cast<double>(stime) / tick};
}

void ServerChild::terminate() {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
}

void ServerChild::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
}

std::optional<int> ServerChild::try_wait() {
  if (pid_ <= 0) return std::nullopt;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  pid_ = -1;
  return decode_status(status);
}

std::string ServerChild::log_tail(std::size_t bytes) const {
  const std::string log = read_file(log_);
  return log.size() <= bytes ? log : log.substr(log.size() - bytes);
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

MachineCpu machine_cpu_seconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  const auto tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  return {.busy = static_cast<double>(user + nice + system + irq + softirq + steal) / tick,
          .iowait = static_cast<double>(iowait) / tick};
}

long raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<long>(limit.rlim_cur);
}

std::string file_system_of(const std::filesystem::path& path) {
  struct statfs info {};
  if (statfs(path.c_str(), &info) != 0) return "unknown";
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53: return "ext4";
    case 0x01021994: return "tmpfs";
    case 0x794c7630: return "overlay";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    default: {
      std::ostringstream hex;
      hex << "0x" << std::hex << static_cast<unsigned long>(info.f_type);
      return hex.str();
    }
  }
}

}  // namespace collegial::bench
