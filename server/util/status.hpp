// Errors as values: a Status is ok, or a stable code with a human message.
//
// Codes are the same strings the protocol sends to clients (docs/protocol.md), so an error found
// deep in the store can travel to the user without translation. A refusal meant for people (a
// plugin's, a room's) also carries its sentence in both of the server's languages, so that each
// reader is answered in theirs (core::refuse, i18n::message_of).
#pragma once

#include <string>
#include <utility>

namespace collegial {

// A sentence for people in English and Spanish: two ICU MessageFormat patterns
// (i18n/messages.hpp), string literals that live as long as the program.
struct Bilingual {
  const char* en = nullptr;
  const char* es = nullptr;
};

class Status {
 public:
  Status() = default;  // ok
  static Status ok() { return {}; }
  static Status error(std::string code, std::string message) {
    return Status(std::move(code), std::move(message));
  }
  // A refusal for people: `message` is `text` rendered in English with `args_json` (a JSON
  // object, serialized), which any other language renders again.
  static Status refusal(std::string code, Bilingual text, std::string args_json, std::string message) {
    Status s(std::move(code), std::move(message));
    s.text_ = text;
    s.args_json_ = std::move(args_json);
    return s;
  }

  bool is_ok() const { return code_.empty(); }
  explicit operator bool() const { return is_ok(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }  // English
  // The message's sentence in both languages, and its arguments; `en` is null for an error
  // written only in English (an operator's, a store's).
  const Bilingual& text() const { return text_; }
  const std::string& args_json() const { return args_json_; }
  std::string to_string() const { return is_ok() ? "ok" : code_ + ": " + message_; }

 private:
  Status(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {}
  std::string code_;
  std::string message_;
  Bilingual text_;
  std::string args_json_;
};

}  // namespace collegial
