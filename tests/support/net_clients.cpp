#include "support/net_clients.hpp"

#include "net/streams.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <functional>

namespace collegial::test {

using namespace collegial::net;  // asio, beast, http, websocket, tcp

namespace {

// Runs `ioc` until `done` or the timeout; throws on timeout.
void run_until(asio::io_context& ioc, const bool& done, std::chrono::milliseconds timeout,
               const std::string& what) {
  ioc.restart();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    ioc.run_one_for(deadline - std::chrono::steady_clock::now());
  }
  if (!done) throw std::runtime_error("timed out waiting to " + what);
}

template <class Stream>
void connect_lowest(asio::io_context& ioc, Stream& stream, std::uint16_t port,
                    const ClientOptions& options) {
  bool done = false;
  beast::error_code result;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  if (options.receive_buffer_bytes > 0) {
    auto& socket = beast::get_lowest_layer(stream).socket();
    socket.open(endpoint.protocol());
    socket.set_option(asio::socket_base::receive_buffer_size(options.receive_buffer_bytes));
  }
  beast::get_lowest_layer(stream).async_connect(endpoint, [&](beast::error_code ec) {
    result = ec;
    done = true;
  });
  run_until(ioc, done, options.timeout, "connect");
  if (result) throw std::runtime_error("connect failed: " + result.message());
  beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true));
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    done = false;
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    run_until(ioc, done, options.timeout, "complete the TLS handshake");
    if (result) throw std::runtime_error("TLS handshake failed: " + result.message());
  }
}

asio::ssl::context make_client_tls() {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  // Test servers use a certificate made by the test itself; encryption is what is under test.
  ctx.set_verify_mode(asio::ssl::verify_none);
  return ctx;
}

}  // namespace

struct WsClient::Impl {
  virtual ~Impl() = default;
  virtual void write(std::string_view bytes, bool text) = 0;
  virtual void ping() = 0;
  virtual std::string read() = 0;
  virtual void close() = 0;
};

namespace {

template <class Stream>
class StreamClient final : public WsClient::Impl {
 public:
  StreamClient(std::uint16_t port, const ClientOptions& options)
      : options_(options), tls_(make_client_tls()), ws_(make_stream()) {
    connect_lowest(ioc_, ws_.next_layer(), port, options);
    // The Origin and any other headers (X-Forwarded-For, to play a proxy) go on the upgrade.
    if (!options.origin.empty() || !options.headers.empty()) {
      ws_.set_option(websocket::stream_base::decorator(
          [origin = options.origin, headers = options.headers](websocket::request_type& req) {
            if (!origin.empty()) req.set(http::field::origin, origin);
            for (const auto& [name, value] : headers) req.set(name, value);
          }));
    }
    bool done = false;
    beast::error_code result;
    websocket::response_type response;
    ws_.async_handshake(response, "127.0.0.1:" + std::to_string(port), options.target,
                        [&](beast::error_code ec) {
                          result = ec;
                          done = true;
                        });
    run_until(ioc_, done, options.timeout, "complete the WebSocket handshake");
    if (result) {
      throw UpgradeRefused(static_cast<int>(response.result_int()),
                           "upgrade refused: " + result.message() + " (HTTP " +
                               std::to_string(response.result_int()) + ")");
    }
  }

  void write(std::string_view bytes, bool text) override {
    ws_.text(text);
    bool done = false;
    beast::error_code result;
    ws_.async_write(asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code ec, std::size_t) {
                      result = ec;
                      done = true;
                    });
    run_until(ioc_, done, options_.timeout, "write");
    if (result) throw ConnectionClosed(1006, "write failed: " + result.message());
  }

  void ping() override {
    bool done = false;
    beast::error_code result;
    ws_.async_ping({}, [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    run_until(ioc_, done, options_.timeout, "ping");
    if (result) throw ConnectionClosed(1006, "ping failed: " + result.message());
  }

  void close() override {
    bool done = false;
    beast::error_code result;
    ws_.async_close(websocket::close_code::normal, [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    run_until(ioc_, done, options_.timeout, "close");
    if (result) throw ConnectionClosed(1006, "close failed: " + result.message());
  }

  std::string read() override {
    beast::flat_buffer buffer;
    bool done = false;
    beast::error_code result;
    ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run_until(ioc_, done, options_.timeout, "read a message");
    // A close frame was received (even if answering it then failed because the server had
    // already gone): report its code.
    if (result == websocket::error::closed || (result && ws_.reason().code != 0)) {
      throw ConnectionClosed(ws_.reason().code, "closed by the server: " +
                                                    std::string(ws_.reason().reason.c_str()));
    }
    if (result) throw ConnectionClosed(1006, "connection lost: " + result.message());
    return beast::buffers_to_string(buffer.data());
  }

 private:
  websocket::stream<Stream> make_stream() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      return websocket::stream<Stream>(ioc_, tls_);
    } else {
      return websocket::stream<Stream>(ioc_);
    }
  }

  ClientOptions options_;
  asio::io_context ioc_;
  asio::ssl::context tls_;
  websocket::stream<Stream> ws_;
};

}  // namespace

WsClient::WsClient(std::uint16_t port, ClientOptions options) {
  if (options.tls) {
    impl_ = std::make_unique<StreamClient<TlsStream>>(port, options);
  } else {
    impl_ = std::make_unique<StreamClient<PlainStream>>(port, options);
  }
}

WsClient::~WsClient() = default;

void WsClient::send_text(std::string_view text) { impl_->write(text, true); }
void WsClient::send_binary(std::string_view bytes) { impl_->write(bytes, false); }
void WsClient::send_ping() { impl_->ping(); }
std::string WsClient::next_frame() { return impl_->read(); }

nlohmann::json WsClient::next() {
  if (pending_.empty()) {
    nlohmann::json frame = nlohmann::json::parse(impl_->read());
    if (frame.is_array()) {
      if (frame.empty()) throw std::runtime_error("server sent an empty batch");
      for (auto& m : frame) pending_.push_back(std::move(m));
    } else {
      pending_.push_back(std::move(frame));
    }
  }
  nlohmann::json m = std::move(pending_.front());
  pending_.pop_front();
  return m;
}

nlohmann::json WsClient::request(nlohmann::json request) {
  if (!request.contains("id")) request["id"] = next_id_++;
  const nlohmann::json id = request["id"];
  send_text(request.dump());
  for (;;) {
    nlohmann::json m = next();
    const std::string type = m.value("type", "");
    if ((type == "ack" || type == "error") && m["id"] == id) return m;
    if (type == "ack" || type == "error") {
      throw std::runtime_error("answer to another request arrived: " + m.dump());
    }
    events_.push_back(std::move(m));
  }
}

nlohmann::json WsClient::hello(const std::string& token) {
  nlohmann::json r = {{"type", "hello"}, {"protocol", 1}};
  if (!token.empty()) r["token"] = token;
  return request(r);
}

nlohmann::json WsClient::join(const std::string& room, std::optional<std::int64_t> since) {
  nlohmann::json r = {{"type", "join"}, {"room", room}};
  if (since) r["since"] = *since;
  return request(r);
}

nlohmann::json WsClient::say(const std::string& room, const std::string& text) {
  return request({{"type", "say"}, {"room", room}, {"text", text}});
}

nlohmann::json WsClient::next_event() {
  if (!events_.empty()) {
    nlohmann::json e = std::move(events_.front());
    events_.pop_front();
    return e;
  }
  for (;;) {
    nlohmann::json m = next();
    const std::string type = m.value("type", "");
    if (type != "ack" && type != "error") return m;
    throw std::runtime_error("expected an event, got " + m.dump());
  }
}

void WsClient::close() {
  pending_.clear();
  impl_->close();
}

int WsClient::wait_close() {
  try {
    for (;;) next_frame();
  } catch (const ConnectionClosed& closed) {
    return closed.code;
  }
}

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        ClientOptions options, const std::string& body, const std::string& token) {
  asio::io_context ioc;
  auto exchange = [&](auto& stream) {
    connect_lowest(ioc, stream, port, options);
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    if (!options.origin.empty()) req.set(http::field::origin, options.origin);
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    for (const auto& [name, value] : options.headers) req.insert(name, value);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    bool done = false;
    beast::error_code result;
    http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run_until(ioc, done, options.timeout, "send an HTTP request");
    if (result) throw std::runtime_error("HTTP write failed: " + result.message());
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    done = false;
    http::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run_until(ioc, done, options.timeout, "read an HTTP response");
    if (result) throw std::runtime_error("HTTP read failed: " + result.message());
    HttpResult out{static_cast<int>(res.result_int()), res.body(),
                   std::string(res[http::field::content_type]),
                   std::string(res[http::field::access_control_allow_origin]),
                   std::string(res[http::field::retry_after])};
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.headers[name] = std::string(field.value());
    }
    return out;
  };
  if (options.tls) {
    auto tls = make_client_tls();
    TlsStream stream(ioc, tls);
    return exchange(stream);
  }
  PlainStream stream(ioc);
  return exchange(stream);
}

std::string raw_exchange(std::uint16_t port, std::string_view bytes, std::string_view stop_after,
                         std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  PlainStream stream(ioc);
  ClientOptions options;
  options.timeout = timeout;
  connect_lowest(ioc, stream, port, options);
  bool done = false;
  beast::error_code result;
  asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code ec, std::size_t) {
                      result = ec;
                      done = true;
                    });
  run_until(ioc, done, timeout, "send raw bytes");
  if (result) throw std::runtime_error("raw write failed: " + result.message());
  std::string received;
  std::array<char, 4096> chunk;
  bool finished = false;
  std::function<void()> read_more = [&] {
    stream.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
      received.append(chunk.data(), n);
      if (ec || (!stop_after.empty() && received.find(stop_after) != std::string::npos)) {
        finished = true;
        return;
      }
      read_more();
    });
  };
  read_more();
  run_until(ioc, finished, timeout, "read the server's answer to raw bytes");
  return received;
}

std::string client_frame(unsigned char first, std::string_view payload, bool masked, int length_bytes) {
  std::string f;
  f += static_cast<char>(first);
  const unsigned char mask_bit = masked ? 0x80 : 0;
  const std::size_t n = payload.size();
  const int extra = length_bytes >= 0 ? length_bytes : n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
  if (extra == 0) {
    f += static_cast<char>(mask_bit | n);
  } else if (extra == 2) {
    f += static_cast<char>(mask_bit | 126);
    f += static_cast<char>((n >> 8) & 0xFF);
    f += static_cast<char>(n & 0xFF);
  } else {
    f += static_cast<char>(mask_bit | 127);
    for (int i = 7; i >= 0; --i) f += static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xFF);
  }
  static constexpr unsigned char kMask[4] = {0x37, 0xfa, 0x21, 0x3d};
  if (masked) f.append(reinterpret_cast<const char*>(kMask), 4);
  for (std::size_t i = 0; i < n; ++i) {
    f += masked ? static_cast<char>(static_cast<unsigned char>(payload[i]) ^ kMask[i % 4]) : payload[i];
  }
  return f;
}

int status_of(std::string_view raw) {
  if (raw.rfind("HTTP/1.", 0) != 0 || raw.size() < 12) return 0;
  return std::atoi(std::string(raw.substr(9, 3)).c_str());
}

std::string login(std::uint16_t port, const std::string& email, const std::string& password) {
  const auto r = http_request(port, "POST", "/api/login", {},
                              nlohmann::json{{"email", email}, {"password", password}}.dump());
  if (r.status != 200) throw std::runtime_error("login of " + email + " failed: " + r.body);
  return nlohmann::json::parse(r.body)["token"];
}

}  // namespace collegial::test
