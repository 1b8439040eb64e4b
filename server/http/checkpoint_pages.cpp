#include "http/checkpoint_pages.hpp"

#include <algorithm>

#include "http/html.hpp"

namespace collegial::http {
namespace {

using nlohmann::json;

constexpr std::string_view kAll = "/public/checkpoints.jsonl";
constexpr std::string_view kRoomPrefix = "/public/checkpoints/";
constexpr std::string_view kKey = "/.well-known/collegial/checkpoint-key";
constexpr std::string_view kKeys = "/.well-known/collegial/checkpoint-key.json";

std::string lines(const std::vector<store::Checkpoint>& list) {
  std::string out;
  for (const auto& c : list) out += c.to_json().dump() + "\n";
  return out;
}

PublicAnswer missing() { return {404, "text/plain; charset=utf-8", "no such checkpoint feed\n"}; }

}  // namespace

bool is_checkpoint_path(std::string_view path) {
  return path == kAll || path.rfind(kRoomPrefix, 0) == 0 || path.rfind("/.well-known/collegial/", 0) == 0;
}

PublicAnswer checkpoint_answer(core::Checkpointer& checkpoints, std::string_view path) {
  constexpr const char* kJsonLines = "application/jsonl; charset=utf-8";
  if (path == kAll) return {200, kJsonLines, lines(checkpoints.log().list())};
  if (path == kKey) return {200, "application/x-pem-file", checkpoints.key().public_pem()};
  if (path == kKeys) {
    json keys = json::array();
    for (const auto& k : checkpoints.log().keys()) {
      keys.push_back({{"id", k.key_id}, {"pem", k.public_pem}, {"first_ms", k.first_ms}});
    }
    // The current key is listed even before it has signed anything.
    const bool listed = std::any_of(keys.begin(), keys.end(),
                                    [&](const json& k) { return k["id"] == checkpoints.key().key_id(); });
    if (!listed) keys.push_back({{"id", checkpoints.key().key_id()}, {"pem", checkpoints.key().public_pem()}});
    return {200, "application/json",
            json{{"algorithm", "Ed25519"}, {"current", checkpoints.key().key_id()}, {"keys", keys}}.dump(2) + "\n"};
  }
  if (path.rfind(kRoomPrefix, 0) == 0 && path.size() > kRoomPrefix.size() + 6 && path.ends_with(".jsonl")) {
    const std::string room(path.substr(kRoomPrefix.size(), path.size() - kRoomPrefix.size() - 6));
    return {200, kJsonLines, lines(checkpoints.log().list(room))};
  }
  return missing();
}

std::string witness_note(i18n::Lang lang, const std::optional<store::Checkpoint>& c, const std::string& room,
                         const std::string& zone) {
  const std::string feed = "/public/checkpoints/" + html::escape(room) + ".jsonl";
  if (!c) {
    return "<p class=\"checkpoint\">" + html::say(lang, "site.checkpoint.none") + " (<a href=\"" + feed + "\">" +
           html::say(lang, "site.checkpoint.all") + "</a>).</p>";
  }
  return "<p class=\"checkpoint\">" +
         html::say(lang, "site.checkpoint.latest", {{"seq", std::to_string(c->seq)}, {"at_ms", c->time_ms}, {"reason", c->reason}}, zone) +
         " <code>" + html::escape(c->hash.substr(0, 16)) + "</code>. <a href=\"" + feed + "\">" +
         html::say(lang, "site.checkpoint.all") + "</a> · <a href=\"" + std::string(kKey) + "\">" +
         html::say(lang, "site.checkpoint.key") + "</a>.</p>";
}

}  // namespace collegial::http
