// chat_bench: a load generator for collegiald. It starts its own server on a fresh database,
// connects WebSocket clients over loopback, drives one room, and prints what it measured.
//
//   --mode flat  subscribers listen while senders keep a window of says outstanding: throughput
//   --mode rate  senders say at a fixed total rate: end-to-end latency under a known load
//   --mode idle  connections say hello, join and stay silent: server memory per connection
//   --mode vote  nine council members vote on a motion at a fixed rate while subscribers
//                watch: time from a cast vote to the updated tally at every observer
//   --tls        the server terminates TLS (a certificate the bench makes) and every client
//                speaks wss and https: the figures beside the plain ones show what encryption
//                costs (an event's arrival is then when it was decrypted, not the kernel's time)
//   --nodes N    N collegiald nodes on one PostgreSQL and one nats-server, both started by the
//                bench (issue #18 §4): observers spread round the nodes, voters on the nodes
//                that do not decide the room, so each vote is forwarded and each tally fanned
//                out by every node
//
// Every chat text carries its send time (ns, the system clock), so a subscriber knows the latency
// of each event it receives; sender and subscribers live in this one process, on one clock. An
// event's latency is taken twice: to its arrival at the subscriber's socket (the kernel's receive
// time, SO_TIMESTAMPNS, on the same clock) and to the moment the bench's thread reads it.
// Output: `key: value` lines, then one `summary:` line. See docs/performance.md.
#include <CLI/CLI.hpp>
#include <sys/socket.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/frames.hpp"
#include "bench/server_frames.hpp"
#include "bench/server_child.hpp"
#include "support/demo_council.hpp"
#include "support/nats_server.hpp"
#include "support/postgres_server.hpp"
#include "net/streams.hpp"

namespace collegial::bench {
namespace {

namespace asio = collegial::net::asio;
namespace beast = collegial::net::beast;
namespace websocket = collegial::net::websocket;
using tcp = collegial::net::tcp;
using Clock = std::chrono::steady_clock;  // pacing and timers

constexpr const char* kRoom = "rec6-council";  // a public council room of the demo seed

// Send and arrival times: the system clock, which the kernel stamps received bytes with
// (SO_TIMESTAMPNS).
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::uint32_t to_us(std::int64_t ns) {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(ns / 1000, 0, UINT32_MAX));
}

std::chrono::nanoseconds seconds_ns(double s) {
  return std::chrono::nanoseconds(static_cast<std::int64_t>(s * 1e9));
}

struct Options {
  std::string mode = "flat";
  std::string server = COLLEGIALD_PATH;
  std::string durability = "full";
  unsigned server_threads = 0;
  unsigned threads = 1;
  int subscribers = 1000;
  int senders = 4;
  int window = 16;
  double rate = 100;
  int connections = 10000;
  double seconds = 10;
  double warmup = 2;
  double settle = 2;
  std::size_t message_bytes = 100;
  int connect_concurrency = 100;
  std::string tmp_dir = std::filesystem::temp_directory_path().string();
  bool keep = false;
  int nodes = 1;
  bool tls = false;
};

// --tls: the clients' TLS context. It trusts any certificate: the server's is the bench's own,
// made for this run. Null: plain connections.
asio::ssl::context* g_tls = nullptr;
using TlsSocket = websocket::stream<beast::ssl_stream<tcp::socket>>;

// The run's phases. Clients record counts and latencies only while the phase is `measure`, so
// warm-up and the drain at the end stay out of the figures.
enum class Phase { setup, warmup, measure, drain, shutdown };

// What every client can see: the phase, and the says sent but not yet answered (the drain waits
// for it to reach zero).
struct RunState {
  std::atomic<Phase> phase{Phase::setup};
  std::atomic<std::int64_t> outstanding{0};
  // Vote mode: when vote k was sent (ns; 0 = not yet). Votes go one at a time, so the k-th
  // motions.tally event every observer receives answers vote k.
  std::vector<std::atomic<std::int64_t>>* vote_sent = nullptr;
};

// One client's counters. Touched only by the client's handlers (on its strand); the coordinator
// reads them after the io_context has stopped.
struct ClientStats {
  std::uint64_t events = 0;               // bench chat events received while measuring
  std::vector<std::uint32_t> latency_us;       // send -> arrival at the socket, one per event
  std::vector<std::uint32_t> read_latency_us;  // send -> read by the bench, one per event
  std::uint64_t acks = 0;                 // say acks received while measuring (senders)
  std::vector<std::uint32_t> ack_latency_us;
  std::uint64_t says_sent = 0;            // while measuring
  std::uint64_t sends_skipped = 0;        // rate mode: window full when a say was due
  std::uint64_t errors = 0;
  std::string first_error;
  bool lost = false;   // the connection ended before the bench shut the server down
  int close_code = 0;  // the server's close code, when it closed the WebSocket
};

// ---------------------------------------------------------------------------------------------
// Client: one WebSocket connection. Connects, sends hello and join back to back, reports ready
// when the join is acknowledged, then reads until the connection ends. On its own strand, so
// the bench may run the io_context on several threads.
class Client : public std::enable_shared_from_this<Client> {
 public:
  using ReadyHandler = std::function<void(bool ok, const std::string& error)>;

  // `token` empty: the client is the public, which may listen but not speak.
  Client(asio::io_context& ioc, RunState& run, std::string token)
      : run_(run), ws_(asio::make_strand(ioc)), token_(std::move(token)) {
    if (g_tls) tls_ = std::make_unique<TlsSocket>(ws_.get_executor(), *g_tls);
  }
  virtual ~Client() = default;

  void start(const tcp::endpoint& endpoint, ReadyHandler on_ready) {
    on_ready_ = std::move(on_ready);
    if (tls_) {
      beast::get_lowest_layer(*tls_).async_connect(
          endpoint, beast::bind_front_handler(&Client::on_tls_connect, shared_from_this(), endpoint.port()));
      return;
    }
    ws_.next_layer().async_connect(
        endpoint, beast::bind_front_handler(&Client::on_connect, shared_from_this(),
                                            endpoint.port()));
  }

  asio::any_io_executor executor() { return ws_.get_executor(); }
  const ClientStats& stats() const { return stats_; }

 protected:
  // Queues one text frame; frames go out one at a time, in order.
  void send(std::string frame) {
    out_.push_back(std::move(frame));
    if (!writing_) do_write();
  }

  void note_error(const std::string& what) {
    if (stats_.errors++ == 0) stats_.first_error = what;
  }

  bool measuring() const { return run_.phase.load(std::memory_order_relaxed) == Phase::measure; }

  // A reply (ack or error) to a request other than the hello and the join.
  virtual void on_reply(const nlohmann::json& /*message*/, std::int64_t /*now*/) {}

  RunState& run_;
  ClientStats stats_;

 private:
  void on_connect(std::uint16_t port, beast::error_code ec) {
    if (ec) return ready(false, "connect: " + ec.message());
    // Small frames both ways: without TCP_NODELAY, Nagle would add delay to every ack.
    ws_.next_layer().set_option(tcp::no_delay(true), ec);
    // The kernel's receive time of every read (see server_frames.hpp).
    const int on = 1;
    if (::setsockopt(ws_.next_layer().native_handle(), SOL_SOCKET, SO_TIMESTAMPNS, &on,
                     sizeof on) != 0) {
      return ready(false, std::string("SO_TIMESTAMPNS: ") + std::strerror(errno));
    }
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.read_message_max(64 * 1024 * 1024);  // the server batches up to 256 KiB per frame
    ws_.async_handshake("127.0.0.1:" + std::to_string(port), "/ws",
                        beast::bind_front_handler(&Client::on_handshake, shared_from_this()));
  }

  // --tls: TCP, then TLS, then the WebSocket handshake; then Beast reads the frames (the bytes
  // on the socket are encrypted, so the kernel's receive time is not a message's).
  void on_tls_connect(std::uint16_t port, beast::error_code ec) {
    if (ec) return ready(false, "connect: " + ec.message());
    beast::get_lowest_layer(*tls_).set_option(tcp::no_delay(true), ec);
    tls_->next_layer().async_handshake(
        asio::ssl::stream_base::client,
        [self = shared_from_this(), port](beast::error_code e) { self->on_tls_handshake(port, e); });
  }

  void on_tls_handshake(std::uint16_t port, beast::error_code ec) {
    if (ec) return ready(false, "TLS handshake: " + ec.message());
    tls_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    tls_->read_message_max(64 * 1024 * 1024);
    tls_->async_handshake("127.0.0.1:" + std::to_string(port), "/ws",
                          beast::bind_front_handler(&Client::on_handshake, shared_from_this()));
  }

  void tls_read() {
    tls_->async_read(tls_in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec == websocket::error::closed) return self->connection_ended(self->tls_->reason().code, "closed by the server");
      if (ec) return self->connection_ended(1006, "read: " + ec.message());
      const std::int64_t now = now_ns();
      const std::string frame = beast::buffers_to_string(self->tls_in_.data());
      self->tls_in_.consume(self->tls_in_.size());
      self->on_frame(frame, now, now);
      self->tls_read();
    });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return ready(false, "handshake: " + ec.message());
    if (tls_) {
      tls_read();
    } else {
      do_read();
    }
    // Pipelined: the server answers a connection's requests in order.
    send(token_.empty() ? std::string(R"({"id":1,"type":"hello","protocol":1})")
                        : R"({"id":1,"type":"hello","protocol":1,"token":")" + token_ + "\"}");
    send(std::string(R"({"id":2,"type":"join","room":")") + kRoom + "\"}");
  }

  // The socket is read directly (see server_frames.hpp): wait until it is readable, then take
  // everything it holds with its kernel receive time.
  void do_read() {
    ws_.next_layer().async_wait(
        tcp::socket::wait_read,
        beast::bind_front_handler(&Client::on_readable, shared_from_this()));
  }

  void on_readable(beast::error_code ec) {
    if (ec) return connection_ended(1006, "read: " + ec.message());
    const int fd = ws_.next_layer().native_handle();
    for (;;) {
      char data[64 * 1024];
      alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
      iovec piece{data, sizeof data};
      msghdr message{};
      message.msg_iov = &piece;
      message.msg_iovlen = 1;
      message.msg_control = control;
      message.msg_controllen = sizeof control;
      const ssize_t n = ::recvmsg(fd, &message, MSG_DONTWAIT);
      if (n == 0) return connection_ended(1006, "read: end of stream");
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return connection_ended(1006, std::string("read: ") + std::strerror(errno));
      }
      const std::int64_t read_ns = now_ns();
      std::int64_t arrival_ns = read_ns;
      for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
          timespec ts;
          std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
          arrival_ns = std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
        }
      }
      frames_.append(data, static_cast<std::size_t>(n));
      int close_code = 0;
      const bool ok = frames_.drain([&](FrameKind kind, std::string_view payload) {
        switch (kind) {
          case FrameKind::text:
            on_frame(payload, arrival_ns, read_ns);
            break;
          case FrameKind::ping:
            ws_.async_pong(websocket::ping_data(payload.data(), payload.size()),
                           [](beast::error_code) {});
            break;
          case FrameKind::close:
            close_code = payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8) |
                                                   static_cast<unsigned char>(payload[1])
                                             : 1005;
            break;
          default:
            break;
        }
      });
      if (!ok) return connection_ended(1002, "read: a frame no server sends");
      if (close_code != 0) {
        // Answer the close. Beast, which did not see the server's close frame, then reads until
        // the server hangs up; closing the socket after that lets the server's teardown end.
        ws_.async_close(websocket::close_code::normal,
                        [self = shared_from_this()](beast::error_code) {
                          beast::error_code ignored;
                          self->ws_.next_layer().close(ignored);
                        });
        return connection_ended(close_code, "closed by the server");
      }
    }
    do_read();
  }

  void connection_ended(int close_code, const std::string& why) {
    if (!ready_reported_) return ready(false, why);
    if (run_.phase.load() != Phase::shutdown) {
      stats_.lost = true;
      stats_.close_code = close_code;
    }
  }

  void on_frame(std::string_view frame, std::int64_t arrival_ns, std::int64_t read_ns) {
    const bool measure = measuring();
    const bool ok = for_each_message(frame, [&](std::string_view message) {
      std::int64_t sent = 0;
      if (bench_event_send_ns(message, sent)) {
        if (measure) record(sent, arrival_ns, read_ns);
        return;
      }
      // Vote mode: a tally is recognised by its prefix (the server writes "type" first), so
      // the bench's own JSON parsing does not stand between arrival and the timestamp of the
      // next observer.
      if (run_.vote_sent && message.starts_with(R"({"type":"motions.tally")")) {
        return count_tally(arrival_ns, read_ns);
      }
      // Only answers (acks, errors) concern a client; other events are skipped unparsed, for
      // the same reason as above.
      if (!message.starts_with(R"({"type":"ack")") && !message.starts_with(R"({"type":"error")")) {
        return;
      }
      on_message(nlohmann::json::parse(message, nullptr, false), read_ns, message);
    });
    if (!ok) note_error("unreadable frame: " + std::string(frame.substr(0, 120)));
  }

  void record(std::int64_t sent, std::int64_t arrival_ns, std::int64_t read_ns) {
    ++stats_.events;
    stats_.latency_us.push_back(to_us(arrival_ns - sent));
    stats_.read_latency_us.push_back(to_us(read_ns - sent));
  }

  void on_message(const nlohmann::json& m, std::int64_t now, std::string_view text) {
    if (m.is_discarded() || !m.is_object()) return note_error("bad JSON: " + std::string(text));
    const auto type = m.value("type", std::string());
    if (type != "ack" && type != "error") return;  // an event from someone else: not ours
    const auto id = m.value("id", std::int64_t{0});
    if (id == 1 || id == 2) {
      if (type == "error") return ready(false, std::string(text));
      if (id == 2) ready(true, {});
      return;
    }
    on_reply(m, now);
  }

  // The k-th tally answers the k-th vote (votes go one at a time).
  void count_tally(std::int64_t arrival_ns, std::int64_t read_ns) {
    const std::size_t k = tallies_seen_++;
    if (k >= run_.vote_sent->size() || !measuring()) return;
    const std::int64_t sent = (*run_.vote_sent)[k].load(std::memory_order_relaxed);
    if (sent == 0) return;
    record(sent, arrival_ns, read_ns);
  }

  void do_write() {
    writing_ = true;
    if (tls_) {
      tls_->text(true);
      tls_->async_write(asio::buffer(out_.front()), beast::bind_front_handler(&Client::on_write, shared_from_this()));
      return;
    }
    ws_.text(true);
    ws_.async_write(asio::buffer(out_.front()),
                    beast::bind_front_handler(&Client::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) return;  // the read side sees the same failure and records it
    out_.pop_front();
    if (!out_.empty()) do_write();
  }

  void ready(bool ok, const std::string& error) {
    if (ready_reported_) return;
    ready_reported_ = true;
    if (on_ready_) on_ready_(ok, error);
    on_ready_ = nullptr;
  }

  websocket::stream<tcp::socket> ws_;
  std::unique_ptr<TlsSocket> tls_;  // --tls: this connection instead of ws_
  beast::flat_buffer tls_in_;
  ServerFrames frames_;
  std::size_t tallies_seen_ = 0;  // vote mode
  std::deque<std::string> out_;
  bool writing_ = false;
  std::string token_;
  ReadyHandler on_ready_;
  bool ready_reported_ = false;
};

// ---------------------------------------------------------------------------------------------
// Sender: a client that says. Flat: keeps `window` says outstanding, sending one per answer.
// Paced: one say per `interval`, skipping (and counting) a slot when the window is full.
struct SenderPlan {
  bool paced = false;
  int window = 16;
  std::chrono::nanoseconds interval{0};  // paced only
  std::chrono::nanoseconds offset{0};    // paced only: spreads senders over the interval
  std::size_t message_bytes = 100;
};

class Sender final : public Client {
 public:
  Sender(asio::io_context& ioc, RunState& run, std::string token, SenderPlan plan)
      : Client(ioc, run, std::move(token)), plan_(plan), timer_(executor()) {}

  // Starts saying. Call on the sender's executor, once it is ready.
  void begin() {
    if (!plan_.paced) {
      for (int i = 0; i < plan_.window; ++i) say();
      return;
    }
    next_due_ = Clock::now() + plan_.offset;
    schedule();
  }

 private:
  bool sending() const { return run_.phase.load(std::memory_order_relaxed) < Phase::drain; }

  void say() {
    const std::int64_t id = next_id_++;
    const std::int64_t sent = now_ns();
    in_flight_.push_back({id, sent});
    run_.outstanding.fetch_add(1, std::memory_order_relaxed);
    if (measuring()) ++stats_.says_sent;
    send(R"({"id":)" + std::to_string(id) + R"(,"type":"say","room":")" + kRoom +
         R"(","text":")" + make_chat_text(sent, plan_.message_bytes) + "\"}");
  }

  void schedule() {
    timer_.expires_at(next_due_);
    timer_.async_wait([self = std::static_pointer_cast<Sender>(shared_from_this())](
                          beast::error_code ec) {
      if (!ec) self->on_tick();
    });
  }

  void on_tick() {
    if (!sending()) return;
    // Catch up on every slot that came due (a late timer must not lower the offered rate).
    while (next_due_ <= Clock::now()) {
      if (static_cast<int>(in_flight_.size()) < plan_.window) {
        say();
      } else if (measuring()) {
        ++stats_.sends_skipped;
      }
      next_due_ += plan_.interval;
    }
    schedule();
  }

  void on_reply(const nlohmann::json& m, std::int64_t now) override {
    const auto id = m.value("id", std::int64_t{0});
    // Answers come in request order: the room commits one connection's says in order.
    if (in_flight_.empty() || in_flight_.front().first != id) {
      return note_error("answer to an unexpected id: " + m.dump());
    }
    const std::int64_t sent = in_flight_.front().second;
    in_flight_.pop_front();
    run_.outstanding.fetch_sub(1, std::memory_order_relaxed);
    if (m.value("type", std::string()) == "error") {
      note_error(m.dump());
    } else if (measuring()) {
      ++stats_.acks;
      stats_.ack_latency_us.push_back(to_us(now - sent));
    }
    if (!plan_.paced && sending()) say();
  }

  SenderPlan plan_;
  asio::steady_timer timer_;
  Clock::time_point next_due_;
  std::int64_t next_id_ = 3;  // 1 and 2 are the hello and the join
  std::deque<std::pair<std::int64_t, std::int64_t>> in_flight_;  // (id, send time ns)
};

// ---------------------------------------------------------------------------------------------
// Voter: a council member who acts (present, move, state, vote…) one request at a time.
class Voter final : public Client {
 public:
  using Done = std::function<void(bool ok, const nlohmann::json& reply)>;
  Voter(asio::io_context& ioc, RunState& run, std::string token)
      : Client(ioc, run, std::move(token)) {}

  // Sends the plugin operation `op`; `done` runs on this voter's strand with its answer.
  void act(const std::string& op, nlohmann::json args, Done done) {
    const std::int64_t id = next_id_++;
    pending_.emplace(id, std::move(done));
    send(nlohmann::json{{"id", id}, {"type", "act"}, {"room", kRoom}, {"op", op}, {"args", args}}
             .dump());
  }

 private:
  void on_reply(const nlohmann::json& m, std::int64_t) override {
    const auto it = pending_.find(m.value("id", std::int64_t{0}));
    if (it == pending_.end()) return note_error("answer to an unexpected id: " + m.dump());
    Done done = std::move(it->second);
    pending_.erase(it);
    const bool ok = m.value("type", std::string()) == "ack";
    if (!ok) note_error(m.dump());
    done(ok, m);
  }

  std::int64_t next_id_ = 3;  // 1 and 2 are the hello and the join
  std::map<std::int64_t, Done> pending_;
};

// The demo council's voting members (db/seed/demo.json); the first is the chair.
const auto& kCouncil = collegial::test::kDemoCouncil;

// POST /api/login, synchronously (before the run starts); throws when it fails.
std::string login(std::uint16_t port, const std::string& email, const std::string& password) {
  namespace http = collegial::net::http;
  asio::io_context ioc;
  http::request<http::string_body> req{http::verb::post, "/api/login", 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = nlohmann::json{{"email", email}, {"password", password}}.dump();
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  if (g_tls) {
    beast::ssl_stream<beast::tcp_stream> stream(ioc, *g_tls);
    beast::get_lowest_layer(stream).connect(server);
    stream.handshake(asio::ssl::stream_base::client);
    http::write(stream, req);
    http::read(stream, buffer, res);
  } else {
    beast::tcp_stream stream(ioc);
    stream.connect(server);
    http::write(stream, req);
    http::read(stream, buffer, res);
  }
  if (res.result_int() != 200) throw std::runtime_error("login " + email + ": " + res.body());
  return nlohmann::json::parse(res.body())["token"];
}

// ---------------------------------------------------------------------------------------------
// Percentiles of a latency sample, in milliseconds.
struct Latency {
  std::size_t samples = 0;
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
};

Latency summarize(std::vector<std::uint32_t>& us) {
  Latency l;
  l.samples = us.size();
  if (us.empty()) return l;
  std::sort(us.begin(), us.end());
  const auto at = [&](double q) {
    return us[static_cast<std::size_t>(q * static_cast<double>(us.size() - 1))] / 1000.0;
  };
  l.p50 = at(0.50);
  l.p90 = at(0.90);
  l.p99 = at(0.99);
  l.p999 = at(0.999);
  l.max = us.back() / 1000.0;
  return l;
}

// ---------------------------------------------------------------------------------------------
// Bench: the coordinator. Starts the server, connects the clients a bounded number at a time
// (so the listen backlog never overflows), walks the phases on timers, stops the server and
// prints the report. Its own handlers run on one strand.
class Bench {
 public:
  explicit Bench(Options options) : options_(std::move(options)) {}

  int run() {
    const long fd_limit = raise_open_file_limit();
    const int clients = total_clients();
    if (clients + 64 > fd_limit) {
      std::cerr << "chat_bench: " << clients << " connections need more than the open-file limit "
                << fd_limit << "\n";
      return 2;
    }
    make_temp_dir();
    try {
      start_nodes();
    } catch (const std::exception& e) {
      std::cerr << "chat_bench: " << e.what() << "\n";
      remove_temp_dir();
      return 2;
    }
    // Let the server finish starting (its threads, the SQLite cache) before the baseline.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    rss_baseline_kib_ = rss_kib();
    for (const auto& node : nodes_) {
      std::cerr << "chat_bench: collegiald pid " << node->pid() << " on port " << node->port() << "\n";
    }
    std::cerr << "chat_bench: database in " << dir_ << "\n";

    create_clients();
    started_ = Clock::now();
    asio::post(strand_, [this] { connect_next(); });
    arm_watchdog();

    std::vector<std::thread> extra;
    for (unsigned i = 1; i < options_.threads; ++i) extra.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : extra) t.join();

    report();
    nodes_.clear();
    remove_temp_dir();
    return aborted_ ? 1 : 0;
  }

 private:
  // One node on a SQLite file in dir_; or --nodes on one PostgreSQL and one nats-server, each
  // node in a folder of its own, started one after another (the first seeds the store, and its
  // scheduler's first pass takes every room: it decides them all).
  void start_nodes() {
    const std::string seed = COLLEGIAL_SOURCE_DIR "/db/seed/demo.json";
    if (options_.nodes == 1) {
      std::vector<std::string> tls;
      if (options_.tls) {
        // A certificate for this run; the clients trust it without checking (g_tls).
        const auto cert = dir_ / "cert.pem", key = dir_ / "key.pem";
        const std::string make = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                                 "-subj /CN=localhost -keyout " + key.string() + " -out " + cert.string() +
                                 " 2>/dev/null";
        if (std::system(make.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
        tls = {"--tls-cert", cert.string(), "--tls-key", key.string()};
      }
      nodes_.push_back(std::make_unique<ServerChild>(ServerChildOptions{.server_path = options_.server,
                                                                        .dir = dir_,
                                                                        .durability = options_.durability,
                                                                        .threads = options_.server_threads,
                                                                        .seed = seed,
                                                                        .extra_args = tls}));
      return;
    }
    nats_ = std::make_unique<test::NatsServer>();
    const std::string store = "postgres:" + test::PostgresServer::shared().fresh_database();
    for (int i = 0; i < options_.nodes; ++i) {
      const std::string name = "node-" + std::string(1, static_cast<char>('a' + i));
      const auto dir = dir_ / name;
      std::filesystem::create_directories(dir);
      nodes_.push_back(std::make_unique<ServerChild>(ServerChildOptions{
          .server_path = options_.server,
          .dir = dir,
          .durability = options_.durability,
          .threads = options_.server_threads,
          .seed = seed,
          .extra_args = {"--bus", nats_->url(), "--node", name, "--checkpoint-key", (dir_ / "key.pem").string()},
          .store = store,
          .seeds = i == 0}));
    }
  }
  // The node a client connects to: observers round the nodes; voters and senders on the nodes
  // after the first (which decides the room), so that their commands are forwarded.
  std::uint16_t port_for_observer(int i) const { return nodes_[i % nodes_.size()]->port(); }
  std::uint16_t port_for_actor(int i) const {
    return nodes_.size() == 1 ? nodes_[0]->port() : nodes_[1 + i % (nodes_.size() - 1)]->port();
  }
  long rss_kib() const {
    long total = 0;
    for (const auto& node : nodes_) total += node->rss_kib();
    return total;
  }
  ServerChild::CpuTimes cpu_seconds() const {
    ServerChild::CpuTimes total;
    for (const auto& node : nodes_) {
      const auto t = node->cpu_seconds();
      total.user += t.user;
      total.system += t.system;
    }
    return total;
  }

  bool idle_mode() const { return options_.mode == "idle"; }
  bool vote_mode() const { return options_.mode == "vote"; }

  int total_clients() const {
    if (idle_mode()) return options_.connections;
    return options_.subscribers +
           (vote_mode() ? static_cast<int>(kCouncil.size()) : options_.senders);
  }

  void make_temp_dir() {
    std::string pattern = (std::filesystem::path(options_.tmp_dir) / "chat_bench.XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed in " + options_.tmp_dir);
    dir_ = pattern;
  }

  void remove_temp_dir() {
    std::error_code ec;
    if (options_.keep) {
      std::cerr << "chat_bench: kept " << dir_ << "\n";
    } else {
      std::filesystem::remove_all(dir_, ec);
    }
  }

  void create_clients() {
    const int listeners = idle_mode() ? options_.connections : options_.subscribers;
    for (int i = 0; i < listeners; ++i) {
      // Observers are the public: no token, listen only.
      subscribers_.push_back(std::make_shared<Client>(ioc_, state_, ""));
      clients_.push_back(subscribers_.back());
      client_ports_.push_back(port_for_observer(i));
    }
    if (idle_mode()) return;
    if (vote_mode()) {
      for (const auto& [email, password] : kCouncil) {
        const std::uint16_t port = port_for_actor(static_cast<int>(voters_.size()));
        voters_.push_back(std::make_shared<Voter>(ioc_, state_, login(port, email, password)));
        clients_.push_back(voters_.back());
        client_ports_.push_back(port);
      }
      state_.vote_sent = &vote_sent_;
      return;
    }
    const bool paced = options_.mode == "rate";
    for (int i = 0; i < options_.senders; ++i) {
      SenderPlan plan;
      plan.paced = paced;
      plan.window = options_.window;
      plan.message_bytes = options_.message_bytes;
      if (paced) {
        // Each sender says every senders/rate seconds; their phases are staggered by 1/rate,
        // so together they offer an even `rate` messages per second.
        plan.interval = seconds_ns(options_.senders / options_.rate);
        plan.offset = seconds_ns(i / options_.rate);
      }
      senders_.push_back(
          std::make_shared<Sender>(ioc_, state_, nodes_[0]->bot_token(), plan));
      clients_.push_back(senders_.back());
      client_ports_.push_back(port_for_actor(i));
    }
  }

  // ---- phase: setup -------------------------------------------------------------------------
  void connect_next() {
    while (launched_ < clients_.size() &&
           launched_ - finished_ < static_cast<std::size_t>(options_.connect_concurrency)) {
      const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), client_ports_[launched_]);
      clients_[launched_++]->start(endpoint, [this](bool ok, const std::string& error) {
        asio::post(strand_, [this, ok, error] { on_client_ready(ok, error); });
      });
    }
  }

  void on_client_ready(bool ok, const std::string& error) {
    ++finished_;
    if (!ok && failed_++ == 0) first_connect_error_ = error;
    if (finished_ % 1000 == 0) {
      std::cerr << "chat_bench: " << finished_ << "/" << clients_.size() << " connected\n";
    }
    if (finished_ < clients_.size()) return connect_next();
    connect_seconds_ = std::chrono::duration<double>(Clock::now() - started_).count();
    if (failed_ > 0) {
      std::cerr << "chat_bench: " << failed_ << " connection(s) failed; first: "
                << first_connect_error_ << "\n";
    }
    if (idle_mode()) {
      after(options_.settle, [this] { measure_idle(); });
    } else {
      start_load();
    }
  }

  // ---- phases: warm-up, measure, drain ------------------------------------------------------
  // ---- vote mode: the council arrives, a motion is put to the vote, votes at a fixed rate ----
  void start_votes() {
    // Each step waits for the one before: presence, the call to order, then the motion, stated,
    // vote opened.
    vote_steps_.clear();
    for (std::size_t i = 0; i < voters_.size(); ++i) {
      vote_steps_.push_back({i, "quorum.present", nlohmann::json::object()});
    }
    vote_steps_.push_back({0, "meeting.call_to_order", {{"despite_notice", true}}});  // B4, N9
    vote_steps_.push_back({2, "motions.move", {{"text", "Approve the vote benchmark"}}});
    vote_steps_.push_back({0, "motions.state", nlohmann::json::object()});
    vote_steps_.push_back({0, "motions.call_vote", nlohmann::json::object()});
    run_vote_step(0);
  }

  void run_vote_step(std::size_t i) {
    if (i == vote_steps_.size()) {
      state_.phase = Phase::warmup;
      vote_tick();
      after(options_.warmup, [this] { start_measuring(); });
      return;
    }
    const auto& step = vote_steps_[i];
    auto voter = voters_[step.voter];
    asio::post(voter->executor(), [this, voter, step, i] {
      voter->act(step.op, step.args, [this, i](bool ok, const nlohmann::json& reply) {
        asio::post(strand_, [this, i, ok, reply] {
          if (!ok) {
            std::cerr << "chat_bench: vote set-up failed: " << reply.dump() << "\n";
            aborted_ = true;
            return stop_server();
          }
          run_vote_step(i + 1);
        });
      });
    });
  }

  // One vote at a time, at --rate votes per second, round the council, aye and nay in turn.
  void vote_tick() {
    if (state_.phase.load() >= Phase::drain) return;
    if (!vote_in_flight_ && next_vote_ < vote_sent_.size()) {
      const std::size_t k = next_vote_++;
      vote_in_flight_ = true;
      state_.outstanding.fetch_add(1);
      auto voter = voters_[k % voters_.size()];
      const char* choice = (k / voters_.size()) % 2 == 0 ? "aye" : "nay";
      vote_sent_[k].store(now_ns());
      asio::post(voter->executor(), [this, voter, choice] {
        voter->act("motions.vote", {{"choice", choice}}, [this](bool, const nlohmann::json&) {
          asio::post(strand_, [this] {
            vote_in_flight_ = false;
            state_.outstanding.fetch_sub(1);
            if (state_.phase.load() == Phase::measure) ++votes_acked_;
          });
        });
      });
    } else if (state_.phase.load() == Phase::measure) {
      ++votes_skipped_;
    }
    after(1.0 / options_.rate, [this] { vote_tick(); });
  }

  void start_load() {
    if (vote_mode()) return start_votes();
    state_.phase = Phase::warmup;
    for (auto& s : senders_) asio::post(s->executor(), [s] { s->begin(); });
    after(options_.warmup, [this] { start_measuring(); });
  }

  void start_measuring() {
    state_.phase = Phase::measure;
    measure_start_ = Clock::now();
    server_cpu_start_ = cpu_seconds();
    bench_cpu_start_ = own_cpu_seconds();
    machine_cpu_start_ = machine_cpu_seconds();
    after(options_.seconds, [this] { stop_measuring(); });
  }

  void stop_measuring() {
    state_.phase = Phase::drain;
    measured_seconds_ = std::chrono::duration<double>(Clock::now() - measure_start_).count();
    const auto server_cpu = cpu_seconds();
    server_cpu_ = server_cpu.total() - server_cpu_start_.total();
    server_sys_ = server_cpu.system - server_cpu_start_.system;
    bench_cpu_ = own_cpu_seconds() - bench_cpu_start_;
    const MachineCpu machine = machine_cpu_seconds();
    other_cpu_ = machine.busy - machine_cpu_start_.busy - server_cpu_ - bench_cpu_;
    iowait_ = machine.iowait - machine_cpu_start_.iowait;
    rss_kib_ = rss_kib();
    drain_deadline_ = Clock::now() + std::chrono::seconds(10);
    wait_drained();
  }

  // Waits for every outstanding say to be answered, so the server stops on a quiet room.
  void wait_drained() {
    if (state_.outstanding.load() == 0 || Clock::now() > drain_deadline_) return stop_server();
    after(0.01, [this] { wait_drained(); });
  }

  void measure_idle() {
    rss_kib_ = rss_kib();
    stop_server();
  }

  // ---- phase: shutdown ----------------------------------------------------------------------
  // SIGTERM, then keep the clients running: the server flushes and closes every WebSocket with
  // 1001, and waits for each client's close frame before it exits.
  void stop_server() {
    state_.phase = Phase::shutdown;
    stop_started_ = Clock::now();
    for (auto& node : nodes_) node->terminate();
    poll_exit();
  }

  void poll_exit() {
    bool all_exited = true;
    for (auto& node : nodes_) {
      if (!node->running()) continue;  // reaped at an earlier poll
      if (auto code = node->try_wait()) {
        if (*code != 0 || server_exit_code_ < 0) server_exit_code_ = *code;  // any that failed
      } else {
        all_exited = false;
      }
    }
    if (all_exited) {
      stop_seconds_ = std::chrono::duration<double>(Clock::now() - stop_started_).count();
      ioc_.stop();
      return;
    }
    if (Clock::now() - stop_started_ > std::chrono::seconds(30)) {
      std::cerr << "chat_bench: collegiald did not exit within 30 s of SIGTERM; killing it\n";
      for (auto& node : nodes_) node->kill();
    }
    after(0.02, [this] { poll_exit(); });
  }

  // The whole run is bounded: a hung server or client cannot keep the bench alive.
  void arm_watchdog() {
    const double budget = 60 + total_clients() / 100.0 + options_.warmup + options_.seconds +
                          options_.settle + 60;
    watchdog_.expires_after(seconds_ns(budget));
    watchdog_.async_wait(asio::bind_executor(strand_, [this, budget](beast::error_code ec) {
      if (ec) return;
      std::cerr << "chat_bench: gave up after " << budget << " s (phase "
                << static_cast<int>(state_.phase.load()) << ", " << finished_ << "/"
                << clients_.size() << " connected)\n";
      aborted_ = true;
      for (auto& node : nodes_) node->kill();
      ioc_.stop();
    }));
  }

  template <class Fn>
  void after(double seconds, Fn fn) {
    auto timer = std::make_shared<asio::steady_timer>(strand_, seconds_ns(seconds));
    timer->async_wait([timer, fn = std::move(fn)](beast::error_code ec) {
      if (!ec) fn();
    });
  }

  // ---- report -------------------------------------------------------------------------------
  static void line(const std::string& key, const auto& value) {
    std::cout << key << ": " << value << "\n";
  }

  static std::string fixed(double v, int digits = 2) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
  }

  void report() {
    std::cout << std::fixed;
    line("mode", options_.mode);
    line("durability", options_.durability);
    line("db_filesystem", file_system_of(dir_));
    line("cores", std::thread::hardware_concurrency());
    line("server_threads", options_.server_threads == 0 ? std::string("0 (one per core)")
                                                        : std::to_string(options_.server_threads));
    line("bench_threads", options_.threads);
    line("connections", std::to_string(finished_ - failed_) + " of " +
                            std::to_string(clients_.size()) + " (" + std::to_string(failed_) +
                            " failed)");
    if (failed_ > 0) line("first_connect_error", first_connect_error_);
    line("connect_seconds", fixed(connect_seconds_));
    // With --nodes, the server's figures are all nodes' together (PostgreSQL and nats-server
    // count among the other processes).
    line("nodes", nodes_.size());
    line("server_rss_baseline_kib", rss_baseline_kib_);
    line("server_rss_kib", rss_kib_);
    if (nodes_.size() > 1) line("server_rss_kib_per_node", rss_kib_ / static_cast<long>(nodes_.size()));
    const double connected = static_cast<double>(std::max<std::size_t>(1, finished_ - failed_));
    const double per_connection = static_cast<double>(rss_kib_ - rss_baseline_kib_) / connected;

    std::string summary;
    if (idle_mode()) {
      line("server_rss_per_idle_connection_kib", fixed(per_connection));
      line("target_idle_kib_per_connection_le_8", per_connection <= 8 ? "met" : "missed");
      summary = "mode=idle connections=" + std::to_string(finished_ - failed_) +
                " rss_kib=" + std::to_string(rss_kib_) +
                " kib_per_connection=" + fixed(per_connection);
    } else {
      summary = report_load(per_connection);
    }
    const auto lost = report_lost();
    line("server_stop_seconds", fixed(stop_seconds_));
    line("server_exit_code", server_exit_code_);
    if (nodes_.size() > 1) summary += " nodes=" + std::to_string(nodes_.size());
    std::cout << "summary: " << summary << " lost=" << lost
              << " durability=" << options_.durability << " exit=" << server_exit_code_ << "\n";
  }

  std::string report_load(double rss_per_connection) {
    std::uint64_t committed = 0, deliveries = 0, sent = 0, skipped = 0, errors = 0;
    std::string first_error;
    std::vector<std::uint32_t> latency, read_latency, ack_latency;
    for (const auto& s : subscribers_) {
      const auto& st = s->stats();
      deliveries += st.events;
      latency.insert(latency.end(), st.latency_us.begin(), st.latency_us.end());
      read_latency.insert(read_latency.end(), st.read_latency_us.begin(), st.read_latency_us.end());
    }
    if (vote_mode()) committed = votes_acked_;
    for (const auto& s : senders_) {
      const auto& st = s->stats();
      committed += st.acks;
      sent += st.says_sent;
      skipped += st.sends_skipped;
      ack_latency.insert(ack_latency.end(), st.ack_latency_us.begin(), st.ack_latency_us.end());
    }
    for (const auto& c : clients_) {
      errors += c->stats().errors;
      if (first_error.empty()) first_error = c->stats().first_error;
    }
    const Latency e2e = summarize(latency);
    const Latency read = summarize(read_latency);
    const Latency ack = summarize(ack_latency);
    const double secs = measured_seconds_ > 0 ? measured_seconds_ : 1;

    line("subscribers", options_.subscribers);
    line("senders", options_.senders);
    line("window", options_.window);
    if (options_.mode == "rate") {
      line("offered_rate_per_s", fixed(options_.rate, 1));
      line("says_sent_per_s", fixed(static_cast<double>(sent) / secs, 1));
      line("sends_skipped_window_full", skipped);
    }
    line("message_text_bytes", options_.message_bytes);
    line("measured_seconds", fixed(measured_seconds_, 3));
    line("messages_committed", committed);
    line("messages_committed_per_s", fixed(static_cast<double>(committed) / secs, 1));
    line("deliveries", deliveries);
    line("deliveries_per_s", fixed(static_cast<double>(deliveries) / secs, 1));
    line("fanout_observed", fixed(committed ? static_cast<double>(deliveries) /
                                                  static_cast<double>(committed)
                                            : 0.0,
                                  1));
    line("latency_samples", e2e.samples);
    line("latency_p50_ms", fixed(e2e.p50, 3));
    line("latency_p90_ms", fixed(e2e.p90, 3));
    line("latency_p99_ms", fixed(e2e.p99, 3));
    line("latency_p999_ms", fixed(e2e.p999, 3));
    line("latency_max_ms", fixed(e2e.max, 3));
    // The same events, timed when the bench's thread read them: later than their arrival by the
    // bench's own queue of sockets, which real clients (one each) do not have.
    line("read_latency_p50_ms", fixed(read.p50, 3));
    line("read_latency_p99_ms", fixed(read.p99, 3));
    line("read_latency_max_ms", fixed(read.max, 3));
    line("ack_latency_p50_ms", fixed(ack.p50, 3));
    line("ack_latency_p99_ms", fixed(ack.p99, 3));
    line("ack_latency_max_ms", fixed(ack.max, 3));
    line("server_rss_per_connection_kib", fixed(rss_per_connection));
    // 100 % is one core; the machine has hardware_concurrency() of them, shared with the bench.
    line("server_cpu_percent", fixed(100 * server_cpu_ / secs, 1));
    if (nodes_.size() > 1) {
      line("server_cpu_percent_per_node", fixed(100 * server_cpu_ / secs / static_cast<double>(nodes_.size()), 1));
    }
    line("server_cpu_system_percent", fixed(100 * server_sys_ / secs, 1));
    line("bench_cpu_percent", fixed(100 * bench_cpu_ / secs, 1));
    line("other_processes_cpu_percent", fixed(std::max(0.0, 100 * other_cpu_ / secs), 1));
    line("machine_iowait_percent", fixed(100 * iowait_ / secs, 1));
    if (other_cpu_ / secs > 0.10) {
      std::cerr << "chat_bench: warning: other processes used " << fixed(100 * other_cpu_ / secs, 0)
                << " % CPU while measuring; the figures are skewed\n";
    }
    line("request_errors", errors);
    if (!first_error.empty()) line("first_error", first_error);
    if (options_.mode == "rate" || vote_mode()) {
      line("target_p99_le_10ms", e2e.p99 <= 10 ? "met" : "missed");
    }
    if (vote_mode()) {
      line("votes_skipped_previous_unanswered", votes_skipped_);
      line("latency_measures",
           "vote sent -> updated tally (motions.tally) arriving at each observer's socket");
    }
    return "mode=" + options_.mode + " subscribers=" + std::to_string(options_.subscribers) +
           (vote_mode() ? " voters=" + std::to_string(voters_.size())
                        : " senders=" + std::to_string(options_.senders)) +
           (options_.mode == "rate" || vote_mode() ? " rate=" + fixed(options_.rate, 0)
                                                   : " window=" + std::to_string(options_.window)) +
           " committed/s=" + fixed(static_cast<double>(committed) / secs, 1) +
           " deliveries/s=" + fixed(static_cast<double>(deliveries) / secs, 1) +
           " p50_ms=" + fixed(e2e.p50, 3) + " p99_ms=" + fixed(e2e.p99, 3) +
           " max_ms=" + fixed(e2e.max, 3) + " read_p99_ms=" + fixed(read.p99, 3) + " rss_kib=" + std::to_string(rss_kib_) +
           " kib_per_conn=" + fixed(rss_per_connection) + " errors=" + std::to_string(errors);
  }

  // Connections the server ended before the bench stopped it (4008: slow consumer).
  std::size_t report_lost() {
    std::size_t lost = 0;
    std::map<int, std::size_t> by_code;
    for (const auto& c : clients_) {
      if (!c->stats().lost) continue;
      ++lost;
      ++by_code[c->stats().close_code];
    }
    std::string codes;
    for (const auto& [code, n] : by_code) {
      codes += (codes.empty() ? "" : ", ") + std::to_string(n) + " x " + std::to_string(code);
    }
    line("connections_lost_before_end",
         std::to_string(lost) + (codes.empty() ? "" : " (close codes: " + codes + ")"));
    return lost;
  }

  Options options_;
  std::filesystem::path dir_;
  std::unique_ptr<test::NatsServer> nats_;         // --nodes > 1
  std::vector<std::unique_ptr<ServerChild>> nodes_;  // nodes_[0] seeds and decides the room
  std::vector<std::uint16_t> client_ports_;         // the node each of clients_ connects to
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> strand_ = asio::make_strand(ioc_);
  asio::steady_timer watchdog_{strand_};
  RunState state_;
  std::vector<std::shared_ptr<Client>> clients_;  // connection order: subscribers, then senders
  std::vector<std::shared_ptr<Client>> subscribers_;
  std::vector<std::shared_ptr<Sender>> senders_;
  std::vector<std::shared_ptr<Voter>> voters_;
  struct VoteStep {
    std::size_t voter;
    std::string op;
    nlohmann::json args;
  };
  std::vector<VoteStep> vote_steps_;
  std::vector<std::atomic<std::int64_t>> vote_sent_ =
      std::vector<std::atomic<std::int64_t>>(100000);
  std::size_t next_vote_ = 0;
  bool vote_in_flight_ = false;  // on strand_
  std::uint64_t votes_acked_ = 0;
  std::uint64_t votes_skipped_ = 0;

  Clock::time_point started_;  // when the first connection was started
  std::size_t launched_ = 0, finished_ = 0, failed_ = 0;
  std::string first_connect_error_;
  double connect_seconds_ = 0;
  Clock::time_point measure_start_, drain_deadline_, stop_started_;
  ServerChild::CpuTimes server_cpu_start_;
  double measured_seconds_ = 0, bench_cpu_start_ = 0, server_sys_ = 0;
  double server_cpu_ = 0, bench_cpu_ = 0, other_cpu_ = 0, iowait_ = 0, stop_seconds_ = 0;
  MachineCpu machine_cpu_start_;
  long rss_baseline_kib_ = 0, rss_kib_ = 0;
  int server_exit_code_ = -1;
  bool aborted_ = false;
};

}  // namespace
}  // namespace collegial::bench

int main(int argc, char** argv) {
  using collegial::bench::Options;
  Options o;
  CLI::App app{
      "chat_bench: starts collegiald on a temporary database, loads room 'demo' over loopback "
      "WebSockets, prints key: value results and a summary line.\n"
      "  flat: senders keep --window says outstanding (throughput)\n"
      "  rate: senders say --rate messages/s in total (latency)\n"
      "  idle: --connections clients hello, join and stay idle (memory per connection)"};
  app.add_option("--mode", o.mode, "flat, rate, idle or vote")
      ->check(CLI::IsMember({"flat", "rate", "idle", "vote"}))
      ->capture_default_str();
  app.add_option("--server", o.server, "collegiald binary")->capture_default_str();
  app.add_option("--durability", o.durability, "server --durability: full (fsync) or normal")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  app.add_option("--server-threads", o.server_threads, "server --threads (0: one per core)")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "bench io threads")
      ->check(CLI::Range(1u, 64u))
      ->capture_default_str();
  app.add_option("--subscribers", o.subscribers, "flat/rate: listening clients")
      ->check(CLI::Range(0, 19000))
      ->capture_default_str();
  app.add_option("--senders", o.senders, "flat/rate: saying clients (also joined)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--window", o.window, "says outstanding per sender (rate: the most allowed)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--rate", o.rate, "rate: messages per second, all senders together")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--connections", o.connections, "idle: connections to open")
      ->check(CLI::Range(1, 19000))
      ->capture_default_str();
  app.add_option("--seconds", o.seconds, "flat/rate: measured seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--warmup", o.warmup, "flat/rate: seconds of load before measuring")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--settle", o.settle, "idle: seconds to wait after the last join before RSS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--message-bytes", o.message_bytes, "length of each chat text")
      ->check(CLI::Range(24, 60000))
      ->capture_default_str();
  app.add_option("--connect-concurrency", o.connect_concurrency,
                 "connections being set up at once (keeps the listen backlog short)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--tmp-dir", o.tmp_dir, "where the temporary database directory is made")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_flag("--keep", o.keep, "keep the temporary directory (database, server log)");
  app.add_option("--nodes", o.nodes,
                 "collegiald nodes on one PostgreSQL and one nats-server, both started here (1: one "
                 "node on a SQLite file)")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  app.add_flag("--tls", o.tls, "the server terminates TLS and the clients speak wss and https (one node)");
  CLI11_PARSE(app, argc, argv);
  if (o.tls && o.nodes > 1) {
    std::cerr << "chat_bench: --tls runs one node\n";
    return 2;
  }
  try {
    collegial::net::asio::ssl::context tls(collegial::net::asio::ssl::context::tls_client);
    tls.set_verify_mode(collegial::net::asio::ssl::verify_none);
    if (o.tls) collegial::bench::g_tls = &tls;
    return collegial::bench::Bench(o).run();
  } catch (const std::exception& e) {
    std::cerr << "chat_bench: " << e.what() << "\n";
    return 2;
  }
}
