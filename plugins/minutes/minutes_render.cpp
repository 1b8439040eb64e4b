#include "minutes/minutes_render.hpp"

#include "util/html_escape.hpp"
#include "minutes/minutes_outline.hpp"

namespace collegial::plugins {

namespace {

using Kind = MinutesBlock::Kind;
using html::escape;

// Markdown treats these as markup at any place in a line; a backslash makes them text.
std::string md(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        c == '>' || c == '|' || c == '#') {
      out += '\\';
    }
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::string minutes_markdown(const nlohmann::json& doc, i18n::Lang lang) {
  std::string out;
  for (const MinutesBlock& b : minutes_outline(doc, lang)) {
    switch (b.kind) {
      case Kind::title: out += "# " + md(b.text) + "\n\n"; break;
      case Kind::banner: out += "**" + md(b.text) + "**\n\n"; break;
      case Kind::heading: out += "## " + md(b.text) + "\n\n"; break;
      case Kind::paragraph: out += md(b.text) + "\n\n"; break;
      case Kind::list:
        for (const auto& item : b.items) out += "- " + md(item) + "\n";
        out += "\n";
        break;
      case Kind::table:
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          out += "|";
          // Appended: "literal" + std::string&& trips a g++ 12 -O3 -Wrestrict false
          // positive (GCC PR 105329), an error in a Release build.
          for (const auto& cell : b.rows[r]) out.append(" ").append(md(cell)).append(" |");
          out += "\n";
          if (r == 0) {
            out += "|";
            for (std::size_t i = 0; i < b.rows[0].size(); ++i) out += " --- |";
            out += "\n";
          }
        }
        out += "\n";
        break;
    }
  }
  return out;
}

std::string minutes_html(const nlohmann::json& doc, i18n::Lang lang) {
  std::string out = "<article class=\"minutes\">\n";
  for (const MinutesBlock& b : minutes_outline(doc, lang)) {
    switch (b.kind) {
      case Kind::title: out += "<h1>" + escape(b.text) + "</h1>\n"; break;
      case Kind::banner:
        out += "<p class=\"status" + std::string(doc.value("version", 0) == 0 ? " draft" : "") +
               "\" role=\"note\"><strong>" + escape(b.text) + "</strong></p>\n";
        break;
      case Kind::heading: out += "<h2>" + escape(b.text) + "</h2>\n"; break;
      case Kind::paragraph: out += "<p>" + escape(b.text) + "</p>\n"; break;
      case Kind::list:
        out += "<ul>\n";
        for (const auto& item : b.items) out += "<li>" + escape(item) + "</li>\n";
        out += "</ul>\n";
        break;
      case Kind::table:
        out += "<table>\n<thead><tr>";
        for (const auto& cell : b.rows[0]) out += "<th scope=\"col\">" + escape(cell) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (std::size_t r = 1; r < b.rows.size(); ++r) {
          out += "<tr>";
          for (std::size_t i = 0; i < b.rows[r].size(); ++i) {
            // data-label: the column's name, shown beside the value where narrow screens stack
            // the rows (WCAG 1.4.10 reflow at 320 px; http/html.cpp's style).
            const std::string label = i < b.rows[0].size() ? escape(b.rows[0][i]) : std::string();
            out += i == 0 ? "<th scope=\"row\" data-label=\"" + label + "\">" + escape(b.rows[r][i]) + "</th>"
                          : "<td data-label=\"" + label + "\">" + escape(b.rows[r][i]) + "</td>";
          }
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
    }
  }
  return out + "</article>\n";
}

}  // namespace collegial::plugins
