// Levelled log lines to stderr, one line per call, safe from any thread.
//
// Lines look like `2026-11-25T22:15:15.123Z INFO  listening on 127.0.0.1:8080`. Secrets (tokens,
// passwords) must never be passed here; callers log identities, not credentials.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace collegial::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

// Sets the lowest level that is written. Default: info. Thread-safe.
void set_level(Level level);
Level level();

// Parses "debug", "info", "warn", "error" or "off"; returns false on anything else.
bool parse_level(std::string_view text, Level& out);

// Writes one line if `level` is enabled. Thread-safe; lines never interleave.
void write(Level level, std::string_view message);

inline bool enabled(Level l) { return l >= level(); }

}  // namespace collegial::log

// Stream-style helpers that build the message only when the level is enabled:
//   LOG_INFO("listening on " << endpoint);
#define COLLEGIAL_LOG(lvl, expr)                             \
  do {                                                       \
    if (::collegial::log::enabled(lvl)) {                    \
      std::ostringstream collegial_log_os_;                  \
      collegial_log_os_ << expr;                             \
      ::collegial::log::write(lvl, collegial_log_os_.str()); \
    }                                                        \
  } while (0)
#define LOG_DEBUG(expr) COLLEGIAL_LOG(::collegial::log::Level::debug, expr)
#define LOG_INFO(expr) COLLEGIAL_LOG(::collegial::log::Level::info, expr)
#define LOG_WARN(expr) COLLEGIAL_LOG(::collegial::log::Level::warn, expr)
#define LOG_ERROR(expr) COLLEGIAL_LOG(::collegial::log::Level::error, expr)
