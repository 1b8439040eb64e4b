// collegiald: parses the command line, opens the store, and runs the chosen command.
//
//   collegiald [options]                             serve HTTP + WebSocket (the default)
//   collegiald verify --data FILE [--room R]         recompute every hash chain (rule R4)
//   collegiald verify --data FILE --minutes DOC.json check exported minutes against the log
//   collegiald verify --data FILE --checkpoints F|URL check the logs against signed checkpoints
//   collegiald admin OPERATION [key=value…]          administration (see --help)
//   collegiald backup --data FILE --to COPY          online backup, then verify the copy
//   collegiald restore --from COPY --data FILE       verify a backup and put it in place
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <unistd.h>

#include "app/bundle_check.hpp"
#include "app/store_commands.hpp"
#include "auth/accounts.hpp"
#include "core/administration.hpp"
#include "core/checkpointer.hpp"
#include "util/clock.hpp"
#include "core/cluster_rooms.hpp"
#include "core/directory_changes.hpp"
#include "core/schedule_ticker.hpp"
#include "delivery/deliverer.hpp"
#include "delivery/notice_deliveries.hpp"
#include "delivery/outbox.hpp"
#include "delivery/reminder_mail.hpp"
#include "http/api.hpp"
#include "net/server.hpp"
#include "registry.hpp"
#include "store/directory.hpp"
#include "store/event_store.hpp"
#include "store/instance_lock.hpp"
#include "util/bounded_json.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace {

using namespace collegial;

constexpr const char* kDefaultData = "data/collegial.db";

// The browser app's built files (web-client/dist of the source tree this binary was configured
// from, set by server/CMakeLists.txt when COLLEGIAL_WEB is on); empty: not served.
#ifndef COLLEGIAL_DEFAULT_WEB_ROOT
#define COLLEGIAL_DEFAULT_WEB_ROOT ""
#endif

// Opens the rooms' store: `store_text` (--store) when given, else the SQLite file `data`.
// `node`: this node's name when several share a PostgreSQL store (--bus): no server lock then,
// and fenced appends are checked against the leases it holds.
std::unique_ptr<store::EventStore> open_store(const std::string& store_text, const std::string& data,
                                              store::Durability durability, std::int64_t max_pages = 0,
                                              bool server_lock = false, const std::string& node = {}) {
  auto where = store_text.empty() ? Result<store::StoreLocation>(store::StoreLocation{store::StoreLocation::Engine::sqlite, data})
                                  : store::StoreLocation::parse(store_text);
  if (!where) {
    LOG_ERROR(where.status().message());
    return nullptr;
  }
  if (where->engine == store::StoreLocation::Engine::sqlite) {
    const auto parent = std::filesystem::path(where->target).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  } else if (where->describe() != "postgres:" + where->target) {
    LOG_WARN("--store names a password, which anyone who can list processes reads: put it in a "
             "pgpass file (PGPASSFILE) instead (docs/operations.md)");
  }
  Status status;
  auto s = store::EventStore::open(where.value(),
                                   {.path = {}, .durability = durability, .max_batch_requests = 4096,
                                    .max_page_count = max_pages, .postgres = {},
                                    .server_lock = server_lock && node.empty(), .node = node},
                                   status);
  if (!s) LOG_ERROR(status.message());
  return s;
}

// Whether --store names the --data file itself (however the path is written).
bool same_sqlite_file(const std::string& store_text, const std::string& data) {
  const auto where = store::StoreLocation::parse(store_text);
  if (!where || where->engine != store::StoreLocation::Engine::sqlite) return false;
  std::error_code ec1, ec2;
  return std::filesystem::weakly_canonical(where->target, ec1) == std::filesystem::weakly_canonical(data, ec2);
}

// Where a deployment's data is, opened: the house (directory and its audit log, accounts,
// checkpoints, outbox) and the rooms' logs. With --store postgres: both are in PostgreSQL and
// no local database file is used (issue #18 §3: any node serves any client). Otherwise the
// house is the SQLite file --data, and the rooms' logs are there too unless --store names
// another SQLite file.
struct OpenStores {
  store::StoreLocation house;
  // A server's: one server per database file (store/instance_lock.hpp), held until the process
  // ends. On PostgreSQL the store's own server lock does it.
  store::InstanceLock file_lock;
  std::unique_ptr<store::EventStore> house_file;  // the --data file's store (SQLite house only)
  std::unique_ptr<store::EventStore> separate;    // the rooms' store, when not the house file
  store::EventStore& rooms() { return separate ? *separate : *house_file; }
  // The store holding the directory's audit room.
  store::EventStore& house_store() { return house_file ? *house_file : *separate; }
  bool on_postgres() const { return house.engine == store::StoreLocation::Engine::postgres; }
};

std::optional<OpenStores> open_stores(const std::string& store_text, const std::string& data,
                                      store::Durability durability, std::int64_t max_pages = 0,
                                      bool server_lock = false, const std::string& node = {}) {
  OpenStores out;
  out.house = {store::StoreLocation::Engine::sqlite, data};
  if (!store_text.empty()) {
    const auto where = store::StoreLocation::parse(store_text);
    if (!where) {
      LOG_ERROR(where.status().message());
      return std::nullopt;
    }
    if (where->engine == store::StoreLocation::Engine::postgres) out.house = where.value();
  }
  if (!out.on_postgres()) {
    if (server_lock) {
      if (Status locked = store::InstanceLock::acquire(data, out.file_lock); !locked) {
        LOG_ERROR(locked.message());
        return std::nullopt;
      }
    }
    out.house_file = open_store({}, data, durability, max_pages);
    if (!out.house_file) return std::nullopt;
  }
  if (!store_text.empty() && !same_sqlite_file(store_text, data)) {
    out.separate = open_store(store_text, data, durability, max_pages, server_lock, node);
    if (!out.separate) return std::nullopt;
  }
  return out;
}

// Everything above the event store that the server and the admin commands share.
struct Services {
  Services(store::EventStore& store, const store::StoreLocation& house, const collegial::Clock& clock,
           auth::Accounts::Options account_options = {})
      : directory(house),
        accounts(directory, house, clock, account_options),
        outbox(house),
        administration(directory, store, accounts, clock, &outbox) {}
  store::Directory directory;
  auth::Accounts accounts;
  delivery::Outbox outbox;  // N7: the media's notices
  core::Administration administration;
};

// Loads the demo seed into a database without people and prints who can log in.
bool load_demo(Services& services, const std::string& file) {
  std::ifstream in(file);
  const auto seed = parse_bounded_json(std::string(std::istreambuf_iterator<char>(in), {}));
  if (!in || seed.is_discarded()) {
    LOG_ERROR("cannot read the demo seed " << file);
    return false;
  }
  auto loaded = services.administration.load_seed(seed);
  if (!loaded) {
    LOG_ERROR("loading the demo failed: " << loaded.status().message());
    return false;
  }
  if (!loaded.value()["loaded"].get<bool>()) {
    LOG_INFO("demo not loaded: " << loaded.value()["reason"].get<std::string>());
    return true;
  }
  std::cerr << "Demo loaded. Log in (POST /api/login) as:\n";
  for (const auto& p : seed["passwords"]) {
    const std::string email = p["email"];
    std::string roles;
    for (const auto& m : seed["memberships"]) {
      if (m["person"] != email) continue;
      if (!roles.empty()) roles += ", ";
      roles += m["role"].get<std::string>() + " of " + m["body"].get<std::string>();
    }
    for (const auto& person : seed["people"]) {
      if (person["email"] == email && person.value("admin", false)) roles = "administrator";
    }
    std::cerr << "  " << email << "  " << p["password"].get<std::string>() << "  (" << roles
              << ")\n";
  }
  std::cerr << "or connect without a token as the public.\n";
  return true;
}

// "key=value" words into a JSON object of strings.
bool parse_arguments(const std::vector<std::string>& words, nlohmann::json& out) {
  out = nlohmann::json::object();
  for (const auto& w : words) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "admin: '" << w << "' is not key=value\n";
      return false;
    }
    out[w.substr(0, eq)] = w.substr(eq + 1);
  }
  return true;
}

// The SMTP server notices to the media go through (N7), from the --smtp-* flags.
struct MailFlags {
  std::string url, from, user, password_file;
};

Result<delivery::SmtpSender> smtp_sender(const MailFlags& flags) {
  if (Status s = delivery::SmtpSender::check_url(flags.url); !s) {
    return Status::error("bad_field", "--smtp-url: " + s.message());
  }
  const auto from = delivery::parse_mailbox(flags.from);
  if (!from) return Status::error("bad_field", "--smtp-from: not an address: " + flags.from);
  delivery::SmtpConfig config{.url = flags.url, .from = *from, .user = flags.user};
  if (!flags.password_file.empty()) {
    std::ifstream in(flags.password_file);
    if (!in || !std::getline(in, config.password)) {
      return Status::error("bad_field", "--smtp-password-file: cannot read " + flags.password_file);
    }
  }
  if (config.from.name.empty()) config.from.name = "Collegial";
  return delivery::SmtpSender(std::move(config));
}

// Where the browser app is when --web-root is not given: beside an installed binary
// (/usr/bin/collegiald serves /usr/share/collegial/web, the Debian package's layout), else the
// source tree this binary was built from. Found from the running executable, so a package
// installed (or unpacked) anywhere serves its own copy.
std::string default_web_root() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "collegial" / "web";
    if (std::filesystem::exists(installed / "index.html", ec)) return installed.string();
  }
  return COLLEGIAL_DEFAULT_WEB_ROOT;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "collegiald: live meeting rooms for New Mexico's Regional Education Cooperatives.\n"
      "Serves HTTP and WebSocket (/ws) on one port; every room is a hash-chained event log in "
      "SQLite."};
  app.set_version_flag("--version", "collegiald 0.1.0");
  // Every option may come from a TOML (or INI) file: `port = 8080`, `data = "…"`; the command
  // line overrides the file. A key the program does not know is an error, never ignored, so a
  // misspelt setting cannot silently leave its default in force. packaging/collegiald.toml is
  // the commented example the Debian package installs.
  app.set_config("--config", "", "read options from this TOML file (keys are the long option "
                                 "names without dashes); flags on the command line override it");
  app.allow_config_extras(CLI::config_extras_mode::error);

  net::ServerConfig config;
  std::string data = kDefaultData;
  std::string durability = "full";
  std::string log_level = "info";
  std::string demo_seed;
  std::vector<std::string> cors_origins;
  long idle_seconds = config.idle_timeout.count();
  long grace_seconds = config.shutdown_grace.count();
  long reserve_hello_seconds = config.reserve_hello_timeout.count();

  app.add_option("--port", config.port, "TCP port for HTTP and WebSocket; 0 picks a free one")
      ->capture_default_str();
  app.add_option("--bind", config.bind, "IP address to listen on")->capture_default_str();
  app.add_option("--data", data,
                 "SQLite database file (created if missing): the directory, accounts, checkpoints "
                 "and outbox, and the rooms' logs unless --store puts them elsewhere")
      ->capture_default_str();
  std::string store_text;
  const char* store_help =
      "where the rooms' event logs live: sqlite:PATH, or postgres:URL (a libpq URL; the password "
      "from a pgpass file, never here). Default: the --data file";
  app.add_option("--store", store_text, store_help);
  // Several nodes (docs/operations.md, "Several nodes"): each names the same PostgreSQL
  // (--store), NATS server (--bus) and --checkpoint-key, and a --node of its own.
  std::string bus_url;
  app.add_option("--bus", bus_url,
                 "the NATS server that several nodes on one PostgreSQL --store share "
                 "(nats://host:port); without it this is the only node");
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::string node_name = std::string(host) + "-" + std::to_string(::getpid());
  app.add_option("--node", node_name, "this node's name among the nodes (with --bus; default: host-pid)");
  long lease_term_ms = 3000;
  app.add_option("--lease-term-ms", lease_term_ms,
                 "with --bus: how long a node decides a room without renewing its lease; another "
                 "node takes the room after it lapses")
      ->check(CLI::Range(300L, 600'000L))
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
  app.add_option("--cors-origin", cors_origins,
                 "browser Origin allowed to call /api/ from another site (repeatable; * for any)");
  std::vector<std::string> trusted_proxies;
  app.add_option("--trusted-proxy", trusted_proxies,
                 "a reverse proxy (IP address or CIDR network; repeatable) whose X-Forwarded-For "
                 "or Forwarded header names the client, for the login throttle; other peers' "
                 "headers are ignored")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return net::TrustedProxies().add(text) ? std::string()
                                                   : "not an IP address or CIDR network";
          },
          "ADDRESS[/BITS]"));
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
  app.add_option("--max-connections", config.sockets.max_connections,
                 "open connections at most (HTTP and WebSocket); past it new ones are closed at "
                 "once. 0: 4096, or the open-file limit (ulimit -n) less 64 when lower")
      ->capture_default_str();
  app.add_option("--connection-reserve", config.sockets.reserve,
                 "connections the public's WebSockets cannot take, kept for /healthz, logins and "
                 "members (0: an eighth of --max-connections, at least 8)")
      ->capture_default_str();
  app.add_option("--max-public-per-address", config.sockets.public_per_address,
                 "WebSockets without a token (the public's) open at once from one client address "
                 "(see --trusted-proxy); more are refused with 503 (0: no cap)")
      ->capture_default_str();
  app.add_option("--reserve-hello-timeout", reserve_hello_seconds,
                 "seconds a WebSocket let in on the reserve (the public's share being full) has "
                 "to say hello with a token before it is closed with 4011")
      ->check(CLI::Range(1L, 3600L))
      ->capture_default_str();
  app.add_option("--snapshot-every", config.snapshot_every,
                 "a room stores a snapshot of its state each time this many events have been "
                 "folded since its last one, so that loading it replays only the events after; 0: "
                 "never (docs/architecture.md, \"Snapshots\")")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40))
      ->capture_default_str();
  long presence_grace_ms = 30'000;
  app.add_option("--presence-grace-ms", presence_grace_ms,
                 "a remote member recorded present who has had no connection to the room, on any "
                 "node, for this long departs (Q1): after a restart, or when the node they were on "
                 "died; a connection that closes departs them at once")
      ->check(CLI::Range(100L, 3'600'000L))
      ->capture_default_str();
  app.add_option("--max-page-queue", config.max_page_queue,
                 "public pages (and minutes PDFs) being built or waiting at once; more are "
                 "answered 503 busy")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--rate-limit", config.limits.rate_per_second,
                 "requests per second per connection (0: no limit)")
      ->capture_default_str();
  app.add_option("--rate-burst", config.limits.burst, "requests a connection may send at once")
      ->capture_default_str();
  app.add_option("--port-file", config.port_file, "write the bound port to this file");
  app.add_option("--demo", demo_seed,
                 "load this seed (db/seed/demo.json) into a database that has no people yet, "
                 "and print the demo logins");
  config.web_root = default_web_root();
  app.add_option("--web-root", config.web_root,
                 "directory of the browser app's built files (web-client/dist), served at /; "
                 "empty: not served")
      ->capture_default_str();
  MailFlags mail;
  std::string public_url;
  delivery::DelivererOptions delivering;
  long first_retry_seconds = delivering.retry.first_delay_ms / 1000;
  auto* smtp_url = app.add_option("--smtp-url", mail.url,
                                  "N7: SMTP server for notices to the media, smtp://host:port "
                                  "(STARTTLS when offered) or smtps://host:port; none: e-mail "
                                  "deliveries wait");
  auto* smtp_from = app.add_option("--smtp-from", mail.from,
                                   "sender of those e-mails: address or \"Name <address>\"");
  smtp_url->needs(smtp_from);
  smtp_from->needs(smtp_url);
  auto* smtp_user =
      app.add_option("--smtp-user", mail.user, "SMTP user (then TLS is required)")->needs(smtp_url);
  app.add_option("--smtp-password-file", mail.password_file,
                 "file whose first line is the SMTP password")
      ->check(CLI::ExistingFile)
      ->needs(smtp_user);
  app.add_option("--public-url", public_url,
                 "address of the public pages (https://meetings.example.org): makes the links "
                 "in notices sent to the media absolute");
  app.add_option("--delivery-attempts", delivering.retry.max_attempts,
                 "attempts to deliver a notice to one outlet before it is marked failed")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--delivery-retry", first_retry_seconds,
                 "seconds before the first retry of a failed delivery; doubles after each, up "
                 "to 4 hours")
      ->check(CLI::Range(1L, 86400L))
      ->capture_default_str();
  long schedule_interval_ms = 30'000;
  app.add_option("--schedule-interval-ms", schedule_interval_ms,
                 "how often rooms are asked to do what has fallen due (webinar reminders, "
                 "attendance), in milliseconds")
      ->check(CLI::Range(10L, 3'600'000L))
      ->capture_default_str();
  std::string checkpoint_key;
  long checkpoint_interval_s = 3600;
  app.add_option("--checkpoint-key", checkpoint_key,
                 "Ed25519 private key (PEM) that signs checkpoints of the rooms' logs; created "
                 "with mode 0600 at first start (default: the database's path + "
                 ".checkpoint-key.pem)");
  app.add_option("--checkpoint-interval-s", checkpoint_interval_s,
                 "seconds between checkpoints of every room whose log moved (0: only at "
                 "adjournments, notices, minutes approvals and directory changes)")
      ->check(CLI::Range(0L, 31'536'000L))
      ->capture_default_str();
  long session_hours = 12;
  app.add_option("--session-hours", session_hours,
                 "how long a login lasts; open sockets are closed (4010) when it ends")
      ->check(CLI::Range(1L, 8784L))
      ->capture_default_str();
  std::string test_clock_file;
  app.add_option("--test-clock-file", test_clock_file,
                 "TESTS ONLY: read the time from this file (milliseconds since the epoch)");
  std::int64_t test_max_pages = 0;
  app.add_option("--test-max-db-pages", test_max_pages,
                 "TESTS ONLY: event writes fail past this many database pages, exactly as on a "
                 "full disk (SQLite max_page_count)");
  app.add_flag("--test-check-snapshots", config.check_snapshots,
               "TESTS ONLY: restore every snapshot at once into fresh plugins and log an error "
               "unless they give the same state and views back");
  bool test_faults = false;
  app.add_flag("--test-faults", test_faults,
               "TESTS ONLY: every room runs a plugin that fails when a chat message asks it to "
               "([[fault:apply]], [[fault:view]], [[fault:disconnect]])");
  app.add_option("--log-level", log_level, "debug, info, warn, error or off")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  std::string log_format = "text";
  app.add_option("--log-format", log_format,
                 "text (one readable line per event) or json (one object per line: time, level, "
                 "event, room, actor, request, message)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--access-log,!--no-access-log", config.access_log,
               "log each HTTP request answered (address, method, path, status, bytes, time, "
               "request id)")
      ->capture_default_str();
  std::vector<std::string> metrics_from{"127.0.0.0/8", "::1"};
  app.add_option("--metrics-from", metrics_from,
                 "networks (IP address or CIDR; repeatable) whose sockets may read /metrics; "
                 "others get 404")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return net::TrustedProxies().add(text) ? std::string() : "not an IP address or CIDR network";
          },
          "ADDRESS[/BITS]"))
      ->capture_default_str();

  auto* verify = app.add_subcommand(
      "verify", "recompute every room's hash chain; exit 0 when intact, 1 and the first bad "
                "event otherwise");
  std::string verify_data;
  std::optional<std::string> verify_room;
  verify->add_option("--data", verify_data, "SQLite database file (needed unless --bundle)");
  std::string verify_store;
  verify->add_option("--store", verify_store, "the rooms' logs, when not in --data (as the server's --store)");
  verify->add_option("--room", verify_room, "check only this room");
  std::string verify_minutes_file;
  verify->add_option("--minutes", verify_minutes_file,
                     "also check that these exported minutes (the .json download) match the log");
  std::string verify_checkpoints;
  std::vector<std::string> trusted_keys;
  verify->add_option("--checkpoints", verify_checkpoints,
                     "check the logs against signed checkpoints held elsewhere: a file (a saved "
                     "/public/checkpoints.jsonl, a webhook notice, a minutes .json) or an http(s) URL");
  std::string verify_bundle;
  verify->add_option("--bundle", verify_bundle,
                     "check a meeting's records-request bundle (.zip) offline, without a database: "
                     "its files, its log's chain, its checkpoints and its documents")
      ->check(CLI::ExistingFile);
  verify->add_option("--trust-key", trusted_keys,
                     "a checkpoint public key (PEM file) to trust besides those the database "
                     "publishes (repeatable)")
      ->check(CLI::ExistingFile);

  std::string admin_help = "administration: collegiald admin OPERATION key=value…\n";
  for (const auto& line : core::Administration::operations()) admin_help += "  " + line + "\n";
  admin_help += "  load-seed: file\n(reset-password reads the password from standard input "
                "when none is given)";
  auto* admin = app.add_subcommand("admin", admin_help);
  std::string admin_data = kDefaultData;
  std::string operation;
  std::vector<std::string> words;
  admin->add_option("--data", admin_data, "SQLite database file")->capture_default_str();
  std::string admin_store;
  admin->add_option("--store", admin_store, store_help);
  admin->add_option("operation", operation, "what to do")->required();
  admin->add_option("arguments", words, "key=value pairs");

  auto* backup = app.add_subcommand(
      "backup", "copy the database while the server runs (SQLite's online backup), then verify "
                "the copy; exit 0 when it is intact");
  std::string backup_data = kDefaultData;
  std::string backup_to;
  backup->add_option("--data", backup_data, "SQLite database file")->capture_default_str();
  backup->add_option("--to", backup_to, "the new backup file (must not exist)")->required();

  auto* restore = app.add_subcommand(
      "restore", "verify a backup and put it in place of the database (the server must be "
                 "stopped; the current database is kept as DATA.before-restore-<time>)");
  std::string restore_from;
  std::string restore_data = kDefaultData;
  restore->add_option("--from", restore_from, "the backup file")->required();
  restore->add_option("--data", restore_data, "SQLite database file to replace")->capture_default_str();

  auto* migrate = app.add_subcommand(
      "migrate-store", "copy every room's log from one store to another (for example from the "
                       "SQLite file to PostgreSQL), verifying each chain on arrival; the "
                       "destination must hold no rooms and no server may write the source");
  std::string migrate_from;
  std::string migrate_to;
  migrate->add_option("--from", migrate_from, "sqlite:PATH or postgres:URL")->required();
  migrate->add_option("--to", migrate_to, "sqlite:PATH or postgres:URL")->required();

  CLI11_PARSE(app, argc, argv);
  log::Level level;
  log::parse_level(log_level, level);
  log::set_level(level);
  log::set_format(log_format == "json" ? log::Format::json : log::Format::text);
  for (const auto& network : metrics_from) config.metrics_from.add(network);
  config.idle_timeout = std::chrono::seconds(idle_seconds);
  for (const auto& proxy : trusted_proxies) config.trusted_proxies.add(proxy);
  config.shutdown_grace = std::chrono::seconds(grace_seconds);
  config.reserve_hello_timeout = std::chrono::seconds(reserve_hello_seconds);
  config.presence_grace = std::chrono::milliseconds(presence_grace_ms);
  const auto mode =
      durability == "normal" ? store::Durability::normal : store::Durability::full;
  collegial::SystemClock system_clock;
  std::optional<collegial::FileClock> file_clock;
  if (!test_clock_file.empty()) {
    file_clock.emplace(test_clock_file);
    LOG_WARN("time comes from " << test_clock_file << " (--test-clock-file): for tests only");
  }
  if (test_faults) LOG_WARN("--test-faults: rooms fail when a message asks them to; for tests only");
  const collegial::Clock& clock = file_clock ? static_cast<const collegial::Clock&>(*file_clock) : system_clock;

  if (*verify) {
    if (!verify_bundle.empty()) return app::verify_bundle_command(verify_bundle, trusted_keys);
    if (verify_data.empty()) {
      std::cerr << "verify: --data is required (or --bundle)\n";
      return 2;
    }
    return app::verify_command({.data = verify_data,
                                .store = verify_store,
                                .room = verify_room,
                                .minutes_file = verify_minutes_file,
                                .checkpoints = verify_checkpoints,
                                .trusted_keys = trusted_keys});
  }

  if (*backup) return app::backup_command(backup_data, backup_to);
  if (*restore) return app::restore_command(restore_from, restore_data);
  if (*migrate) return app::migrate_store_command(migrate_from, migrate_to);

  if (*admin) {
    nlohmann::json args;
    if (!parse_arguments(words, args)) return 2;
    // The house is migrated first: it holds the tables the admin changes.
    auto stores = open_stores(admin_store, admin_data, mode);
    if (!stores) return 1;
    Services services(stores->rooms(), stores->house, clock);
    if (operation == "load-seed") {
      return load_demo(services, args.value("file", "")) ? 0 : 1;
    }
    if (operation == "reset-password" && !args.contains("password")) {
      std::string password;
      std::getline(std::cin, password);  // never on the command line, where `ps` shows it
      args["password"] = password;
    }
    auto made = services.administration.run(operation, args);
    if (!made) {
      std::cerr << "admin " << operation << ": " << made.status().code() << ": "
                << made.status().message() << "\n";
      return 1;
    }
    std::cout << made.value().dump() << "\n";
    return 0;
  }

  // The SMTP settings are checked before the database is touched.
  std::optional<delivery::SmtpSender> smtp;
  if (!mail.url.empty()) {
    auto made = smtp_sender(mail);
    if (!made) {
      LOG_ERROR(made.status().message());
      return 1;
    }
    smtp.emplace(std::move(made.value()));
  }
  // The checkpoint key is checked before the database is touched, too.
  if (checkpoint_key.empty()) checkpoint_key = data + ".checkpoint-key.pem";
  // The key is made beside the database, whose folder may not exist yet (--data new/c.db).
  if (const auto folder = std::filesystem::path(checkpoint_key).parent_path(); !folder.empty()) {
    std::error_code ignored;  // a folder that cannot be made is reported by the key's creation
    std::filesystem::create_directories(folder, ignored);
  }
  auto signing_key = store::SigningKey::load_or_create(checkpoint_key);
  if (!signing_key) {
    LOG_ERROR(signing_key.status().message());
    return 1;
  }
  // Snapshots' checksums are keyed with a secret only this key can make (Ed25519 signatures
  // are deterministic): one who can write the database but not read the key cannot forge one.
  config.snapshot_key = signing_key.value().sign("collegial room snapshots v1");
  // The nodes sign what they send each other with a secret the shared key makes (as snapshots).
  const std::string bus_key = signing_key.value().sign("collegial bus v1");
  const bool several_nodes = !bus_url.empty();
  if (several_nodes && store_text.rfind("postgres:", 0) != 0) {
    LOG_ERROR("--bus joins nodes that share one PostgreSQL: give --store postgres:URL too");
    return 1;
  }
  auto stores = open_stores(store_text, data, mode, test_max_pages, /*server_lock=*/true,
                            several_nodes ? node_name : std::string());
  if (!stores) return 1;
  if (stores->house_file) LOG_INFO("database " << data << " (durability " << durability << ")");
  if (stores->separate) LOG_INFO("rooms' event logs in " << stores->separate->describe());
  if (stores->on_postgres()) LOG_INFO("directory, accounts, checkpoints and outbox in " << stores->house.describe());
  store::EventStore* s = &stores->rooms();
  // The checkpointer watches the rooms of its own database; rooms in another SQLite file too.
  core::Checkpointer checkpointer(std::move(signing_key.value()), stores->house, clock,
                                  std::chrono::seconds(checkpoint_interval_s),
                                  stores->on_postgres() ? nullptr : stores->separate.get());
  // The plugins say which of their events are signed as they commit (a question of the event
  // alone: one set of plugins answers for every room).
  auto asked = std::make_shared<std::vector<std::unique_ptr<core::Plugin>>>(plugins::default_plugins()());
  checkpointer.set_reasons([asked](const record::Event& event, const nlohmann::json& body) -> std::optional<std::string> {
    for (const auto& plugin : *asked) {
      if (auto reason = plugin->checkpoint_reason(event, body)) return reason;
    }
    return std::nullopt;
  });
  LOG_INFO("checkpoints signed with key " << checkpointer.key().key_id() << " (" << checkpoint_key << ")");
  config.checkpoints = &checkpointer;
  auth::Accounts::Options account_options;
  account_options.session_ms = session_hours * 3'600'000LL;
  Services services(*s, stores->house, clock, account_options);
  if (stores->separate && !stores->on_postgres()) {
    // The rooms' file does not hold the directory: a room's body and whether it is public come
    // from the directory's file. (On PostgreSQL both are in one database, joined.)
    stores->separate->set_body_lookup([&services](store::RoomRecord& room) {
      try {
        if (const auto body = services.directory.body_by_id(*room.body_id)) {
          room.body_name = body->name;
          room.is_public = body->is_public;
        } else {
          // No such body in this file (restored from before the body was made?): not public.
          room.is_public = false;
          LOG_ERROR("directory: room " << room.name << " names body " << *room.body_id
                                       << ", which the directory does not hold; the room is not public");
        }
      } catch (const std::exception& e) {
        room.is_public = false;  // unsure whether the body is open: its room is not shown
        LOG_ERROR("directory: body " << *room.body_id << ": " << e.what());
      }
    });
  }
  if (!demo_seed.empty() && !load_demo(services, demo_seed)) return 1;
  if (config.web_root.empty()) {
    LOG_INFO("the browser app is not served (no --web-root)");
  } else if (std::error_code ec; !std::filesystem::is_directory(config.web_root, ec)) {
    LOG_WARN("--web-root " << config.web_root
                           << " is not a directory: the browser app is not served (build it "
                              "with scripts/build.sh, or npm run build in web-client/)");
  } else {
    LOG_INFO("browser app served at / from " << config.web_root);
  }
  http::Api api(services.accounts, services.administration, cors_origins);
  // N7: every notice posted becomes a delivery to each outlet that asked for it (on the room's
  // thread: rows only), which the deliverer's own thread sends.
  const delivery::WebhookSender webhooks;
  delivering.retry.first_delay_ms = first_retry_seconds * 1000;
  delivery::Deliverer deliverer(services.outbox, clock, smtp ? &*smtp : nullptr, webhooks,
                                delivering);
  const delivery::NoticeOptions notices{
      .public_url = public_url,
      .checkpoint = [&checkpointer](const std::string& room) -> std::optional<nlohmann::json> {
        if (auto c = checkpointer.latest(room)) return c->to_json();
        return std::nullopt;
      }};
  delivery::catch_up_notices(*s, services.outbox, notices, clock.now_ms());
  metrics::Registry::global().gauge_callback(
      "collegial_deliveries",
      "Notices to the media and mails to people in the outbox, by status (pending, delivered, "
      "failed) and channel (email, webhook). A growing pending or any failed needs a look.",
      [&services] {
        std::vector<metrics::Sample> samples;
        try {
          for (const auto& [key, n] : services.outbox.count_by_status()) {
            samples.push_back({"status=\"" + key.first + "\",channel=\"" + key.second + "\"",
                               static_cast<double>(n)});
          }
        } catch (const std::exception& e) {
          LOG_WARN("metrics: cannot count the outbox: " << e.what());
        }
        return samples;
      });
  // L2: who facilitates when, across rooms, taken from every room's webinar events.
  auto bookings = std::make_shared<plugins::FacilitatorBookings>();
  auto person_name = [&services](std::int64_t id) -> std::string {
    try {
      const auto p = services.directory.person_by_id(id);
      return p ? p->name : std::string();
    } catch (const std::exception& e) {
      LOG_ERROR("directory: person " << id << ": " << e.what());
      return {};
    }
  };
  // Checkpoints and rows for the deliverer: off the rooms' strands, since no command waits for
  // them, in each room's commit order.
  auto outbox_effects = [&](const store::RoomRecord& room, const record::Event& event,
                            const nlohmann::json& body, bool replaying) {
    // First, so a notice's deliveries carry the checkpoint of the notice itself.
    checkpointer.on_event(room, event, body, replaying);
    if (delivery::record_notice_deliveries(services.outbox, room, event, body, notices,
                                           clock.now_ms()) > 0) {
      deliverer.wake();
    }
    if (delivery::record_reminder_mails(services.outbox, services.directory, room, event, body,
                                        clock.now_ms()) > 0) {
      deliverer.wake();
    }
  };
  // The facilitators' book, which the next webinar decision in any room reads: at once.
  auto effects = [&](const store::RoomRecord&, const record::Event& event, const nlohmann::json& body,
                     bool /*replaying*/) { bookings->take(event, body); };
  core::RoomHub::Services room_services{&services.accounts, &services.directory,
                                        plugins::default_plugins(bookings, person_name, test_faults), effects,
                                        outbox_effects};
  // A room loaded from a snapshot does not replay its webinar events: its part of the book
  // travels in the snapshot.
  room_services.save_outside = [bookings](const std::string& room) { return bookings->of_room(room); };
  room_services.restore_outside = [bookings](const std::string& room, const nlohmann::json& state) {
    bookings->restore_room(room, state);
  };
  // Every directory change is logged, the admin CLI's (another process) at the next pass.
  core::DirectoryChanges directory_changes(stores->house_store());
  config.page_generation = [&checkpointer, &directory_changes] {
    return checkpointer.made() + directory_changes.seen();
  };
  // Several nodes: the bus, the rooms' leases, and which rooms this node decides or follows.
  std::unique_ptr<cluster::NatsBus> bus;
  std::unique_ptr<store::RoomLeases> leases;
  std::unique_ptr<core::ClusterRooms> cluster_rooms;
  if (several_nodes) {
    Status connected;
    bus = cluster::NatsBus::connect(bus_url, connected);
    if (!bus) {
      LOG_ERROR(connected.message());
      return 1;
    }
    try {
      leases = std::make_unique<store::RoomLeases>(stores->house.target, node_name);
    } catch (const std::exception& e) {
      LOG_ERROR("the rooms' leases cannot be read: " << e.what());
      return 1;
    }
    cluster_rooms = std::make_unique<core::ClusterRooms>(
        *bus, *s, *leases,
        core::ClusterRooms::Options{.node = node_name, .key = bus_key,
                                    .term = std::chrono::milliseconds(lease_term_ms),
                                    .forward_timeout = std::chrono::milliseconds(5000)});
    if (Status fed = cluster_rooms->start_feed(); !fed) {
      LOG_ERROR("the bus at " << bus_url << ": " << fed.message());
      return 1;
    }
    room_services.placement = cluster_rooms.get();
    LOG_INFO("node " << node_name << " of several, on the bus at " << bus_url << " (lease term " << lease_term_ms
                     << " ms)");
  }
  net::Server server(config, *s, clock, std::move(room_services), api);
  if (cluster_rooms) cluster_rooms->start(server.rooms());
  // Reminders and attendance fall due with time (L2); the first pass loads every body's room.
  core::ScheduleTicker ticker(server.rooms(), services.directory, std::chrono::milliseconds(schedule_interval_ms),
                              [&directory_changes] { directory_changes.poll(); });
  ticker.start();
  // Seats given or ended through the admin API take effect in loaded rooms at once (B5).
  services.administration.on_change([&server, &checkpointer, &services, &directory_changes] {
    directory_changes.poll();
    server.refresh_rosters();
    services.accounts.credentials_changed();  // an admin flag or a person removed: open sockets
    checkpointer.directory_changed();
  });
  checkpointer.start();
  deliverer.start();
  const int code = server.run();
  // The rooms take no more commands: give their leases up, so other nodes take them at once.
  if (cluster_rooms) cluster_rooms->stop();
  ticker.stop();
  checkpointer.stop();
  deliverer.stop();  // after the rooms: no notice is recorded any more; a send in flight aborts
  return code;
}
