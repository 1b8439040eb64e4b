// The minutes as a reader sees them, in one order, for every export (R1-R3).
//
// A minutes document (MinutesPlugin::read) is data; this turns it into an outline of blocks —
// headings, paragraphs, lists and tables — that the HTML page, the Markdown file and the PDF
// each render in their own way. Deciding what the minutes say, and in what order, happens
// here once, so the three exports cannot disagree.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "i18n/lang.hpp"

namespace collegial::plugins {

struct MinutesBlock {
  enum class Kind {
    title,      // the minutes' title
    banner,     // the status: DRAFT, official version k, superseded
    heading,    // a section
    paragraph,
    list,       // items
    table,      // rows; rows[0] is the header (a roll call, the attendance)
  };
  Kind kind;
  std::string text;
  std::vector<std::string> items;
  std::vector<std::vector<std::string>> rows;
};

// The blocks of `doc` (a minutes document), in reading order.
std::vector<MinutesBlock> minutes_outline(const nlohmann::json& doc, i18n::Lang lang = i18n::Lang::en);

// R2: whether a draft is late at `now_ms`: not marked complete by the end of its due date, or
// marked complete after it. Text for people ("Overdue: due Monday, December 7, 2026"), or empty.
std::string minutes_lateness(const nlohmann::json& doc, std::int64_t now_ms, i18n::Lang lang = i18n::Lang::en);

}  // namespace collegial::plugins
