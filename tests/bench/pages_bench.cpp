// pages_bench: how many requests per second a public page answers under a crowd
// (docs/performance.md, "Public pages under a crowd"). An independent HTTP/1.1 load generator:
// plain sockets and epoll on one thread, no Beast, so it costs the machine little and can be
// pointed at any server serving the same bytes (nginx, for the comparison).
//
//   pages_bench [--connections 64] [--seconds 5] [--path /public/rec6-council]
//               [--revalidate] [--lang en] [--port P] [--save FILE] [--meetings N]
//
// --meetings N first has the clerk schedule and post N meetings of the council (over the JSON
// API), so the body page, its feeds and the open-data API (/ocd/events) have a history to show.
//
// Without --port it starts its own collegiald on the demo seed (like chat_bench). Each
// connection keeps one request outstanding (keep-alive, no pipelining), as a browser does.
// --revalidate sends the ETag of the first answer in If-None-Match: what returning readers
// cost (304s). --save writes the first answer's body to FILE, for another server to serve.
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/server_child.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using collegial::bench::ServerChild;
using collegial::bench::ServerChildOptions;

struct Options {
  int connections = 64;
  double seconds = 5;
  std::string path = "/public/rec6-council";
  bool revalidate = false;
  std::string lang = "en";
  int port = 0;
  std::string save;
  std::string server = COLLEGIALD_PATH;
  int meetings = 0;
};

// One HTTP/1.1 answer read from a byte stream: status, headers' end, Content-Length.
struct Answer {
  int status = 0;
  std::string etag;
  std::string body;
};

// The length of one whole answer at the front of `in` (or 0 if it has not all arrived yet).
std::size_t whole_answer(const std::string& in, Answer* out) {
  const auto end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  std::size_t length = 0;
  std::string etag;
  std::size_t at = in.find("\r\n") + 2;
  while (at < end) {
    const auto eol = in.find("\r\n", at);
    const std::string line = in.substr(at, eol - at);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (name == "content-length") length = std::stoul(value);
      if (name == "etag") etag = value;
    }
    at = eol + 2;
  }
  if (in.size() < end + 4 + length) return 0;
  if (out) {
    out->status = std::atoi(in.c_str() + 9);  // "HTTP/1.1 200"
    out->etag = etag;
    out->body = in.substr(end + 4, length);
  }
  return end + 4 + length;
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error("connect: " + std::string(std::strerror(errno)));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void write_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send: " + std::string(std::strerror(errno)));
    sent += static_cast<std::size_t>(n);
  }
}

// One request answered on a fresh connection: the page as a first reader gets it.
Answer fetch_once(int port, const std::string& request) {
  const int fd = connect_to(port);
  write_all(fd, request);
  std::string in;
  char buffer[65536];
  Answer a;
  while (whole_answer(in, &a) == 0) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) throw std::runtime_error("the server closed before answering");
    in.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return a;
}

// POST `body` (JSON) to `path` with an optional Bearer token; the answer.
Answer post(int port, const std::string& path, const std::string& body, const std::string& token = "") {
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return fetch_once(port, request);
}

// The clerk schedules and posts `n` regular meetings of the council, one a day from 4 January
// 2027 at 10:00 (meetings 1 to n of a fresh database).
void seed_meetings(int port, int n) {
  const Answer login = post(port, "/api/login", R"({"email":"clerk@rec6.example","password":"demo-clerk-2026"})");
  const auto at = login.body.find("\"token\":\"");
  if (login.status != 200 || at == std::string::npos) throw std::runtime_error("the clerk could not log in: " + login.body);
  const std::string token = login.body.substr(at + 9, login.body.find('"', at + 9) - at - 9);
  for (int i = 0; i < n; ++i) {
    char starts[32];
    std::snprintf(starts, sizeof starts, "%04d-%02d-%02dT10:00", 2027 + i / 336, 1 + (i / 28) % 12, 4 + i % 24);
    const std::string act = "/api/rooms/rec6-council/act";
    const Answer scheduled = post(port, act, std::string(R"({"op":"notice.schedule","args":{"kind":"regular","starts":")") +
                                                 starts + R"(","place":"REC 6 office, Portales"}})", token);
    const Answer posted = post(port, act, R"({"op":"notice.post","args":{"meeting":)" + std::to_string(i + 1) + "}}", token);
    if (scheduled.status != 200 || posted.status != 200) {
      throw std::runtime_error("meeting " + std::to_string(i + 1) + " could not be noticed: " + scheduled.body + posted.body);
    }
  }
}

struct Connection {
  int fd = -1;
  std::string in;
  Clock::time_point sent;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

int run(const Options& o) {
  std::optional<ServerChild> server;
  std::filesystem::path dir;
  int port = o.port;
  if (port == 0) {
    collegial::bench::raise_open_file_limit();
    dir = std::filesystem::temp_directory_path() / ("pages_bench." + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    server.emplace(ServerChildOptions{.server_path = o.server,
                                      .dir = dir,
                                      .seed = COLLEGIAL_SOURCE_DIR "/db/seed/demo.json"});
    port = server->port();
  }
  if (o.meetings > 0) seed_meetings(port, o.meetings);
  const std::string base = "GET " + o.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nAccept-Language: " +
                           o.lang + "\r\n";
  const Answer first = fetch_once(port, base + "\r\n");
  if (first.status != 200) throw std::runtime_error("the page answered " + std::to_string(first.status));
  if (!o.save.empty()) std::ofstream(o.save, std::ios::binary) << first.body;
  if (o.revalidate && first.etag.empty()) throw std::runtime_error("the page has no ETag to revalidate with");
  const std::string request = base + (o.revalidate ? "If-None-Match: " + first.etag + "\r\n" : "") + "\r\n";

  const int epoll = ::epoll_create1(0);
  std::vector<Connection> conns(static_cast<std::size_t>(o.connections));
  for (std::size_t i = 0; i < conns.size(); ++i) {
    conns[i].fd = connect_to(port);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, conns[i].fd, &ev);
  }
  std::map<int, std::uint64_t> statuses;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(1 << 20);
  std::uint64_t bytes = 0;
  const double cpu_before = collegial::bench::own_cpu_seconds();
  const auto server_before = server ? server->cpu_seconds() : ServerChild::CpuTimes{};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  for (auto& c : conns) {
    c.sent = Clock::now();
    write_all(c.fd, request);
  }
  std::vector<epoll_event> events(conns.size());
  char buffer[65536];
  std::size_t open = conns.size();
  while (open > 0) {
    const int n = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 1000);
    for (int k = 0; k < n; ++k) {
      Connection& c = conns[events[static_cast<std::size_t>(k)].data.u64];
      const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (got <= 0) throw std::runtime_error("the server closed a connection");
      c.in.append(buffer, static_cast<std::size_t>(got));
      Answer a;
      const std::size_t used = whole_answer(c.in, &a);
      if (used == 0) continue;
      const auto now = Clock::now();
      latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - c.sent).count());
      ++statuses[a.status];
      bytes += used;
      c.in.erase(0, used);
      if (now >= deadline) {
        ::close(c.fd);
        c.fd = -1;
        --open;
        continue;
      }
      c.sent = now;
      write_all(c.fd, request);
    }
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = collegial::bench::own_cpu_seconds() - cpu_before;
  std::uint64_t answered = 0;
  for (const auto& [status, count] : statuses) answered += count;
  std::printf("path %s lang %s connections %d revalidate %s meetings %d page_bytes %zu\n", o.path.c_str(), o.lang.c_str(),
              o.connections, o.revalidate ? "yes" : "no", o.meetings, first.body.size());
  for (const auto& [status, count] : statuses) std::printf("status %d: %llu\n", status, static_cast<unsigned long long>(count));
  std::printf("requests/s %.0f  MB/s %.1f  latency ms p50 %.2f p99 %.2f  bench cpu %.0f%%", answered / elapsed,
              static_cast<double>(bytes) / elapsed / 1e6, percentile(latencies_ms, 0.5), percentile(latencies_ms, 0.99),
              100 * cpu / elapsed);
  if (server) std::printf("  server cpu %.0f%%", 100 * (server->cpu_seconds().total() - server_before.total()) / elapsed);
  std::printf("\n");
  if (server) {
    server->terminate();
    server.reset();
    std::filesystem::remove_all(dir);
  }
  return statuses.size() == 1 && (statuses.count(200) || statuses.count(304)) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"pages_bench: public pages under a crowd"};
  app.add_option("--connections", o.connections, "concurrent keep-alive connections")->check(CLI::Range(1, 10000));
  app.add_option("--seconds", o.seconds, "how long to measure")->check(CLI::Range(0.1, 3600.0));
  app.add_option("--path", o.path, "the page to ask for");
  app.add_flag("--revalidate", o.revalidate, "send If-None-Match with the first answer's ETag (304s)");
  app.add_option("--lang", o.lang, "Accept-Language");
  app.add_option("--port", o.port, "a server already listening on 127.0.0.1 (default: start collegiald)");
  app.add_option("--save", o.save, "write the first answer's body to this file");
  app.add_option("--server", o.server, "the collegiald binary");
  app.add_option("--meetings", o.meetings, "first schedule and post this many meetings of the council")
      ->check(CLI::Range(0, 100000));
  CLI11_PARSE(app, argc, argv);
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pages_bench: %s\n", e.what());
    return 2;
  }
}
