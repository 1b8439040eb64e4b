// store_bench: appends across many busy rooms, on each engine (docs/performance.md, "The event
// store on PostgreSQL"; issue #18 §4). In-process, straight through store::EventStore: each of
// --rooms rooms appends --events chat events of ~200 bytes, one event per request as a room
// does, keeping up to --in-flight requests of its own waiting for their commit (a room
// pipelines its appends and acknowledges each after its commit). Reports events/s, commits
// (group-commit transactions) and the commit latency each append saw, p50/p99.
//
//   store_bench [--engine sqlite|postgres|both] [--rooms 100] [--events 2000] [--in-flight 8]
//               [--fenced]
//
// --fenced: on PostgreSQL, each room's appends are made under its lease (store/room_leases.hpp),
// as a node of several does, so each run's guard also checks the lease: the fence's cost. The
// engine column then reads "pg-fenced".
//
// PostgreSQL is started by the bench itself (tests/support/postgres_server: initdb + pg_ctl on a
// Unix socket, fsync on), or taken from --postgres URL.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "record/chain.hpp"
#include "store/event_store.hpp"
#include "store/room_leases.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"
#include "util/log.hpp"

namespace {

using namespace collegial;
using Clock = std::chrono::steady_clock;

struct Figures {
  double seconds = 0;
  std::uint64_t events = 0;
  std::uint64_t transactions = 0;
  std::vector<double> latencies_ms;
};

// One room's producer: up to `in_flight` appends waiting, each the next event of its chain.
void run_room(store::EventStore& s, store::RoomRecord room, std::int64_t lease_epoch, int events, int in_flight,
              std::vector<double>& latencies, std::mutex& latencies_mutex) {
  std::mutex m;
  std::condition_variable cv;
  int waiting = 0;
  int failed = 0;
  std::vector<double> mine;
  mine.reserve(events);
  const std::string text(180, 'x');
  for (int i = 0; i < events; ++i) {
    record::Event e;
    e.room = room.name;
    e.seq = room.head_seq + 1;
    e.ts_ms = 1'800'000'000'000 + e.seq;
    e.actor = "person:1";
    e.type = "chat.message";
    e.body = "{\"text\":\"" + text + "\"}";
    e.prev_hash = room.head_hash;
    record::seal(e);
    room.head_seq = e.seq;
    room.head_hash = e.hash;
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return waiting < in_flight; });
      ++waiting;
    }
    const auto sent = Clock::now();
    store::AppendRequest request;
    request.room_id = room.id;
    request.lease_epoch = lease_epoch;
    request.events.push_back(std::move(e));
    request.on_done = [&, sent](const Status& status) {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
      std::lock_guard lock(m);
      mine.push_back(ms);
      if (!status) ++failed;
      --waiting;
      cv.notify_all();
    };
    s.append(std::move(request));
  }
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return waiting == 0; });
  if (failed > 0) std::fprintf(stderr, "room %s: %d appends failed\n", room.name.c_str(), failed);
  std::lock_guard all(latencies_mutex);
  latencies.insert(latencies.end(), mine.begin(), mine.end());
}

Figures run(const store::StoreLocation& where, int rooms, int events, int in_flight, bool fenced) {
  Status status;
  store::EventStore::Options options;
  options.node = "bench-node";
  auto s = store::EventStore::open(where, options, status);
  if (!s) throw std::runtime_error(status.to_string());
  std::vector<store::RoomRecord> records(rooms);
  std::vector<std::int64_t> epochs(rooms, 0);
  std::unique_ptr<store::RoomLeases> leases;
  if (fenced) leases = std::make_unique<store::RoomLeases>(where.target, options.node);
  for (int r = 0; r < rooms; ++r) {
    if (Status made = s->create_room("busy-" + std::to_string(r), 1, "system:bench", &records[r]); !made) {
      throw std::runtime_error(made.to_string());
    }
    if (leases) {
      const auto lease = leases->acquire(records[r].id, 3'600'000);
      if (!lease || !lease.value()) throw std::runtime_error("could not take a room's lease");
      epochs[r] = lease.value()->epoch;
    }
  }
  const auto before = s->writer_stats();
  Figures f;
  std::mutex latencies_mutex;
  const auto start = Clock::now();
  std::vector<std::thread> producers;
  for (int r = 0; r < rooms; ++r) {
    producers.emplace_back(
        [&, r] { run_room(*s, records[r], epochs[r], events, in_flight, f.latencies_ms, latencies_mutex); });
  }
  for (auto& t : producers) t.join();
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto after = s->writer_stats();
  f.events = after.events - before.events;
  f.transactions = after.transactions - before.transactions;
  std::sort(f.latencies_ms.begin(), f.latencies_ms.end());
  return f;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"store_bench: appends across many busy rooms on SQLite and PostgreSQL"};
  std::string engine = "both";
  std::string postgres;
  int rooms = 100;
  int events = 2000;
  int in_flight = 8;
  app.add_option("--engine", engine, "sqlite, postgres or both")->check(CLI::IsMember({"sqlite", "postgres", "both"}));
  app.add_option("--postgres", postgres, "a libpq URL to use instead of starting PostgreSQL");
  app.add_option("--rooms", rooms, "busy rooms")->capture_default_str();
  app.add_option("--events", events, "events per room")->capture_default_str();
  app.add_option("--in-flight", in_flight, "appends a room keeps waiting for their commit")->capture_default_str();
  bool fenced = false;
  app.add_flag("--fenced", fenced, "PostgreSQL: append under each room's lease (the fence's cost)");
  CLI11_PARSE(app, argc, argv);
  collegial::log::set_level(collegial::log::Level::warn);

  std::printf("%-10s %6s %9s %10s %12s %10s %9s %9s\n", "engine", "rooms", "events", "seconds", "events/s",
              "commits", "p50 ms", "p99 ms");
  for (const std::string e : {"sqlite", "postgres"}) {
    if (engine != "both" && engine != e) continue;
    test::TempDir dir;
    store::StoreLocation where;
    if (e == "sqlite") {
      where = {store::StoreLocation::Engine::sqlite, (dir / "bench.db").string()};
    } else {
      where = {store::StoreLocation::Engine::postgres,
               postgres.empty() ? test::PostgresServer::shared().fresh_database() : postgres};
    }
    const bool fence = fenced && e == "postgres";
    const Figures f = run(where, rooms, events, in_flight, fence);
    std::printf("%-10s %6d %9llu %10.2f %12.0f %10llu %9.2f %9.2f\n", fence ? "pg-fenced" : e.c_str(), rooms,
                static_cast<unsigned long long>(f.events), f.seconds, static_cast<double>(f.events) / f.seconds,
                static_cast<unsigned long long>(f.transactions), percentile(f.latencies_ms, 0.5),
                percentile(f.latencies_ms, 0.99));
    std::fflush(stdout);
  }
  return 0;
}
