#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace collegial::test {
namespace {

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

CommandResult run_collegiald(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> full{COLLEGIALD_PATH};
  full.insert(full.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    auto argv = argv_of(full);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  CommandResult result;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) result.out.append(buf, static_cast<size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = decode_status(status);
  return result;
}

ServerProcess::ServerProcess(std::filesystem::path db, std::vector<std::string> extra_args)
    : db_(std::move(db)) {
  dir_ = db_.parent_path();
  const auto port_file = dir_ / ("port-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  log_ = dir_ / (port_file.filename().string() + ".log");
  std::filesystem::remove(port_file);
  std::vector<std::string> args{COLLEGIALD_PATH,    "--port",      "0",
                                "--bind",           "127.0.0.1",   "--data",
                                db_.string(),       "--port-file", port_file.string(),
                                "--demo",           COLLEGIAL_SOURCE_DIR "/db/seed/demo.json"};
  // Every test's server snapshots its rooms often and checks each snapshot by restoring it at
  // once (an error in the log fails the test: fail_on_race_report), so every scenario of the
  // suite is also a test of the plugins' snapshots; a restart loads from them.
  if (std::find(extra_args.begin(), extra_args.end(), "--snapshot-every") == extra_args.end()) {
    args.insert(args.end(), {"--snapshot-every", "3", "--test-check-snapshots"});
  }
  if (std::find(extra_args.begin(), extra_args.end(), "--log-level") == extra_args.end()) {
    args.insert(args.end(), {"--log-level", "info"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) dup2(fd, STDERR_FILENO);
    auto argv = argv_of(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("collegiald exited at start-up (status " +
                               std::to_string(decode_status(status)) + "): " + log());
    }
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop(SIGKILL);
  throw std::runtime_error("collegiald did not start listening within 30 s");
}

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  // A server that died on its own (a crash, a sanitizer report) leaves its log for the reader.
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    std::fprintf(stderr, "collegiald exited unexpectedly (status %d); its log:\n%s\n",
                 decode_status(status), log().c_str());
    fail_on_race_report();
    return;
  }
  stop(SIGKILL);
}

int ServerProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  fail_on_race_report();
  return decode_status(status);
}

void ServerProcess::fail_on_race_report() const {
  // The TSan pass (scripts/test.sh) runs collegiald with halt_on_error, so a race usually ends
  // the server and fails the test that way; this catches one reported as the server stopped.
  const std::string text = log();
  const char* what = nullptr;
  if (text.find("WARNING: ThreadSanitizer") != std::string::npos) what = "a data race";
  // A sentence ICU could not parse or format (a refusal's or the catalog's, server/i18n) reaches
  // its reader raw: as much a defect as a race, whichever test met it.
  if (text.find(") does not parse at offset") != std::string::npos ||
      text.find(") failed: U_") != std::string::npos) {
    what = "a message ICU could not render";
  }
  if (text.find("snapshot check failed") != std::string::npos) what = "a snapshot that does not restore what it saved";
  if (!what) return;
  std::fprintf(stderr, "collegiald reported %s; its log:\n%s\n", what, text.c_str());
  std::fflush(stderr);
  std::_Exit(66);  // from a destructor too: no test may pass over it
}

std::string ServerProcess::log() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace collegial::test
