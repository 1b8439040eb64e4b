// Reading and writing the fields of a plugin's snapshot (core::Plugin::snapshot, restore; issue
// #18 §1). The readers are strict: a missing or mistyped field is refused (std::runtime_error
// "<plugin> snapshot: …"), never read as a default, so a malformed snapshot is refused whole and
// the room replays its log instead.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace collegial::plugins::snapshot {

using nlohmann::json;

[[noreturn]] inline void refuse(std::string_view plugin, const std::string& what) {
  throw std::runtime_error(std::string(plugin) + " snapshot: " + what);
}

// A 64-bit integer as a snapshot holds it: an integer JSON number, not a bool or a fraction,
// nor an unsigned number beyond int64.
inline std::int64_t int64(const json& v, std::string_view plugin) {
  if (!v.is_number_integer() ||
      (v.is_number_unsigned() &&
       v.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()})) {
    refuse(plugin, "expected a 64-bit integer, got " + v.dump());
  }
  return v.get<std::int64_t>();
}

// `v` itself, if it has the JSON type asked (an object, an array, a string, …).
inline const json& typed(const json& v, json::value_t type, std::string_view plugin) {
  if (v.type() != type) {
    refuse(plugin, std::string("expected ") + json(type).type_name() + ", got " + v.type_name());
  }
  return v;
}

// The format number: state["v"] must be `version`.
inline void check_version(const json& state, std::int64_t version, std::string_view plugin) {
  if (int64(state.at("v"), plugin) != version) refuse(plugin, "unknown format " + state.at("v").dump());
}

// A map by int64 key, saved as [[key, value], …] in the map's order (JSON object keys would be
// strings, sorted differently).
template <class V, class Encode>
json pairs(const std::map<std::int64_t, V>& map, Encode encode) {
  json out = json::array();
  for (const auto& [key, value] : map) out.push_back(json::array({key, encode(value)}));
  return out;
}

// How unpairs() takes the keys: each once in any order, or strictly increasing (in the order
// pairs() wrote them).
enum class Keys { distinct, increasing };

// The map pairs() saved, each value read by `decode`; anything but a list of [key, value] pairs
// with int64 keys, or a key repeated (or, with Keys::increasing, out of order), is refused.
template <class V, class Decode>
std::map<std::int64_t, V> unpairs(const json& list, Decode decode, std::string_view plugin,
                                  Keys keys = Keys::distinct) {
  std::map<std::int64_t, V> out;
  for (const json& item : typed(list, json::value_t::array, plugin)) {
    if (!item.is_array() || item.size() != 2) {
      refuse(plugin, "expected a [key, value] pair, got " + item.dump());
    }
    const std::int64_t key = int64(item[0], plugin);
    if (!out.empty() && key <= out.rbegin()->first) {
      if (keys == Keys::increasing) refuse(plugin, "keys repeated or out of order");
      if (out.contains(key)) refuse(plugin, "key " + std::to_string(key) + " twice");
    }
    out.emplace_hint(out.end(), key, decode(item[1]));
  }
  return out;
}

}  // namespace collegial::plugins::snapshot
