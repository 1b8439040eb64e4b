#include "http/minutes_pages.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

#include "http/html.hpp"
#include "minutes/minutes_outline.hpp"
#include "minutes/minutes_pdf.hpp"
#include "minutes/minutes_render.hpp"

namespace collegial::http {

using nlohmann::json;
using html::escape;

namespace {

PublicAnswer missing(std::string_view what) {
  return {404, "text/html; charset=utf-8",
          html::page("Not found", "<h1>Not found</h1>\n<p>" + escape(what) + "</p>")};
}

std::optional<std::int64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoll(std::string(s));
}

std::string status_text(const json& m) {
  if (m.value("status", "") == "official") return "Official, version " + std::to_string(m.value("version", 0));
  return m.value("disapproved", false) ? "Draft (disapproved; being revised)" : "Draft";
}

PublicAnswer index(core::RoomHub& hub, const store::Body& body) {
  auto snap = hub.public_snapshot(body.slug, 0);
  if (!snap) return missing("The body's record cannot be read now.");
  const auto v = snap->views.find("minutes");
  const json list = v == snap->views.end() ? json::array() : v->second.value("minutes", json::array());
  const std::string base = "/public/" + escape(body.slug) + "/minutes/";
  std::string out = "<h1>Minutes of " + escape(body.name) + "</h1>\n<p><a href=\"/public/" + escape(body.slug) +
                    "\">" + escape(body.name) + "</a></p>\n<p>Draft minutes are public as soon as a meeting "
                    "adjourns and are due within 10 working days (R2); the body approves them at a later "
                    "meeting, and only then are they official (R3).</p>\n";
  if (list.empty()) return {200, "text/html; charset=utf-8", html::page("Minutes of " + body.name, out + "<p>No minutes yet.</p>\n")};
  out += "<table>\n<caption>Minutes, newest first</caption>\n<thead><tr><th scope=\"col\">Meeting</th>"
         "<th scope=\"col\">Status</th><th scope=\"col\">Draft due</th><th scope=\"col\">Downloads</th></tr></thead>\n<tbody>\n";
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const std::string n = std::to_string(it->value("number", 0));
    out += "<tr><th scope=\"row\"><a href=\"" + base + n + "\">" + escape(it->value("date_text", "")) + ", " +
           escape(it->value("title", "")) + "</a></th><td>" + escape(status_text(*it)) + "</td><td>" +
           escape(it->value("due_date", "")) + "</td><td><a href=\"" + base + n + ".pdf\">PDF</a> · <a href=\"" +
           base + n + ".md\">Markdown</a> · <a href=\"" + base + n + ".json\">JSON</a></td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return {200, "text/html; charset=utf-8", html::page("Minutes of " + body.name, out)};
}

std::string edits_table(const json& doc) {
  const json& edits = doc["edits"];
  if (edits.empty()) return "";
  const std::string zone = doc["content"].value("time_zone", "America/Denver");
  std::string out = "<h2>Edits to the draft</h2>\n<table>\n<caption>Every edit, with who made it and when (R2)</caption>\n"
                    "<thead><tr><th scope=\"col\">When</th><th scope=\"col\">By</th><th scope=\"col\">Part</th>"
                    "<th scope=\"col\">Text</th></tr></thead>\n<tbody>\n";
  for (const auto& e : edits) {
    std::string part = e.value("part", "");
    // Appended: "literal" + std::string&& trips a g++ 12 -O3 -Wrestrict false
    // positive (GCC PR 105329), an error in a Release build.
    if (part == "item") part.append(" ").append(std::to_string(e.value("item", 0)));
    out += "<tr><td>" + html::when(e.value("at_ms", std::int64_t{0}), zone) + "</td><td>" + escape(e.value("by", "")) +
           "</td><td>" + escape(part) + "</td><td>" + escape(e.value("text", "")) + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

PublicAnswer one(core::RoomHub& hub, const store::Body& body, std::int64_t number, std::int64_t version,
                 const std::string& format, std::int64_t now_ms, const json& checkpoint) {
  auto doc = hub.read(body.slug, "minutes", {{"minutes", number}, {"version", version}});
  if (!doc) return missing(doc.status().message());
  const json& d = doc.value();
  if (format == "json") {
    if (checkpoint.is_null()) return {200, "application/json", d.dump(2) + "\n"};
    json witnessed = d;
    witnessed["checkpoint"] = checkpoint;  // beside the content, never inside its digest
    return {200, "application/json", witnessed.dump(2) + "\n"};
  }
  if (format == "md") {
    std::string md = plugins::minutes_markdown(d);
    if (checkpoint.is_object()) {
      md += "\n---\n\nSigned checkpoint of the record (check it with `collegiald verify --checkpoints`):\n\n```\n" +
            checkpoint.value("statement", "") + "signature: " + checkpoint.value("signature", "") + "\n```\n";
    }
    return {200, "text/markdown; charset=utf-8", md};
  }
  if (format == "pdf") {
    auto pdf = plugins::minutes_pdf(d);
    if (!pdf) return {500, "text/plain; charset=utf-8", pdf.status().message() + "\n"};
    return {200, "application/pdf", std::move(pdf.value())};
  }
  const std::string base = "/public/" + escape(body.slug) + "/minutes/" + std::to_string(number);
  const std::string self = version > 0 ? base + "/v" + std::to_string(version) : base;
  std::string out = "<p><a href=\"/public/" + escape(body.slug) + "/minutes\">All minutes of " +
                    escape(body.name) + "</a></p>\n";
  if (const std::string late = plugins::minutes_lateness(d, now_ms); !late.empty()) {
    out += "<p class=\"late\" role=\"note\"><strong>" + escape(late) + "</strong></p>\n";
  }
  out += plugins::minutes_html(d);
  out += "<h2>Downloads</h2>\n<p><a href=\"" + self + ".pdf\">PDF</a> · <a href=\"" + self +
         ".md\">Markdown</a> · <a href=\"" + self + ".json\">JSON (for collegiald verify)</a></p>\n";
  if (!d["versions"].empty()) {
    out += "<h2>Approved versions</h2>\n<ul>\n";
    for (const auto& v : d["versions"]) {
      const std::string k = std::to_string(v.value("version", 0));
      out += "<li><a href=\"" + base + "/v" + k + "\">Version " + k + "</a>: " + escape(v.value("disposition", "")) +
             ", " + html::when(v.value("approved_ms", std::int64_t{0}), d["content"].value("time_zone", "")) + "</li>\n";
    }
    out += "</ul>\n";
  }
  out += edits_table(d);
  return {200, "text/html; charset=utf-8",
          html::page("Minutes: " + d["content"].value("title", "") + ", " + d["content"].value("date_text", ""), out)};
}

}  // namespace

PublicAnswer minutes_pages(core::RoomHub& hub, const store::Body& body, std::string_view tail,
                           std::int64_t now_ms, const json& checkpoint) {
  if (tail == "/minutes" || tail == "/minutes/") return index(hub, body);
  std::string rest(tail.substr(std::string_view("/minutes/").size()));
  std::string format = "html";
  if (const auto dot = rest.rfind('.'); dot != std::string::npos) {
    format = rest.substr(dot + 1);
    rest.resize(dot);
    if (format != "md" && format != "json" && format != "pdf") return missing("No such format.");
  }
  std::string_view n = rest, v;
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    n = std::string_view(rest).substr(0, slash);
    v = std::string_view(rest).substr(slash + 1);
    if (v.empty() || v[0] != 'v') return missing("No such page.");
    v.remove_prefix(1);
  }
  const auto number = digits(n);
  const auto version = v.empty() ? std::optional<std::int64_t>(0) : digits(v);
  if (!number || !version || (!v.empty() && *version == 0)) return missing("No such minutes.");
  return one(hub, body, *number, *version, format, now_ms, checkpoint);
}

}  // namespace collegial::http
