// collegiald: parses the command line, opens the store, and runs the chosen command.
//
//   collegiald [options]                          serve HTTP + WebSocket (the default)
//   collegiald verify --data FILE [--room R]      recompute every hash chain (rule R4)
//   collegiald admin create-room --data FILE NAME create a room
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/clock.hpp"
#include "core/room_hub.hpp"
#include "net/server.hpp"
#include "store/chain_verifier.hpp"
#include "store/event_store.hpp"
#include "util/log.hpp"

namespace {

using namespace collegial;

constexpr const char* kDefaultData = "data/collegial.db";

std::unique_ptr<store::EventStore> open_store(const std::string& path,
                                              store::Durability durability) {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  Status status;
  auto s = store::EventStore::open({.path = path, .durability = durability}, status);
  if (!s) LOG_ERROR(status.message());
  return s;
}

// Creates each room named in `file` (one per line, # comments) that does not exist yet.
bool seed_rooms(store::EventStore& s, const std::string& file, const core::Clock& clock) {
  std::ifstream in(file);
  if (!in) {
    LOG_ERROR("cannot read the demo seed " << file);
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    if (s.find_room(line)) continue;
    if (Status st = s.create_room(line, clock.now_ms(), "system:seed"); !st) {
      LOG_ERROR("seeding room " << line << ": " << st.message());
      return false;
    }
    LOG_INFO("created demo room '" << line << "'");
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "collegiald: live meeting rooms for New Mexico's Regional Education Cooperatives.\n"
      "Serves HTTP and WebSocket (/ws) on one port; every room is a hash-chained event log in "
      "SQLite."};
  app.set_version_flag("--version", "collegiald 0.1.0");

  net::ServerConfig config;
  std::string data = kDefaultData;
  std::string durability = "full";
  std::string log_level = "info";
  std::string demo_seed;
  long idle_seconds = config.idle_timeout.count();
  long grace_seconds = config.shutdown_grace.count();

  app.add_option("--port", config.port, "TCP port for HTTP and WebSocket; 0 picks a free one")
      ->capture_default_str();
  app.add_option("--bind", config.bind, "IP address to listen on")->capture_default_str();
  app.add_option("--data", data, "SQLite database file (created if missing)")
      ->capture_default_str();
  app.add_option("--threads", config.threads, "worker threads (0: one per core)")
      ->capture_default_str();
  app.add_option("--tls-cert", config.tls_cert,
                 "PEM certificate chain; with --tls-key only https/wss is served")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", config.tls_key, "PEM private key for --tls-cert")
      ->check(CLI::ExistingFile);
  app.add_option("--durability", durability,
                 "full: every acknowledged event survives a crash and a power loss (fsync per "
                 "group commit). normal: survives a crash of collegiald, but a power loss or OS "
                 "crash may lose the last acknowledged events; faster")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  app.add_option("--allow-origin", config.allowed_origins,
                 "browser Origin allowed to open /ws besides the same origin (repeatable; * for "
                 "any)");
  app.add_option("--max-message", config.max_message_bytes,
                 "largest client message in bytes; larger ones close the socket with 1009")
      ->capture_default_str();
  app.add_option("--queue-limit", config.queue_limit_bytes,
                 "bytes queued to one client before it is closed with 4008 (slow consumer)")
      ->capture_default_str();
  app.add_option("--idle-timeout", idle_seconds,
                 "seconds of silence before a WebSocket is closed (pinged at half)")
      ->capture_default_str();
  app.add_option("--shutdown-grace", grace_seconds,
                 "seconds SIGINT/SIGTERM waits for clients to answer the close (1001) before "
                 "dropping them")
      ->capture_default_str();
  app.add_option("--rate-limit", config.limits.rate_per_second,
                 "requests per second per connection (0: no limit)")
      ->capture_default_str();
  app.add_option("--rate-burst", config.limits.burst, "requests a connection may send at once")
      ->capture_default_str();
  app.add_option("--port-file", config.port_file, "write the bound port to this file");
  app.add_option("--demo", demo_seed,
                 "create the rooms listed in this seed file (db/seed/demo_rooms.txt) if missing");
  app.add_option("--log-level", log_level, "debug, info, warn, error or off")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}))
      ->capture_default_str();

  auto* verify = app.add_subcommand(
      "verify", "recompute every room's hash chain; exit 0 when intact, 1 and the first bad "
                "event otherwise");
  std::string verify_data;
  std::optional<std::string> verify_room;
  verify->add_option("--data", verify_data, "SQLite database file")->required();
  verify->add_option("--room", verify_room, "check only this room");

  auto* admin = app.add_subcommand("admin", "administration commands");
  admin->require_subcommand(1);
  auto* create_room = admin->add_subcommand("create-room", "create a room");
  std::string admin_data = kDefaultData;
  std::string room_name;
  create_room->add_option("--data", admin_data, "SQLite database file")->capture_default_str();
  create_room->add_option("name", room_name, "room name: 1-64 of a-z 0-9 . _ -")->required();

  CLI11_PARSE(app, argc, argv);
  log::Level level;
  log::parse_level(log_level, level);
  log::set_level(level);
  config.idle_timeout = std::chrono::seconds(idle_seconds);
  config.shutdown_grace = std::chrono::seconds(grace_seconds);
  const auto mode =
      durability == "normal" ? store::Durability::normal : store::Durability::full;
  core::SystemClock clock;

  if (*verify) {
    if (!std::filesystem::exists(verify_data)) {
      std::cerr << "verify: no such file: " << verify_data << "\n";
      return 2;
    }
    const auto report = store::verify_chains(verify_data, verify_room);
    if (report.intact) {
      std::cout << "intact: " << report.rooms << " room(s), " << report.events << " event(s)\n";
      return 0;
    }
    std::cout << "BROKEN: room " << report.room << " seq " << report.seq << ": " << report.problem
              << "\n";
    return 1;
  }

  if (*create_room) {
    if (!core::valid_room_name(room_name)) {
      std::cerr << "create-room: '" << room_name << "' is not a valid room name (a-z 0-9 . _ -)\n";
      return 2;
    }
    auto s = open_store(admin_data, mode);
    if (!s) return 1;
    if (Status st = s->create_room(room_name, clock.now_ms(), "system:admin"); !st) {
      std::cerr << "create-room: " << st.message() << "\n";
      return 1;
    }
    std::cout << "created room " << room_name << "\n";
    return 0;
  }

  auto s = open_store(data, mode);
  if (!s) return 1;
  LOG_INFO("database " << data << " (durability " << durability << ")");
  if (!demo_seed.empty() && !seed_rooms(*s, demo_seed, clock)) return 1;
  net::Server server(config, *s, clock);
  return server.run();
}
