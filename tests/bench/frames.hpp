// Reading server frames cheaply. A subscriber of a busy room receives hundreds of thousands of
// events a second on a core it shares with the server, so events are recognised by a scan, not
// parsed; only the rare other messages (acks, errors) go through nlohmann::json.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace collegial::bench {

// Calls fn(message) for each server message in `frame`: the frame itself when it is one JSON
// object, or each element when it is a JSON array (the server batches queued messages into one
// frame). Returns false when the frame is neither.
template <class Fn>
bool for_each_message(std::string_view frame, Fn&& fn) {
  std::size_t i = frame.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return false;
  if (frame[i] == '{') {
    fn(frame.substr(i));
    return true;
  }
  if (frame[i] != '[') return false;
  // Split the array at the top-level objects, skipping over strings so that a brace inside a
  // chat text does not count.
  int depth = 0;
  bool in_string = false;
  std::size_t start = 0;
  for (++i; i < frame.size(); ++i) {
    const char c = frame[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (depth++ == 0) start = i;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return true;  // the array's own ']'
      if (--depth == 0) fn(frame.substr(start, i + 1 - start));
    }
  }
  return depth == 0;
}

// The bench's chat texts start with '@', the sender's steady-clock time in nanoseconds, and '@'
// again, then padding. The server copies the text verbatim into body.text, which it serialises
// as "body":{"text":"..."}; no other message the bench sees contains this key sequence.
inline constexpr std::string_view kTextKey = "\"text\":\"@";

inline std::string make_chat_text(std::int64_t send_ns, std::size_t bytes) {
  std::string text = "@" + std::to_string(send_ns) + "@";
  if (text.size() < bytes) text.append(bytes - text.size(), '.');
  return text;
}

// If `message` is one of the bench's chat events, stores its send time and returns true.
inline bool bench_event_send_ns(std::string_view message, std::int64_t& send_ns) {
  const auto at = message.find(kTextKey);
  if (at == std::string_view::npos) return false;
  std::int64_t value = 0;
  for (std::size_t i = at + kTextKey.size(); i < message.size(); ++i) {
    const char c = message[i];
    if (c == '@') {
      send_ns = value;
      return true;
    }
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return false;
}

}  // namespace collegial::bench
