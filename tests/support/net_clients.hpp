// Real network clients for tests: a WebSocket client speaking protocol v1 and a one-shot HTTP
// GET, both over plain TCP or TLS. Every wait has a timeout; a timeout throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace collegial::test {

struct ClientOptions {
  bool tls = false;                        // wss/https; the test server's certificate is trusted
  std::string origin;                      // Origin header, when not empty
  std::string target = "/ws";
  std::chrono::milliseconds timeout{10000};  // for connecting and for each wait
  int receive_buffer_bytes = 0;  // SO_RCVBUF before connecting (0: the system's); small ones
                                 // make the server's writes back up
  std::vector<std::pair<std::string, std::string>> headers;  // more request headers (HTTP and
                                                             // the WebSocket upgrade)
};

// The server declined the WebSocket upgrade with this HTTP status.
struct UpgradeRefused : std::runtime_error {
  UpgradeRefused(int s, const std::string& what) : std::runtime_error(what), status(s) {}
  int status;
};

// The server closed the WebSocket (code 1006 when the connection simply ended).
struct ConnectionClosed : std::runtime_error {
  ConnectionClosed(int c, const std::string& what) : std::runtime_error(what), code(c) {}
  int code;
};

class WsClient {
 public:
  WsClient(std::uint16_t port, ClientOptions options = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send_text(std::string_view text);
  void send_binary(std::string_view bytes);
  // A ping control frame; the server's pong is consumed by the reads that follow.
  void send_ping();

  // The next whole frame as text. Throws ConnectionClosed or std::runtime_error on timeout.
  std::string next_frame();
  // The next server message; the elements of a batched frame (a JSON array) come one by one.
  nlohmann::json next();

  // Sends `request` with a fresh numeric id (unless it has one) and returns the ack or error
  // that answers it. Events arriving before it are kept, in order, for next_event().
  nlohmann::json request(nlohmann::json request);
  // hello with `token` (a session or bot token), or as the public when it is empty.
  nlohmann::json hello(const std::string& token = "");
  nlohmann::json join(const std::string& room, std::optional<std::int64_t> since = std::nullopt);
  nlohmann::json say(const std::string& room, const std::string& text);

  // The next room event, from those kept or from the socket.
  nlohmann::json next_event();
  std::deque<nlohmann::json>& kept_events() { return events_; }

  // Waits for the server to close the connection and returns the close code.
  int wait_close();
  // The client's own close handshake (1000): sends the close frame, skips whatever the server
  // was still sending, and returns once the server's close frame has arrived. Throws
  // ConnectionClosed if the connection failed instead.
  void close();

  struct Impl;  // the stream, plain or TLS

 private:
  std::unique_ptr<Impl> impl_;
  std::deque<nlohmann::json> pending_;  // messages of a batched frame not yet returned
  std::deque<nlohmann::json> events_;
  std::int64_t next_id_ = 1;
};

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string cors_origin;  // Access-Control-Allow-Origin
  std::string retry_after;  // Retry-After
  std::map<std::string, std::string> headers = {};  // every header, by its lower-case name

  std::string header(const std::string& lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One HTTP request over a fresh connection; `body` is sent as JSON, `token` as a Bearer token.
HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        ClientOptions options = {}, const std::string& body = "",
                        const std::string& token = "");

// Writes `bytes` as they are (one write) on a fresh plain connection, then reads until the
// server closes it, `stop_after` appears in what was read, or the timeout passes; returns
// everything read. For requests no well-behaved client would send.
std::string raw_exchange(std::uint16_t port, std::string_view bytes,
                         std::string_view stop_after = {},
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

// The status code of the first HTTP response in `raw` (0 when there is none).
int status_of(std::string_view raw);

// A WebSocket frame as a client would write it (RFC 6455, section 5.2): `first` is the byte of
// FIN, RSV and opcode; the payload is masked with a fixed key unless `masked` is false, and its
// length takes its shortest form unless `length_bytes` (2 or 8) forces a longer one. For
// sending what no well-behaved client library would.
std::string client_frame(unsigned char first, std::string_view payload, bool masked = true,
                         int length_bytes = -1);

// POST /api/login; returns the session token (throws when the login fails).
std::string login(std::uint16_t port, const std::string& email, const std::string& password);

}  // namespace collegial::test
