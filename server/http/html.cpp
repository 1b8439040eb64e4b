#include "http/html.hpp"

#include "i18n/messages.hpp"

namespace collegial::http::html {

std::string when(i18n::Lang lang, std::int64_t ms, const std::string& zone) {
  return escape(i18n::when(lang, ms, zone));
}

std::string cell(const std::string& label, const std::string& content) {
  return "<td data-label=\"" + label + "\">" + content + "</td>";
}

std::string in_language(i18n::Lang lang, const nlohmann::json& record, const std::string& field) {
  if (lang == i18n::Lang::es && !record.value(field + "_es", "").empty()) return record.value(field + "_es", "");
  return record.value(field, "");
}

std::string say(i18n::Lang lang, std::string_view key, const nlohmann::json& args, const std::string& zone) {
  return escape(i18n::say(lang, key, args, zone));
}

namespace {

// Contrast: text #1a1a1a on #fff (17:1), links #0b4f8a (8.6:1), status colours on white at
// 4.5:1 or better; everything readable at 200 % zoom and on a 320 px wide phone: below 40rem
// each table row becomes a block whose cells carry their column's name (data-label), so no
// page scrolls sideways (WCAG 1.4.10), and long words (hashes, addresses) wrap.
constexpr const char* kStyle = R"(
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
a{color:#0b4f8a}
a:focus,button:focus{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:1}
header,footer{background:#f2f4f7;padding:12px 16px}
header p{margin:0;font-weight:600}
nav ul{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:12px}
main{max-width:60rem;margin:0 auto;padding:16px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{border:1px solid #c8ccd2;padding:6px 8px;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:4px 0}
dt{font-weight:600}
dd{margin:0 0 8px 16px}
.status{border:2px solid;padding:8px 12px;margin:12px 0;border-radius:4px}
.lawful{border-color:#1d6b35;background:#eef7f0}
.unlawful{border-color:#a4161a;background:#fbeeee}
.badge{display:inline-block;padding:0 6px;border-radius:3px;font-weight:600}
.badge.bad{background:#a4161a;color:#fff}
.badge.good{background:#1d6b35;color:#fff}
.closed{border:2px solid #5a3e8c;background:#f3effa;padding:12px}
pre{white-space:pre-wrap;background:#f7f7f9;padding:8px;border:1px solid #c8ccd2}
footer{font-size:.9rem;margin-top:24px}
td,th,dd,li,p,pre,code{overflow-wrap:anywhere}
.badge.live{background:#0b4f8a;color:#fff;text-decoration:none}
@media (max-width:40rem){
table,tbody,tr,th,td,caption{display:block;width:100%}
thead{position:absolute;left:-9999px}
tr{border:1px solid #c8ccd2;margin:0 0 8px;padding:4px 0}
th,td{border:0;padding:2px 8px}
td[data-label]::before,th[data-label]::before{content:attr(data-label) ": ";font-weight:600}
}
)";

}  // namespace

std::string with_footer_note(std::string page, std::string_view note_html) {
  const auto at = page.rfind("</footer>");
  if (at != std::string::npos) page.insert(at, note_html);
  return page;
}

std::string page(i18n::Lang lang, std::string_view title, std::string_view body, std::string_view here) {
  const i18n::Lang other = i18n::other(lang);
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out.append(i18n::tag_of(lang)).append("\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  out += "<title>" + escape(title) + " - Collegial</title>\n<style>" + std::string(kStyle) +
         "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">" + html::say(lang, "site.skip") +
         "</a>\n<header>\n<p>" + html::say(lang, "site.banner") + "</p>\n<nav aria-label=\"" + html::say(lang, "site.nav") +
         "\"><ul><li><a href=\"/public/\">" + html::say(lang, "site.nav.bodies") + "</a></li><li><a href=\"/\">" +
         html::say(lang, "site.nav.sign_in") + "</a></li>";
  // The other language, on the same page: the link sets the cookie that remembers it. Only a
  // path of this site: a mistyped address echoed here ("//elsewhere.example", "/\\…") would
  // otherwise make the 404 page a link to another site.
  const bool local = here.size() >= 1 && here[0] == '/' && (here.size() == 1 || (here[1] != '/' && here[1] != '\\'));
  if (!local) here = "/public/";
  out.append("<li><a href=\"").append(escape(here)).append("?lang=").append(i18n::tag_of(other))
      .append("\" hreflang=\"").append(i18n::tag_of(other)).append("\" lang=\"").append(i18n::tag_of(other))
      .append("\">").append(html::say(other, "site.nav.language")).append("</a></li>");
  out += "</ul></nav>\n</header>\n<main id=\"main\">\n";
  out += body;
  out += "\n</main>\n<footer><p>" + html::say(lang, "site.footer") + "</p></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace collegial::http::html
