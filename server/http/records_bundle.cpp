// PublicSite::records_bundle: the records of one held meeting in one archive (records_bundle.hpp).
#include "http/records_bundle.hpp"

#include <algorithm>

#include "core/checkpointer.hpp"
#include "http/minutes_pages.hpp"
#include "http/public_site.hpp"
#include "record/chain.hpp"
#include "util/log.hpp"
#include "util/zip_archive.hpp"

namespace collegial::http {

using nlohmann::json;

namespace {

PublicAnswer problem(int status, std::string_view code, const std::string& message) {
  return {status, "application/json", json{{"error", code}, {"message", message}}.dump() + "\n"};
}

// The entry numbered `number` (by `key`) in the list `list_key` of plugin `plugin`'s view.
const json* entry_of(const core::Views& views, const char* plugin, const char* list_key, std::string_view key,
                     std::int64_t number) {
  const auto view = views.find(plugin);
  if (view == views.end() || !view->second.is_object()) return nullptr;
  const auto list_it = view->second.find(list_key);
  if (list_it == view->second.end()) return nullptr;
  const json& list = *list_it;
  if (!list.is_array()) return nullptr;
  for (const json& m : list) {
    if (m.is_object() && m.value(std::string(key), std::int64_t{0}) == number) return &m;
  }
  return nullptr;
}

std::int64_t seq_at(const json& document, const char* field) {
  const json& f = document.value(field, json::object());
  if (!f.is_object()) return 0;
  const json& seq = f.value(std::string(field) == "meeting_log" ? "last_seq" : "seq", json());
  return seq.is_number_integer() ? seq.get<std::int64_t>() : 0;
}

std::string readme(const store::Body& body, std::int64_t meeting, bool closed, std::int64_t last_seq) {
  std::string out;
  if (closed) {
    out += "*** THIS BUNDLE HOLDS CLOSED-SESSION CONTENT (C3): the clerk's copy. Do not release it to the\n"
           "*** public; the public's bundle withholds it. manifest.json lists the closed events' seqs.\n"
           "*** ESTE PAQUETE CONTIENE LO DICHO EN SESION CERRADA: copia de la secretaria; no es publico.\n\n";
  }
  out += "Records of meeting " + std::to_string(meeting) + " of " + body.name + " (" + body.slug + ")\n";
  out += "Made by Collegial for a request under the Inspection of Public Records Act (NMSA 1978, 14-2-1).\n\n";
  out += R"(What is inside
  meeting.html               the public notice page: agenda versions, posting times, lawful status
  notice.json                the same as data; actions taken with each member's vote; AG report
  attendance-and-votes.json  attendance, quorum, motions and every recorded vote
  minutes/                   the minutes: current.* and every approved version v<k>.*, each as
                             .json (the verifiable document), .md, .html and .pdf
  log/events.jsonl           the meeting room's log, one event per line, from its first event
                             through the checkpoint after the meeting's last
  log/checkpoints.jsonl      the server's signed statements of the log's hash at those points
  log/keys/                  the public keys that signed them
  manifest.json              every file's SHA-256, the log's span, whether closed sessions are in

How to verify it, offline
  collegiald verify --bundle THIS.zip --trust-key KEY.pem
checks every file against manifest.json, recomputes every event's hash and the chain's links,
checks each checkpoint's signature and that the log has exactly the signed hash at its seq, that
events are withheld only inside closed sessions, and replays the public's events to rebuild each
minutes .json, the notice (notice.json) and the attendance and votes. meeting.html and the
minutes' .md, .html and .pdf are renderings of those: the manifest ties them to this bundle, the
log does not prove them. KEY.pem is the server's checkpoint key as you obtained it apart from this bundle
(from /.well-known/collegial/checkpoint-key.pem of the body's site, a notice to the media, or an
earlier copy): the keys in log/keys/ prove only that the bundle agrees with itself. Exit status
0 means everything holds; 1 names the first thing that does not.

By hand, for one event: hash = hex(SHA-256(prev_hash + "\n" + encoding)), the encoding being
"collegial-event-v2\n" and then room, seq, ts, actor, type, body and salt, each as
<byte length>:<bytes>\n (docs/architecture.md, "The hash chain"). A checkpoint's statement and
signature check with: openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin -in statement -sigfile sig

In closed session (Open Meetings Act, NMSA 1978, 10-15-1(H)) the public's log carries
"session.withheld" stand-ins: the event's seq and hashes, nothing of its content.

Como verificarlo (en espanol): ejecute el mismo comando. Indica 0 si todo concuerda; si no, nombra
lo primero que no concuerda. Las sesiones cerradas aparecen como "session.withheld".
)";
  out += "\nThe log's span ends at event " + std::to_string(last_seq) + ".\n";
  return out;
}

}  // namespace

PublicAnswer PublicSite::records_bundle(std::string_view room, std::int64_t meeting,
                                        std::shared_ptr<const auth::Principal> clerk, bool with_closed,
                                        i18n::Lang lang) {
  const auto body = directory_.body_by_slug(std::string(room));
  if (!body || (!clerk && !body->is_public)) {
    return problem(404, "not_found", "there is no public body " + std::string(room));
  }
  const auto snap = hub_.public_snapshot(body->slug, 0);
  if (!snap) return problem(503, "unavailable", "the room did not answer");
  const json* notice = entry_of(snap->views, "notice", "meetings", "meeting", meeting);
  if (!notice || (!clerk && notice->value("public", true) == false)) {
    return problem(404, "not_found", "body " + body->slug + " has no meeting " + std::to_string(meeting));
  }
  // The minutes exist once the meeting was held (adjourned); they are numbered apart.
  const json* summary =
      entry_of(snap->views, "minutes", "minutes", "meeting", meeting);
  if (!summary) {
    return problem(409, "not_held", "meeting " + std::to_string(meeting) + " of " + body->slug +
                                        " has not been held: its records are bundled once it adjourns");
  }
  const std::int64_t number = summary->value("number", std::int64_t{0});
  const std::int64_t versions = summary->value("version", std::int64_t{0});
  const std::int64_t now = clock_.now_ms();

  std::vector<zip::Entry> files;
  const auto add = [&files, now](std::string name, std::string data) {
    files.push_back({std::move(name), std::move(data), now});
  };
  const Reader reader{lang, "/public/" + body->slug + "/meetings/" + std::to_string(meeting)};
  PublicAnswer page = meeting_page(reader, *body, meeting);
  if (page.status == 200) add("meeting.html", std::move(page.body));
  add("notice.json", notice->dump(2) + "\n");

  // The minutes, each version in each format; the .json documents say which events they need.
  // The last event the records rest on: the notice and the page are the room's now.
  std::int64_t needed = snap->head_seq;
  std::int64_t first_meeting_seq = 0, last_meeting_seq = 0;
  std::optional<store::Checkpoint> latest;
  if (checkpoints_) latest = checkpoints_->latest(body->slug);
  for (std::int64_t v = 0; v <= versions; ++v) {
    const std::string base = "/minutes/" + std::to_string(number) + (v == 0 ? "" : "/v" + std::to_string(v));
    const std::string name = v == 0 ? "minutes/current" : "minutes/v" + std::to_string(v);
    for (const char* ext : {".json", ".md", "", ".pdf"}) {
      PublicAnswer a = minutes_pages(hub_, *body, base + ext, lang, now, latest ? latest->to_json() : json());
      if (a.status != 200) return problem(503, "unavailable", "the minutes could not be read: " + base + ext);
      if (std::string_view(ext) == ".json") {
        const json doc = json::parse(a.body, nullptr, false);
        needed = std::max({needed, seq_at(doc, "drawn_through"), seq_at(doc, "meeting_log")});
        if (v == 0) {
          const json& content = doc.value("content", json::object());
          json record = json::object();
          for (const char* key : {"attendance", "quorum", "motions", "closed_sessions", "proxies", "recesses"}) {
            if (content.contains(key)) record[key] = content[key];
          }
          add("attendance-and-votes.json", record.dump(2) + "\n");
          const json& log = doc.value("meeting_log", json::object());
          first_meeting_seq = log.value("first_seq", json(0)).is_number_integer() ? log["first_seq"].get<std::int64_t>() : 0;
          last_meeting_seq = log.value("last_seq", json(0)).is_number_integer() ? log["last_seq"].get<std::int64_t>() : 0;
        }
      }
      add(name + (std::string_view(ext).empty() ? ".html" : ext), std::move(a.body));
    }
  }

  // The log through a checkpoint at or after the last event the records rest on: sign the
  // room's head now if no checkpoint reaches it yet (a clerk's edit after the adjournment).
  std::vector<store::Checkpoint> signed_;
  std::int64_t end = 0;
  if (checkpoints_) {
    const auto reaching = [&] {
      for (const auto& c : checkpoints_->log().list(body->slug)) {
        if (c.seq >= needed) return std::optional<store::Checkpoint>(c);
      }
      return std::optional<store::Checkpoint>();
    };
    auto last = reaching();
    if (!last) {
      checkpoints_->checkpoint_moved("periodic");
      last = reaching();
    }
    if (last) end = last->seq;
    for (const auto& c : checkpoints_->log().list(body->slug)) {
      if (c.seq <= end) signed_.push_back(c);
    }
  }
  if (end == 0) end = snap->head_seq;  // no checkpoints kept: the chain alone (verify says so)
  const auto frames = hub_.log_slice(body->slug, 1, end, clerk, with_closed ? first_meeting_seq : 1,
                                     with_closed ? last_meeting_seq : 0);
  if (!frames) {
    const int status = frames.status().code() == "forbidden" ? 403 : 503;
    return problem(status, frames.status().code(), frames.status().message());
  }
  std::string events;
  json closed_seqs = json::array();
  bool in_closed = false;
  for (const std::string& f : frames.value()) {
    events += f;
    events += '\n';
    if (!with_closed) continue;
    // The events a member saw in closed session, marked in the manifest.
    const json e = json::parse(f, nullptr, false);
    const std::string type = e.value("type", "");
    const json& b = e.value("body", json::object());
    const bool opens = (type == "motions.decided" && b.is_object() && b.value("kind", "") == "close_session" &&
                        b.value("result", "") == "adopted") ||
                       (type == "meeting.called_to_order" && b.is_object() && b.contains("closed"));
    const bool ends = type == "meeting.session_opened" || type == "meeting.adjourned";
    if (in_closed && !ends) closed_seqs.push_back(e.value("seq", std::int64_t{0}));
    if (opens) in_closed = true;
    if (ends) in_closed = false;
  }
  add("log/events.jsonl", std::move(events));
  std::string feed;
  json keys = json::array();
  for (const auto& c : signed_) feed += c.to_json().dump() + "\n";
  add("log/checkpoints.jsonl", std::move(feed));
  if (checkpoints_) {
    for (const auto& k : checkpoints_->log().keys()) {
      if (std::any_of(signed_.begin(), signed_.end(), [&k](const store::Checkpoint& c) { return c.key_id == k.key_id; })) {
        add("log/keys/" + k.key_id + ".pem", k.public_pem);
        keys.push_back(k.key_id);
      }
    }
  }

  json manifest = {{"format", kBundleFormat},
                   {"body", body->slug},
                   {"body_name", body->name},
                   {"room", body->slug},
                   {"meeting", meeting},
                   {"minutes", number},
                   {"made_ms", now},
                   {"log", {{"first_seq", 1}, {"last_seq", end}, {"documents_seq", snap->head_seq},
                            {"meeting_first_seq", first_meeting_seq},
                            {"meeting_last_seq", last_meeting_seq}}},
                   {"checkpoint_keys", keys},
                   {"closed_session_included", with_closed},
                   {"closed_seqs", closed_seqs},
                   {"files", json::array()}};
  // README first and the manifest next, as a reader opening the archive meets them.
  files.insert(files.begin(), zip::Entry{"README.txt", readme(*body, meeting, with_closed, end), now});
  for (const auto& f : files) {
    manifest["files"].push_back({{"path", f.name}, {"sha256", record::sha256_hex(f.data)}, {"bytes", f.data.size()}});
  }
  files.insert(files.begin() + 1, zip::Entry{"manifest.json", manifest.dump(2) + "\n", now});
  return {200, "application/zip", zip::write(files)};
}

}  // namespace collegial::http
