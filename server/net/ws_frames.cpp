#include "net/ws_frames.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace collegial::net {

namespace {

constexpr std::size_t kMaxControlPayload = 125;

// A code a client may put in its close frame (section 7.4: the registered ones that may be sent,
// and the ranges for libraries and applications).
bool valid_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  switch (code) {
    case 1000: case 1001: case 1002: case 1003: case 1007: case 1008: case 1009: case 1010:
    case 1011: case 1012: case 1013: case 1014:
      return true;
    default:
      return false;
  }
}

std::string control_frame(unsigned char opcode, std::string_view payload) {
  payload = payload.substr(0, kMaxControlPayload);
  std::string frame;
  frame.reserve(2 + payload.size());
  frame += static_cast<char>(0x80 | opcode);  // FIN: control frames are never fragmented
  frame += static_cast<char>(payload.size());  // unmasked: a server never masks
  frame.append(payload);
  return frame;
}

// The longest prefix of `text` of at most `limit` bytes that ends between characters.
std::string_view cut_at_character(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string websocket_accept(std::string_view key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // section 1.3
  std::string input(key);
  input += kGuid;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr);
  std::string out(4 * ((digest_size + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest,
                                      static_cast<int>(digest_size));
  out.resize(static_cast<std::size_t>(std::max(written, 0)));
  return out;
}

bool valid_websocket_key(std::string_view key) {
  // Base64 of 16 bytes: 22 characters and "==".
  if (key.size() != 24 || key.substr(22) != "==") return false;
  unsigned char decoded[18];
  return EVP_DecodeBlock(decoded, reinterpret_cast<const unsigned char*>(key.data()), 24) == 18;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  payload.append(cut_at_character(reason, kMaxControlPayload - 2));
  return control_frame(0x8, payload);
}

std::string ping_frame(std::string_view payload) { return control_frame(0x9, payload); }

std::string pong_frame(std::string_view payload) { return control_frame(0xA, payload); }

int WsFrameReader::parse_header() {
  if (header_size_ < 2) return -1;
  // What the first two bytes say is checked as soon as they are here: an unmasked frame has no
  // mask to wait for.
  if (header_size_ == 2) {
    fin_ = (header_[0] & 0x80) != 0;
    opcode_ = header_[0] & 0x0F;
    if ((header_[0] & 0x70) != 0) {
      why_ = "a frame with reserved bits set (no extension was agreed)";
      return close_code::protocol_error;
    }
    if ((header_[1] & 0x80) == 0) {
      why_ = "an unmasked frame from a client";
      return close_code::protocol_error;
    }
    if ((opcode_ & 0x8) != 0) {
      if (opcode_ != kClose && opcode_ != kPing && opcode_ != kPong) {
        why_ = "a reserved control opcode";
        return close_code::protocol_error;
      }
      if (!fin_ || (header_[1] & 0x7F) > kMaxControlPayload) {
        why_ = "a fragmented or long control frame";
        return close_code::protocol_error;
      }
    } else {
      if (opcode_ != kContinuation && opcode_ != kText && opcode_ != kBinary) {
        why_ = "a reserved data opcode";
        return close_code::protocol_error;
      }
      if ((opcode_ == kContinuation) != fragmented_) {
        why_ = fragmented_ ? "a new message before the last one ended" : "a continuation of no message";
        return close_code::protocol_error;
      }
    }
  }
  const unsigned char length7 = header_[1] & 0x7F;
  const std::size_t extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
  if (header_size_ < 2 + extended + 4) return -1;
  std::uint64_t length = length7;
  if (extended != 0) {
    length = 0;
    for (std::size_t i = 0; i < extended; ++i) length = (length << 8) | header_[2 + i];
    const bool shortest = extended == 2 ? length >= 126 : length > 0xFFFF && (length >> 63) == 0;
    if (!shortest) {
      why_ = "a frame length not in its shortest form";
      return close_code::protocol_error;
    }
  }
  std::copy_n(header_ + 2 + extended, 4, mask_);
  if ((opcode_ & 0x8) == 0 && (length > max_message_ || message_.size() > max_message_ - length)) {
    why_ = "a message over the size limit";
    return close_code::too_big;
  }
  remaining_ = length;
  return 0;
}

bool WsFrameReader::failed(WsFrameHandler& handler, std::uint16_t code, const char* why) {
  finished_ = true;
  std::string().swap(message_);
  handler.on_fail(code, why);
  return false;
}

bool WsFrameReader::feed(const char* data, std::size_t size, WsFrameHandler& handler) {
  while (size > 0 && !finished_) {
    if (!in_payload_) {
      header_[header_size_++] = static_cast<unsigned char>(*data++);
      --size;
      const int parsed = parse_header();
      if (parsed < 0) continue;
      header_size_ = 0;
      if (parsed > 0) return failed(handler, static_cast<std::uint16_t>(parsed), why_);
      in_payload_ = true;
      masked_ = 0;
      if (remaining_ == 0 && !frame_done(handler)) return false;
      continue;
    }
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(size, remaining_));
    std::string& into = (opcode_ & 0x8) != 0 ? control_ : message_;
    const std::size_t at = into.size();
    into.resize(at + n);
    for (std::size_t i = 0; i < n; ++i) {
      into[at + i] = static_cast<char>(static_cast<unsigned char>(data[i]) ^ mask_[(masked_ + i) & 3]);
    }
    masked_ += n;
    remaining_ -= n;
    data += n;
    size -= n;
    if (remaining_ == 0 && !frame_done(handler)) return false;
  }
  return !finished_;
}

bool WsFrameReader::frame_done(WsFrameHandler& handler) {
  in_payload_ = false;
  if ((opcode_ & 0x8) != 0) {
    std::string payload;
    payload.swap(control_);
    if (opcode_ == kPing) {
      handler.on_ping(payload);
    } else if (opcode_ == kClose) {
      if (payload.size() == 1) return failed(handler, close_code::protocol_error, "a close frame of one byte");
      std::uint16_t code = close_code::no_status;
      std::string_view reason;
      if (payload.size() >= 2) {
        code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                          static_cast<unsigned char>(payload[1]));
        if (!valid_close_code(code)) return failed(handler, close_code::protocol_error, "a close code that may not be sent");
        reason = std::string_view(payload).substr(2);
        if (!valid_utf8(reason)) return failed(handler, close_code::bad_payload, "a close reason that is not UTF-8");
      }
      finished_ = true;
      std::string().swap(message_);
      handler.on_close(code, reason);
      return false;
    }
    return !finished_;  // a pong: nothing to do
  }
  if (opcode_ != kContinuation) message_text_ = opcode_ == kText;
  if (!fin_) {
    fragmented_ = true;
    return true;
  }
  fragmented_ = false;
  std::string message;
  message.swap(message_);  // nothing is held between messages
  if (!message_text_) {
    handler.on_binary();
  } else if (!valid_utf8(message)) {
    return failed(handler, close_code::bad_payload, "a text message that is not UTF-8");
  } else {
    handler.on_text(std::move(message));
  }
  return !finished_;
}

}  // namespace collegial::net
