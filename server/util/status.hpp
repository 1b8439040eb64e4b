// Errors as values: a Status is ok, or a stable code with a human message.
//
// Codes are the same strings the protocol sends to clients (docs/protocol.md), so an error found
// deep in the store can travel to the user without translation.
#pragma once

#include <string>
#include <utility>

namespace collegial {

class Status {
 public:
  Status() = default;  // ok
  static Status ok() { return {}; }
  static Status error(std::string code, std::string message) {
    return Status(std::move(code), std::move(message));
  }

  bool is_ok() const { return code_.empty(); }
  explicit operator bool() const { return is_ok(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const { return is_ok() ? "ok" : code_ + ": " + message_; }

 private:
  Status(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {}
  std::string code_;
  std::string message_;
};

}  // namespace collegial
