// net/fanout_stream: rooms' messages and the session's control frames share one client socket.
// A real loopback connection whose server side has the smallest send buffer and whose client
// reads slowly or late, so most writes cannot leave at once: the queue, the partial frame and
// the flush on the executor all run, and the bytes the client reads must still be whole frames
// in order.
#include "net/fanout_stream.hpp"

#include <boost/asio/read.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "bench/server_frames.hpp"

namespace {

namespace asio = collegial::net::asio;
namespace beast = collegial::net::beast;
using collegial::bench::FrameKind;
using collegial::bench::ServerFrames;
using collegial::net::FanoutStream;
using tcp = collegial::net::tcp;
using Stream = FanoutStream<tcp::socket>;

collegial::core::Frame frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

std::string numbered(int n, std::size_t pad) {
  return R"({"n":)" + std::to_string(n) + R"(,"pad":")" + std::string(pad, 'x') + "\"}";
}

// A connected pair on loopback, the server's side inside a FanoutStream run by one I/O thread.
struct Pair {
  explicit Pair(std::size_t limit_bytes) {
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client.open(tcp::v4());
    client.set_option(asio::socket_base::receive_buffer_size(4096));
    client.connect(acceptor.local_endpoint());
    tcp::socket accepted(ioc);
    acceptor.accept(accepted);
    accepted.set_option(asio::socket_base::send_buffer_size(4096));  // no autotuning either
    stream.emplace(std::move(accepted), limit_bytes);
    stream->set_owner(owner);
    io = std::thread([this] { ioc.run(); });
  }
  ~Pair() {
    work.reset();
    ioc.stop();
    io.join();
  }

  // The session's side writes on the executor; this waits for the completion.
  beast::error_code control(std::string bytes) {
    std::promise<beast::error_code> done;
    asio::post(ioc, [&] {
      stream->async_write_some(asio::buffer(bytes), [&](beast::error_code ec, std::size_t n) {
        if (!ec) CHECK(n == bytes.size());
        done.set_value(ec);
      });
    });
    return done.get_future().get();
  }

  // Reads until `want` messages and `pongs` pongs have come, or the stream is malformed.
  // Catch's assertions are not thread-safe: a malformed stream is thrown, not REQUIREd.
  void read_all(std::vector<std::string>& messages, int& pongs, std::size_t want, int want_pongs,
                std::chrono::microseconds pause) {
    ServerFrames frames;
    char buffer[2048];
    while (messages.size() < want || pongs < want_pongs) {
      std::this_thread::sleep_for(pause);
      const std::size_t n = client.read_some(asio::buffer(buffer));
      frames.append(buffer, n);
      const bool ok = frames.drain([&](FrameKind kind, std::string_view payload) {
        if (kind == FrameKind::pong) {
          ++pongs;
          return;
        }
        if (kind != FrameKind::text) throw std::runtime_error("unexpected frame kind");
        const auto json = nlohmann::json::parse(payload);
        if (json.is_array()) {
          for (const auto& m : json) messages.push_back(m.dump());
        } else {
          messages.push_back(json.dump());
        }
      });
      if (!ok) throw std::runtime_error("malformed frame");
    }
  }

  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(ioc);
  tcp::socket client{ioc};
  std::shared_ptr<int> owner = std::make_shared<int>(0);
  std::optional<Stream> stream;
  std::thread io;
};

}  // namespace

TEST_CASE(
    "messages and control frames written while the socket is backed up arrive whole and "
    "in order",
    "[fanout_stream]") {
  Pair p(8 * 1024 * 1024);
  constexpr int kMessages = 300;
  constexpr int kPongs = kMessages / 10;
  // The client reads slowly all along, so the socket keeps draining a little while frames are
  // half written: a control frame let in at such a moment would land inside a frame.
  std::vector<std::string> messages;
  int pongs = 0;
  std::string failure;
  std::thread reader([&] {
    try {
      p.read_all(messages, pongs, kMessages, kPongs, std::chrono::microseconds(200));
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  const std::string pong = std::string("\x8A\x00", 2);  // an empty pong, as the session frames it
  std::size_t most_queued = 0;
  for (int i = 0; i < kMessages; ++i) {
    auto m = frame(numbered(i, 2000));
    REQUIRE(p.stream->write_messages(&m, 1) == Stream::Accepted::yes);
    most_queued = std::max(most_queued, p.stream->queued_bytes());
    if (i % 10 == 0) REQUIRE_FALSE(p.control(pong));
  }
  reader.join();
  REQUIRE(failure.empty());
  CHECK(most_queued > 100 * 1024);  // it did back up: this went through the queue
  REQUIRE(messages.size() == kMessages);
  for (int i = 0; i < kMessages; ++i) {
    REQUIRE(nlohmann::json::parse(messages[static_cast<std::size_t>(i)])["n"] == i);
  }
  CHECK(pongs == kPongs);
  // Everything left; nothing is counted as queued.
  for (int i = 0; i < 100 && p.stream->queued_bytes() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(p.stream->queued_bytes() == 0);
}

TEST_CASE("several messages handed over together leave as one frame holding their array",
          "[fanout_stream]") {
  Pair p(1024 * 1024);
  std::vector<collegial::core::Frame> batch{frame(R"({"a":1})"), frame(R"({"b":2})"),
                                            frame(R"({"c":3})")};
  REQUIRE(p.stream->write_messages(batch.data(), batch.size()) == Stream::Accepted::yes);
  char buffer[256];
  std::size_t got = 0;
  const std::string expected = std::string("\x81\x19", 2) + R"([{"a":1},{"b":2},{"c":3}])";
  std::string bytes;
  while (got < expected.size()) {
    const std::size_t n = p.client.read_some(asio::buffer(buffer));
    bytes.append(buffer, n);
    got += n;
  }
  CHECK(bytes == expected);
}

TEST_CASE("messages that may wait are held for the flush and leave with what joined them",
          "[fanout_stream]") {
  Pair p(1024 * 1024);
  // Keep the I/O thread busy so that the flush cannot run before all three are handed over.
  std::promise<void> release;
  asio::post(p.ioc, [f = release.get_future().share()] { f.wait(); });
  for (const char* m : {R"({"a":1})", R"({"b":2})", R"({"c":3})"}) {
    auto one = frame(m);
    REQUIRE(p.stream->write_messages(&one, 1, /*may_wait=*/true) == Stream::Accepted::yes);
  }
  CHECK(p.stream->queued_bytes() == 21);  // none left at once, though the socket was idle
  release.set_value();
  const std::string expected = std::string("\x81\x19", 2) + R"([{"a":1},{"b":2},{"c":3}])";
  std::string bytes(expected.size(), '\0');
  asio::read(p.client, asio::buffer(bytes));
  CHECK(bytes == expected);
}

TEST_CASE(
    "a queue past its limit refuses and changes nothing; sealing drops messages, not "
    "control frames; a closed stream refuses everything",
    "[fanout_stream]") {
  Pair p(64 * 1024);
  // Fill the socket's buffers and then the queue.
  Stream::Accepted last = Stream::Accepted::yes;
  int accepted = 0;
  while (last == Stream::Accepted::yes && accepted < 10000) {
    auto m = frame(numbered(accepted, 1000));
    last = p.stream->write_messages(&m, 1);
    if (last == Stream::Accepted::yes) ++accepted;
  }
  REQUIRE(last == Stream::Accepted::over_limit);
  const std::size_t queued = p.stream->queued_bytes();
  CHECK(queued <= 64 * 1024);
  auto again = frame(numbered(accepted, 1000));
  CHECK(p.stream->write_messages(&again, 1) == Stream::Accepted::over_limit);
  CHECK(p.stream->queued_bytes() == queued);  // refused: nothing changed

  // A ping queued behind the messages; the slow consumer's seal then drops the messages still
  // waiting (the frame being written finishes) but keeps the ping; the close frame follows.
  REQUIRE_FALSE(p.control(std::string("\x89\x00", 2)));
  CHECK(p.stream->seal(/*drop_queued=*/true));
  CHECK_FALSE(p.stream->seal(true));  // once
  CHECK(p.stream->write_messages(&again, 1) == Stream::Accepted::closed);
  REQUIRE_FALSE(p.control(std::string("\x88\x02\x0F\xA8", 4)));  // close 4008

  ServerFrames frames;
  char buffer[8192];
  bool closed = false;
  bool pinged = false;
  int messages = 0;
  while (!closed) {
    const std::size_t n = p.client.read_some(asio::buffer(buffer));
    frames.append(buffer, n);
    REQUIRE(frames.drain([&](FrameKind kind, std::string_view payload) {
      REQUIRE_FALSE(closed);  // nothing after the close frame
      if (kind == FrameKind::text) {
        const auto json = nlohmann::json::parse(payload);
        messages += json.is_array() ? static_cast<int>(json.size()) : 1;
      } else if (kind == FrameKind::ping) {
        pinged = true;
      } else if (kind == FrameKind::close) {
        closed = true;
        CHECK(payload == "\x0F\xA8");
      }
    }));
  }
  CHECK(pinged);
  CHECK(messages > 0);
  CHECK(messages < accepted);  // the queued ones were dropped

  p.stream->close();
  CHECK(p.control(std::string("\x8A\x00", 2)) == asio::error::broken_pipe);
}

TEST_CASE("after a close frame the session sends no message follows it",
          "[fanout_stream]") {
  Pair p(1024 * 1024);
  auto before = frame(R"({"before":1})");
  REQUIRE(p.stream->write_messages(&before, 1) == Stream::Accepted::yes);
  // The session answering a client's close (1000), through the stream like every byte it writes.
  REQUIRE_FALSE(p.control(std::string("\x88\x02\x03\xE8", 4)));
  auto after = frame(R"({"after":1})");
  CHECK(p.stream->write_messages(&after, 1) == Stream::Accepted::closed);
  CHECK(p.stream->write_messages(&after, 1, /*may_wait=*/true) == Stream::Accepted::closed);
  const std::string expected =
      std::string("\x81\x0C", 2) + R"({"before":1})" + std::string("\x88\x02\x03\xE8", 4);
  std::string bytes(expected.size(), '\0');
  asio::read(p.client, asio::buffer(bytes));
  CHECK(bytes == expected);
}
