// The server's side of the WebSocket protocol (RFC 6455), without I/O: the opening handshake's
// answer, the frames the server sends on its own (close, ping, pong), and a reader that turns the
// bytes a client sends into whole messages and control frames, refusing what the protocol forbids.
//
// Why our own and not Beast's websocket::stream: Beast keeps about 4.5 KiB per connection while a
// read is pending (its stream state with an inline 1.5 KiB read buffer, the buffer prepared for
// the next frame, its operations), and a state-wide public meeting holds tens of thousands of
// idle connections (docs/performance.md, "memory per idle connection"). This reader holds
// nothing between messages but a few counters; the bytes themselves are read into a buffer
// shared by the thread (ws_session.cpp). Server messages are framed in net/fanout_stream.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/utf8.hpp"

namespace collegial::net {

// Close codes the server sends (RFC 6455, section 7.4.1).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t no_status = 1005;  // never sent: a close frame without a code
inline constexpr std::uint16_t bad_payload = 1007;  // a text message that is not UTF-8
inline constexpr std::uint16_t too_big = 1009;
}  // namespace close_code

using collegial::valid_utf8;  // util/utf8.hpp

// The Sec-WebSocket-Accept value answering a client's Sec-WebSocket-Key (section 4.2.2).
std::string websocket_accept(std::string_view key);

// Whether `key` is a valid Sec-WebSocket-Key: base64 of 16 bytes (section 4.1).
bool valid_websocket_key(std::string_view key);

// A whole control frame from the server (unmasked): close with `code` and `reason` (the reason
// cut to fit a control frame's 125 bytes at a character boundary), ping and pong with a payload
// of at most 125 bytes.
std::string close_frame(std::uint16_t code, std::string_view reason);
std::string ping_frame(std::string_view payload = {});
std::string pong_frame(std::string_view payload);

// What a client's frames say, as WsFrameReader finds it.
class WsFrameHandler {
 public:
  virtual ~WsFrameHandler() = default;
  virtual void on_text(std::string&& message) = 0;  // a whole text message, valid UTF-8
  virtual void on_binary() = 0;  // a whole binary message (the protocol has none)
  virtual void on_ping(std::string_view payload) = 0;  // to answer with a pong carrying it
  // The client's close frame (code close_code::no_status when it gave none).
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;
  // The connection must be failed with this close code; nothing more is read.
  virtual void on_fail(std::uint16_t code, const char* why) = 0;
};

// Reads a client's frames: feed it the bytes in the order they came. A message larger than
// `max_message` bytes fails with 1009 as soon as a frame header says so; a text message that
// is not UTF-8 with 1007; anything else the protocol forbids (an unmasked frame, reserved bits
// or opcodes, a fragmented or long control frame, a continuation of nothing, a length not in
// its shortest form) with 1002.
class WsFrameReader {
 public:
  explicit WsFrameReader(std::size_t max_message) : max_message_(max_message) {}

  // Consumes `data` up to a failure or a close; returns false once nothing more may be read.
  bool feed(const char* data, std::size_t size, WsFrameHandler& handler);

  bool finished() const { return finished_; }
  // Whether part of a frame or message is held (a client in the middle of sending).
  bool mid_message() const { return header_size_ != 0 || in_payload_ || fragmented_; }

 private:
  enum : std::uint8_t { kContinuation = 0, kText = 1, kBinary = 2, kClose = 8, kPing = 9, kPong = 10 };

  // Parses the header held in header_: 0 when it is whole and good, -1 when more bytes are
  // needed, or a close code to fail with (why_ says why).
  int parse_header();
  // The current frame's payload is whole: hands it on. False when reading must stop.
  bool frame_done(WsFrameHandler& handler);
  bool failed(WsFrameHandler& handler, std::uint16_t code, const char* why);

  const std::size_t max_message_;
  unsigned char header_[14] = {};
  std::uint8_t header_size_ = 0;  // bytes of the current header read so far
  bool in_payload_ = false;
  std::uint8_t opcode_ = 0;       // of the current frame
  bool fin_ = false;
  unsigned char mask_[4] = {};
  std::uint64_t remaining_ = 0;   // payload bytes of the current frame still to come
  std::uint64_t masked_ = 0;      // payload bytes of the current frame unmasked so far
  bool fragmented_ = false;       // a data message continues in later frames
  bool message_text_ = false;     // the data message under way is text
  std::string message_;           // the data message under way
  std::string control_;           // the control frame under way
  const char* why_ = "";
  bool finished_ = false;
};

}  // namespace collegial::net
