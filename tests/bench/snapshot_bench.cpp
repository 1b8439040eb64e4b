// snapshot_bench: what loading a room costs as its log grows (docs/performance.md, "Snapshots";
// issue #18 §1). A council room of the demo seed is given N events of chat (written straight
// into the log, sealed as the server seals them), then collegiald is started on it three times:
//
//   replay     --snapshot-every 0: the room replays its whole log (the old way)
//   first      with snapshots: it replays, then stores a snapshot at once (the first start after
//              an upgrade)
//   snapshot   again: it loads the snapshot and the events after it
//
// Each start reports the time from spawning the server to its listening port ("ready"), and
// to the answer of a public client's first hello + join of the room ("first join"): the room
// loads on the first join that needs it, so that is when the log or the snapshot is read.
//
//   snapshot_bench [--events 10000,100000,1000000] [--snapshot-every 2000]
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "bench/server_child.hpp"
#include "record/chain.hpp"
#include "store/event_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using collegial::bench::ServerChild;
using collegial::bench::ServerChildOptions;

constexpr const char* kRoom = "rec6-council";

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// `n` chat messages appended to the room's log, sealed as the server seals events.
void fill(const std::filesystem::path& db, std::int64_t n) {
  collegial::Status status;
  auto store = collegial::store::EventStore::open({.path = db.string(), .durability = collegial::store::Durability::normal}, status);
  if (!store) throw std::runtime_error("cannot open the bench's database: " + status.to_string());
  auto room = store->find_room(kRoom);
  if (!room) throw std::runtime_error("the demo seed has no room rec6-council");
  std::int64_t seq = room->head_seq;
  std::string prev = room->head_hash;
  std::int64_t ts = 1'795'000'000'000;
  std::promise<void> failed;
  while (seq - room->head_seq < n) {
    collegial::store::AppendRequest request;
    request.room_id = room->id;
    for (int i = 0; i < 2000 && seq - room->head_seq < n; ++i) {
      collegial::record::Event e;
      e.room = kRoom;
      e.seq = ++seq;
      e.ts_ms = (ts += 1500);
      e.actor = "person:" + std::to_string(2 + seq % 8);
      e.type = "chat.message";
      e.body = nlohmann::json{{"name", "Member " + std::to_string(2 + seq % 8)},
                              {"text", "Comment " + std::to_string(seq) + " on the item before the council."}}
                   .dump();
      e.prev_hash = prev;
      collegial::record::seal(e);
      prev = e.hash;
      request.events.push_back(std::move(e));
    }
    request.on_done = [](const collegial::Status& s) {
      if (!s) std::fprintf(stderr, "snapshot_bench: an append failed: %s\n", s.to_string().c_str());
    };
    store->append(std::move(request));
  }
  store->drain();
}

int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error("cannot connect to the server");
  }
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  for (std::size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("the server closed the connection");
    sent += static_cast<std::size_t>(n);
  }
}

// A client's text frame (masked, as RFC 6455 requires of clients; the mask is zero).
std::string text_frame(const std::string& text) {
  std::string f;
  f += static_cast<char>(0x81);
  if (text.size() < 126) {
    f += static_cast<char>(0x80 | text.size());
  } else {
    f += static_cast<char>(0x80 | 126);
    f += static_cast<char>((text.size() >> 8) & 0xff);
    f += static_cast<char>(text.size() & 0xff);
  }
  f.append(4, '\0');
  return f + text;
}

// A public client's hello and join of the room on a plain WebSocket; returns the join's ack and
// the size of the message it came in.
std::string hello_and_join(std::uint16_t port, bool with_views) {
  const int fd = connect_to(port);
  send_all(fd, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: c25hcHNob3QtYmVuY2gtMQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  send_all(fd, text_frame(R"({"id":1,"type":"hello","protocol":1})"));
  send_all(fd, text_frame(std::string(R"({"id":2,"type":"join","room":")") + kRoom + "\"" +
                          (with_views ? R"(,"views":true})" : "}")));
  std::string in;
  char buffer[1 << 16];
  bool upgraded = false;
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) throw std::runtime_error("the server closed before answering the join");
    in.append(buffer, static_cast<std::size_t>(n));
    if (!upgraded) {
      const auto end = in.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      in.erase(0, end + 4);
      upgraded = true;
    }
    // Server frames are unmasked: opcode byte, length (7, 16 or 64 bits), payload.
    while (in.size() >= 2) {
      std::size_t length = static_cast<unsigned char>(in[1]) & 0x7f, header = 2;
      if (length == 126) {
        if (in.size() < 4) break;
        length = (static_cast<unsigned char>(in[2]) << 8) | static_cast<unsigned char>(in[3]);
        header = 4;
      } else if (length == 127) {
        if (in.size() < 10) break;
        length = 0;
        for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<unsigned char>(in[i]);
        header = 10;
      }
      if (in.size() < header + length) break;
      const std::string payload = in.substr(header, length);
      in.erase(0, header + length);
      if (payload.find("\"id\":2") != std::string::npos) {
        ::close(fd);
        return payload;
      }
    }
  }
}

struct Start {
  double ready_ms = 0, join_ms = 0, join_views_ms = 0;
  std::size_t views_bytes = 0;
  long rss_kib = 0;
};

// When the last log was filled: a start that filled its log first is timed from there.
Clock::time_point g_filled{};

Start start(ServerChildOptions options) {
  const auto called = Clock::now();
  ServerChild server(std::move(options));
  const auto t = std::max(called, g_filled);
  Start s;
  s.ready_ms = ms_since(t);
  const std::string ack = hello_and_join(server.port(), false);
  s.join_ms = ms_since(t);
  if (ack.find("\"ack\"") == std::string::npos) throw std::runtime_error("the join was refused: " + ack);
  const auto v = Clock::now();
  s.views_bytes = hello_and_join(server.port(), true).size();
  s.join_views_ms = ms_since(v);
  s.rss_kib = server.rss_kib();
  server.terminate();
  while (!server.try_wait()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return s;
}

std::int64_t snapshot_bytes(const std::filesystem::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT COALESCE(MAX(LENGTH(state)), 0) FROM room_snapshots");
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace

int main(int argc, char** argv) {
  std::string events = "10000,100000,1000000";
  std::int64_t every = 2000;
  std::string server_path = COLLEGIALD_PATH;
  CLI::App app{"snapshot_bench: loading a room as its log grows"};
  app.add_option("--events", events, "comma-separated sizes of the room's log");
  app.add_option("--snapshot-every", every, "the server's --snapshot-every");
  app.add_option("--server", server_path, "the collegiald binary");
  CLI11_PARSE(app, argc, argv);
  std::printf("%10s  %-9s %9s %12s %16s %12s %10s\n", "events", "start", "ready ms", "first join ms",
              "join+views ms", "views bytes", "RSS MiB");
  try {
    std::stringstream list(events);
    for (std::string item; std::getline(list, item, ',');) {
      const std::int64_t n = std::stoll(item);
      const auto dir = std::filesystem::temp_directory_path() / ("snapshot_bench." + std::to_string(::getpid()));
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      ServerChildOptions base{.server_path = server_path, .dir = dir, .seed = COLLEGIAL_SOURCE_DIR "/db/seed/demo.json"};
      const auto fill_start = Clock::now();
      base.before_start = [n](const std::filesystem::path& db) {
        fill(db, n);
        g_filled = Clock::now();
      };
      auto replay = base;
      replay.extra_args = {"--snapshot-every", "0"};
      const Start r = start(replay);
      std::fprintf(stderr, "(%lld events written and replayed in %.1f s)\n", static_cast<long long>(n),
                   ms_since(fill_start) / 1000);
      auto snapshots = base;
      snapshots.extra_args = {"--snapshot-every", std::to_string(every)};
      const Start first = start(snapshots);
      const Start again = start(snapshots);
      const auto report = [n](const char* what, const Start& s) {
        std::printf("%10lld  %-9s %9.0f %12.0f %16.1f %12zu %10.1f\n", static_cast<long long>(n), what, s.ready_ms,
                    s.join_ms, s.join_views_ms, s.views_bytes, static_cast<double>(s.rss_kib) / 1024);
      };
      report("replay", r);
      report("first", first);
      report("snapshot", again);
      std::printf("%10lld  snapshot of %lld bytes; database %.1f MiB\n", static_cast<long long>(n),
                  static_cast<long long>(snapshot_bytes(dir / "bench.db")),
                  static_cast<double>(std::filesystem::file_size(dir / "bench.db")) / (1 << 20));
      std::fflush(stdout);
      std::filesystem::remove_all(dir);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "snapshot_bench: %s\n", e.what());
    return 2;
  }
  return 0;
}
