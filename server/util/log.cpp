#include "util/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

namespace collegial::log {
namespace {

std::atomic<Level> g_level{Level::info};
std::atomic<Format> g_format{Format::text};
std::mutex g_mutex;

const char* padded_name(Level level) {
  switch (level) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO ";
    case Level::warn: return "WARN ";
    case Level::error: return "ERROR";
    case Level::off: break;
  }
  return "?    ";
}

const char* json_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
    case Level::off: break;
  }
  return "?";
}

// "2026-11-25T22:15:15.123Z", now.
std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[40];
  const std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ", static_cast<int>(ms.count() % 1000));
  return stamp;
}

std::string json_line(Level lvl, std::string_view message, const Fields& f) {
  nlohmann::json line = {{"time", timestamp()},
                         {"level", json_name(lvl)},
                         {"event", f.event.empty() ? std::string_view("log") : f.event}};
  if (!f.room.empty()) line["room"] = f.room;
  if (!f.actor.empty()) line["actor"] = f.actor;
  if (!f.request.empty()) line["request"] = f.request;
  line["message"] = message;
  // Bytes that are not UTF-8 (a client's path, say) are replaced, never a reason to lose the line.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void set_level(Level level) { g_level.store(level, std::memory_order_relaxed); }
Level level() { return g_level.load(std::memory_order_relaxed); }
void set_format(Format format) { g_format.store(format, std::memory_order_relaxed); }

bool parse_level(std::string_view text, Level& out) {
  if (text == "debug") out = Level::debug;
  else if (text == "info") out = Level::info;
  else if (text == "warn") out = Level::warn;
  else if (text == "error") out = Level::error;
  else if (text == "off") out = Level::off;
  else return false;
  return true;
}

void write(Level lvl, std::string_view message, const Fields& fields) {
  if (!enabled(lvl) || lvl == Level::off) return;
  std::string line;
  if (g_format.load(std::memory_order_relaxed) == Format::json) {
    line = json_line(lvl, message, fields);
  } else {
    line = timestamp() + " " + padded_name(lvl) + " ";
    if (!fields.request.empty()) line.append("[").append(fields.request).append("] ");
    line.append(message);
  }
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace collegial::log
