#include "support/nats_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

namespace collegial::test {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kProgram = "/usr/sbin/nats-server";  // Debian's nats-server package
constexpr auto kStartTimeout = std::chrono::seconds(15);   // generous: a loaded CI machine
constexpr auto kStopTimeout = std::chrono::seconds(5);     // after SIGTERM, before SIGKILL
constexpr auto kPollInterval = std::chrono::milliseconds(5);

// What nats-server logs once its client port is open (2.9: "... [INF] Listening for client
// connections on 127.0.0.1:4222").
constexpr const char* kListening = "Listening for client connections on 127.0.0.1:";

// Whether something accepts TCP connections on 127.0.0.1:`port` now.
bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

// The port in `log`'s "Listening…" line, or -1 while there is none.
int listening_port(const std::string& log) {
  const std::size_t at = log.find(kListening);
  if (at == std::string::npos) return -1;
  const std::size_t digits = at + std::strlen(kListening);
  const std::size_t end = log.find_first_not_of("0123456789", digits);
  if (end == std::string::npos || end == digits) return -1;  // the line is still being written
  return std::stoi(log.substr(digits, end - digits));
}

// If `pid` has exited, reaps it and says how; else an empty string.
std::string exit_of(pid_t pid) {
  int status = 0;
  pid_t reaped;
  while ((reaped = waitpid(pid, &status, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (reaped != pid) return {};
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  return "signal " + std::to_string(WTERMSIG(status));
}

}  // namespace

NatsServer::NatsServer() : owner_(getpid()) {
  if (access(kProgram, X_OK) != 0)
    throw std::runtime_error(std::string(kProgram) +
                             " not found (is Debian's nats-server package installed?)");
  launch();
}

NatsServer::~NatsServer() {
  if (getpid() != owner_) return;
  stop();
  if (output_fd_ >= 0) close(output_fd_);
}

void NatsServer::start() {
  if (!running()) launch();
}

void NatsServer::stop() {
  if (!running()) return;
  kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + kStopTimeout;
  while (exit_of(pid_).empty()) {
    if (Clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  pid_ = -1;
}

void NatsServer::launch() {
  // A fresh output file for each start, so that an error shows this start's words only. Read
  // with pread, so the offset the server writes at (shared with us) is never moved.
  if (output_fd_ >= 0) close(output_fd_);
  output_fd_ = memfd_create("nats-server-output", MFD_CLOEXEC);
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (output_fd_ < 0 || devnull < 0) {
    if (devnull >= 0) close(devnull);
    throw std::runtime_error(std::string("NatsServer: cannot open its files: ") +
                             std::strerror(errno));
  }

  // Built before fork: between fork and exec the child may only make async-signal-safe calls
  // (the test process may have threads, and one may hold the allocator's lock).
  std::vector<std::string> args{kProgram, "-a", "127.0.0.1", "-p", std::to_string(port_)};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid == 0) {
    // Killed by the kernel when the thread that forked it ends, however the test ends; and if
    // that happened already, before the request took effect, it goes at once.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(125);
    dup2(devnull, STDIN_FILENO);
    dup2(output_fd_, STDOUT_FILENO);
    dup2(output_fd_, STDERR_FILENO);
    close_range(3, ~0U, 0);  // none of the test's sockets or pipes held open by the server
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(devnull);
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  pid_ = pid;

  // Ready when our server says which port it listens on (not merely when something answers on
  // the port: on a restart, another process could have taken it) and that port accepts.
  const auto deadline = Clock::now() + kStartTimeout;
  for (;;) {
    const int port = listening_port(output());
    if (port > 0 && accepts(port)) {
      port_ = port;
      return;
    }
    std::string failure;
    const std::string how = exit_of(pid_);
    if (!how.empty()) {
      pid_ = -1;
      failure = "nats-server exited (" + how + ")";
    } else if (Clock::now() >= deadline) {
      stop();
      failure = "nats-server was not ready after " +
                std::to_string(std::chrono::seconds(kStartTimeout).count()) + " s";
    }
    if (!failure.empty()) {
      std::string command;
      for (const auto& arg : args) command += (command.empty() ? "" : " ") + arg;
      throw std::runtime_error(failure + ": " + command + "\n" + output());
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string NatsServer::output() const {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = pread(output_fd_, buffer, sizeof buffer, static_cast<off_t>(text.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace collegial::test
