#include "delivery/notice_message.hpp"

#include "util/local_time.hpp"

namespace collegial::delivery {
namespace {

using nlohmann::json;

std::string text_of(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The notice's link, absolute when the public address is known.
std::string link_of(const json& body, const NoticeOptions& options) {
  std::string url = text_of(body, "url");
  if (url.empty() || url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) return url;
  if (options.public_url.empty()) return url;
  std::string base = options.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + (url.front() == '/' ? "" : "/") + url;
}

std::string subject_of(const store::RoomRecord& room, const json& body) {
  std::string title = text_of(body, "title");
  if (title.empty()) title = room.body_name.empty() ? room.name : room.body_name;
  const auto continuation = body.find("continuation");
  if (continuation != body.end() && continuation->is_boolean() && continuation->get<bool>()) {
    return "Continuation notice: " + title;  // N8: a recess to a later day
  }
  const auto resent = body.find("resent");
  if (resent != body.end() && resent->is_boolean() && resent->get<bool>()) {
    return "Notice (sent again): " + title;  // N7: after an outage
  }
  return "Notice: " + title;
}

}  // namespace

json posted_notice(const record::Event& event, const json& body) {
  if (!body.is_object()) return nullptr;
  if (event.type == kNoticePosted) return body;
  if (event.type == kNoticeResent) {
    json notice = body;
    notice["resent"] = true;
    return notice;
  }
  if (event.type != kRecessed) return nullptr;
  const auto c = body.find("continuation");
  if (c == body.end() || !c->is_object()) return nullptr;
  json notice = *c;
  notice["continuation"] = true;
  return notice;
}

NoticeContent compose_notice(const store::RoomRecord& room, const record::Event& event,
                             const json& body, const NoticeOptions& options, const json& checkpoint) {
  const json notice = body.is_object() ? body : json::object();
  const std::string link = link_of(notice, options);
  const std::string body_name = room.body_name.empty() ? room.name : room.body_name;

  NoticeContent content;
  content.subject = subject_of(room, notice);

  content.text = text_of(notice, "text");
  while (!content.text.empty() && content.text.back() == '\n') content.text.pop_back();
  if (content.text.empty()) content.text = content.subject;
  if (notice.value("resent", false)) {
    // N7: the outlet sees that this is the notice already posted, unchanged, and when it was.
    const std::string zone = text_of(notice, "time_zone").empty() ? "America/Denver" : text_of(notice, "time_zone");
    content.text = "This notice is sent again, unchanged; it was posted " +
                   describe_local(notice.value("posted_ms", std::int64_t{0}), zone) + "." +
                   (text_of(notice, "reason").empty() ? "" : " Why it is sent again: " + text_of(notice, "reason")) +
                   "\n\n" + content.text;
  }
  // The notice as posted in Spanish too (issue 17): New Mexico's public reads both.
  if (std::string es = text_of(notice, "text_es"); !es.empty()) {
    while (!es.empty() && es.back() == '\n') es.pop_back();
    content.text.append("\n\n-- En español --\n\n").append(es);
  }
  if (!link.empty() && link.rfind("http", 0) == 0) {
    content.text += "\n\nThis notice online: " + link;
  }
  content.text +=
      "\n\n-- \n"
      "Sent by Collegial for " +
      body_name +
      " to the broadcast stations and newspapers that asked in writing for notice of its "
      "meetings (New Mexico Open Meetings Act, NMSA 1978, section 10-15-1(D)). To stop "
      "receiving these notices, write to its clerk.\n";
  if (checkpoint.is_object()) {
    // A witness of the record (docs/architecture.md, "Checkpoints and witnesses").
    content.text +=
        "\nThe server signed this checkpoint of the body's record when the notice was posted. "
        "Keep it: with it anyone can check later that the record was not rewritten "
        "(collegiald verify --checkpoints).\n\n" +
        checkpoint.value("statement", "") + "signature: " + checkpoint.value("signature", "") + "\n";
  }

  json payload = {
      {"event", kNoticePosted},   {"source", event.room + ":" + std::to_string(event.seq)},
      {"room", event.room},       {"seq", event.seq},
      {"posted_ms", event.ts_ms}, {"notice", notice}};
  payload["body"] = {{"name", body_name}};
  if (room.body_id) payload["body"]["id"] = *room.body_id;
  if (!link.empty()) payload["url"] = link;
  if (checkpoint.is_object()) payload["checkpoint"] = checkpoint;
  content.payload = payload.dump(-1, ' ', false, json::error_handler_t::replace);
  return content;
}

}  // namespace collegial::delivery
