#include "http/minutes_pages.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

#include "http/html.hpp"
#include "i18n/messages.hpp"
#include "util/local_time.hpp"
#include "minutes/minutes_outline.hpp"
#include "minutes/minutes_pdf.hpp"
#include "minutes/minutes_render.hpp"

namespace collegial::http {

using nlohmann::json;
using html::escape;

namespace {

using i18n::Lang;

PublicAnswer missing(Lang lang, std::string_view here, std::string_view key) {
  return {404, "text/html; charset=utf-8",
          html::page(lang, i18n::say(lang, "site.not_found"),
                     "<h1>" + html::say(lang, "site.not_found") + "</h1>\n<p>" + html::say(lang, key) + "</p>", here)};
}

std::optional<std::int64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoll(std::string(s));
}

std::string status_text(Lang lang, const json& m) {
  if (m.value("status", "") == "official") return html::say(lang, "site.minutes.official", {{"version", m.value("version", 0)}});
  return html::say(lang, m.value("disapproved", false) ? "site.minutes.draft_disapproved" : "site.minutes.draft");
}

PublicAnswer index(core::RoomHub& hub, const store::Body& body, Lang lang, std::string_view here) {
  auto snap = hub.public_snapshot(body.slug, 0);
  if (!snap) return missing(lang, here, "site.unreadable");
  const auto v = snap->views.find("minutes");
  const json list = v == snap->views.end() ? json::array() : v->second.value("minutes", json::array());
  const std::string base = "/public/" + escape(body.slug) + "/minutes/";
  const std::string title = i18n::say(lang, "site.minutes.of", {{"name", body.name}});
  std::string out = "<h1>" + escape(title) + "</h1>\n<p><a href=\"/public/" + escape(body.slug) + "\">" + escape(body.name) +
                    "</a></p>\n<p>" + html::say(lang, "site.minutes.intro") + "</p>\n";
  if (list.empty()) {
    return {200, "text/html; charset=utf-8", html::page(lang, title, out + "<p>" + html::say(lang, "site.minutes.none") + "</p>\n", here)};
  }
  const std::string h_meeting = html::say(lang, "site.col.meeting"), h_status = html::say(lang, "site.col.status"),
                    h_due = html::say(lang, "site.col.due"), h_downloads = html::say(lang, "site.col.downloads");
  out += "<table>\n<caption>" + html::say(lang, "site.minutes.caption") + "</caption>\n<thead><tr><th scope=\"col\">" +
         h_meeting + "</th><th scope=\"col\">" + h_status + "</th><th scope=\"col\">" + h_due + "</th><th scope=\"col\">" +
         h_downloads + "</th></tr></thead>\n<tbody>\n";
  const std::string q = lang == Lang::es ? "?lang=es" : "";
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const std::string n = std::to_string(it->value("number", 0));
    const std::string zone = it->value("time_zone", body.time_zone);
    const std::string date = it->value("date", "").empty() ? escape(it->value("date_text", ""))
                                                           : escape(i18n::day(lang, it->value("date", ""), zone));
    const std::string due = it->value("due_date", "").empty() ? std::string() : escape(i18n::day(lang, it->value("due_date", ""), body.time_zone));
    out += "<tr><th scope=\"row\"><a href=\"" + base + n + "\">" + date + ", " + escape(html::meeting_title(lang, *it, body.name)) + "</a></th>" +
           html::cell(h_status, status_text(lang, *it)) + html::cell(h_due, due) +
           html::cell(h_downloads, "<a href=\"" + base + n + ".pdf" + q + "\">PDF</a> · <a href=\"" + base + n + ".md" + q +
                               "\">Markdown</a> · <a href=\"" + base + n + ".json\">JSON</a>") +
           "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return {200, "text/html; charset=utf-8", html::page(lang, title, out, here)};
}

std::string edits_table(Lang lang, const json& doc) {
  const json& edits = doc["edits"];
  if (edits.empty()) return "";
  const std::string zone = doc["content"].value("time_zone", "America/Denver");
  const std::string h_when = html::say(lang, "site.col.when"), h_by = html::say(lang, "site.col.by"),
                    h_part = html::say(lang, "site.col.part"), h_text = html::say(lang, "site.col.text");
  std::string out = "<h2>" + html::say(lang, "site.minutes.edits") + "</h2>\n<table>\n<caption>" +
                    html::say(lang, "site.minutes.edits_caption") + "</caption>\n<thead><tr><th scope=\"col\">" + h_when +
                    "</th><th scope=\"col\">" + h_by + "</th><th scope=\"col\">" + h_part + "</th><th scope=\"col\">" +
                    h_text + "</th></tr></thead>\n<tbody>\n";
  for (const auto& e : edits) {
    const std::string part = html::say(lang, "site.minutes.part", {{"part", e.value("part", "")}, {"item", e.value("item", 0)}});
    out += "<tr>" + html::cell(h_when, html::when(lang, e.value("at_ms", std::int64_t{0}), zone)) + html::cell(h_by, escape(e.value("by", ""))) +
           html::cell(h_part, part) + html::cell(h_text, escape(e.value("text", ""))) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

PublicAnswer one(core::RoomHub& hub, const store::Body& body, std::int64_t number, std::int64_t version,
                 const std::string& format, Lang lang, std::string_view here, std::int64_t now_ms, const json& checkpoint) {
  auto doc = hub.read(body.slug, "minutes", {{"minutes", number}, {"version", version}});
  if (!doc) return missing(lang, here, "site.no_minutes");
  const json& d = doc.value();
  if (format == "json") {
    if (checkpoint.is_null()) return {200, "application/json", d.dump(2) + "\n"};
    json witnessed = d;
    witnessed["checkpoint"] = checkpoint;  // beside the content, never inside its digest
    return {200, "application/json", witnessed.dump(2) + "\n"};
  }
  if (format == "md") {
    std::string md = plugins::minutes_markdown(d, lang);
    if (checkpoint.is_object()) {
      md += "\n---\n\n" + i18n::say(lang, "site.minutes.md_checkpoint") + "\n\n```\n" +
            checkpoint.value("statement", "") + "signature: " + checkpoint.value("signature", "") + "\n```\n";
    }
    return {200, "text/markdown; charset=utf-8", md};
  }
  if (format == "pdf") {
    auto pdf = plugins::minutes_pdf(d, lang);
    if (!pdf) return {500, "text/plain; charset=utf-8", pdf.status().message() + "\n"};
    return {200, "application/pdf", std::move(pdf.value())};
  }
  const std::string base = "/public/" + escape(body.slug) + "/minutes/" + std::to_string(number);
  const std::string self = version > 0 ? base + "/v" + std::to_string(version) : base;
  const std::string q = lang == Lang::es ? "?lang=es" : "";
  std::string out = "<p><a href=\"/public/" + escape(body.slug) + "/minutes\">" +
                    html::say(lang, "site.minutes.all", {{"name", body.name}}) + "</a></p>\n";
  if (const std::string late = plugins::minutes_lateness(d, now_ms, lang); !late.empty()) {
    out += "<p class=\"late\" role=\"note\"><strong>" + escape(late) + "</strong></p>\n";
  }
  const std::string article = plugins::minutes_html(d, lang);
  out += article;
  out += "<h2>" + html::say(lang, "site.col.downloads") + "</h2>\n<p><a href=\"" + self + ".pdf" + q + "\">PDF</a> · <a href=\"" +
         self + ".md" + q + "\">Markdown</a> · <a href=\"" + self + ".json\">" + html::say(lang, "site.minutes.json") + "</a></p>\n";
  if (!d["versions"].empty()) {
    out += "<h2>" + html::say(lang, "site.minutes.versions") + "</h2>\n<ul>\n";
    for (const auto& v : d["versions"]) {
      const std::string k = std::to_string(v.value("version", 0));
      out += "<li><a href=\"" + base + "/v" + k + "\">" +
             html::say(lang, "site.minutes.version", {{"version", v.value("version", 0)},
                                                      {"disposition", v.value("disposition", "")}}) + "</a>, " +
             html::when(lang, v.value("approved_ms", std::int64_t{0}), d["content"].value("time_zone", "")) + "</li>\n";
    }
    out += "</ul>\n";
  }
  out += edits_table(lang, d);
  const auto outline = plugins::minutes_outline(d, lang);
  return {200, "text/html; charset=utf-8", html::page(lang, outline.empty() ? body.name : outline.front().text, out, here)};
}

}  // namespace

PublicAnswer minutes_pages(core::RoomHub& hub, const store::Body& body, std::string_view tail, Lang lang,
                           std::int64_t now_ms, const json& checkpoint) {
  const std::string here = "/public/" + body.slug + std::string(tail);
  if (tail == "/minutes" || tail == "/minutes/") return index(hub, body, lang, here);
  std::string rest(tail.substr(std::string_view("/minutes/").size()));
  std::string format = "html";
  if (const auto dot = rest.rfind('.'); dot != std::string::npos) {
    format = rest.substr(dot + 1);
    rest.resize(dot);
    if (format != "md" && format != "json" && format != "pdf") return missing(lang, here, "site.no_format");
  }
  std::string_view n = rest, v;
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    n = std::string_view(rest).substr(0, slash);
    v = std::string_view(rest).substr(slash + 1);
    if (v.empty() || v[0] != 'v') return missing(lang, here, "site.no_page");
    v.remove_prefix(1);
  }
  const auto number = digits(n);
  const auto version = v.empty() ? std::optional<std::int64_t>(0) : digits(v);
  if (!number || !version || (!v.empty() && *version == 0)) return missing(lang, here, "site.no_minutes");
  return one(hub, body, *number, *version, format, lang, here, now_ms, checkpoint);
}

}  // namespace collegial::http
