// Levelled log lines to stderr, one line per call, safe from any thread.
//
// Two formats (--log-format):
//   text  `2026-11-25T22:15:15.123Z INFO  listening on 127.0.0.1 port 8080: …`
//   json  one object per line: {"time":"2026-11-25T22:15:15.123Z","level":"info",
//         "event":"listening","message":"…"} plus "room", "actor" and "request" when the
//         line is about one (docs/operations.md, "Logs"), for a log shipper to index.
// Secrets (tokens, passwords) must never be passed here; callers log identities, not
// credentials.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace collegial::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };
enum class Format { text, json };

// Sets the lowest level that is written. Default: info. Thread-safe.
void set_level(Level level);
Level level();
// Sets the format of every later line. Default: text. Thread-safe.
void set_format(Format format);

// Parses "debug", "info", "warn", "error" or "off"; returns false on anything else.
bool parse_level(std::string_view text, Level& out);

// What a line is about, for the json format (the text format shows `room` and `request` before
// the message). `event` is a fixed dotted word ("http.request", "room.failed"); empty: "log".
struct Fields {
  std::string_view event{};
  std::string_view room{};
  std::string_view actor{};
  std::string_view request{};
};

// Writes one line if `level` is enabled. Thread-safe; lines never interleave.
void write(Level level, std::string_view message, const Fields& fields = {});

inline bool enabled(Level l) { return l >= level(); }

}  // namespace collegial::log

// Stream-style helpers that build the message only when the level is enabled:
//   LOG_INFO("listening on " << endpoint);
//   LOG_EVENT(Level::info, (log::Fields{.event = "room.loaded", .room = name}), "loaded");
#define LOG_EVENT(lvl, fields, expr)                                   \
  do {                                                                 \
    if (::collegial::log::enabled(lvl)) {                              \
      std::ostringstream collegial_log_os_;                            \
      collegial_log_os_ << expr;                                       \
      ::collegial::log::write(lvl, collegial_log_os_.str(), fields);   \
    }                                                                  \
  } while (0)
#define COLLEGIAL_LOG(lvl, expr) LOG_EVENT(lvl, ::collegial::log::Fields{}, expr)
#define LOG_DEBUG(expr) COLLEGIAL_LOG(::collegial::log::Level::debug, expr)
#define LOG_INFO(expr) COLLEGIAL_LOG(::collegial::log::Level::info, expr)
#define LOG_WARN(expr) COLLEGIAL_LOG(::collegial::log::Level::warn, expr)
#define LOG_ERROR(expr) COLLEGIAL_LOG(::collegial::log::Level::error, expr)
