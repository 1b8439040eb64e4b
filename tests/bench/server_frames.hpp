// Reading a server's WebSocket frames from raw bytes, for the bench's clients.
//
// The clients read their sockets themselves (recvmsg) rather than through Beast, so that each
// read also returns the kernel's receive time of the bytes (SO_TIMESTAMPNS): the moment the
// frame arrived at the observer, which is what the latency target is about, whether or not the
// bench's one thread has got round to that socket yet. A server's frames are never masked
// (RFC 6455, section 5.1), so parsing them is short.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace collegial::bench {

enum class FrameKind { text, binary, close, ping, pong };

// Bytes in, whole messages out. Fragmented messages are joined.
class ServerFrames {
 public:
  // Appends received bytes.
  void append(const char* data, std::size_t size) { buffer_.append(data, size); }

  // Calls fn(kind, payload) for each complete message in the buffer and drops it. Returns false
  // on a frame no server may send (masked, reserved bits or opcode, a fragmented control frame);
  // the connection is then unusable.
  template <class Fn>
  bool drain(Fn&& fn) {
    std::size_t at = 0;
    bool ok = true;
    while (ok) {
      const std::size_t left = buffer_.size() - at;
      if (left < 2) break;
      const auto b0 = static_cast<unsigned char>(buffer_[at]);
      const auto b1 = static_cast<unsigned char>(buffer_[at + 1]);
      if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
        ok = false;
        break;
      }
      std::size_t header = 2;
      std::uint64_t length = b1 & 0x7F;
      if (length == 126 || length == 127) {
        const std::size_t extra = length == 126 ? 2 : 8;
        if (left < 2 + extra) break;
        length = 0;
        for (std::size_t i = 0; i < extra; ++i) {
          length = (length << 8) | static_cast<unsigned char>(buffer_[at + 2 + i]);
        }
        header += extra;
      }
      if (left < header + length) break;
      const std::string_view payload(buffer_.data() + at + header,
                                     static_cast<std::size_t>(length));
      at += header + static_cast<std::size_t>(length);
      const bool fin = (b0 & 0x80) != 0;
      const unsigned opcode = b0 & 0x0F;
      if (opcode >= 0x8) {
        if (!fin || opcode > 0xA) {
          ok = false;
          break;
        }
        fn(opcode == 0x8   ? FrameKind::close
           : opcode == 0x9 ? FrameKind::ping
                           : FrameKind::pong,
           payload);
        continue;
      }
      if (opcode == 0x0) {
        if (!in_message_) {
          ok = false;
          break;
        }
      } else if (opcode == 0x1 || opcode == 0x2) {
        if (in_message_) {
          ok = false;
          break;
        }
        in_message_ = true;
        binary_ = opcode == 0x2;
        message_.clear();
      } else {
        ok = false;
        break;
      }
      if (fin && message_.empty()) {
        in_message_ = false;
        fn(binary_ ? FrameKind::binary : FrameKind::text, payload);  // the common case: no copy
      } else {
        message_.append(payload);
        if (fin) {
          in_message_ = false;
          fn(binary_ ? FrameKind::binary : FrameKind::text, std::string_view(message_));
          message_.clear();
        }
      }
    }
    buffer_.erase(0, at);
    return ok;
  }

 private:
  std::string buffer_;
  std::string message_;  // a fragmented message so far
  bool in_message_ = false;
  bool binary_ = false;
};

}  // namespace collegial::bench
