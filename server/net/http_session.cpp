#include "net/http_session.hpp"

#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <optional>

#include "http/open_data.hpp"
#include "http/public_site.hpp"
#include "i18n/lang.hpp"
#include "http/static_files.hpp"
#include "net/client_address.hpp"
#include "net/ws_frames.hpp"
#include "net/ws_session.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::net {
namespace {

metrics::Histogram& g_http_requests = metrics::histogram(
    "collegial_http_request_seconds",
    "HTTP requests answered (the WebSocket upgrades included), from the request read to the "
    "answer handed to the socket.");

constexpr std::size_t kBodyLimit = 64 * 1024;
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr auto kRequestTimeout = std::chrono::seconds(30);
// What a 503 for a full server or a full page queue asks the client to wait, in seconds.
constexpr const char* kRetryAfterFull = "5";
constexpr const char* kRetryAfterBusy = "1";

using Response = http::response<http::string_body>;

Response json_response(const Request& req, http::status status, const nlohmann::json& body) {
  Response res{status, req.version()};
  res.set(http::field::server, "collegiald");
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  res.prepare_payload();
  return res;
}

Response error_response(const Request& req, http::status status, std::string_view code,
                        std::string message) {
  return json_response(req, status, {{"error", code}, {"message", std::move(message)}});
}

// What RFC 9112 requires a server to refuse with 400 before acting on a request: an ambiguous
// length (request smuggling) and a missing or repeated Host. Nothing when the request is sound.
std::optional<std::pair<std::string_view, std::string>> framing_problem(const Request& req,
                                                                        bool chunked) {
  if (req.count(http::field::transfer_encoding) > 0) {
    // 6.1: Transfer-Encoding with Content-Length "ought to be handled as an error"; 6.3: a
    // request whose final coding is not chunked has no knowable length.
    if (req.count(http::field::content_length) > 0) {
      return std::pair{"bad_framing", "Transfer-Encoding and Content-Length together"};
    }
    if (!chunked) return std::pair{"bad_framing", "a Transfer-Encoding that does not end in chunked"};
  }
  const std::size_t hosts = req.count(http::field::host);
  if (hosts > 1) return std::pair{"bad_host", "more than one Host header"};
  if (hosts == 0 && req.version() >= 11) return std::pair{"bad_host", "an HTTP/1.1 request needs a Host header"};
  return std::nullopt;
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

Response api_response(const Request& req, const std::string& address, ServerContext& context) {
  collegial::http::ApiRequest api_req{std::string(req.method_string()),
                                      std::string(path_of(req.target())),
                                      std::string(req[http::field::authorization]),
                                      std::string(req[http::field::origin]), address, req.body()};
  const std::string_view target = req.target();
  const auto q = target.find('?');
  api_req.lang = collegial::i18n::choose(q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
                                         req[http::field::cookie], req[http::field::accept_language])
                     .lang;
  const auto answer = context.api.handle(api_req);
  Response res{static_cast<http::status>(answer.status), req.version()};
  res.set(http::field::server, "collegiald");
  res.set(http::field::cache_control, "no-store");
  for (const auto& [name, value] : answer.headers) res.set(name, value);
  res.keep_alive(req.keep_alive());
  if (!answer.content_type.empty()) {
    res.set(http::field::content_type, answer.content_type);
    res.body() = answer.text;
  } else if (!answer.body.is_null()) {
    res.set(http::field::content_type, "application/json");
    res.body() = answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  res.prepare_payload();
  return res;
}

// The browser application (web-client/, --web-root): GET and HEAD of its files and of its client
// routes. Nothing when the path is not the application's (server paths never are). The file is
// read here, on the connection's strand: the app's files are a few small ones the OS keeps cached.
std::optional<Response> static_response(const Request& req, const ServerContext& context) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) return std::nullopt;
  const auto file = context.static_files.resolve(path_of(req.target()));
  if (!file) return std::nullopt;
  std::string body;
  if (!collegial::http::StaticFiles::read(file->path, body)) {
    LOG_WARN("cannot read " << file->path.string());
    return error_response(req, http::status::internal_server_error, "internal",
                          "the file could not be read");
  }
  Response res{http::status::ok, req.version()};
  res.set(http::field::server, "collegiald");
  res.set(http::field::content_type, file->content_type);
  res.set(http::field::cache_control, file->cache_control);
  res.set("X-Content-Type-Options", "nosniff");
  if (file->path.extension() == ".html") {
    res.set("Content-Security-Policy",
            "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    res.set("Referrer-Policy", "no-referrer");
  }
  res.keep_alive(req.keep_alive());
  if (req.method() == http::verb::head) {
    res.content_length(body.size());
  } else {
    res.body() = std::move(body);
    res.prepare_payload();
  }
  return res;
}

// What a public page needs from the request: the path, the query (`lang=`), the cookie that
// remembers a language, and the browser's languages.
collegial::http::PublicRequest public_request(const Request& req) {
  const std::string_view target = req.target();
  const auto q = target.find('?');
  return {path_of(target), q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
          req[http::field::cookie], req[http::field::accept_language]};
}

void add_headers(Response& res, const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) res.insert(name, value);
}

// Whether the reader already holds this page's bytes: If-None-Match names its ETag, or (without
// If-None-Match, as RFC 9110 orders them) If-Modified-Since is no earlier than its Last-Modified.
bool not_modified(const Request& req, const collegial::http::PublicAnswer& answer) {
  if (answer.etag.empty()) return false;
  if (req.count(http::field::if_none_match) > 0) {
    return collegial::http::etag_matches(req[http::field::if_none_match], answer.etag);
  }
  const std::string since(req[http::field::if_modified_since]);
  if (since.empty()) return false;
  std::tm tm{};
  const char* end = strptime(since.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return false;
  return static_cast<std::int64_t>(timegm(&tm)) >= answer.modified_ms / 1000;
}

// A public answer (a page, a feed) as an HTTP response: 304 without its bytes when the reader
// holds them already.
Response page_response(const Request& req, const collegial::http::PublicAnswer& answer, std::string_view cache_control) {
  const bool unchanged = answer.status == 200 && not_modified(req, answer);
  Response res{unchanged ? http::status::not_modified : static_cast<http::status>(answer.status), req.version()};
  res.set(http::field::server, "collegiald");
  res.set(http::field::content_type, answer.content_type);
  // An answer that sets the reader's language cookie is theirs alone: no shared cache keeps it.
  const bool sets_cookie = std::any_of(answer.headers.begin(), answer.headers.end(),
                                       [](const auto& h) { return h.first == "Set-Cookie"; });
  res.set(http::field::cache_control, sets_cookie ? std::string_view("private, no-store") : cache_control);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                                     "form-action 'none'; frame-ancestors 'none'");
  add_headers(res, answer.headers);
  res.keep_alive(req.keep_alive());
  if (unchanged) return res;  // no body, no Content-Length (RFC 9110, 15.4.5)
  if (req.method() == http::verb::head) {
    res.content_length(answer.body.size());
  } else {
    res.body() = answer.body;
    res.prepare_payload();
  }
  return res;
}

// The public's pages and feeds (http/public_site.hpp): GET and HEAD, no token. Caches and
// browsers may keep them but ask again each time (no-cache): an unchanged page is a 304, and a
// notice posted or a vote taken shows at once.
constexpr std::string_view kPageCaching = "public, no-cache";

// Whether the public's pool builds this path: a page or feed, or the open-data API (/ocd/).
bool public_path(std::string_view path, const ServerContext& context) {
  return (context.public_site && collegial::http::PublicSite::handles(path)) ||
         (context.open_data && collegial::http::OpenData::handles(path));
}

Response public_response(const Request& req, ServerContext& context) {
  const auto request = public_request(req);
  if (collegial::http::OpenData::handles(request.path)) {
    return page_response(req, context.open_data->handle(request), kPageCaching);
  }
  return page_response(req, context.public_site->handle(request), kPageCaching);
}

// The same from the pages' cache, on the I/O thread, when what the page shows has not changed.
// Never throws (it runs on an I/O thread): a failure is a miss, and the pool renders the page.
std::optional<Response> cached_public_response(const Request& req, ServerContext& context) {
  try {
    const auto request = public_request(req);
    auto answer = collegial::http::OpenData::handles(request.path) ? context.open_data->cached(request)
                                                                     : context.public_site->cached(request);
    if (!answer) return std::nullopt;
    return page_response(req, *answer, kPageCaching);
  } catch (const std::exception& e) {
    LOG_ERROR("HTTP " << req.target() << ": the pages' cache failed: " << e.what());
    return std::nullopt;
  }
}

// The answer `make` builds, or 500 internal_error if it throws (a defect): a page or API call
// that fails must not end the pool thread it runs on, and with it the process.
template <class Make>
Response contained(const Request& req, Make&& make) {
  try {
    return make();
  } catch (const std::exception& e) {
    LOG_ERROR("HTTP " << req.target() << " failed: " << e.what());
  } catch (...) {
    LOG_ERROR("HTTP " << req.target() << " failed with something that is not a std::exception");
  }
  return error_response(req, http::status::internal_server_error, "internal_error",
                        "the server could not answer this request; nothing was changed");
}

// /metrics, in Prometheus's text format, to the networks of --metrics-from only (loopback by
// default): the figures say how busy the service is and who fails to log in, which is the
// operator's business. Others get the same 404 as any unknown path.
std::optional<Response> metrics_response(const Request& req, const std::optional<asio::ip::address>& peer,
                                         ServerContext& context) {
  if (path_of(req.target()) != "/metrics" || req.method() != http::verb::get) return std::nullopt;
  if (!peer || !context.config.metrics_from.contains(*peer)) return std::nullopt;
  Response res{http::status::ok, req.version()};
  res.set(http::field::server, "collegiald");
  res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = metrics::Registry::global().expose();
  res.prepare_payload();
  return res;
}

// What to answer for every request that is not a WebSocket upgrade. `peer` is the socket's own
// address (never a forwarding header's).
Response route(const Request& req, const std::optional<asio::ip::address>& peer, ServerContext& context) {
  const std::string_view path = path_of(req.target());
  if (auto metrics = metrics_response(req, peer, context)) return std::move(*metrics);
  if (auto app = static_response(req, context)) return std::move(*app);
  if (req.method() != http::verb::get) {
    auto res = error_response(req, http::status::method_not_allowed, "method_not_allowed",
                              "only GET is served here");
    res.set(http::field::allow, "GET");
    return res;
  }
  if (path == "/healthz") {
    // 503 while appends are refused anywhere: a storage error stopped the writer, or a room
    // failed. A load balancer or monitor then pages the operator (docs/operations.md).
    const auto health = context.hub.health();
    nlohmann::json body = {{"status", health.ok() ? "ok" : "failing"},
                           {"rooms_loaded", context.hub.loaded()},
                           {"sessions", context.sessions.size()}};
    if (health.storage_failure) body["storage_failed"] = *health.storage_failure;
    if (!health.failed_rooms.empty()) {
      auto& rooms = body["failed_rooms"] = nlohmann::json::array();
      for (const auto& f : health.failed_rooms) {
        rooms.push_back({{"room", f.room}, {"seq", f.failure.seq}, {"plugin", f.failure.plugin},
                         {"error", f.failure.what}});
      }
    }
    return json_response(req, health.ok() ? http::status::ok : http::status::service_unavailable,
                         body);
  }
  if (path == "/ws") {
    return error_response(req, http::status::upgrade_required, "upgrade_required",
                          "/ws speaks WebSocket only");
  }
  // A person's browser that mistyped an address gets a page in their language; programs get
  // the JSON error.
  if (context.public_site && req[http::field::accept].find("text/html") != std::string_view::npos) {
    return page_response(req, context.public_site->not_found_page(public_request(req)), "no-store");
  }
  return error_response(req, http::status::not_found, "not_found",
                        "no such path: " + std::string(path));
}

template <class Stream>
class HttpSession final : public Closable,
                          public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, SocketSlot slot, ServerContext& context)
      : stream_(std::move(stream)),
        executor_(stream_.get_executor()),
        context_(context),
        slot_(std::move(slot)) {}

  void run() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
    } else {
      asio::dispatch(stream_.get_executor(),
                     beast::bind_front_handler(&HttpSession::do_read, this->shared_from_this()));
    }
  }

  void abort() override { shut_down(); }

  // May run on any thread, even while the strand hands stream_ to a WebSocket session: so it
  // touches only executor_, and the posted work checks upgraded_ on the strand.
  void shut_down() override {
    asio::post(executor_, [self = this->shared_from_this()] {
      if (self->upgraded_) return;  // the WebSocket session owns the socket now
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both,
                                                               ignored);
      beast::get_lowest_layer(self->stream_).close();
    });
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) {
      LOG_DEBUG("tls handshake: " << ec.message());
      return done();
    }
    do_read();
  }

  void do_read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == http::error::header_limit) {
      return refuse(11, http::status::request_header_fields_too_large, "headers_too_large",
                    "the request's headers are over " + std::to_string(kHeaderLimit) + " bytes");
    }
    if (ec == http::error::body_limit) {
      return refuse(parser_->get().version(), http::status::payload_too_large, "body_too_large",
                    "the request's body is over " + std::to_string(kBodyLimit) + " bytes");
    }
    if (ec) {
      if (ec == asio::error::operation_aborted || ec == beast::error::timeout ||
          ec == asio::error::eof || ec == asio::error::connection_reset ||
          ec == http::error::partial_message) {
        return done();  // nobody is left to answer, or the client stopped mid-request
      }
      LOG_DEBUG("http read: " << ec.message());
      return refuse(11, http::status::bad_request, "bad_request",
                    "the request is not valid HTTP/1.1: " + ec.message());
    }
    Request& req = parser_->get();
    if (const auto problem = framing_problem(req, parser_->chunked())) {
      return refuse(req.version(), http::status::bad_request, problem->first, problem->second);
    }
    beast::error_code ec_address;
    const auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec_address);
    std::optional<asio::ip::address> peer;
    if (!ec_address) peer = remote.address();
    std::string address =
        ec_address ? std::string("unknown")
                   : client_address(remote.address(), header_list(req, "Forwarded"),
                                    header_list(req, "X-Forwarded-For"),
                                    context_.config.trusted_proxies);
    begin_access(req, address);
    if (websocket::is_upgrade(req) && path_of(req.target()) == "/ws") {
      const auto origin = req[http::field::origin];
      if (!origin_allowed(origin, req[http::field::host], context_.config.allowed_origins)) {
        LOG_INFO("refused WebSocket upgrade from origin " << origin);
        auto res = error_response(req, http::status::forbidden, "forbidden_origin",
                                  "WebSocket connections from origin " + std::string(origin) +
                                      " are not allowed");
        res.keep_alive(false);
        return write(std::move(res));
      }
      // RFC 6455, section 4.2.1: the only version there is, and a key to answer.
      if (req[http::field::sec_websocket_version] != "13") {
        auto res = error_response(req, http::status::upgrade_required, "bad_websocket_version",
                                  "this server speaks WebSocket version 13 (RFC 6455)");
        res.set(http::field::sec_websocket_version, "13");
        res.keep_alive(false);
        return write(std::move(res));
      }
      if (!valid_websocket_key(req[http::field::sec_websocket_key])) {
        auto res = error_response(req, http::status::bad_request, "bad_websocket_key",
                                  "Sec-WebSocket-Key must be base64 of 16 bytes (RFC 6455, section 4.1)");
        res.keep_alive(false);
        return write(std::move(res));
      }
      // Until its hello carries a token the socket is the public's: it needs a place in the
      // public's share (or a borrowed one in the reserve) within its address's cap.
      SocketLimits::Refusal why{};
      PublicSlot place = context_.limits.admit_public(address, why);
      if (!place) {
        const bool address_full = why == SocketLimits::Refusal::address_full;
        LOG_DEBUG("refused WebSocket upgrade from " << address << ": "
                                                    << (address_full ? "address" : "server")
                                                    << " at its limit");
        auto res = error_response(
            req, http::status::service_unavailable, "too_many_connections",
            address_full ? "this address has " + std::to_string(context_.limits.public_per_address()) +
                               " WebSockets open without a token already; close one, or say hello "
                               "with a token on one of them"
                         : std::string("the server has no room for another public connection; "
                                       "try again shortly"));
        res.set(http::field::retry_after, kRetryAfterFull);
        res.keep_alive(false);
        return write(std::move(res));
      }
      log_access(101, 0);  // the WebSocket session writes the 101 itself
      context_.sessions.remove(this);
      upgraded_ = true;
      // Bytes after the request (a client that sent its first frame in the same write) were
      // read into buffer_: they go with the socket.
      std::string unread = beast::buffers_to_string(buffer_.data());
      start_ws_session(std::move(stream_), parser_->release(), std::move(unread),
                       WsSlots{std::move(slot_), std::move(place)}, context_);
      return;
    }
    if (public_path(path_of(req.target()), context_) &&
        (req.method() == http::verb::get || req.method() == http::verb::head)) {
      // A page that has not changed since it was rendered is answered here, at once.
      if (auto hit = cached_public_response(req, context_)) return write(std::move(*hit));
      // Pages wait for rooms' executors: build them off the I/O threads, on their own pool so that
      // logins and acts on api_pool never queue behind them. The queue is bounded: past it the
      // public is told at once to come back, rather than every later page waiting longer.
      if (context_.pages_queued.fetch_add(1) >= context_.config.max_page_queue) {
        context_.pages_queued.fetch_sub(1);
        auto res = error_response(req, http::status::service_unavailable, "busy",
                                  "too many pages are being built; try again shortly");
        res.set(http::field::retry_after, kRetryAfterBusy);
        return write(std::move(res));
      }
      asio::post(context_.pages_pool, [self = this->shared_from_this(), req = parser_->release()]() mutable {
        Response res = contained(req, [&] { return public_response(req, self->context_); });
        self->context_.pages_queued.fetch_sub(1);
        asio::post(self->executor_, [self, res = std::move(res)]() mutable {
          if (!self->upgraded_) self->write(std::move(res));
        });
      });
      return;
    }
    if (collegial::http::Api::handles(path_of(req.target()))) {
      // Off the I/O threads, then back on this connection's strand to write the answer.
      asio::post(context_.api_pool, [self = this->shared_from_this(), req = parser_->release(),
                                     address = std::move(address)]() mutable {
        Response res = contained(req, [&] { return api_response(req, address, self->context_); });
        asio::post(self->executor_, [self, res = std::move(res)]() mutable {
          if (!self->upgraded_) self->write(std::move(res));
        });
      });
      return;
    }
    write(route(req, peer, context_));
  }

  // The access log (--access-log): one line per request answered, with its request id, which
  // the response carries as X-Request-Id so a person's report can be found in the log.
  struct Access {
    std::string id, method, path, address;
    std::chrono::steady_clock::time_point start;
  };

  void begin_access(const Request& req, const std::string& address) {
    // Unique across restarts too: the process's start second, then a counter.
    static const auto started = std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    static std::atomic<std::uint64_t> next_request{1};
    char id[40];
    std::snprintf(id, sizeof id, "%llx-%llx", static_cast<unsigned long long>(started),
                  static_cast<unsigned long long>(next_request.fetch_add(1)));
    access_ = Access{id, std::string(req.method_string()), std::string(path_of(req.target())), address,
                     std::chrono::steady_clock::now()};
  }

  void log_access(unsigned status, std::size_t bytes) {
    if (!access_) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - access_->start).count();
    g_http_requests.observe_seconds(seconds);
    if (context_.config.access_log) {
      LOG_EVENT(log::Level::info, (log::Fields{.event = "http.request", .request = access_->id}),
                access_->address << " " << access_->method << " " << access_->path << " " << status
                                 << " " << bytes << " bytes " << static_cast<long>(seconds * 1000)
                                 << " ms");
    }
    access_.reset();
  }

  // Answers a request that cannot be served and ends the connection: what follows it on the
  // socket cannot be trusted to start a new request. Reading goes on (and is thrown away) until
  // the client closes, so that the answer is not lost to a reset caused by unread bytes.
  void refuse(unsigned version, http::status status, std::string_view code, std::string message) {
    Response res{status, version};
    res.set(http::field::server, "collegiald");
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(false);
    res.body() = nlohmann::json{{"error", code}, {"message", std::move(message)}}.dump() + "\n";
    res.prepare_payload();
    refused_ = true;
    write(std::move(res));
  }

  void write(Response res) {
    if (access_) {
      res.set("X-Request-Id", access_->id);
      log_access(res.result_int(), res.body().size());
    }
    response_ = std::make_shared<Response>(std::move(res));
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(),
                                                response_->keep_alive()));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return done();
    if (!keep_alive) return close();
    do_read();
  }

  void close() {
    if (refused_) return drain();
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->done(); });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      done();
    }
  }

  // After a refusal: half-closes, then reads and discards for a few seconds at most, until the
  // client closes too (a "lingering close", as RFC 9112 section 9.6 advises).
  void drain() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      refused_ = false;
      return close();  // TLS: its close_notify exchange does the same
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      stream_.expires_after(std::chrono::seconds(5));
      buffer_.clear();
      discard();
    }
  }

  void discard() {
    if constexpr (!std::is_same_v<Stream, TlsStream>) {
      stream_.async_read_some(buffer_.prepare(16 * 1024),
                              [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                if (ec) return self->done();
                                self->buffer_.clear();
                                self->discard();
                              });
    }
  }

  void done() { context_.sessions.remove(this); }

  Stream stream_;
  asio::any_io_executor executor_;  // the connection's strand, kept apart from stream_
  bool upgraded_ = false;           // on the strand: stream_ was moved to a WebSocket session
  bool refused_ = false;            // the answer being written refuses the request: then drain
  std::optional<Access> access_;    // the request being answered, for the access log
  ServerContext& context_;
  SocketSlot slot_;  // counts the socket; handed over with it on an upgrade
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Response> response_;
};

template <class Stream>
void start(Stream&& stream, SocketSlot slot, ServerContext& context) {
  auto session = std::make_shared<HttpSession<Stream>>(std::move(stream), std::move(slot), context);
  context.sessions.add(session);
  session->run();
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  for (const std::string& a : allowed) {
    if (a == "*" || a == origin) return true;
  }
  // Same origin: "scheme://host[:port]" whose authority is the Host header.
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  return origin.substr(scheme_end + 3) == host;
}

void start_http_session(tcp::socket&& socket, SocketSlot slot, ServerContext& context) {
  start(PlainStream(std::move(socket)), std::move(slot), context);
}

void start_https_session(tcp::socket&& socket, SocketSlot slot, asio::ssl::context& tls,
                         ServerContext& context) {
  start(TlsStream(std::move(socket), tls), std::move(slot), context);
}

}  // namespace collegial::net
