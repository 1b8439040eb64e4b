#include "net/server.hpp"

#include <functional>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <condition_variable>
#include <fstream>
#include <functional>
#include <thread>

#include "core/asio_serial_executor.hpp"
#include "net/listener.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::net {

namespace {

// Mozilla's "intermediate" TLS 1.2 suites: ECDHE or DHE key exchange (forward secrecy) with
// AES-GCM or ChaCha20-Poly1305 (AEAD). No RSA key exchange, no CBC, no SHA-1 MACs.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

// Waits until no session is open or `limit` has passed; true when none is open.
bool wait_for_sessions(const SessionRegistry& sessions, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (sessions.size() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return sessions.size() == 0;
}

// Runs the I/O loop until it stops. A handler that throws is a defect, but it must not take the
// server (and every meeting on it) down: it is logged and the thread goes on serving. Rooms
// contain their plugins' failures themselves (core/room.hpp), so what reaches here is rarer.
void run_io(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      LOG_ERROR("an I/O handler threw, and was dropped: " << e.what());
    } catch (...) {
      LOG_ERROR("an I/O handler threw something that is not a std::exception, and was dropped");
    }
  }
}

// Rooms lend their large fan-outs to the pool's other threads.
core::RoomOptions room_options(asio::io_context& ioc, const ServerConfig& config) {
  core::RoomOptions options;
  options.helper = core::asio_helper(ioc);
  options.snapshot_every = config.snapshot_every;
  options.presence_grace = config.presence_grace;
  options.check_snapshots = config.check_snapshots;
  options.snapshot_key = config.snapshot_key;
  return options;
}

}  // namespace

struct Server::Impl {
  Impl(const ServerConfig& c, store::EventStore& s, const collegial::Clock& clock,
       core::RoomHub::Services services, ::collegial::http::Api& api)
      : config(c),
        store(s),
        hub(s, core::asio_strand_factory(ioc), clock, room_options(ioc, c), std::move(services)),
        context{config, hub, api, api_pool, {}, {}, ::collegial::http::StaticFiles(c.web_root), {},
                pages_pool, {}, SocketLimits(c.sockets), {}} {
    api.attach_rooms(hub);
    register_metrics();
    // `services` was moved into the hub; its directory pointer is still the one it held.
    if (services.directory) {
      context.public_site =
          std::make_unique<::collegial::http::PublicSite>(hub, *services.directory, clock, c.checkpoints,
                                                           c.page_generation);
      api.attach_site(*context.public_site);  // the clerk's records-request bundles
      context.open_data =
          std::make_unique<::collegial::http::OpenData>(hub, *services.directory, clock, c.page_generation);
    }
  }

  // The gauges read when /metrics is scraped (docs/operations.md, "Metrics"). A later Server in
  // the same process (tests) replaces them.
  void register_metrics() {
    auto& registry = metrics::Registry::global();
    registry.gauge_callback("collegial_rooms_loaded", "Rooms whose log is loaded in memory.", [this] {
      return std::vector<metrics::Sample>{{"", static_cast<double>(hub.loaded())}};
    });
    registry.gauge_callback(
        "collegial_rooms_failed",
        "Rooms that stopped taking commands after a plugin failed (see /healthz); a storage failure "
        "counts as 1 in collegial_storage_failed.",
        [this] { return std::vector<metrics::Sample>{{"", static_cast<double>(hub.health().failed_rooms.size())}}; });
    registry.gauge_callback("collegial_storage_failed",
                            "1 when the event store stopped writing after a storage error, else 0.", [this] {
                              return std::vector<metrics::Sample>{{"", hub.health().storage_failure ? 1.0 : 0.0}};
                            });
    registry.gauge_callback(
        "collegial_connections", "Open sockets, by kind: all of them, and the public's WebSockets (no token).",
        [this] {
          return std::vector<metrics::Sample>{
              {"kind=\"all\"", static_cast<double>(context.limits.open_sockets())},
              {"kind=\"public\"", static_cast<double>(context.limits.public_sockets())}};
        });
    registry.gauge_callback("collegial_connections_max", "--max-connections in force.", [this] {
      return std::vector<metrics::Sample>{{"", static_cast<double>(context.limits.max_connections())}};
    });
    registry.gauge_callback("collegial_pages_queued", "Public pages and PDFs being built or waiting (--max-page-queue).",
                            [this] {
                              return std::vector<metrics::Sample>{{"", static_cast<double>(context.pages_queued.load())}};
                            });
  }

  bool load_tls() {
    try {
      tls.use_certificate_chain_file(config.tls_cert);
      tls.use_private_key_file(config.tls_key, asio::ssl::context::pem);
      tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::no_compression);
      // TLS 1.2: only forward-secret key exchange and AEAD ciphers, the suites of Mozilla's
      // "intermediate" profile (docs/operations.md). TLS 1.3's suites all qualify already.
      SSL_CTX* native = tls.native_handle();
      if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
        LOG_ERROR("cannot set the TLS 1.2 cipher list");
        return false;
      }
      SSL_CTX_set_dh_auto(native, 1);  // DHE with a group matched to the key, not a fixed one
      SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
      return true;
    } catch (const boost::system::system_error& e) {
      LOG_ERROR("cannot load TLS certificate or key: " << e.what());
      return false;
    }
  }

  void write_port_file(std::uint16_t port) {
    if (config.port_file.empty()) return;
    const std::string tmp = config.port_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << port << "\n";
    }
    std::rename(tmp.c_str(), config.port_file.c_str());
  }

  const ServerConfig& config;
  store::EventStore& store;
  asio::io_context ioc;
  asio::ssl::context tls{asio::ssl::context::tls_server};
  asio::thread_pool api_pool{2};  // logins hash passwords: keep them off the I/O threads
  asio::thread_pool pages_pool{2};  // the public's pages and PDFs: kept apart from api_pool
  core::RoomHub hub;
  ServerContext context;
};

Server::Server(const ServerConfig& config, store::EventStore& store, const collegial::Clock& clock,
               core::RoomHub::Services services, ::collegial::http::Api& api)
    : impl_(std::make_unique<Impl>(config, store, clock, std::move(services), api)) {}

Server::~Server() = default;

void Server::refresh_rosters() { impl_->hub.refresh_rosters(); }

core::RoomHub& Server::rooms() { return impl_->hub; }

int Server::run() {
  Impl& s = *impl_;
  const bool use_tls = !s.config.tls_cert.empty() || !s.config.tls_key.empty();
  if (use_tls && (s.config.tls_cert.empty() || s.config.tls_key.empty())) {
    LOG_ERROR("--tls-cert and --tls-key must be given together");
    return 1;
  }
  if (use_tls && !s.load_tls()) return 1;

  beast::error_code ec;
  const auto address = asio::ip::make_address(s.config.bind, ec);
  if (ec) {
    LOG_ERROR("--bind " << s.config.bind << " is not an IP address");
    return 1;
  }
  auto listener = std::make_shared<Listener>(s.ioc, tcp::endpoint(address, s.config.port),
                                             s.context, use_tls ? &s.tls : nullptr, ec);
  if (ec) {
    LOG_ERROR("cannot listen on " << s.config.bind << ":" << s.config.port << ": "
                                  << ec.message());
    return 1;
  }
  listener->run();
  s.write_port_file(listener->port());
  {
    // The address a person types: the port actually bound (--port 0 picks one), the loopback
    // name when listening on every address, and brackets around an IPv6 address.
    std::string host = s.config.bind;
    if (address.is_unspecified()) host = address.is_v6() ? "[::1]" : "127.0.0.1";
    else if (address.is_v6()) host = "[" + host + "]";
    LOG_INFO("listening on " << s.config.bind << " port " << listener->port() << ": the app at "
                             << (use_tls ? "https" : "http") << "://" << host << ":" << listener->port()
                             << "/, WebSocket at /ws");
  }
  LOG_INFO("at most " << s.context.limits.max_connections() << " connections, "
                      << s.context.limits.reserve() << " of them kept from the public; "
                      << s.context.limits.public_per_address() << " public WebSockets per address");

  // Keep-alive: one sweep over every session each half of the idle timeout pings the silent
  // WebSockets and drops those silent since the sweep before (ws_session.cpp), so no idle
  // connection holds a timer of its own.
  asio::steady_timer keepalive(s.ioc);
  const auto half = std::chrono::duration_cast<std::chrono::milliseconds>(s.config.idle_timeout) / 2;
  std::function<void()> sweep = [&] {
    keepalive.expires_after(half);
    keepalive.async_wait([&](beast::error_code error) {
      if (error) return;
      s.context.sessions.keep_alive_all();
      sweep();
    });
  };
  if (half.count() > 0) sweep();

  // The signal handler only wakes the main thread, which runs the shutdown below while the
  // worker threads keep serving the last acks and close frames.
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  asio::signal_set signals(s.ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code error, int signal) {
    if (error) return;
    LOG_INFO("signal " << signal << ": shutting down");
    std::lock_guard lock(stop_mutex);
    stop_requested = true;
    stop_cv.notify_one();
  });

  auto work = asio::make_work_guard(s.ioc);
  unsigned threads = s.config.threads ? s.config.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back([&s] { run_io(s.ioc); });

  {
    std::unique_lock lock(stop_mutex);
    stop_cv.wait(lock, [&] { return stop_requested; });
  }

  listener->stop();
  s.hub.stop_accepting();  // new commands get `unavailable`
  s.hub.quiesce();         // commands already on a room's strand have been submitted…
  s.store.drain();         // …committed (or failed), their callbacks posted…
  s.hub.quiesce();         // …and the rooms have queued those events and acks
  s.context.sessions.close_all();  // each WebSocket flushes its queue, then closes with 1001
  if (!wait_for_sessions(s.context.sessions, s.config.shutdown_grace)) {
    LOG_WARN(s.context.sessions.size()
             << " connection(s) did not finish closing within the grace period; dropping them");
    s.context.sessions.abort_all();
    wait_for_sessions(s.context.sessions, std::chrono::seconds(2));
  }
  // Let the threads finish every handler still queued (sessions leaving their rooms), so that
  // nothing is destroyed half-way; stop them hard only if something still hangs.
  signals.cancel();
  keepalive.cancel();
  work.reset();
  bool threads_done = false;
  std::thread watchdog([&] {
    std::unique_lock lock(stop_mutex);
    if (!stop_cv.wait_for(lock, std::chrono::seconds(2), [&] { return threads_done; })) {
      s.ioc.stop();
    }
  });
  for (auto& t : pool) t.join();
  s.api_pool.join();  // answers still being computed are dropped with their connections
  s.pages_pool.join();
  {
    std::lock_guard lock(stop_mutex);
    threads_done = true;
  }
  stop_cv.notify_all();
  watchdog.join();
  // The writer may still hold an append submitted at the very end (a departure recorded as a
  // socket closed); let it finish while the io_context it posts to still exists.
  s.store.stop_writer();
  s.store.drain();
  LOG_INFO("stopped");
  return 0;
}

}  // namespace collegial::net
