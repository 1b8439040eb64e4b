#include "minutes/minutes_verifier.hpp"

#include "minutes/minutes_plugin.hpp"
#include "registry.hpp"
#include "record/chain.hpp"
#include "store/chain_verifier.hpp"
#include "util/bounded_json.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

MinutesVerdict differs(std::string message) { return {false, std::move(message)}; }

// The first place where `document` departs from `rebuilt`, for people.
std::string first_difference(const json& rebuilt, const json& document, const std::string& field) {
  const json patch = json::diff(rebuilt, document);
  if (patch.empty()) return "";
  const std::string path = patch[0].value("path", "");
  const json::json_pointer at(path);
  std::string out = field + path + ": the log gives " +
                    (rebuilt.contains(at) ? rebuilt.at(at).dump() : std::string("nothing"));
  out += ", the document has " + (document.contains(at) ? document.at(at).dump() : std::string("nothing"));
  return out;
}

// Whether `document` is a minutes document that agrees with itself; the problem otherwise.
std::string malformed(const json& document) {
  if (!document.is_object() || document.value("format", "") != "collegial-minutes/1") {
    return "not a minutes document (format collegial-minutes/1)";
  }
  const auto room = document.find("room");
  const auto number = document.find("minutes");
  const auto version = document.find("version");
  const auto through = document.find("drawn_through");
  if (room == document.end() || !room->is_string() || number == document.end() ||
      !number->is_number_integer() || version == document.end() || !version->is_number_integer() ||
      through == document.end() || !through->is_object() || !through->value("seq", json()).is_number_integer() ||
      !through->value("hash", json()).is_string() || !document.value("digest", json()).is_string() ||
      !document.contains("content")) {
    return "the document lacks room, minutes, version, drawn_through (seq, hash), digest or content";
  }
  // The document agrees with itself: its content was not edited after export.
  if (record::sha256_hex(document["content"].dump()) != document.value("digest", "")) {
    return "the document's digest does not match its own content: it was changed after export";
  }
  return "";
}

// Where `document` departs from the minutes `from_log` rebuilt; empty when it does not.
std::string difference(const json& from_log, const json& document) {
  for (const char* field : {"content", "digest", "meeting_log", "approval", "version"}) {
    const json& mine = from_log[field];
    const json theirs = document.value(field, json());
    if (mine == theirs) continue;
    if (mine.is_structured() && theirs.is_structured()) return first_difference(mine, theirs, std::string("/") + field);
    return std::string(field) + ": the log gives " + mine.dump() + ", the document has " + theirs.dump();
  }
  return "";
}

json query_of(const json& document) {
  return {{"minutes", document["minutes"]}, {"version", document["version"]}};
}

std::string which(const json& document) {
  const std::int64_t version = document["version"].get<std::int64_t>();
  return "the minutes of meeting " + std::to_string(document["minutes"].get<std::int64_t>()) + " (" +
         (version == 0 ? std::string("the draft") : "version " + std::to_string(version)) + ")";
}

}  // namespace

MinutesVerdict verify_public_minutes(const std::vector<record::Event>& events, const json& document) {
  if (auto problem = malformed(document); !problem.empty()) return differs(problem);
  const json& through = document["drawn_through"];
  const std::int64_t seq = through.value("seq", std::int64_t{0});
  MinutesPlugin replay;
  bool reached = false;
  for (const record::Event& e : events) {
    if (e.seq > seq) break;
    replay.apply(e, parse_bounded_json(e.body));
    if (e.seq == seq) {
      if (e.hash != through.value("hash", "")) {
        return differs("event " + std::to_string(seq) + " has hash " + e.hash + "; the minutes name " +
                       through.value("hash", ""));
      }
      reached = true;
    }
  }
  if (!reached) return differs("the public's events hold no event " + std::to_string(seq) + ", which the minutes name");
  auto rebuilt = replay.read(query_of(document));
  if (!rebuilt) return differs("the log gives no such minutes: " + rebuilt.status().message());
  if (auto problem = difference(rebuilt.value(), document); !problem.empty()) return differs(problem);
  return {true, which(document) + " match the public's events through event " + std::to_string(seq)};
}

MinutesVerdict verify_minutes(const store::StoreLocation& rooms, const json& document) {
  if (auto problem = malformed(document); !problem.empty()) return differs(problem);
  const auto room = document.find("room");
  const auto through = document.find("drawn_through");
  const std::int64_t seq = through->value("seq", std::int64_t{0});
  const std::string hash = through->value("hash", "");
  // Two replays: the members' minutes (every event) and the public's (C3: without the events
  // withheld in closed session, as the room's public plugins fold them). Which events those
  // are follows from the room's plugins, replayed beside them.
  MinutesPlugin replay;
  MinutesPlugin public_replay;
  const auto room_plugins = default_plugins()();
  const auto closed = [&room_plugins]() -> bool {
    for (const auto& p : room_plugins) {
      if (p->withheld_notice()) return true;
    }
    return false;
  };
  bool reached = false;
  std::string at_seq;
  const auto report = store::verify_chains(rooms, room->get<std::string>(), [&](const record::Event& e) {
    if (e.seq > seq) return;
    const json body = parse_bounded_json(e.body);
    const bool closed_before = closed();
    for (const auto& p : room_plugins) p->apply(e, body);
    replay.apply(e, body);
    if (!(closed_before && closed())) public_replay.apply(e, body);
    if (e.seq == seq) {
      reached = true;
      at_seq = e.hash;
    }
  });
  if (!report.intact) {
    return differs("the log itself is not intact: room " + report.room + " seq " + std::to_string(report.seq) +
                   ": " + report.problem);
  }
  if (!reached) return differs("room " + room->get<std::string>() + " has no event " + std::to_string(seq));
  if (at_seq != hash) {
    return differs("event " + std::to_string(seq) + " of the log has hash " + at_seq + "; the minutes name " + hash);
  }
  const json query = query_of(document);
  auto rebuilt = replay.read(query);
  if (!rebuilt) return differs("the log gives no such minutes: " + rebuilt.status().message());
  // The document is either the members' minutes or the public's; say how it departs from the
  // members' when it is neither.
  std::string problem = difference(rebuilt.value(), document);
  std::string audience;
  if (!problem.empty()) {
    auto as_public = public_replay.read(query);
    if (!as_public || !difference(as_public.value(), document).empty()) return differs(problem);
    audience = " as the public reads them (closed sessions withheld)";
  }
  return {true, which(document) + " match room " + room->get<std::string>() + "'s log through event " +
                    std::to_string(seq) + " (" + hash + ")" + audience};
}

}  // namespace collegial::plugins
