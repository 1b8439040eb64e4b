// A real NATS server for the tests of the message bus between nodes (cluster/nats_bus.hpp):
// started by the test program itself, private to it, so that nothing about NATS is mocked and
// no test depends on a server someone else runs.
//
// Unlike PostgresServer there is no shared instance: a nats-server starts in milliseconds and
// keeps nothing on disk, so each test takes its own, and may stop and restart it (to see clients
// reconnect) without disturbing any other.
#pragma once

#include <sys/types.h>

#include <string>

namespace collegial::test {

class NatsServer {
 public:
  // Starts Debian's /usr/sbin/nats-server listening on 127.0.0.1 only, on a port it chooses
  // itself (-p -1, read back from its log, so no other process can take the port between a
  // choice and the bind), and returns once that server accepts TCP connections. Throws
  // std::runtime_error with the server's output when it cannot be started within 15 s.
  //
  // The server dies with the test process, however that ends (PR_SET_PDEATHSIG: the kernel sends
  // it SIGKILL when the thread that started it ends, even on kill -9 of the test). So start it
  // from a thread that outlives it: the test's own thread, not one that it joins first.
  NatsServer();

  // Stops the server (stop()), in the process that started it only: a child forked by a test
  // and leaving through exit() leaves it alone.
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // Ends the server: SIGTERM, then SIGKILL if it has not exited after 5 s; returns once it is
  // reaped, so its port is closed. Does nothing if it is not running.
  void stop();

  // Starts the server again on the same port (clients reconnect to the URL they know) and
  // returns once it accepts connections; throws std::runtime_error as the constructor does (e.g.
  // if another process took the port meanwhile). Does nothing if it is running.
  void start();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

 private:
  // Forks and execs the server on port_ (-1: its choice) and waits until it is ready.
  void launch();
  // What the server has written since it was last started (stdout and stderr).
  std::string output() const;

  pid_t owner_;  // the test process
  pid_t pid_ = -1;
  int port_ = -1;
  int output_fd_ = -1;  // an anonymous in-memory file: nothing left on disk however we end
};

}  // namespace collegial::test
