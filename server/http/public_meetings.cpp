#include "http/public_meetings.hpp"

#include <cstdint>
#include <string>

namespace collegial::http {

using nlohmann::json;

const json& meetings_of(const core::PublicSnapshot& snap) {
  static const json none = json::array();
  const auto it = snap.views.find("notice");
  if (it == snap.views.end() || !it->second.contains("meetings")) return none;
  return it->second["meetings"];
}

bool is_public(const json& m) {
  return (m.contains("postings") && !m["postings"].empty()) || m.value("started_ms", std::int64_t{0}) > 0;
}

json noticed_meetings(const core::PublicSnapshot& snap) {
  json out = json::array();
  for (const auto& m : meetings_of(snap)) {
    if (is_public(m)) out.push_back(m);
  }
  return out;
}

bool in_session(const core::PublicSnapshot& snap) {
  const auto it = snap.views.find("meeting");
  if (it == snap.views.end()) return false;
  const std::string state = it->second.value("state", "");
  return state == "in_session" || state == "recessed";
}

}  // namespace collegial::http
